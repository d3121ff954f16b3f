import re

from django import forms
from django.urls import reverse_lazy

from community.forms import IdChoiceField, OneLineField, SkillListField, title_as_you_type
from community.models import JourneyStage
from community.writing import BODY_MAX

from .flows import TITLE_MAX

MAX_TAGS = 5
TAG_MAX = 30
# Tags become links and filters, so they stay to words: letters, digits, spaces, hyphens.
TAG_SHAPE = re.compile(r"^\w+(?:[ -]\w+)*$")


class TagListField(SkillListField):
    """Tags typed as a comma-separated list, parsed the way skills are."""

    def validate(self, value):
        forms.CharField.validate(self, value)
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(f"Choose at most {MAX_TAGS} tags.")
        for tag in value:
            if len(tag) > TAG_MAX:
                raise forms.ValidationError(f"Keep each tag to {TAG_MAX} characters: “{tag[:TAG_MAX]}…”")
            if not TAG_SHAPE.match(tag):
                raise forms.ValidationError(
                    f"Tags can only use letters, numbers, spaces and hyphens: “{tag}”"
                )


class BodyField(forms.CharField):
    """Markdown as typed: leading spaces matter (they make code blocks), so nothing is stripped."""

    widget = forms.Textarea(attrs={"rows": 8})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", BODY_MAX)
        kwargs.setdefault(
            "help_text", "Markdown works: **bold**, _italic_, > quotes, lists and links. "
            "Mention someone with their @handle."
        )
        super().__init__(strip=False, **kwargs)

    def validate(self, value):
        if self.required and not value.strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")
        super().validate(value)


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
