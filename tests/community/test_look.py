"""The site's frame: skip link, landmarks, header, static assets, error pages,
and allauth's pages wearing the site's look with labelled, described fields."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from tests.signup import sign_up

HTMX = "community/vendor/htmx.min.js"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def header_of(page):
    header = page.select_one("header.site-header")
    assert header is not None, "no site header"
    return header


def labelled(page, control):
    """Whether `control` has a label a screen reader will announce."""
    if control.find_parent("label"):
        return True
    if control.get("aria-label") or control.get("aria-labelledby"):
        return True
    control_id = control.get("id")
    return bool(control_id) and page.find("label", attrs={"for": control_id}) is not None


def visible_controls(page):
    controls = page.select("main input, main select, main textarea")
    return [c for c in controls if c.get("type") != "hidden"]


# --- Frame and accessibility ----------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_skip_link_is_the_first_link_and_lands_on_main(client, path):
    page = soup(client.get(path))
    first_link = page.find("a")
    assert "skip-link" in first_link.get("class", [])
    assert first_link["href"] == "#main"
    main = page.find(id="main")
    assert main is not None and main.name == "main"


@pytest.mark.django_db
def test_page_has_language_and_landmarks(client):
    page = soup(client.get("/"))
    assert page.html["lang"] == "en"
    assert page.select_one("header.site-header")
    assert page.select_one("nav[aria-label]")
    assert len(page.find_all("main")) == 1
    assert page.find("footer")


@pytest.mark.django_db
def test_footer_shows_the_tagline_from_site_settings(client):
    from community.models import CommunitySettings
    from wagtail.models import Site

    site_settings = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.tagline = "Good service, shared openly."
    site_settings.save()
    page = soup(client.get("/"))
    assert "Good service, shared openly." in page.find("footer").get_text()


@pytest.mark.django_db
def test_header_shows_the_logo_from_site_settings_beside_the_name(client):
    from community.models import CommunitySettings
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Site

    site_settings = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
    assert not soup(client.get("/")).select("header img")
    site_settings.logo = Image.objects.create(title="Our logo", file=get_test_image_file())
    site_settings.save()

    brand = header_of(soup(client.get("/"))).select_one("a.brand")
    logo = brand.find("img")
    assert logo["height"] == "40"
    assert logo["alt"] == ""  # the name beside it already says it
    assert site_settings.name in brand.get_text()


# --- Static assets ---------------------------------------------------------------------

@pytest.mark.django_db
def test_htmx_is_a_static_file_loaded_deferred_by_every_page(client):
    path = finders.find(HTMX)
    assert path, f"{HTMX} is not in any static directory"
    with open(path, encoding="utf-8") as f:
        assert 'version:"2.' in f.read()
    assert finders.find("community/vendor/htmx.LICENSE")

    page = soup(client.get("/"))
    script = page.find("script", src=lambda src: src and src.endswith(HTMX))
    assert script is not None
    assert script.has_attr("defer")
    assert page.find("link", rel="stylesheet", href=lambda h: h and h.endswith("community/css/site.css"))
    assert finders.find("community/css/site.css")


@pytest.mark.django_db
def test_htmx_requests_carry_a_csrf_token_the_server_accepts(worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    url = reverse("community:edit_profile")
    form = {"display_name": "Walter", "bio": ""}
    assert client.post(url, form).status_code == 403

    headers = json.loads(soup(client.get("/")).body["hx-headers"])
    response = client.post(url, form, headers={"X-CSRFToken": headers["X-CSRFToken"]})
    assert response.status_code == 302


# --- Error pages -----------------------------------------------------------------------

@pytest.mark.django_db
def test_unknown_path_gets_the_friendly_404_inside_the_site_frame(client):
    response = client.get("/there-is-no-such-page/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert "can't find that page" in page.find("h1").get_text()
    assert page.select_one("main").find("a", href="/")
    assert page.select_one("header.site-header")


def test_500_page_renders_without_any_context():
    html = get_template("500.html").render({})
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "en"
    assert "Something went wrong" in page.find("h1").get_text()
    assert page.find("a", href="/")


# --- Header for visitors and signed-in people -------------------------------------------

@pytest.mark.django_db
def test_visitors_are_offered_sign_in_and_join(client):
    header = header_of(soup(client.get("/")))
    hrefs = {a["href"] for a in header.find_all("a")}
    assert reverse("account_login") in hrefs
    assert reverse("account_signup") in hrefs
    assert not header.find("form", action=reverse("account_logout"))
    assert not header.find("a", href="/admin/")


@pytest.mark.django_db
def test_signed_in_header_shows_name_role_badge_and_a_sign_out_form(client_as, worker):
    header = header_of(soup(client_as(worker).get("/")))
    person = header.find("a", href=reverse("community:profile", args=[worker.pk]))
    assert person is not None and person.get_text(strip=True) == "Walt"
    badges = [b.get_text(strip=True) for b in header.select(".badge-role")]
    assert badges == ["Worker"]
    sign_out = header.find("form", action=reverse("account_logout"))
    assert sign_out["method"] == "post"
    assert sign_out.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert not header.find("a", href=reverse("account_login"))


@pytest.mark.django_db
def test_a_customer_has_no_role_badge(client_as, customer):
    header = header_of(soup(client_as(customer).get("/")))
    assert header.find("a", href=reverse("community:profile", args=[customer.pk]))
    assert not header.select(".badge-role")


@pytest.mark.django_db
def test_admin_link_shows_for_ops(client_as, ops):
    header = header_of(soup(client_as(ops).get("/")))
    assert header.find("a", href="/admin/")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["customer", "worker"])
def test_admin_link_hidden_from_people_who_cannot_enter_the_admin(request, client_as, who):
    header = header_of(soup(client_as(request.getfixturevalue(who)).get("/")))
    assert not header.find("a", href="/admin/")


@pytest.mark.django_db
def test_messages_are_announced(client_as, worker):
    client = client_as(worker)
    response = client.post(reverse("community:edit_profile"), {"display_name": "Walter", "bio": ""}, follow=True)
    page = soup(response)
    message = page.select_one(".messages .message")
    assert message is not None and "saved" in message.get_text()
    assert message["role"] == "status"


# --- Forms -------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_signup", "account_login", "account_reset_password"])
def test_every_visible_field_on_the_entrance_pages_has_a_label(client, url_name):
    page = soup(client.get(reverse(url_name)))
    controls = visible_controls(page)
    assert controls, "no form fields found"
    unlabelled = [str(c) for c in controls if not labelled(page, c)]
    assert not unlabelled


@pytest.mark.django_db
def test_invalid_sign_up_keeps_input_and_ties_errors_and_help_to_fields(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "password1": "123", "password2": "123"},
    )
    page = soup(response)
    assert page.select_one(".form-errors[role=alert]")

    email = page.find("input", attrs={"name": "email"})
    assert email["value"] == "not-an-address"
    assert email["aria-invalid"] == "true"
    assert email.find_parent(class_="field-invalid")

    password = page.find("input", attrs={"name": "password1"})
    described_by = password["aria-describedby"].split()
    assert len(described_by) == 2
    for element_id in described_by:
        assert page.find(id=element_id), f"aria-describedby points at missing #{element_id}"
    error = page.find(id=f"{password['id']}_error")
    assert "error" in error["class"] and "Error:" in error.get_text()
    assert page.find(id=f"{password['id']}_helptext")


@pytest.mark.django_db
def test_profile_form_errors_are_described_and_keep_what_was_typed(client_as, worker):
    skills = ", ".join(f"skill {n}" for n in range(25))
    response = client_as(worker).post(
        reverse("community:edit_profile"), {"display_name": "Walter", "bio": "Kept", "skills": skills}
    )
    page = soup(response)
    field = page.find("input", attrs={"name": "skills"})
    assert field["aria-invalid"] == "true"
    assert f"{field['id']}_error" in field["aria-describedby"].split()
    assert "at most 20" in page.find(id=f"{field['id']}_error").get_text()
    assert page.find("textarea", attrs={"name": "bio"}).get_text().strip() == "Kept"
    summary_link = page.select_one(".form-errors a")
    assert summary_link["href"] == f"#{field['id']}"


# --- allauth pages in the site's frame ----------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages_use_the_site_frame_and_buttons(client, url_name):
    page = soup(client.get(reverse(url_name)))
    assert page.select_one("header.site-header")
    main = page.select_one("main#main")
    assert "entrance" in main["class"]
    form = main.find("form", class_="form")
    submit = form.find("button", type="submit")
    assert "button" in submit["class"]
    assert page.title.get_text(strip=True).endswith("Service Commons")


@pytest.mark.django_db
def test_email_code_page_uses_the_site_frame(client):
    sign_up(client, "nina@example.com")
    page = soup(client.get(reverse("account_email_verification_sent")))
    assert page.select_one("header.site-header")
    code = page.find("input", attrs={"name": "code"})
    assert code is not None and labelled(page, code)
    assert page.find("button", class_="button", type="submit")


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_email", "account_change_password", "mfa_index"])
def test_account_management_pages_use_the_site_frame_with_settings_nav(client_as, worker, url_name):
    url = reverse(url_name)
    page = soup(client_as(worker).get(url))
    assert page.select_one("header.site-header")
    settings_nav = page.select_one("nav.account-nav")
    assert settings_nav.find("a", href=url)["aria-current"] == "page"
    assert not [str(c) for c in visible_controls(page) if not labelled(page, c)]


@pytest.mark.django_db
def test_a_refused_action_explains_itself_in_the_site_frame(client_as, customer):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/somewhere/")
    request.user = customer
    response = permission_denied(request, PermissionDenied("Only moderators can do that."))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only moderators can do that." in page
    assert 'class="skip-link"' in page
