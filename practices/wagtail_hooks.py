from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import ModelLogEntry
from wagtail.permissions import register_permission_policy

from . import flows
from .admin.backlog import TriagePermissionPolicy, idea_viewset
from .admin.bulk_actions import AssignOwnerBulkAction, SetStatusBulkAction
from .admin.dashboard import add_ideas_panel
from .admin.practice_editor import idea_chooser, person_chooser
from .admin.reports.first_response import TimeToFirstResponseView
from .admin.reports.practices_due import PracticesDueForReviewView, ReviewMenuItem
from .models import Idea

LOG_ACTIONS = [
    ("ideas.change_status", "Change idea status", "Idea status changed"),
    ("ideas.merge", "Merge ideas", "Idea merged into another"),
    ("ideas.assign_owner", "Assign idea owner", "Idea owner changed"),
    # Taken on the public pages by moderators, read in the audit log like the rest.
    ("ideas.hide_comment", "Hide idea comment", "Comment on the idea hidden"),
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


@hooks.register("register_admin_viewset")
def register_practice_editor_choosers():
    # The modals the practice editor's contributor and idea fields open.
    return [person_chooser, idea_chooser]


hooks.register("register_bulk_action", SetStatusBulkAction)
hooks.register("register_bulk_action", AssignOwnerBulkAction)


hooks.register("construct_homepage_panels", add_ideas_panel)


class TriageMenuItem(MenuItem):
    def is_shown(self, request):
        return flows.can_triage(request.user)


def _report_urls(address, view, name):
    """A report's page and the results its filters fetch, as Wagtail's reports have."""
    return [
        path(f"reports/{address}/", view.as_view(), name=name),
        path(f"reports/{address}/results/", view.as_view(results_only=True),
             name=f"{name}_results"),
    ]


@hooks.register("register_admin_urls")
def register_reports():
    return [
        *_report_urls("ideas-first-response", TimeToFirstResponseView, "ideas_first_response"),
        *_report_urls("practices-due-for-review", PracticesDueForReviewView,
                      "practices_due_for_review"),
    ]


@hooks.register("register_reports_menu_item")
def register_first_response_menu_item():
    return TriageMenuItem(
        "Ideas: time to first response", reverse("ideas_first_response"),
        name="ideas-first-response", icon_name="time", order=800,
    )


@hooks.register("register_reports_menu_item")
def register_practices_due_menu_item():
    return ReviewMenuItem(
        "Practices due for review", reverse("practices_due_for_review"),
        name="practices-due-for-review", icon_name="date", order=810,
    )
