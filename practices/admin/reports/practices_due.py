"""Practices due for review: live practices whose review date has passed, most
overdue first, then those due within DUE_SOON, marked as such. Each practice
has an owner who checks by its review date that it still works as written;
this is where editors see who to chase.

Editors curate the library, and publishing pages is the right their group holds
and no other role does, so the report is shown to whoever may publish pages
(superusers included), and lists the practices they may publish.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from ...models import PracticePage

DUE_SOON = timedelta(days=30)

practice_permissions = PagePermissionPolicy(PracticePage)


def can_review_practices(user):
    return practice_permissions.user_has_permission(user, "publish")


def practices_due(practices, today):
    """The live, current practices of `practices` to review by `today` + DUE_SOON,
    most overdue first, with their owners."""
    return (
        practices.live().filter(retired=False, review_by__lte=today + DUE_SOON)
        .select_related("practice_owner").order_by("review_by", "pk")
    )


@dataclass
class ReviewRow:
    practice: PracticePage
    today: date

    @property
    def title(self):
        return self.practice.title

    @property
    def owner_name(self):
        owner = self.practice.practice_owner
        return owner.name if owner else ""

    @property
    def review_by(self):
        return self.practice.review_by

    @property
    def last_published_at(self):
        return self.practice.last_published_at

    @property
    def days_overdue(self):
        """Days since the review date; 0 on the day, negative while still to come."""
        return (self.today - self.practice.review_by).days

    @property
    def is_overdue(self):
        return self.days_overdue > 0

    @property
    def days_overdue_label(self):
        return str(self.days_overdue) if self.is_overdue else ""

    @property
    def state(self):
        if self.is_overdue:
            return "Overdue"
        return "Due today" if self.days_overdue == 0 else "Due soon"


def edit_url(row):
    return reverse("wagtailadmin_pages:edit", args=[row.practice.pk])


class PracticesDueForReviewView(ReportView):
    page_title = "Practices due for review"
    header_icon = "date"
    index_url_name = "practices_due_for_review"
    index_results_url_name = "practices_due_for_review_results"
    results_template_name = "practices/admin/practices_due_for_review_results.html"
    permission_policy = practice_permissions
    permission_required = "publish"
    no_results_message = "No practice is due for review."
    due_soon_days = DUE_SOON.days
    paginate_by = 50
    list_export = ["title", "owner_name", "review_by", "days_overdue", "state",
                   "last_published_at"]
    export_headings = {
        "title": "Practice", "owner_name": "Owner", "review_by": "Review by",
        "days_overdue": "Days overdue (negative: days left)", "state": "Status",
        "last_published_at": "Last published",
    }
    columns = [
        TitleColumn("title", label="Practice", get_url=edit_url),
        # A practice nobody owns is reviewed by nobody: the table says so.
        Column("owner", label="Owner", accessor=lambda row: row.owner_name or "No owner"),
        Column("review_by", label="Review by"),
        Column("days_overdue", label="Days overdue", accessor="days_overdue_label"),
        StatusTagColumn("state", label="Status", primary=lambda row: row.is_overdue),
        DateColumn("last_published_at", label="Last published"),
    ]

    def get_queryset(self):
        practices = practice_permissions.instances_user_has_permission_for(
            self.request.user, "publish")
        return practices_due(practices, self.today)

    def get_filename(self):
        return f"practices-due-for-review-{self.today.isoformat()}"

    def get_table(self, object_list):
        return super().get_table(self.decorate_paginated_queryset(object_list))

    def decorate_paginated_queryset(self, object_list):
        # The table is built before ReportView decorates the page, and both need
        # rows; the page is the same, so its rows are made once.
        if getattr(self, "_rows", None) is None:
            self._rows = [ReviewRow(practice, self.today) for practice in object_list]
        return self._rows

    @cached_property
    def today(self):
        # One date for the whole request, so every row counts from the same day.
        return timezone.localdate()


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_practices(request.user)
