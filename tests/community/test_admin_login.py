"""The Wagtail admin is entered only through the site's sign-in, so allauth's
rate limits and two-factor authentication apply there too."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_admin_sends_visitors_to_the_site_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/admin/" in response.url


@pytest.mark.django_db
def test_admin_login_form_cannot_be_used_to_sign_in(client, ops):
    response = client.post("/admin/login/", {"username": ops.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_admin_login_link_keeps_where_you_were_going(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.url == reverse("account_login") + "?next=/admin/pages/"


@pytest.mark.django_db
def test_admin_password_reset_is_the_site_password_reset(client):
    response = client.get("/admin/password_reset/")
    assert response.url == reverse("account_reset_password")


@pytest.mark.django_db
def test_sign_in_then_enter_the_admin(client, ops):
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": ops.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.mark.django_db
def test_two_factor_authentication_guards_the_admin(client, ops):
    secret = generate_totp_secret()
    TOTP.activate(ops, secret)

    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": ops.email, "password": PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302, "the password alone does not open the admin"

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
