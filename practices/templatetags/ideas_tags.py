"""What the forum's thread page shows about ideas, and what the idea page shows
about the practices born from it. Template tags, so the forum app never imports
practices (practices depends on the forum, not the reverse)."""

from django import template

from practices import flows, queries
from practices.flows import publishing
from practices.cached_pages import showing_ideas

register = template.Library()


@register.inclusion_tag("practices/_thread_ideas.html", takes_context=True)
def thread_ideas(context, thread):
    user = context["request"].user
    ideas = showing_ideas(context["request"], queries.ideas_citing(thread))
    return {
        "request": context["request"],
        "thread": thread,
        "ideas": ideas,
        # Only threads that back an idea can lead to a practice; the rest ask nothing more.
        "practices": publishing.published_from(ideas),
        "can_promote": not thread.is_hidden and flows.can_submit(user),
    }


@register.simple_tag
def idea_practices(idea):
    """The published practices born from `idea`, for its page."""
    return publishing.published_from([idea])
