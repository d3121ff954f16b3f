"""The ideas panel on the Wagtail dashboard, for whoever triages: how much is
waiting for a first look, how long the oldest has waited, and what is rising."""

from django.db.models import Count, Min
from wagtail.admin.ui.components import Component

from .. import flows
from .backlog import untriaged
from ..models import Idea

TRENDING_SHOWN = 5


def trending_open_ideas(limit=TRENDING_SHOWN):
    return (
        Idea.objects.filter(merged_into__isnull=True).exclude(status__in=Idea.CLOSED)
        .order_by("-trending_score", "-id")
        .only("pk", "title", "status", "vote_count", "trending_score")[:limit]
    )


class IdeasTriagePanel(Component):
    name = "ideas_triage"
    template_name = "practices/admin/dashboard_panel.html"
    # Below Wagtail's own workflow panels, above recent edits.
    order = 150

    def get_context_data(self, parent_context):
        waiting = untriaged().aggregate(count=Count("pk"), oldest=Min("created_at"))
        return {
            "untriaged_count": waiting["count"],
            "oldest_untriaged": waiting["oldest"],
            "trending": list(trending_open_ideas()),
        }


def add_ideas_panel(request, panels):
    if flows.can_triage(request.user):
        panels.append(IdeasTriagePanel())
