from wagtail import hooks
from wagtail.models import ModelLogEntry

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
