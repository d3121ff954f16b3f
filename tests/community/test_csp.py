"""The Content-Security-Policy: every page says what it may run, inline code
carries the page's own fresh nonce, a cached page comes with the policy its
HTML was rendered for, and the admin, the 500 page and Wagtail's own
documents get what they need."""

import base64
import hashlib
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import include, path
from wagtail.documents.models import Document

from community import urls as site_urls
from community.models import User
from tests.e2e.site import CASEY, main_pages

HEADER = "Content-Security-Policy"


def _fails(request):
    raise RuntimeError("a bug")


# The site's own addresses, and one that fails as a bug would.
urlpatterns = [path("fails/", _fails), path("", include(site_urls))]


@pytest.fixture
def demo(db):
    call_command("seed_demo", allow_production=True, verbosity=0, stdout=io.StringIO())


def directives(response):
    """The policy of `response`, as {directive: [sources]}."""
    policy = {}
    for directive in response[HEADER].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


def nonce_of(response):
    (nonce,) = {source[len("'nonce-"):-1] for source in directives(response)["script-src"]
                if source.startswith("'nonce-")}
    return nonce


def test_a_signed_in_page_gets_a_fresh_nonce_every_time(client_as, customer):
    client = client_as(customer)
    first, second = client.get("/"), client.get("/")

    assert first.status_code == second.status_code == 200
    assert nonce_of(first) != nonce_of(second)
    assert len(nonce_of(first)) >= 22  # 128 bits, URL-safe
    policy = directives(first)
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce_of(first)}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce_of(first)}'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_no_main_page_runs_inline_code_without_its_nonce(client, demo):
    """Inline scripts and styles carry the response's nonce; nothing hides code or
    styles in attributes, which no nonce can let in."""
    client.force_login(User.objects.get(email=CASEY))
    pages = {**main_pages(), "notifications": "/notifications/", "profile": "/people/me/"}
    found = {}
    for name, url in pages.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        nonce = nonce_of(response)
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        inline = [element for element in soup.find_all(["script", "style"])
                  if not element.get("src") and element.get("type") != "application/json"]
        wrong = [str(element)[:80] for element in inline if element.get("nonce") != nonce]
        wrong += [f"{element.name} {attribute}" for element in soup.find_all(True)
                  for attribute in element.attrs
                  if attribute == "style" or attribute.startswith(("on", "hx-on"))]
        if wrong:
            found[name] = wrong
    assert not found


def test_a_cached_page_comes_with_the_policy_it_was_rendered_for(client, db):
    """Its HTML was rendered with one nonce: the header kept with it names that one.
    (A Wagtail page's first render only teaches the cache what it shows.)"""
    responses = [client.get("/") for _ in range(3)]

    assert [response["X-Cache"] for response in responses] == ["miss", "miss", "hit"]
    rendered, served = responses[1:]
    assert served[HEADER] == rendered[HEADER]
    assert served.content == rendered.content


def test_the_admin_lets_in_the_inline_code_wagtail_writes(client_as, make_person):
    admin = client_as(make_person("root@example.com", superuser=True))
    response = admin.get("/admin/")

    assert response.status_code == 200
    policy = directives(response)
    # A nonce would turn 'unsafe-inline' off.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.urls(__name__)
def test_the_500_page_keeps_its_own_styles(client):
    client.raise_request_exception = False
    response = client.get("/fails/")

    assert response.status_code == 500
    (style,) = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in directives(response)["style-src"]


def test_a_document_keeps_the_policy_wagtail_serves_it_with(client, db):
    document = Document.objects.create(title="Opening hours",
                                       file=ContentFile(b"Mon-Fri 9-5", name="hours.txt"))
    response = client.get(document.url)

    assert response.status_code == 200
    assert response[HEADER] == "default-src 'none'"
    document.file.delete()


def test_refusals_are_reported_where_the_settings_say(client, db, settings):
    settings.CSP_REPORT_URI = "https://reports.example.com/csp"
    response = client.get("/accounts/login/")

    assert directives(response)["report-uri"] == ["https://reports.example.com/csp"]


def test_django_s_debug_pages_work_for_a_developer(client, db, settings):
    """Under DEBUG, Django's not-found page styles itself inline: no policy stops it."""
    settings.DEBUG = True
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert HEADER not in response
