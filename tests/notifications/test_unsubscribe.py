import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client

from community.notifications import unsubscribe as unsubscribing
from community.notifications.events import ALL_EVENTS, Delivery, get_event
from community.notifications.models import NotificationPreference
from community.notifications.preferences import deliveries_for

from .conftest import ROLE_GRANTED, rename_site
from .test_emails import unsubscribe_path


def path_for(user, scope=ROLE_GRANTED):
    return f"/notifications/unsubscribe/{unsubscribing.make_token(user, scope)}/"


@pytest.fixture
def mail_client():
    """No session and strict CSRF, like a mail client or a browser opening the link."""
    return Client(enforce_csrf_checks=True)


def role_delivery(user):
    return deliveries_for([user.pk], get_event(ROLE_GRANTED))[user.pk]


def test_get_shows_a_button_and_changes_nothing(customer, mail_client):
    response = mail_client.get(path_for(customer))

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    form = page.select_one("main form[method=post]")
    assert form.button.get_text(strip=True) == "Unsubscribe"
    assert "Your role changed" in page.get_text()
    assert not NotificationPreference.objects.exists()


def test_post_without_login_or_csrf_token_stops_those_emails(customer, mail_client):
    response = mail_client.post(path_for(customer))

    assert response.status_code == 200
    expected = "You will no longer receive e-mails about “Your role changed”"
    assert expected in response.content.decode()
    assert role_delivery(customer) == Delivery.NEVER


def test_one_click_post_from_the_email_header(
    customer, ping, mailoutbox, mail_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer)
    [message] = mailoutbox

    response = mail_client.post(
        unsubscribe_path(message), "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert role_delivery(customer) == Delivery.NEVER


def test_the_all_scope_stops_every_email(customer, mail_client, daily_event):
    response = mail_client.post(path_for(customer, ALL_EVENTS))

    assert "You will no longer receive any e-mails" in response.content.decode()
    assert role_delivery(customer) == Delivery.NEVER
    assert deliveries_for([customer.pk], daily_event)[customer.pk] == Delivery.NEVER


def test_stopping_all_names_the_site_editors_set(customer, mail_client):
    rename_site("Harbour Help Desk")
    response = mail_client.get(path_for(customer, ALL_EVENTS))
    assert "Stop receiving any e-mails from Harbour Help Desk?" in response.content.decode()


def test_a_token_only_ever_affects_its_own_person(customer, worker, mail_client):
    mail_client.post(path_for(customer))
    assert role_delivery(worker) == Delivery.IMMEDIATE


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_is_a_friendly_400(customer, worker, mail_client, method):
    token = unsubscribing.make_token(customer, ROLE_GRANTED)
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(f'[{worker.pk},"*"]'.encode()).decode() + ":" + rest

    response = getattr(mail_client, method)(f"/notifications/unsubscribe/{forged}/")

    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "%E2%9C%93", "e30:1abc:xyz"])
def test_a_malformed_token_is_a_friendly_400(mail_client, db, token):
    response = mail_client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()


def test_a_token_made_for_another_purpose_is_refused(customer, mail_client):
    token = signing.dumps([customer.pk, ROLE_GRANTED])  # right shape, wrong salt
    response = mail_client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert role_delivery(customer) == Delivery.IMMEDIATE


def test_a_token_for_a_deleted_account_is_a_friendly_400(customer, mail_client):
    path = path_for(customer)
    customer.delete()
    assert mail_client.post(path).status_code == 400
