import json

from django import forms
from django.urls import reverse_lazy

from community.forms import (
    MAX_TAGS, BodyField, IdChoiceField, IdMultipleChoiceField, OneLineField, TagListField,
    title_as_you_type,
)
from community.models import Barrier, JourneyStage

from .models import Idea, PracticePage

TEXT_MAX = 10_000


def _text(label, help_text, required_message):
    return forms.CharField(
        label=label, max_length=TEXT_MAX, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": required_message},
    )


# The taxonomy, asked the same way wherever ideas and practices are written.
def _journey_stage():
    return IdChoiceField(
        JourneyStage.objects.all(), required=False, empty_label="Not sure",
        label="Journey stage",
    )


def _barriers():
    return IdMultipleChoiceField(
        Barrier.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Barriers it removes",
    )


def _tags():
    return TagListField(
        required=False,
        help_text=f"Up to {MAX_TAGS} tags separated by commas, for example: refunds, delivery.",
    )


class IdeaForm(forms.Form):
    title = OneLineField(
        max_length=Idea._meta.get_field("title").max_length,
        help_text="What should change, in a few words.",
        error_messages={"required": "Give the idea a title."},
        # As the title is typed, the ideas and threads like it appear beside it
        # (templates/practices/_similar.html), so a duplicate is caught early.
        widget=title_as_you_type(reverse_lazy("ideas:similar"), "#similar"),
    )
    problem = _text("The problem", "The problem as the customer lives it, in their words.",
                    "Say what the customer lives through.")
    proposal = _text("The proposal", "What could change.", "Say what could change.")
    outcome = _text("The outcome", "What the customer would notice afterwards.",
                    "Say what the customer would notice.")
    journey_stage = _journey_stage()
    barriers = _barriers()
    tags = _tags()

    def __init__(self, *args, thread=None, **kwargs):
        super().__init__(*args, **kwargs)
        if thread is not None:
            # The thread being turned into an idea is not a duplicate of itself.
            self.fields["title"].widget.attrs["hx-vals"] = json.dumps({"thread": thread.pk})


class PracticeProposalForm(forms.Form):
    """A worker's practice story; editors turn it into the library's rich text."""

    title = OneLineField(
        max_length=PracticePage._meta.get_field("title").max_length,
        help_text="What staff do, in a few words.",
        error_messages={"required": "Give the practice a title."},
    )
    summary = forms.CharField(
        max_length=PracticePage._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences: what staff do, and what the customer notices.",
        error_messages={"required": "Sum the practice up in a sentence or two."},
    )
    situation = _text("The situation", "The moment it is for, as the customer lives it.",
                      "Say which moment it is for.")
    what_we_do = _text("What we do", "What staff do, concretely enough that a colleague could "
                       "do it tomorrow.", "Say what staff do.")
    outcome = _text("The outcome", "What changed for customers, and how you know.",
                    "Say what changed for customers.")
    journey_stage = _journey_stage()
    barriers = _barriers()
    tags = _tags()


class CommentForm(forms.Form):
    body = BodyField(label="Your comment", error_messages={"required": "Write something to comment."})


class CiteForm(forms.Form):
    """Which idea a thread is added to as evidence."""

    idea = IdChoiceField(
        Idea.objects.filter(merged_into__isnull=True), widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That idea is no longer on the board."},
    )
