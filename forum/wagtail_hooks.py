from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.models import ModelLogEntry, Page

from community.roles import is_moderator
from . import flows, moderation
from .moderation.flag_queue import FlagQueueView
from .models import Post, Thread

LOG_ACTIONS = [
    ("forum.hide_post", "Hide post", "Post hidden"),
    ("forum.unhide_post", "Unhide post", "Post shown again"),
    ("forum.restore_post", "Restore post", "Deleted post restored"),
    ("forum.lock", "Lock thread", "Thread locked"),
    ("forum.unlock", "Unlock thread", "Thread unlocked"),
    ("forum.pin", "Pin thread", "Thread pinned"),
    ("forum.unpin", "Unpin thread", "Thread unpinned"),
    ("forum.move", "Move thread", "Thread moved to another forum"),
    ("forum.dismiss_flags", "Dismiss flags", "Flags on the post dismissed"),
]


@hooks.register("register_log_actions")
def register_forum_log_actions(actions):
    # Moderator actions land in Wagtail's audit log, which admins read under Reports.
    for model in (Thread, Post):
        actions.register_model(model, ModelLogEntry)
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


class FlagsMenuItem(MenuItem):
    """ "Flags", with the number of open flags so moderators see work waiting."""

    def is_shown(self, request):
        return is_moderator(request.user)

    def render_component(self, request):
        count = moderation.open_flag_count()
        label = f"{self.label} ({count})" if count else self.label
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
            attrs=self.attrs,
        )


@hooks.register("register_admin_urls")
def register_flag_queue_url():
    return [path("forum/flags/", FlagQueueView.as_view(), name="forum_flag_queue")]


@hooks.register("register_admin_menu_item")
def register_flags_menu_item():
    return FlagsMenuItem("Flags", reverse("forum_flag_queue"), name="flags", icon_name="warning",
                         order=250)


# Threads keep their forum (on_delete=PROTECT), so deleting a page with threads at
# or below it would end in a server error; editors are told what to do instead.

@hooks.register("before_delete_page")
def refuse_deleting_forums_with_threads(request, page):
    if reason := flows.page_deletion_refusal(page):
        messages.error(request, reason)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_forums_with_threads(request, action_type, objects, action):
    if action_type != "delete":
        return None
    reasons = [
        reason for page in objects
        if isinstance(page, Page) and (reason := flows.page_deletion_refusal(page))
    ]
    for reason in reasons:
        messages.error(request, reason)
    return redirect(action.next_url) if reasons else None
