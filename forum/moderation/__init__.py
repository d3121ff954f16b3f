"""Moderating the forums: flags, the flag queue, and suspensions. What
moderators do is in flows.py (named here, so callers say
`moderation.flag_post(...)`), their pages on the site in views.py with
forms.py and urls.py, and the admin's flag queue in flag_queue.py."""

from .flows import (
    SUSPENSION_DAYS, AlreadyFlagged, can_suspend, check_can_flag, flag_post, flagged_posts,
    lift_suspension, open_flag_count, posts_for_queue, resolve_flags, suspend_author,
)

__all__ = [
    "SUSPENSION_DAYS", "AlreadyFlagged", "can_suspend", "check_can_flag", "flag_post",
    "flagged_posts", "lift_suspension", "open_flag_count", "posts_for_queue", "resolve_flags",
    "suspend_author",
]
