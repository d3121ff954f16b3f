from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from practices import flows
from practices.admin.dashboard import IdeasTriagePanel
from practices.admin.reports.first_response import describe_wait
from practices.models import Idea, StatusChange

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/ideas-first-response/"


def submitted(worker, title, when, votes=0):
    idea = flows.submit_idea(worker, title, problem="p", proposal="p", outcome="o")
    Idea.objects.filter(pk=idea.pk).update(created_at=when, trending_score=votes)
    idea.created_at = when
    return idea


def answered(idea, ops, when, status=Idea.Status.UNDER_REVIEW):
    change = flows.change_status(idea, status, ops)
    StatusChange.objects.filter(pk=change.pk).update(created_at=when)


def test_dashboard_panel_shows_untriaged_and_trending_to_operations(client_as, ops, worker):
    now = timezone.now()
    oldest = submitted(worker, "Spare chargers at the help desk", now - timedelta(days=9))
    submitted(worker, "Receipts by e-mail", now - timedelta(days=2), votes=5)
    looked_at = submitted(worker, "A quiet hour", now - timedelta(days=30), votes=9)
    answered(looked_at, ops, now)
    done = submitted(worker, "Callback instead of hold music", now, votes=50)
    answered(done, ops, now, Idea.Status.DONE)

    page = client_as(ops).get("/admin/").content.decode()

    assert "2 untriaged ideas" in page
    waited = page.split('ideas-oldest-waited">')[1].split("<")[0].replace("\xa0", " ")
    assert waited == "1 week, 2 days"
    assert f"/admin/ideas/backlog/edit/{looked_at.pk}/" in page
    assert page.index("A quiet hour") < page.index("Receipts by e-mail")
    assert "Callback instead of hold music" not in page
    assert oldest.title in page


def test_dashboard_panel_counts_as_the_backlog_filter_does(client_as, ops, worker):
    idea = submitted(worker, "Open at 7am", timezone.now())
    answered(idea, ops, timezone.now())
    answered(idea, ops, timezone.now(), Idea.Status.NEW)
    backlog = client_as(ops).get("/admin/ideas/backlog/?untriaged=true").content.decode()
    assert "Open at 7am" not in backlog
    assert "Every new idea has had a first look" in client_as(ops).get("/admin/").content.decode()


def test_dashboard_panel_queries_stay_constant(rf, ops, worker):
    request = rf.get("/admin/")
    request.user = ops

    def render():
        with CaptureQueriesContext(connection) as queries:
            IdeasTriagePanel().render_html({"request": request})
        return len(queries)

    submitted(worker, "One", timezone.now(), votes=1)
    few = render()
    for n in range(8):
        submitted(worker, f"Idea {n}", timezone.now(), votes=n)
    assert render() == few


@pytest.mark.parametrize("role", ["moderator", "editor", "worker"])
def test_dashboard_panel_and_report_hidden_from_other_roles(client_as, request, role, worker):
    submitted(worker, "Receipts by e-mail", timezone.now())
    client = client_as(request.getfixturevalue(role))
    page = client.get("/admin/")
    if page.status_code == 200:
        assert "Ideas waiting for triage" not in page.content.decode()
        assert "ideas-first-response" not in page.content.decode()
    assert client.get(REPORT).status_code in (302, 403)


def test_report_shows_monthly_first_response_times(client_as, superuser, ops, worker):
    def at(month, day, hour=0):
        return timezone.make_aware(timezone.datetime(2026, month, day, hour))

    march = [submitted(worker, f"March {n}", at(3, 2 + n)) for n in range(3)]
    answered(march[0], ops, at(3, 3))            # 1 day
    answered(march[1], ops, at(3, 6))            # 3 days
    answered(march[1], ops, at(3, 20), Idea.Status.PLANNED)  # not the first response
    answered(march[2], ops, at(3, 9))            # 5 days
    april = [submitted(worker, f"April {n}", at(4, 10)) for n in range(2)]
    answered(april[0], ops, at(4, 10, 6))        # 6 hours

    page = client_as(superuser).get(REPORT).content.decode()
    assert page.index("April 2026") < page.index("March 2026")
    assert cells(page, "March 2026") == ["March 2026", "3", "3", "3.0 days", "0"]
    assert cells(page, "April 2026") == ["April 2026", "2", "1", "6.0 hours", "1"]
    assert client_as(ops).get(REPORT).status_code == 200
    assert "ideas-first-response" in client_as(ops).get("/admin/").content.decode()


def cells(page, month):
    row = page[page.rindex("<tr", 0, page.index(month)):].split("</tr>")[0]
    return [strip_tags(cell).strip() for cell in row.split("</td>")[:-1]]


def test_report_rows_count_answered_and_waiting(ops, worker):
    from practices.admin.reports.first_response import TimeToFirstResponseView, monthly_counts

    when = timezone.now() - timedelta(days=1)
    first, second = (submitted(worker, title, when) for title in ("A", "B"))
    answered(first, ops, timezone.now())
    view = TimeToFirstResponseView()
    [row] = view.decorate_paginated_queryset(monthly_counts())
    assert (row.submitted, row.answered, row.waiting) == (2, 1, 1)
    assert row.median_wait is not None


def test_describe_wait():
    assert describe_wait(None) == "—"
    assert describe_wait(timedelta(minutes=5)) == "5 min"
    assert describe_wait(timedelta(days=3)) == "3.0 days"
