"""The anonymous page cache: who is served a kept page, which pages are kept,
and why a kept page is never older than what it shows."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from community import pagecache
from forum.models import Post
from tests.pages import kept

# --- Pages made for these tests (the module is their URLconf) ---------------------------

_render = engines["django"].from_string


def _counting(request):
    """A page that shows "demo" and how often it was rendered."""
    _counting.renders += 1
    return HttpResponse(f"rendered {_counting.renders} times")


_counting.renders = 0


def _changed_while_rendering(request):
    # As if another worker's write committed while this page was being rendered.
    pagecache.pages_changed("demo")
    return _counting(request)


def _with_a_form(request):
    return HttpResponse(_render("<form method='post'>{% csrf_token %}</form>").render(
        request=request))


def _with_a_message(request):
    messages.info(request, "Saved.")
    return HttpResponse(_render("{% for m in messages %}{{ m }}{% endfor %}").render(
        request=request))


def _demo(**kwargs):
    return ["demo"]


urlpatterns = [
    path("demo/counting/", pagecache.cached(_counting, _demo)),
    path("demo/changing/", pagecache.cached(_changed_while_rendering, _demo)),
    path("demo/not-said/", _counting),
    path("demo/form/", pagecache.cached(_with_a_form, _demo)),
    path("demo/message/", pagecache.cached(_with_a_message, _demo)),
    path("", include("community.urls")),  # what the templates' context links to
]

demo_urls = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _count_from_zero():
    _counting.renders = 0


# --- Who is served a kept page ----------------------------------------------------------

def test_a_second_anonymous_visit_costs_no_query(client, thread, django_assert_num_queries):
    url = thread.get_absolute_url()
    first = client.get(url)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_wagtail_page_is_kept_from_its_second_visit(client, forum, django_assert_num_queries):
    # Wagtail finds the page in the database before it can say what it shows,
    # so the first render only teaches the cache which generations to read first.
    assert client.get(forum.url)["X-Cache"] == "miss"
    assert client.get(forum.url)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(forum.url)["X-Cache"] == "hit"


def test_signed_in_people_are_never_served_the_kept_page(client, thread, customer):
    kept(client, thread.get_absolute_url())
    client.force_login(customer)
    page = client.get(thread.get_absolute_url())
    assert "X-Cache" not in page
    assert "Sign out" in page.content.decode()


def test_a_signed_in_persons_page_is_never_kept_for_anyone(client, thread, customer):
    person = Client()
    person.force_login(customer)
    assert "Sign out" in person.get(thread.get_absolute_url()).content.decode()
    page = client.get(thread.get_absolute_url())
    assert page["X-Cache"] == "miss"
    assert "Sign out" not in page.content.decode()
    assert "Sign in" in page.content.decode()


def test_an_anonymous_page_carries_no_csrf_token_and_sets_no_cookie(client, thread):
    page = client.get(thread.get_absolute_url())
    assert not page.cookies
    assert "csrf" not in page.content.decode().lower()


@demo_urls
@pytest.mark.parametrize("address, shown", [
    ("/demo/form/", "csrfmiddlewaretoken"),  # a form with its CSRF token
    ("/demo/message/", "Saved."),  # a one-time message
])
def test_a_page_for_one_visit_is_not_kept(client, db, address, shown):
    for _ in range(3):
        page = client.get(address)
        assert page["X-Cache"] == "miss"
        assert shown in page.content.decode()


@demo_urls
def test_a_page_that_does_not_say_what_it_shows_is_not_kept(client, db):
    client.get("/demo/not-said/")
    page = client.get("/demo/not-said/")
    assert "X-Cache" not in page
    assert page.content == b"rendered 2 times"


def test_htmx_asks_are_never_answered_from_the_cache(client, thread):
    kept(client, thread.get_absolute_url())
    page = client.get(thread.get_absolute_url(), headers={"HX-Request": "true"})
    assert "X-Cache" not in page


def test_a_session_cookie_skips_the_cache_even_when_nobody_is_signed_in(client, thread):
    kept(client, thread.get_absolute_url())
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired"
    assert "X-Cache" not in client.get(thread.get_absolute_url())


def test_the_cache_is_off_with_zero_seconds(client, thread, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as second:
        page = client.get(thread.get_absolute_url())
    assert "X-Cache" not in page
    assert len(second.captured_queries) > 0


# --- Addresses ------------------------------------------------------------------------

@demo_urls
def test_the_query_string_is_part_of_the_address_in_any_order(client, db):
    assert client.get("/demo/counting/?a=1&b=2").content == b"rendered 1 times"
    assert client.get("/demo/counting/?b=2&a=1").content == b"rendered 1 times"
    assert client.get("/demo/counting/?a=1&b=3").content == b"rendered 2 times"
    assert client.get("/demo/counting/").content == b"rendered 3 times"


@demo_urls
def test_repeated_parameters_keep_their_order(client, db):
    # request.GET.get() answers with the last value, so ?x=1&x=2 is not ?x=2&x=1.
    assert client.get("/demo/counting/?x=1&x=2").content == b"rendered 1 times"
    assert client.get("/demo/counting/?x=2&x=1").content == b"rendered 2 times"


@demo_urls
def test_each_host_has_its_own_pages(client, db, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    assert client.get("/demo/counting/", HTTP_HOST="one.example").content == b"rendered 1 times"
    assert client.get("/demo/counting/", HTTP_HOST="two.example").content == b"rendered 2 times"


def test_head_is_answered_from_the_kept_get(client, thread, django_assert_num_queries):
    kept(client, thread.get_absolute_url())
    with django_assert_num_queries(0):
        page = client.head(thread.get_absolute_url())
    assert page.status_code == 200
    assert page["X-Cache"] == "hit"


# --- Never older than what it shows -----------------------------------------------------

@demo_urls
def test_a_page_changed_while_it_rendered_is_never_served(client, db):
    # Its generations were read before the render; the change made them old.
    assert client.get("/demo/changing/").content == b"rendered 1 times"
    assert client.get("/demo/changing/").content == b"rendered 2 times"


@demo_urls
def test_a_page_is_forgotten_when_what_it_shows_changes(client, db):
    assert client.get("/demo/counting/").content == b"rendered 1 times"
    assert client.get("/demo/counting/").content == b"rendered 1 times"
    pagecache.pages_changed("demo")
    assert client.get("/demo/counting/").content == b"rendered 2 times"
    pagecache.everything_changed()
    assert client.get("/demo/counting/").content == b"rendered 3 times"


@demo_urls
def test_a_lost_generation_never_brings_an_old_page_back(client, db):
    from django.core.cache import caches

    client.get("/demo/counting/")
    caches[pagecache.ALIAS].delete("gen:demo")
    assert client.get("/demo/counting/").content == b"rendered 2 times"


def test_a_change_another_process_reports_reaches_this_one(client, thread):
    """Production runs several workers: the generations live in the shared cache,
    so a write reported by another process is seen here."""
    url = thread.get_absolute_url()
    assert "two weeks ago" in kept(client, url)
    # Changed behind the flows' back, so this process hears nothing of it...
    Post.objects.filter(thread=thread).update(body_html="<p>A fortnight ago.</p>")
    assert "two weeks ago" in client.get(url).content.decode()
    # ... until another process says the thread changed.
    another_process = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "settings.CACHES['pages']['LOCATION'] = sys.argv[1]\n"
        "django.setup()\n"
        "from community.pagecache import pages_changed\n"
        "pages_changed(sys.argv[2])\n"
    )
    subprocess.run(
        [sys.executable, "-c", another_process, settings.CACHES["pages"]["LOCATION"],
         f"thread:{thread.pk}"],
        check=True, cwd=Path(settings.BASE_DIR),
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "community.settings.test"},
    )
    assert "A fortnight ago." in client.get(url).content.decode()


# --- What everything shows --------------------------------------------------------------

def test_a_renamed_person_is_renamed_on_kept_pages(client, thread, customer):
    assert "Carla" in kept(client, thread.get_absolute_url())
    customer.display_name = "Carla Diaz"
    customer.save(update_fields=["display_name"])
    assert "Carla Diaz" in client.get(thread.get_absolute_url()).content.decode()


def test_signing_in_leaves_kept_pages_alone(client, thread, customer):
    kept(client, thread.get_absolute_url())
    Client().force_login(customer)  # saves last_login, which no page shows
    assert client.get(thread.get_absolute_url())["X-Cache"] == "hit"


def test_the_sites_name_changes_on_every_kept_page(client, thread):
    from wagtail.models import Site

    from community.models import CommunitySettings

    assert "Service Commons" in kept(client, thread.get_absolute_url())
    site_settings = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.name = "Kettle Club"
    site_settings.save()
    assert "Kettle Club" in client.get(thread.get_absolute_url()).content.decode()


def test_a_forum_unpublished_takes_its_kept_threads_away(client, thread, forum):
    kept(client, thread.get_absolute_url())
    forum.unpublish()
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_forgetting_every_page_after_a_bulk_load(client, thread):
    url = thread.get_absolute_url()
    kept(client, url)
    Post.objects.filter(thread=thread).update(body_html="<p>Loaded in bulk.</p>")
    call_command("forget_cached_pages", stdout=StringIO())
    assert "Loaded in bulk." in client.get(url).content.decode()


def test_the_file_cache_stays_near_its_size(tmp_path, monkeypatch):
    from community import filecache

    monkeypatch.setattr(filecache, "CULL_ONE_IN", 10)
    files = filecache.SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20}})
    for n in range(2000):
        files.set(f"page:{n}", n)
    # It looks on one write in ten, so it runs past its size by a few dozen at most.
    assert len(list(tmp_path.iterdir())) < 20 + 300
    assert files.get("page:1999") == 1999
