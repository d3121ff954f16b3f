"""The editors' report of practices due for review, and who may read it."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from community import roles
from practices.admin.reports.practices_due import DUE_SOON
from practices.models import PracticePage

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/practices-due-for-review/"
MENU_NAME = "practices-due-for-review"


def due(days):
    """A review date `days` from today; negative is in the past."""
    return timezone.localdate() + timedelta(days=days)


def rows(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [[" ".join(cell.get_text().split()) for cell in row.select("td")]
            for row in page.select("tbody tr")]


def csv_rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def due_practices(make_practice, worker):
    """One practice in each situation the report tells apart."""
    return {
        "long overdue": make_practice("Long overdue", review_by=due(-40), practice_owner=worker),
        "overdue": make_practice("Overdue", review_by=due(-1)),
        "due today": make_practice("Due today", review_by=due(0)),
        "due soon": make_practice("Due soon", review_by=due(DUE_SOON.days)),
        "later": make_practice("Later", review_by=due(DUE_SOON.days + 1)),
        "undated": make_practice("Undated"),
        "draft": make_practice("Draft", review_by=due(-5), publish=False),
        "retired": make_practice("Retired", review_by=due(-5), retired=True),
    }


def test_lists_overdue_then_due_soon_practices_marked(client_as, editor, due_practices, worker):
    found = rows(client_as(editor).get(REPORT))
    assert [row[0] for row in found] == ["Long overdue", "Overdue", "Due today", "Due soon"]
    owner, review_by, days, state = found[0][1:5]
    assert (owner, days, state) == ("Walt", "40", "Overdue")
    assert review_by  # shown in the admin's date format
    assert [row[3:5] for row in found[1:]] == [
        ["1", "Overdue"], ["", "Due today"], ["", "Due soon"]]
    assert found[1][1] == "No owner"


def test_titles_lead_to_the_practice_editor(client_as, editor, due_practices):
    page = BeautifulSoup(client_as(editor).get(REPORT).content, "html.parser")
    link = page.select_one("tbody tr td a")
    assert link["href"] == reverse("wagtailadmin_pages:edit",
                                   args=[due_practices["long overdue"].pk])


def test_nothing_due_says_so(client_as, editor, make_practice):
    make_practice("Later", review_by=due(90))
    assert "No practice is due for review." in client_as(editor).get(REPORT).text


def test_csv_export(client_as, editor, due_practices):
    response = client_as(editor).get(REPORT + "?export=csv")
    assert "practices-due-for-review" in response["Content-Disposition"]
    heading, *found = csv_rows(response)
    assert heading == ["Practice", "Owner", "Review by", "Days overdue (negative: days left)",
                       "Status", "Last published"]
    assert [row[0] for row in found] == ["Long overdue", "Overdue", "Due today", "Due soon"]
    assert found[0][1:5] == ["Walt", due(-40).isoformat(), "40", "Overdue"]
    assert found[3][3:5] == [str(-DUE_SOON.days), "Due soon"]
    assert found[0][5]  # last published


def test_xlsx_export(client_as, editor, due_practices):
    response = client_as(editor).get(REPORT + "?export=xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "Practice"
    assert [row[0] for row in values[1:]] == ["Long overdue", "Overdue", "Due today", "Due soon"]
    assert values[1][3] == 40


def test_report_and_menu_item_are_for_editors_and_superusers(client_as, editor, superuser,
                                                            due_practices):
    for person in (editor, superuser):
        client = client_as(person)
        assert client.get(REPORT).status_code == 200
        assert MENU_NAME in client.get("/admin/").text


@pytest.mark.parametrize("role", ["worker", "ops", "moderator", "customer"])
def test_report_is_hidden_from_other_roles(client_as, request, role, due_practices):
    client = client_as(request.getfixturevalue(role))
    admin = client.get("/admin/")
    if admin.status_code == 200:
        assert MENU_NAME not in admin.text
    for url in (REPORT, REPORT + "?export=csv", REPORT + "results/"):
        assert client.get(url).status_code in (302, 403)


def test_signed_out_readers_are_sent_to_sign_in(client, due_practices):
    response = client.get(REPORT)
    assert response.status_code == 302 and "login" in response["Location"]


def test_report_costs_the_same_however_many_practices(client_as, editor, make_practice,
                                                      make_person):
    owners = [make_person(f"owner{n}@example.com", roles.CUSTOMER, roles.WORKER,
                          display_name=f"Owner {n}") for n in range(4)]
    client = client_as(editor)

    def add(count, start):
        for n in range(start, start + count):
            make_practice(f"Practice {n}", review_by=due(n % 50 - 25),
                          practice_owner=owners[n % 4] if n % 3 else None)

    def cost(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(captured.captured_queries)

    add(2, 0)
    few = [cost(REPORT), cost(REPORT + "?export=csv")]
    add(12, 2)
    assert [cost(REPORT), cost(REPORT + "?export=csv")] == few
    assert PracticePage.objects.count() == 14
