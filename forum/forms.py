from django import forms
from django.urls import reverse_lazy

from community.forms import (
    MAX_TAGS, BodyField, IdChoiceField, OneLineField, TagListField, title_as_you_type,
)
from community.models import JourneyStage

from .flows import TITLE_MAX

class ThreadForm(forms.Form):
    title = OneLineField(
        max_length=TITLE_MAX,
        help_text="A question or a headline, in your own words.",
        error_messages={"required": "Give your thread a title."},
        # As the title is typed, threads and practices like it appear below it
        # (templates/search/_before_you_post.html): the answer may be there already.
        widget=title_as_you_type(reverse_lazy("search:before_you_post"), "#before-you-post"),
    )
    body = BodyField(label="Your post", error_messages={"required": "Write something to post."})
    tags = TagListField(
        required=False,
        help_text=f"Up to {MAX_TAGS} tags separated by commas, for example: refunds, opening hours.",
    )
    journey_stage = IdChoiceField(
        JourneyStage.objects.all(),
        required=False,
        empty_label="Not sure",
        label="Where are you in your journey?",
    )


class ReplyForm(forms.Form):
    body = BodyField(label="Your reply", error_messages={"required": "Write something to post."})


class EditPostForm(forms.Form):
    """The body of a post; with `with_title`, the thread's title too (for the opening post)."""

    title = OneLineField(max_length=TITLE_MAX, error_messages={"required": "Keep a title."})
    body = BodyField(label="Post", error_messages={"required": "A post cannot be empty."})

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]
