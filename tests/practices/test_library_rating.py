""""Was this helpful?" on a practice: once per person, taken back by a second
click, refused on the server to whoever may not rate, and counted exactly."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings
from django.utils import timezone

from community.models import User
from practices.flows import ratings
from practices.models import PracticePage, PracticeRating
from tests.concurrency import all_at_once, concurrent, each_toggling_at_once, people

HTMX = {"HTTP_HX_REQUEST": "true"}


def helpful_url(practice):
    return practice.url + "helpful/"


def assert_count_true(practice):
    stored = PracticePage.objects.get(pk=practice.pk)
    assert stored.helpful_count == PracticeRating.objects.filter(practice=practice).count()
    return stored.helpful_count


@pytest.mark.django_db
def test_one_rating_per_person_and_a_second_click_takes_it_back(practice, customer, worker):
    assert ratings.toggle_helpful_practice(practice, customer) == (True, 1)
    assert ratings.toggle_helpful_practice(practice, worker) == (True, 2)
    assert ratings.toggle_helpful_practice(practice, customer) == (False, 1)
    assert assert_count_true(practice) == 1
    assert list(PracticeRating.objects.values_list("user", flat=True)) == [worker.pk]
    assert ratings.toggle_helpful_practice(practice, customer) == (True, 2)
    assert assert_count_true(practice) == 2


@pytest.mark.django_db
def test_plain_post_toggles_and_comes_back_to_the_button(client_as, practice, customer):
    client = client_as(customer)
    response = client.post(helpful_url(practice))
    assert response.status_code == 302 and response.url == practice.url + "#helpful"
    page = BeautifulSoup(client.get(practice.url).content, "html.parser")
    assert page.select_one("#helpful button")["aria-pressed"] == "true"
    assert page.select_one("#helpful .helpful-count").get_text() == "1 found this helpful"
    client.post(helpful_url(practice))
    assert assert_count_true(practice) == 0


@pytest.mark.django_db
def test_htmx_post_answers_with_the_button_alone(client_as, practice, customer):
    response = client_as(customer).post(helpful_url(practice), **HTMX)
    assert response.status_code == 200
    fragment = BeautifulSoup(response.content, "html.parser")
    assert fragment.select_one("div#helpful button")["aria-pressed"] == "true"
    assert "1 found this helpful" in fragment.get_text()
    assert not fragment.find("html")


@pytest.mark.django_db
def test_a_get_to_the_toggle_address_answers_with_the_practice(client_as, practice, customer):
    response = client_as(customer).get(helpful_url(practice))
    assert response.status_code == 302 and response.url == practice.url
    assert not PracticeRating.objects.exists()


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client, practice):
    response = client.post(helpful_url(practice))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not PracticeRating.objects.exists()
    button = BeautifulSoup(client.get(practice.url).content, "html.parser").select_one("#helpful")
    assert "Sign in to say whether this helped" in button.get_text(" ", strip=True)
    assert button.find("button") is None
    with pytest.raises(ratings.NotAllowed, match="sign in"):
        ratings.toggle_helpful_practice(practice, AnonymousUser())


def _unverified(person):
    EmailAddress.objects.filter(user=person).update(verified=False)
    return person


def _suspended(person):
    User.objects.filter(pk=person.pk).update(suspended_until=timezone.now() + timedelta(days=1))
    return User.objects.get(pk=person.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("make_unable, reason", [
    (_unverified, "verify your e-mail"),
    (_suspended, "suspended"),
])
def test_unverified_and_suspended_people_cannot_rate(client_as, practice, customer,
                                                      make_unable, reason):
    person = make_unable(customer)
    with pytest.raises(ratings.NotAllowed, match=reason):
        ratings.toggle_helpful_practice(practice, person)
    client = client_as(person)
    refused = client.post(helpful_url(practice))
    assert refused.status_code == 403
    error = BeautifulSoup(refused.content, "html.parser").select_one("#helpful .error")
    assert reason in error.get_text()
    htmx = client.post(helpful_url(practice), **HTMX)
    assert htmx.status_code == 200 and reason in htmx.content.decode()
    button = BeautifulSoup(client.get(practice.url).content, "html.parser").select_one("#helpful")
    assert button.find("button") is None
    assert assert_count_true(practice) == 0


@pytest.mark.django_db
def test_retired_and_unpublished_practices_take_no_ratings(client_as, make_practice, customer):
    retired = make_practice("Old way", retired=True)
    with pytest.raises(ratings.NotAllowed, match="retired"):
        ratings.toggle_helpful_practice(retired, customer)
    withdrawn = make_practice("Withdrawn")
    withdrawn.unpublish()
    with pytest.raises(ratings.NotAllowed, match="not published"):
        ratings.toggle_helpful_practice(withdrawn, customer)
    # A page loaded before an editor retired it is checked again under the lock.
    stale = make_practice("Retired meanwhile")
    PracticePage.objects.filter(pk=stale.pk).update(retired=True)
    with pytest.raises(ratings.NotAllowed, match="retired"):
        ratings.toggle_helpful_practice(stale, customer)
    assert not PracticeRating.objects.exists()


@pytest.mark.django_db
def test_rating_is_rate_limited(client_as, practice, customer):
    client = client_as(customer)
    with override_settings(RATE_LIMITS={"forum.react": "2/m"}):
        client.post(helpful_url(practice))
        client.post(helpful_url(practice))
        refused = client.post(helpful_url(practice))
        assert refused.status_code == 429
        assert "too often" in refused.content.decode()
        assert client.post(helpful_url(practice), **HTMX).status_code == 200
    assert assert_count_true(practice) == 0


@pytest.mark.django_db
def test_rating_needs_the_csrf_token(practice, customer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    assert client.post(helpful_url(practice)).status_code == 403
    assert not PracticeRating.objects.exists()


@concurrent
@pytest.mark.usefixtures("_no_rate_limits")
def test_many_people_rating_at_once_are_counted_once_each(make_practice):
    practice = make_practice("Busy practice")
    # The shared, never refreshed `practice` is what a view would hold.
    stayed = each_toggling_at_once(
        lambda person: ratings.toggle_helpful_practice(practice, person), people(12, "reader"))
    assert assert_count_true(practice) == len(stayed) == 8


@concurrent
@pytest.mark.usefixtures("_no_rate_limits")
def test_double_clicks_at_once_count_once(make_practice):
    practice = make_practice("Double clicked")
    person = User.objects.create_user("clicker@example.com", "x")
    results = all_at_once(*[lambda: ratings.toggle_helpful_practice(practice, person)] * 2)
    # Two clicks are a toggle and its undo, or, when both inserts raced, one rating.
    assert assert_count_true(practice) == PracticeRating.objects.count()
    assert sorted(rated for rated, _count in results) in ([False, True], [True, True])


@pytest.mark.django_db
def test_a_deleted_person_takes_their_ratings_off_the_counts(make_practice, customer, worker):
    first, second = make_practice("First"), make_practice("Second")
    for practice in (first, second):
        ratings.toggle_helpful_practice(practice, customer)
        ratings.toggle_helpful_practice(practice, worker)
    customer.delete()
    assert assert_count_true(first) == assert_count_true(second) == 1
