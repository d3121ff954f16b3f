from bs4 import BeautifulSoup
from django.urls import reverse

from community.notifications.events import Delivery
from community.notifications.models import NotificationPreference
from community.notifications.preferences import deliveries_for, saved_preferences

from .conftest import ROLE_GRANTED, prefer

URL = "/notifications/preferences/"
ROLE_FIELD = "event__community__role_granted"


def test_page_offers_each_registered_event_with_three_choices(customer, client_as, daily_event):
    page = BeautifulSoup(client_as(customer).get(URL).content, "html.parser")

    legends = [legend.get_text(strip=True) for legend in page.select("fieldset legend")]
    assert "Your role changed" in legends
    assert "Daily test event" in legends
    role_choices = page.select(f"input[name={ROLE_FIELD}]")
    labels = [choice.find_parent("label").get_text(strip=True) for choice in role_choices]
    assert labels == ["Immediately", "In a daily digest", "Never"]
    checked = page.select_one(f"input[name={ROLE_FIELD}][checked]")
    assert checked["value"] == Delivery.IMMEDIATE
    assert page.select_one("input[name=event__tests__daily][checked]")["value"] == Delivery.DAILY


def current_choices(client):
    """What the browser would send back untouched: every checked radio on the page."""
    page = BeautifulSoup(client.get(URL).content, "html.parser")
    return {radio["name"]: radio["value"] for radio in page.select("input[type=radio][checked]")}


def test_saving_changes_what_is_sent(customer, client_as, daily_event):
    client = client_as(customer)
    data = {**current_choices(client), ROLE_FIELD: "never", "event__tests__daily": "immediate"}
    response = client.post(URL, data, follow=True)

    assert "Your e-mail preferences are saved." in response.content.decode()
    assert deliveries_for([customer.pk], daily_event) == {customer.pk: Delivery.IMMEDIATE}
    current, stopped_all = saved_preferences(customer)
    assert current[ROLE_GRANTED] == Delivery.NEVER
    assert not stopped_all


def test_a_bad_choice_is_reported_next_to_the_field(customer, client_as):
    prefer(customer, ROLE_GRANTED, Delivery.DAILY)
    response = client_as(customer).post(URL, {ROLE_FIELD: "hourly"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one(".field-invalid .error")
    assert NotificationPreference.objects.get(user=customer).delivery == Delivery.DAILY


def test_stop_all_overrides_every_event_and_can_be_undone(customer, client_as, daily_event):
    client = client_as(customer)
    unchanged = current_choices(client)
    client.post(URL, {**unchanged, "event__tests__daily": "daily", "stop_all": "on"})
    assert deliveries_for([customer.pk], daily_event) == {customer.pk: Delivery.NEVER}

    client.post(URL, {**unchanged, "event__tests__daily": "daily"})
    assert deliveries_for([customer.pk], daily_event) == {customer.pk: Delivery.DAILY}


def test_preferences_need_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_preferences_are_a_tab_of_the_account_settings(customer, client_as):
    page = client_as(customer).get(reverse("notifications:preferences")).content.decode()
    assert 'aria-current="page">E-mail preferences</a>' in page
    profile = client_as(customer).get(reverse("community:edit_profile")).content.decode()
    assert reverse("notifications:preferences") in profile
