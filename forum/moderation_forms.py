from django import forms
from django.template.defaultfilters import pluralize

from .models import Flag, ForumPage
from .moderation import SUSPENSION_DAYS


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


class MoveThreadForm(forms.Form):
    forum = forms.ModelChoiceField(
        label="Move to", queryset=ForumPage.objects.live().order_by("title"), empty_label=None
    )


class SuspendForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Suspend for", coerce=int, initial=7,
        choices=[(days, f"{days} day{pluralize(days)}") for days in SUSPENSION_DAYS],
    )
    reason = forms.CharField(label="Reason", required=False, max_length=200)
