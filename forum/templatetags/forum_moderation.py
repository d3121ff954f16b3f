from django import template

from ..moderation.forms import MoveThreadForm, SuspendForm

register = template.Library()


@register.simple_tag
def move_form(thread):
    return MoveThreadForm(initial={"forum": thread.forum_id}, auto_id=f"move-{thread.pk}-%s")


@register.simple_tag
def suspend_form(post):
    # One form per post on a page, so each needs its own field ids.
    return SuspendForm(auto_id=f"suspend-{post.pk}-%s")
