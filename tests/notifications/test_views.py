import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.notifications.context_processors import notifications as context_processor
from community.notifications.models import Notification

LIST = "/notifications/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text().split())


def bell_of(response):
    return soup(response).select_one("header .notification-bell")


def test_bell_in_the_home_page_header_shows_the_unread_count(
    customer, client_as, many_notifications
):
    many_notifications(customer, 3)
    oldest = Notification.objects.filter(recipient=customer).last()
    Notification.objects.filter(pk=oldest.pk).update(read_at=timezone.now())

    bell = bell_of(client_as(customer).get("/"))

    assert bell["href"] == LIST
    assert bell.select_one("svg")["aria-hidden"] == "true"
    assert bell.select_one(".visually-hidden").get_text(strip=True) == "Notifications, 2 unread"
    assert bell.select_one(".notification-count").get_text(strip=True) == "2"


def test_bell_without_unread_has_no_badge(customer, client_as):
    bell = bell_of(client_as(customer).get("/"))
    assert bell.select_one(".visually-hidden").get_text(strip=True) == "Notifications"
    assert bell.select_one(".notification-count") is None


def test_anonymous_visitors_see_no_bell(client, db):
    assert bell_of(client.get("/")) is None


def test_unread_count_is_lazy_and_one_query(customer, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = customer
    with django_assert_num_queries(0):
        context = context_processor(request)
    with django_assert_num_queries(1):
        assert int(str(context["unread_notifications_count"])) == 0
        assert not context["unread_notifications_count"]


def test_unread_count_costs_nothing_for_anonymous_visitors(django_assert_num_queries, db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert not context_processor(request)["unread_notifications_count"]


def test_list_shows_newest_first_with_unread_marked(customer, client_as, many_notifications):
    many_notifications(customer, 2)
    Notification.objects.filter(title="Notification 0").update(read_at=timezone.now())

    page = soup(client_as(customer).get(LIST))

    items = page.select(".notification-list .notification")
    assert [text(item.a) for item in items] == [
        "Unread: Notification 1",
        "Notification 0",
    ]
    assert "unread" in items[0]["class"]
    assert "unread" not in items[1]["class"]
    newest = Notification.objects.get(title="Notification 1")
    assert items[0].a["href"] == f"/notifications/{newest.pk}/"


def test_list_is_empty_with_a_friendly_note(customer, client_as):
    page = soup(client_as(customer).get(LIST))
    assert page.select_one(".empty")
    assert not page.select(".notification")


def test_list_shows_only_your_own(customer, worker, client_as, many_notifications):
    many_notifications(worker, 1)
    assert not soup(client_as(customer).get(LIST)).select(".notification")


def test_list_paginates_25_a_page(customer, client_as, many_notifications):
    many_notifications(customer, 27)
    client = client_as(customer)

    first = soup(client.get(LIST))
    second = soup(client.get(LIST + "?page=2"))

    assert len(first.select(".notification")) == 25
    assert text(first.select_one(".notification a")) == "Unread: Notification 26"
    assert [text(a) for a in second.select(".notification > a")] == [
        "Unread: Notification 1",
        "Unread: Notification 0",
    ]
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"


def test_list_query_count_does_not_grow_with_notifications(customer, client_as, many_notifications):
    client = client_as(customer)
    many_notifications(customer, 2)
    client.get(LIST)  # warm caches such as the Wagtail site lookup
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    many_notifications(customer, 20, start=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(few) == len(many)


def test_list_shows_the_actor_with_their_role_badge(customer, client_as, many_notifications):
    many_notifications(customer, 1)
    page = client_as(customer).get(LIST).content.decode()
    assert "Target 0" in page
    assert "badge-role-worker" in page


def test_list_needs_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(customer, client_as, ping):
    ping(customer)
    notification = Notification.objects.get(recipient=customer)

    response = client_as(customer).get(f"/notifications/{notification.pk}/")

    assert response.status_code == 302
    assert response["Location"] == customer.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_404(customer, worker, client_as, ping):
    ping(worker)
    notification = Notification.objects.get(recipient=worker)

    assert client_as(customer).get(f"/notifications/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_offsite_url_is_not_followed(customer, client_as):
    from community.notifications.service import notify

    notify([customer], "community.role_granted", target=customer, title="x",
           url="https://evil.example.net/")
    notification = Notification.objects.get(recipient=customer)
    response = client_as(customer).get(f"/notifications/{notification.pk}/")
    assert response["Location"] == LIST


# A `next` that would send people elsewhere falls back to the list.
OFF_SITE = ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]


@pytest.mark.parametrize("next_url, location", [
    ("/notifications/?page=1", "/notifications/?page=1"),
    *[(url, LIST) for url in OFF_SITE],
])
def test_mark_read_without_javascript_goes_back_but_never_off_site(
    customer, client_as, ping, next_url, location
):
    ping(customer)
    notification = Notification.objects.get(recipient=customer)

    response = client_as(customer).post(f"/notifications/{notification.pk}/read/",
                                        {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == location
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_mark_all_read_does_not_redirect_off_site(customer, client_as, ping, next_url):
    ping(customer)

    response = client_as(customer).post("/notifications/read/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Notification.objects.filter(recipient=customer, read_at__isnull=True).exists()


def test_mark_read_with_htmx_returns_the_item_and_a_fresh_bell(customer, client_as, ping):
    ping(customer)
    notification = Notification.objects.get(recipient=customer)

    response = client_as(customer).post(f"/notifications/{notification.pk}/read/",
                                        headers={"HX-Request": "true"})

    assert response.status_code == 200
    page = soup(response)
    item = page.select_one(f"#notification-{notification.pk}")
    assert "unread" not in item["class"]
    assert page.select_one("#notification-bell")["hx-swap-oob"] == "true"
    assert page.select_one("#notification-bell .notification-count") is None


def test_mark_read_of_someone_elses_is_404(customer, worker, client_as, ping):
    ping(worker)
    notification = Notification.objects.get(recipient=worker)
    response = client_as(customer).post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_needs_post(customer, client_as, ping):
    ping(customer)
    notification = Notification.objects.get(recipient=customer)
    assert client_as(customer).get(f"/notifications/{notification.pk}/read/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read(customer, worker, client_as, many_notifications):
    many_notifications(customer, 3)
    many_notifications(worker, 1, start=3)
    client = client_as(customer)
    page = soup(client.get(LIST))
    form = page.select_one("form[action='/notifications/read/']")
    assert form.button.get_text(strip=True) == "Mark all as read"

    response = client.post("/notifications/read/", follow=True)

    assert not Notification.objects.filter(recipient=customer, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=worker, read_at__isnull=True).count() == 1
    assert "Marked 3 notifications as read." in response.content.decode()
    assert soup(response).select_one("form[action='/notifications/read/']") is None


def test_mark_all_as_read_is_csrf_protected(customer, many_notifications):
    from django.test import Client

    many_notifications(customer, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    assert client.post("/notifications/read/").status_code == 403
    assert Notification.objects.filter(recipient=customer, read_at__isnull=True).count() == 1


@pytest.mark.parametrize("page", ["?page=99", "?page=nope"])
def test_odd_page_numbers_do_not_fail(customer, client_as, page):
    assert client_as(customer).get(LIST + page).status_code == 200


def test_mark_read_with_htmx_keeps_the_keyboard_in_place(customer, client_as, ping):
    # HTMX gives focus back to the element with the id that had it; the
    # button goes, so what replaces it carries its id.
    ping(customer)
    notification = Notification.objects.get(recipient=customer)
    client = client_as(customer)
    button = soup(client.get(LIST)).select_one(f"#notification-{notification.pk} button")

    answer = soup(client.post(f"/notifications/{notification.pk}/read/",
                              headers={"HX-Request": "true"}))

    in_place = answer.find(id=button["id"])
    assert text(in_place) == "Marked read"
    assert in_place.get("tabindex") == "-1"
    assert answer.select_one(f"#notification-{notification.pk} button") is None
