"""What the forum's thread page shows about ideas. A template tag, so the forum
app never imports practices (practices depends on the forum, not the reverse)."""

from django import template

from practices import flows, queries

register = template.Library()


@register.inclusion_tag("practices/_thread_ideas.html", takes_context=True)
def thread_ideas(context, thread):
    user = context["request"].user
    return {
        "thread": thread,
        "ideas": queries.ideas_citing(thread),
        "can_promote": not thread.is_hidden and flows.can_submit(user),
    }
