"""Forms for the ideas backlog in the Wagtail admin. Each decision goes through
practices/flows/, so the admin cannot skip the timeline, the audit log or
telling the voters."""

from django import forms
from django.db import transaction
from wagtail.admin.forms import WagtailAdminModelForm

from community import roles
from community.models import User

from .. import flows
from .practice_editor import idea_chooser
from ..models import Idea

# Duplicate is reached only by merging, which moves the votes too.
TRIAGE_STATUSES = [(value, label) for value, label in Idea.Status.choices
                   if value != Idea.Status.DUPLICATE]


PRIORITY_INPUTS = ["impact", "confidence", "effort"]


def operations_members():
    return User.objects.filter(groups__name=roles.OPERATIONS.group).order_by("display_name", "pk")


class TriageForm(WagtailAdminModelForm):
    status = forms.ChoiceField(choices=TRIAGE_STATUSES)
    response = forms.CharField(
        label="Official response", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown publicly on the idea's timeline when the status changes.",
    )
    # The status the page showed: a status someone else set meanwhile is not
    # reverted by a save that did not mean to change it.
    status_seen = forms.ChoiceField(choices=Idea.Status.choices, required=False,
                                    widget=forms.HiddenInput)
    internal_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen by operations only; added to the notes below.",
    )

    class Meta:
        model = Idea
        fields = ["owner", *PRIORITY_INPUTS]
        labels = {"confidence": "Confidence (%)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = operations_members()
        self.fields["status"].initial = self.instance.status
        self.fields["status_seen"].initial = self.instance.status
        for name in ("impact", "effort"):
            self.fields[name].widget = forms.NumberInput(attrs={"min": 1, "max": 5})
        self.fields["confidence"].widget = forms.NumberInput(attrs={"min": 0, "max": 100})
        if self.instance.merged_into_id is not None:
            self.fields["status"].choices = Idea.Status.choices
            self.fields["status"].disabled = True

    def status_changed(self):
        """Whether a new status was chosen that the idea does not have already."""
        seen = self.cleaned_data.get("status_seen") or self.instance.status
        return self.cleaned_data.get("status") not in (seen, self.instance.status)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("status_seen")
        if self.status_changed() and seen and seen != self.instance.status:
            self.add_error("status", "Someone set this idea to "
                           f"“{self.instance.get_status_display()}” since you opened it; "
                           "check the timeline and choose again.")
            # What the page shows from now on is the status as it is.
            self.data = self.data.copy()
            self.data["status_seen"] = self.instance.status
        if cleaned.get("response") and not self.status_changed():
            self.add_error("response", "A response is published with a status change; "
                                       "change the status too, or leave it empty.")
        return cleaned

    def apply(self, user):
        """Save the priority inputs and owner, then record a status change and a
        note through the flows, all or nothing."""
        with transaction.atomic():
            Idea.objects.filter(pk=self.instance.pk).update(
                **{name: self.cleaned_data[name] for name in PRIORITY_INPUTS}
            )
            flows.assign_owner(self.instance, self.cleaned_data["owner"], user)
            if self.status_changed():
                flows.change_status(self.instance, self.cleaned_data["status"], user,
                                    self.cleaned_data["response"])
            if note := self.cleaned_data["internal_note"].strip():
                flows.add_internal_note(self.instance, user, note)
        return self.instance


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Idea.objects.none(), label="Merge into",
        help_text="The idea this one repeats; its votes and evidence move there.",
        error_messages={"invalid_choice": "Choose an idea that is still on the board."},
    )
    response = forms.CharField(
        label="Official response", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown publicly on both ideas' timelines, and told to the duplicate's voters.",
    )

    def __init__(self, *args, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = duplicate
        self.fields["target"].queryset = (
            Idea.objects.filter(merged_into__isnull=True).exclude(pk=duplicate.pk))
        # A searchable modal, not a select of every idea on the board.
        self.fields["target"].widget = idea_chooser.widget_class()

    def clean(self):
        cleaned = super().clean()
        if self.duplicate.merged_into_id is not None:
            raise forms.ValidationError("This idea has already been merged.")
        return cleaned


class BulkStatusForm(forms.Form):
    status = forms.ChoiceField(choices=TRIAGE_STATUSES)
    response = forms.CharField(
        label="Official response", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published on each idea's timeline.",
    )


class BulkOwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Nobody",
        help_text="Someone in operations, who is told.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = operations_members()
