from wagtail import hooks
from wagtail.models import ModelLogEntry
from wagtail.permissions import register_permission_policy

from .admin_views import SetStatusBulkAction, TriagePermissionPolicy, idea_viewset
from .models import Idea

LOG_ACTIONS = [
    ("ideas.change_status", "Change idea status", "Idea status changed"),
    ("ideas.merge", "Merge ideas", "Idea merged into another"),
]


@hooks.register("register_log_actions")
def register_idea_log_actions(actions):
    # Triage decisions land in Wagtail's audit log, which admins read under Reports.
    actions.register_model(Idea, ModelLogEntry)
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


# The backlog's own policy goes in first, so the viewset uses it rather than
# Django's add/change/delete permissions on Idea, which no role holds.
register_permission_policy(Idea, TriagePermissionPolicy(Idea))


@hooks.register("register_admin_viewset")
def register_ideas_backlog():
    return idea_viewset


hooks.register("register_bulk_action", SetStatusBulkAction)
