from django import forms
from django.template.defaultfilters import pluralize

from ..models import Flag, ForumPage
from .flows import SUSPENSION_DAYS


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this post?", choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Anything the moderators should know?", required=False,
        max_length=Flag._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only moderators read this.",
    )


# The largest id Page.id, an AutoField, holds: a 32-bit integer, as Django counts it.
PAGE_ID_MAX = 2**31 - 1


class ForumChoiceField(forms.ModelChoiceField):
    """A forum chosen by id. A value that cannot be a page id is refused before the
    lookup: Django's guard against out-of-range integers does not cover a page
    type's key (a link to its Page row), and SQLite raises OverflowError on them."""

    def to_python(self, value):
        if value not in self.empty_values:
            digits = str(value)
            if not (digits.isascii() and digits.isdigit() and int(digits) <= PAGE_ID_MAX):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class MoveThreadForm(forms.Form):
    forum = ForumChoiceField(
        label="Move to", queryset=ForumPage.objects.live().order_by("title"), empty_label=None
    )


class SuspendForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Suspend for", coerce=int, initial=7,
        choices=[(days, f"{days} day{pluralize(days)}") for days in SUSPENSION_DAYS],
    )
    reason = forms.CharField(label="Reason", required=False, max_length=200)
