"""Signing up, verifying by code, signing in and resetting a password, through
allauth's real pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse

from community import roles
from community.models import User
from tests.fixtures.people import PASSWORD
from tests.signup import NEW_PASSWORD, code_from, sign_up


@pytest.mark.django_db
def test_sign_up_verify_by_code_and_sign_in(client, mailoutbox):
    response = sign_up(client, "Nina@Example.com")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nina@example.com"]
    assert "Service Commons" in mailoutbox[0].body

    # Not verified yet: the site does not consider them signed in.
    assert not client.get("/").wsgi_request.user.is_authenticated

    response = client.post(
        reverse("account_email_verification_sent"), {"code": code_from(mailoutbox[0])}
    )
    assert response.status_code == 302
    user = User.objects.get(email="nina@example.com")
    assert EmailAddress.objects.get(user=user).verified
    assert roles.has_role(user, roles.CUSTOMER)
    assert not roles.has_role(user, roles.WORKER)
    assert user.name == "Nina"
    assert client.get("/").wsgi_request.user == user

    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": "nina@example.com", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user


@pytest.mark.django_db
def test_wrong_code_keeps_the_account_unverified(client, mailoutbox):
    sign_up(client, "nina@example.com")
    response = client.post(reverse("account_email_verification_sent"), {"code": "XXXXXX"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not EmailAddress.objects.get(email="nina@example.com").verified


@pytest.mark.django_db
def test_unverified_person_cannot_sign_in(client, mailoutbox):
    sign_up(client, "nina@example.com")
    client.logout()
    mailoutbox.clear()
    cache.clear()  # allauth sends one code per address every few minutes; let them pass
    response = client.post(
        reverse("account_login"), {"login": "nina@example.com", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert mailoutbox and code_from(mailoutbox[0])


@pytest.mark.django_db
def test_bad_sign_up_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "display_name": "", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert "display_name" in form.errors
    assert 'value="not-an-address"' in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_creates_nothing_and_tells_its_owner(
    client, customer, mailoutbox
):
    # The page answers as for a new address, so nobody can probe who is a member.
    response = sign_up(client, customer.email.upper())
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert mailoutbox[0].to == [customer.email]
    assert "already" in mailoutbox[0].body.lower()


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, customer):
    response = client.post(
        reverse("account_login"), {"login": customer.email, "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client, customer):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": customer.email, "password": "nope"})
    response = client.post(
        reverse("account_login"), {"login": customer.email, "password": PASSWORD}
    )
    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_by_e_mail_link(client, customer, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": customer.email})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_people_made_by_commands_have_verified_addresses(make_person):
    person = make_person("made@example.com")
    assert EmailAddress.objects.get(user=person, email="made@example.com").verified


@pytest.mark.django_db
def test_people_loaded_from_fixtures_have_verified_addresses(tmp_path):
    from django.core.management import call_command

    fixture = tmp_path / "people.json"
    fixture.write_text(
        '[{"model": "community.user", "pk": 900, "fields": {"email": "fixture@example.com",'
        ' "password": "!", "display_name": "From a fixture"}}]'
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert EmailAddress.objects.get(user_id=900).verified
