"""The Wagtail admin is entered only through the site's sign-in, so allauth's
rate limits and two-factor authentication apply there too."""

from urllib.parse import unquote

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.views import LoginView
from django.urls import reverse

from tests.fixtures.people import PASSWORD
from tests.routes import every_pattern


@pytest.mark.django_db
def test_admin_sends_visitors_to_the_site_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    last, _status = response.redirect_chain[-1]
    assert last.startswith(reverse("account_login"))
    assert "next=/admin/" in unquote(last)


@pytest.mark.django_db
def test_someone_signed_in_without_admin_access_is_told_no_not_sent_round(client_as, worker):
    response = client_as(worker).get("/admin/pages/", follow=True)
    assert response.status_code == 403
    assert "the admin is closed to you" in response.content.decode()


def login_views_outside_allauth():
    """Every URL whose view is a Django login view, whoever registered it."""
    for route, pattern in every_pattern():
        if issubclass(getattr(pattern.callback, "view_class", object), LoginView):
            yield "/" + route.lstrip("^").rstrip("$")


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(set(login_views_outside_allauth())))
def test_no_login_form_outside_allauth_signs_anyone_in(client, ops, path):
    credentials = {"username": ops.email, "password": PASSWORD}
    response = client.post(path, credentials)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 302


def test_every_login_view_outside_allauth_is_covered():
    assert {"/admin/login/", "/_util/login/"} <= set(login_views_outside_allauth())


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


@pytest.mark.django_db
def test_admin_account_page_changes_the_display_name_but_not_the_address(client_as, ops):
    client = client_as(ops)
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200
    form = page.context["panels_by_tab"]
    fields = {
        name for panels in form.values() for panel in panels for name in panel.get_form().fields
    }
    assert "email" not in fields and "new_password1" not in fields and "first_name" not in fields

    data = {"name_email-display_name": "Olive O.", "name_email-email": "someone@else.example"}
    for panels in form.values():
        for panel in panels:
            bound = panel.get_form()
            for name in bound.fields:
                value = bound[name].value()
                if value not in (None, "") and not hasattr(value, "url"):
                    data.setdefault(f"{bound.prefix}-{name}", value)
    response = client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302
    ops.refresh_from_db()
    assert ops.display_name == "Olive O."
    assert ops.email == "olive@staff.example.com"
