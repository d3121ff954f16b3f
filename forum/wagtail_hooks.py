from wagtail import hooks
from wagtail.models import ModelLogEntry

from .models import Post, Thread

LOG_ACTIONS = [
    ("forum.hide_post", "Hide post", "Post hidden"),
    ("forum.unhide_post", "Unhide post", "Post shown again"),
    ("forum.restore_post", "Restore post", "Deleted post restored"),
    ("forum.lock", "Lock thread", "Thread locked"),
    ("forum.unlock", "Unlock thread", "Thread unlocked"),
    ("forum.pin", "Pin thread", "Thread pinned"),
    ("forum.unpin", "Unpin thread", "Thread unpinned"),
    ("forum.move", "Move thread", "Thread moved"),
    ("forum.dismiss_flag", "Dismiss flag", "Flag dismissed"),
]


@hooks.register("register_log_actions")
def register_forum_log_actions(actions):
    # Moderator actions land in Wagtail's audit log, which admins read under Reports.
    for model in (Thread, Post):
        actions.register_model(model, ModelLogEntry)
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
