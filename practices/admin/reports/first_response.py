"""Time to first response: for the ideas submitted each month, how many have
had a first status change, the median wait for it, and how many still wait.
A month is one row, so the report stays small however many ideas there are."""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncMonth
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from ... import flows
from ...models import Idea, StatusChange


@dataclass
class MonthRow:
    month: object
    submitted: int
    answered: int
    waiting: int
    median_wait: timedelta | None = None

    @property
    def month_label(self):
        return self.month.strftime("%B %Y")

    @property
    def median_label(self):
        return describe_wait(self.median_wait)


def describe_wait(wait):
    if wait is None:
        return "—"
    if wait < timedelta(hours=1):
        return f"{int(wait.total_seconds() // 60)} min"
    if wait < timedelta(days=2):
        return f"{wait.total_seconds() / 3600:.1f} hours"
    return f"{wait.total_seconds() / 86400:.1f} days"


def monthly_counts():
    answered = Exists(StatusChange.objects.filter(idea=OuterRef("pk")))
    return (
        Idea.objects.annotate(month=TruncMonth("created_at"), answered=answered)
        .values("month")
        .annotate(submitted=Count("pk"), answered_count=Count("pk", filter=Q(answered=True)))
        .order_by("-month")
    )


def median_waits(months):
    """Median time to first status change, by month, for the months asked:
    medians have no portable SQL aggregate, so only those months' pairs of
    timestamps are read."""
    if not months:
        return {}
    ideas = (
        Idea.objects.annotate(
            month=TruncMonth("created_at"), first=Min("status_changes__created_at"))
        .filter(month__in=months, first__isnull=False)
        .values_list("month", "created_at", "first")
    )
    waits = {}
    for month, submitted, first in ideas:
        waits.setdefault(month, []).append(first - submitted)
    return {month: median(values) for month, values in waits.items()}


class TimeToFirstResponseView(ReportView):
    page_title = "Ideas: time to first response"
    header_icon = "time"
    index_url_name = "ideas_first_response"
    index_results_url_name = "ideas_first_response_results"
    paginate_by = 12
    list_export = ["month_label", "submitted", "answered", "median_label", "waiting"]
    export_headings = {
        "month_label": "Month submitted", "submitted": "Submitted", "answered": "Answered",
        "median_label": "Median time to first response", "waiting": "Still waiting",
    }
    columns = [
        Column("month", label="Month submitted", accessor="month_label"),
        Column("submitted", label="Submitted"),
        Column("answered", label="Had a first status change"),
        Column("median_wait", label="Median time to first response", accessor="median_label"),
        Column("waiting", label="Still without any"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not flows.can_triage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return monthly_counts()

    def get_filename(self):
        return "ideas-time-to-first-response"

    def get_table(self, object_list):
        return super().get_table(self.decorate_paginated_queryset(object_list))

    def decorate_paginated_queryset(self, object_list):
        # The table is built before ReportView decorates the page, and both need
        # rows; the page is the same, so its medians are read once.
        if getattr(self, "_rows", None) is None:
            self._rows = self._month_rows(object_list)
        return self._rows

    def _month_rows(self, object_list):
        rows = [
            MonthRow(row["month"], row["submitted"], row["answered_count"],
                     row["submitted"] - row["answered_count"])
            for row in object_list
        ]
        waits = median_waits([row.month for row in rows])
        for row in rows:
            row.median_wait = waits.get(row.month)
        return rows
