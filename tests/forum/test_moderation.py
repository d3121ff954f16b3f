"""Moderator tools on the site: only moderators use them, they do what they say,
and every use is in the audit log."""


import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import ModelLogEntry

from community.models import User
from forum import flows, moderation
from forum.flows import NotAllowed
from forum.models import Flag, ForumPage, Post, Thread
from tests.counters import assert_forum_counts_true


def moderation_requests(moderation_cases):
    """Every moderation URL that takes a POST, as (url, form data)."""
    post, thread = moderation_cases["flagged"], moderation_cases["thread"]
    url = reverse
    return [
        (url("forum:hide_post", args=[post.pk]), {}),
        (url("forum:dismiss_flags", args=[moderation_cases["reported"].pk]), {}),
        (url("forum:suspend_author", args=[post.pk]), {"days": 7, "reason": "Spam"}),
        (url("forum:unhide_post", args=[moderation_cases["hidden"].pk]), {}),
        (url("forum:restore_post", args=[moderation_cases["deleted"].pk]), {}),
        (url("forum:unlock_thread", args=[thread.pk]), {}),
        (url("forum:unpin_thread", args=[thread.pk]), {}),
        (url("forum:lock_thread", args=[thread.pk]), {}),
        (url("forum:pin_thread", args=[thread.pk]), {}),
        (url("forum:move_thread", args=[thread.pk]), {"forum": moderation_cases["other_forum"].pk}),
        (url("forum:lift_suspension", args=[moderation_cases["suspended"].pk]), {}),
    ]


def snapshot():
    return (
        list(Thread.objects.values().order_by("pk")),
        list(Post.objects.values().order_by("pk")),
        list(Flag.objects.values().order_by("pk")),
        list(User.objects.values_list("pk", "suspended_until").order_by("pk")),
        list(ForumPage.objects.values().order_by("pk")),
        ModelLogEntry.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["customer", "worker", "ops", "editor"])
def test_people_who_do_not_moderate_cannot_use_any_moderation_url(request, client_as, moderation_cases, role):
    client = client_as(request.getfixturevalue(role))
    before = snapshot()
    for url, data in moderation_requests(moderation_cases):
        assert client.post(url, data).status_code == 403, url
    history = reverse("forum:post_history", args=[moderation_cases["flagged"].pk])
    assert client.get(history).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(client, moderation_cases):
    before = snapshot()
    for url, data in moderation_requests(moderation_cases):
        response = client.post(url, data)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert snapshot() == before


@pytest.mark.django_db
def test_moderation_urls_take_only_posts(client_as, moderator, moderation_cases):
    before = snapshot()
    for url, _ in moderation_requests(moderation_cases):
        assert client_as(moderator).get(url).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_moderator_can_use_every_moderation_url(client_as, moderator, moderation_cases):
    client = client_as(moderator)
    for url, data in moderation_requests(moderation_cases):
        response = client.post(url, data)
        assert response.status_code == 302, url
    thread = Thread.objects.get(pk=moderation_cases["thread"].pk)
    assert (thread.is_locked, thread.is_pinned, thread.forum_id) == (
        True, True, moderation_cases["other_forum"].pk
    )
    assert Post.objects.get(pk=moderation_cases["flagged"].pk).is_hidden
    assert Post.objects.get(pk=moderation_cases["reported"].pk).is_visible
    assert not Flag.objects.filter(status=Flag.Status.OPEN).exists()
    assert Post.objects.get(pk=moderation_cases["hidden"].pk).is_visible
    assert Post.objects.get(pk=moderation_cases["deleted"].pk).is_visible
    assert not User.objects.get(pk=moderation_cases["suspended"].pk).is_suspended
    assert User.objects.get(pk=moderation_cases["flagged"].author_id).is_suspended
    assert_forum_counts_true(moderation_cases["other_forum"].pk)


@pytest.mark.django_db
def test_moderator_locks_unlocks_pins_and_unpins(client_as, moderator, thread):
    client = client_as(moderator)
    for name, field, value in [
        ("forum:lock_thread", "is_locked", True), ("forum:unlock_thread", "is_locked", False),
        ("forum:pin_thread", "is_pinned", True), ("forum:unpin_thread", "is_pinned", False),
    ]:
        client.post(reverse(name, args=[thread.pk]))
        assert getattr(Thread.objects.get(pk=thread.pk), field) is value, name


@pytest.mark.django_db
def test_locked_thread_refuses_customers_but_not_moderators(thread, customer, moderator):
    flows.set_locked(thread=thread, locked=True, moderator=moderator)
    with pytest.raises(NotAllowed):
        flows.post_reply(thread=thread, author=customer, body="Any news?")
    reply = flows.post_reply(thread=thread, author=moderator, body="Locked: solved by phone.")
    assert reply.thread_id == thread.pk


@pytest.mark.django_db
def test_moving_a_thread_keeps_both_forums_counters_equal_to_their_rows(
    client_as, moderator, forum, make_forum, thread, worker
):
    flows.post_reply(thread=thread, author=worker, body="One")
    hidden = flows.post_reply(thread=thread, author=worker, body="Two")
    flows.hide_post(post=hidden, moderator=moderator)
    wins = make_forum("Wins")

    response = client_as(moderator).post(
        reverse("forum:move_thread", args=[thread.pk]), {"forum": wins.pk}
    )

    assert response.status_code == 302
    assert Thread.objects.get(pk=thread.pk).forum_id == wins.pk
    assert_forum_counts_true(forum.pk)
    assert_forum_counts_true(wins.pk)
    assert ForumPage.objects.get(pk=wins.pk).post_count == 2


@pytest.mark.django_db
def test_moving_to_a_forum_that_is_not_live_changes_nothing(
    client_as, moderator, make_forum, forum, thread
):
    draft = make_forum("Drafts")
    draft.unpublish()
    response = client_as(moderator).post(
        reverse("forum:move_thread", args=[thread.pk]), {"forum": draft.pk, "next": "/"},
        follow=True,
    )
    assert "Choose a forum that is live" in response.text
    assert Thread.objects.get(pk=thread.pk).forum_id == forum.pk


@pytest.mark.django_db
@pytest.mark.parametrize("forum_id", ["99999999999999999999999", "2147483648", "-1", "abc", ""])
def test_moving_to_a_forum_that_cannot_exist_is_explained(
    client_as, moderator, forum, thread, forum_id
):
    response = client_as(moderator).post(
        reverse("forum:move_thread", args=[thread.pk]), {"forum": forum_id, "next": "/"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choose a forum that is live" in response.text
    assert Thread.objects.get(pk=thread.pk).forum_id == forum.pk


@pytest.mark.django_db
def test_moderator_deleting_someone_elses_post_hides_it_on_the_record(
    client, client_as, moderator, customer, worker, thread
):
    reply = flows.post_reply(thread=thread, author=worker, body="Call me on 0123 456 789.")
    moderation.flag_post(post=reply, reporter=customer, reason="private")
    url = reverse("forum:delete_post", args=[reply.pk])
    moderator_client = client_as(moderator)
    assert "Hide this post?" in moderator_client.get(url).text

    page = moderator_client.post(url, follow=True).text

    reply.refresh_from_db()
    assert reply.is_hidden and not reply.is_deleted
    assert "Hidden by a moderator" in page and "Deleted by its author" not in page
    entry = ModelLogEntry.objects.get(action="forum.hide_post")
    assert (entry.user, entry.object_id) == (moderator, str(reply.pk))
    assert list(reply.flags.values_list("status", flat=True)) == [Flag.Status.HIDDEN]
    client.logout()
    assert "This post was hidden by a moderator." in client.get(thread.get_absolute_url()).text


@pytest.mark.django_db
def test_hide_unhide_and_restore_from_the_post_tools(
    client_as, moderator, customer, thread, worker
):
    reply = flows.post_reply(thread=thread, author=worker, body="Mind your own business.")
    moderation.flag_post(post=reply, reporter=customer, reason="rude")
    client = client_as(moderator)

    client.post(reverse("forum:hide_post", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.is_hidden
    # Hiding on the site settles the post's flags as well.
    assert list(reply.flags.values_list("status", flat=True)) == [Flag.Status.HIDDEN]

    client.post(reverse("forum:unhide_post", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.is_visible

    flows.delete_post(post=reply, user=worker)
    client.post(reverse("forum:restore_post", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.is_visible


@pytest.mark.django_db
def test_moderator_goes_back_to_the_page_they_came_from_and_never_off_site(
    client_as, moderator, thread
):
    url = reverse("forum:pin_thread", args=[thread.pk])
    back = client_as(moderator).post(url, {"next": "/admin/forum/flags/?p=2"})
    assert back["Location"] == "/admin/forum/flags/?p=2"
    away = client_as(moderator).post(url, {"next": "https://evil.example/"})
    assert away["Location"] == thread.get_absolute_url()


@pytest.mark.django_db
def test_post_history_lists_revisions_with_who_and_when_for_moderators_only(
    client, client_as, moderator, customer, thread
):
    opening = thread.posts.get(number=1)
    flows.edit_post(post=opening, editor=customer, body="I returned a kettle. Still nothing.")
    flows.edit_post(post=opening, editor=moderator, body="Removed a phone number.")
    url = reverse("forum:post_history", args=[opening.pk])

    page = client_as(moderator).get(url)

    assert page.status_code == 200
    text = page.text
    assert "Removed a phone number." in text
    assert "I returned a kettle two weeks ago" in text
    assert "I returned a kettle. Still nothing." in text
    assert text.index("Still nothing") < text.index("two weeks ago")  # newest first
    assert "Carla" in text and "Mo" in text
    assert client_as(customer).get(url).status_code == 403


@pytest.mark.django_db
def test_every_moderator_action_is_in_the_audit_log_under_the_moderators_name(
    client_as, moderator, moderation_cases
):
    client = client_as(moderator)
    for url, data in moderation_requests(moderation_cases):
        client.post(url, data)
    client.post(reverse("forum:unlock_thread", args=[moderation_cases["thread"].pk]))
    client.post(reverse("forum:unpin_thread", args=[moderation_cases["thread"].pk]))

    logged = set(ModelLogEntry.objects.filter(user=moderator).values_list("action", flat=True))
    assert {
        "forum.hide_post", "forum.unhide_post", "forum.restore_post", "forum.lock",
        "forum.unlock", "forum.pin", "forum.unpin", "forum.move", "forum.dismiss_flags",
        "community.suspend", "community.restore",
    } <= logged


@pytest.mark.django_db
def test_dismissing_nothing_writes_no_log_entry(moderator, thread):
    opening = thread.posts.get(number=1)
    assert moderation.resolve_flags(
        post=opening, moderator=moderator, outcome=Flag.Status.DISMISSED
    ) == 0
    assert not ModelLogEntry.objects.filter(action="forum.dismiss_flags").exists()


@pytest.mark.django_db
def test_superuser_reads_moderator_actions_in_site_history(
    client_as, superuser, moderator, thread, worker
):
    reply = flows.post_reply(thread=thread, author=worker, body="Rude words")
    flows.hide_post(post=reply, moderator=moderator)
    flows.set_locked(thread=thread, locked=True, moderator=moderator)

    page = client_as(superuser).get(reverse("wagtailadmin_reports:site_history"))

    assert page.status_code == 200
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        for row in BeautifulSoup(page.text, "html.parser").select("tbody tr")
    ]
    assert ["Where is my refund? #2", "Post", "Post hidden", "Mo"] in [row[:4] for row in rows]
    assert ["Where is my refund?", "Thread", "Thread locked", "Mo"] in [row[:4] for row in rows]
    assert "Hide post" in page.text  # the action filter offers it by its label
