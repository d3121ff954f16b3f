"""The backlog's bulk actions: a status or an owner for several ideas at once,
each idea through its flow."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_list_or_404
from django.urls import reverse
from wagtail.admin.views.bulk_action import BulkAction

from community.forms import as_id

from .. import flows
from ..models import Idea
from .backlog import idea_viewset
from .forms import BulkOwnerForm, BulkStatusForm


class TriageBulkAction(BulkAction):
    """A decision on several ideas at once, each through its flow, which checks
    the permission again; only triagers reach the confirmation page."""

    models = [Idea]
    template_name = "practices/admin/confirm_bulk.html"
    explanation = ""

    def dispatch(self, request, *args, **kwargs):
        if not flows.can_triage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" means every idea the backlog listed, with its filters and
        # search, which ride along in the address; never every idea there is.
        index_view = idea_viewset.index_view
        listing = index_view.view_class(**index_view.view_initkwargs)
        listing.setup(self.request)
        return listing.get_queryset().values_list("pk", flat=True)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # The confirmation page names each idea's owner: one query, not one per idea.
        # Ids come from the address, where anything can be typed.
        ids = [pk for pk in object_ids if as_id(pk, model) is not None]
        return get_list_or_404(model.objects.select_related("owner"), pk__in=ids)

    def check_perm(self, obj):
        return flows.can_triage(self.request.user)

    def object_context(self, obj):
        return {"item": obj, "edit_url": reverse("ideas_backlog:edit", args=[obj.pk])}

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}


class SetStatusBulkAction(TriageBulkAction):
    """One status and one public response for several ideas at once, each
    through flows.change_status. Ideas already there, or merged, are left as they are."""

    display_name = "Set status"
    action_type = "set_status"
    aria_label = "Set the status of the selected ideas"
    form_class = BulkStatusForm
    explanation = ("Each idea's submitter and voters are told. Ideas already at the chosen "
                   "status, and merged ideas, stay as they are.")

    @classmethod
    def execute_action(cls, objects, user=None, status=None, response="", **kwargs):
        changed = 0
        for idea in objects:
            if idea.merged_into_id is None and idea.status != status:
                flows.change_status(idea, status, user, response)
                changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        status = Idea.Status(self.cleaned_form.cleaned_data["status"]).label
        return f"{num_parent_objects} idea(s) set to {status.lower()}."


class AssignOwnerBulkAction(TriageBulkAction):
    """One owner for several ideas at once, through flows.assign_owner; the
    owner is told once per idea given to them."""

    display_name = "Assign owner"
    action_type = "assign_owner"
    aria_label = "Assign an owner to the selected ideas"
    form_class = BulkOwnerForm
    explanation = "The owner is told which ideas are now theirs."

    @classmethod
    def execute_action(cls, objects, user=None, owner=None, **kwargs):
        return sum(flows.assign_owner(idea, owner, user) for idea in objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        owner = self.cleaned_form.cleaned_data["owner"]
        return f"{num_parent_objects} idea(s) given to {owner.name if owner else 'nobody'}."
