"""The flag queue in the Wagtail admin, for moderators only."""

import itertools

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from community import roles
from forum import flows, moderation
from forum.flows import NotAllowed
from forum.models import Flag, Post

QUEUE = "/admin/forum/flags/"


@pytest.fixture
def spammer(make_person):
    return make_person("spam@example.com", roles.CUSTOMER, display_name="Spammer")


@pytest.fixture
def flag_posts(thread, spammer, make_person):
    """`flag_posts(n, reporters=1)`: n replies by the spammer, each flagged."""
    reporters = [
        make_person(f"reporter{n}@example.com", roles.CUSTOMER, display_name=f"Reporter {n}")
        for n in range(3)
    ]

    offers = itertools.count()  # each reply its own words: the same twice would be one

    def make(n, flags_each=1):
        posts = []
        for i in range(n):
            post = flows.post_reply(
                thread=thread, author=spammer, body=f"Cheap kettles, offer {next(offers)}")
            for reporter in reporters[:flags_each]:
                moderation.flag_post(post=post, reporter=reporter, reason="spam",
                                     note=f"Seen {i} times")
            posts.append(post)
        return posts

    return make


def test_queue_url_is_where_the_admin_registers_it():
    assert reverse("forum_flag_queue") == QUEUE


@pytest.mark.django_db
def test_moderator_sees_flags_in_the_menu_with_the_open_count(client_as, moderator, flag_posts):
    flag_posts(2, flags_each=2)
    page = client_as(moderator).get("/admin/")
    assert "Flags (4)" in page.text
    assert QUEUE in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ops", "editor"])
def test_admin_users_who_do_not_moderate_neither_see_nor_open_the_queue(
    request, client_as, flag_posts, role
):
    flag_posts(1)
    client = client_as(request.getfixturevalue(role))
    assert QUEUE not in client.get("/admin/").text
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["customer", "worker"])
def test_people_without_admin_access_are_told_no(request, client_as, flag_posts, role):
    flag_posts(1)
    response = client_as(request.getfixturevalue(role)).get(QUEUE, follow=True)
    assert response.status_code == 403


@pytest.mark.django_db
def test_queue_lists_open_flags_grouped_per_post_oldest_first(
    client_as, moderator, flag_posts, spammer
):
    older, newer, settled = flag_posts(3, flags_each=2)
    moderation.resolve_flags(post=settled, moderator=moderator, outcome=Flag.Status.DISMISSED)

    page = client_as(moderator).get(QUEUE)

    assert page.status_code == 200
    text = page.text
    assert "offer 0" in text and "offer 1" in text
    assert "offer 2" not in text
    assert text.index("offer 0") < text.index("offer 1")
    assert text.count("<strong>2 flags</strong>") == 2
    assert text.count("Spam or advertising, by") == 4
    assert "Seen 0 times" in text and "Reporter 1" in text
    assert older.get_absolute_url() in text and spammer.get_absolute_url() in text
    assert "Where is my refund?" in text


@pytest.mark.django_db
def test_queue_says_when_nothing_waits(client_as, moderator):
    assert "No posts are waiting for a moderator." in client_as(moderator).get(QUEUE).text


@pytest.mark.django_db
def test_queue_paginates(client_as, settings, moderator, flag_posts):
    settings.RATE_LIMITS = {}  # 23 replies and flags by the same people
    flag_posts(23)
    client = client_as(moderator)
    first = client.get(QUEUE)
    assert "23 flagged posts" in first.text
    assert first.text.count("Hide post") == 20
    second = client.get(QUEUE, {"p": 2})
    assert second.text.count("Hide post") == 3


@pytest.mark.django_db
def test_queue_queries_do_not_grow_with_its_rows(client_as, moderator, flag_posts):
    client = client_as(moderator)

    def queries_for_page():
        client.get(QUEUE)  # warm caches (site root, permissions) that every admin page fills
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE).status_code == 200
        return len(queries)

    flag_posts(2, flags_each=1)
    small = queries_for_page()
    flag_posts(6, flags_each=3)
    assert queries_for_page() == small


@pytest.mark.django_db
def test_hide_from_the_queue_hides_the_post_and_closes_its_flags(
    client_as, moderator, flag_posts
):
    post, other = flag_posts(2, flags_each=2)

    response = client_as(moderator).post(
        reverse("forum:hide_post", args=[post.pk]), {"next": QUEUE}
    )

    assert response.status_code == 302 and response["Location"] == QUEUE
    assert Post.objects.get(pk=post.pk).is_hidden
    assert set(post.flags.values_list("status", "resolved_by")) == {
        (Flag.Status.HIDDEN, moderator.pk)
    }
    assert other.flags.filter(status=Flag.Status.OPEN).count() == 2
    entry = ModelLogEntry.objects.get(action="forum.hide_post")
    assert entry.user == moderator and "Spam or advertising" in entry.data["reason"]
    page = client_as(moderator).get(QUEUE)
    assert "offer 0" not in page.text and "offer 1" in page.text


@pytest.mark.django_db
def test_dismiss_from_the_queue_keeps_the_post_and_closes_its_flags(
    client_as, moderator, flag_posts
):
    (post,) = flag_posts(1, flags_each=3)

    client_as(moderator).post(reverse("forum:dismiss_flags", args=[post.pk]), {"next": QUEUE})

    assert Post.objects.get(pk=post.pk).is_visible
    assert set(post.flags.values_list("status", flat=True)) == {Flag.Status.DISMISSED}
    entry = ModelLogEntry.objects.get(action="forum.dismiss_flags")
    assert (entry.user, entry.data["flags"]) == (moderator, 3)
    assert "offer 0" not in client_as(moderator).get(QUEUE).text


@pytest.mark.django_db
def test_suspend_author_from_the_queue_for_seven_days(
    client_as, moderator, flag_posts, spammer, thread
):
    (post,) = flag_posts(1)

    client_as(moderator).post(
        reverse("forum:suspend_author", args=[post.pk]),
        {"days": 7, "reason": "Selling kettles", "next": QUEUE},
    )

    spammer.refresh_from_db()
    assert spammer.is_suspended
    assert 6.9 < (spammer.suspended_until - post.created_at).total_seconds() / 86400 < 7.1
    assert Post.objects.get(pk=post.pk).is_hidden
    assert set(post.flags.values_list("status", flat=True)) == {Flag.Status.HIDDEN}
    with pytest.raises(NotAllowed):
        flows.post_reply(thread=thread, author=spammer, body="Still selling")


@pytest.mark.django_db
def test_suspending_needs_the_suspend_permission_as_well(
    client_as, make_person, flag_posts, spammer
):
    (post,) = flag_posts(1)
    only_moderates = make_person("half@example.com", roles.CUSTOMER, display_name="Half")
    only_moderates.user_permissions.add(
        Permission.objects.get(codename="moderate_forum"),
        Permission.objects.get(codename="access_admin"),
    )
    client = client_as(only_moderates)

    assert 'name="days"' not in client.get(QUEUE).text
    response = client.post(reverse("forum:suspend_author", args=[post.pk]), {"days": 7})

    assert response.status_code == 403
    spammer.refresh_from_db()
    assert not spammer.is_suspended
    assert Post.objects.get(pk=post.pk).is_visible


@pytest.mark.django_db
def test_queue_actions_are_csrf_protected(moderator, flag_posts):
    from django.test import Client

    (post,) = flag_posts(1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(reverse("forum:hide_post", args=[post.pk])).status_code == 403
    assert Post.objects.get(pk=post.pk).is_visible
