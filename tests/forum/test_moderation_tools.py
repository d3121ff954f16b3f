"""The moderator tools and the Flag link on the thread page: who sees what."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import flows


def url(name, obj):
    return reverse(name, args=[obj.pk])


@pytest.mark.django_db
def test_moderator_sees_thread_and_post_tools(client_as, moderator, thread, moderation_cases):
    page = client_as(moderator).get(thread.get_absolute_url()).text

    for action in ("forum:lock_thread", "forum:pin_thread", "forum:move_thread"):
        assert url(action, thread) in page
    assert ">Getting help</option>" in page and ">Wins</option>" in page
    assert url("forum:hide_post", moderation_cases["reported"]) in page
    assert url("forum:unhide_post", moderation_cases["hidden"]) in page
    assert url("forum:restore_post", moderation_cases["deleted"]) in page
    assert url("forum:post_history", moderation_cases["reported"]) in page
    assert url("forum:post_history", moderation_cases["hidden"]) not in page  # never edited
    assert url("forum:suspend_author", moderation_cases["reported"]) in page
    assert "Hide thread" in page


@pytest.mark.django_db
def test_locked_and_pinned_threads_offer_unlock_and_unpin(client_as, moderator, thread):
    flows.set_locked(thread=thread, locked=True, moderator=moderator)
    flows.set_pinned(thread=thread, pinned=True, moderator=moderator)
    page = client_as(moderator).get(thread.get_absolute_url()).text
    assert url("forum:unlock_thread", thread) in page and url("forum:unpin_thread", thread) in page
    assert url("forum:lock_thread", thread) not in page


@pytest.mark.django_db
def test_people_see_a_flag_link_on_other_peoples_visible_posts_only(
    client_as, customer, thread, moderation_cases
):
    page = client_as(customer).get(thread.get_absolute_url()).text
    assert url("forum:flag_post", moderation_cases["reported"]) in page
    assert url("forum:flag_post", thread.posts.get(number=1)) not in page  # their own
    assert url("forum:flag_post", moderation_cases["hidden"]) not in page
    for moderator_only in ("forum:lock_thread", "forum:move_thread"):
        assert url(moderator_only, thread) not in page
    assert url("forum:hide_post", moderation_cases["reported"]) not in page
    assert url("forum:post_history", moderation_cases["reported"]) not in page
    assert url("forum:suspend_author", moderation_cases["reported"]) not in page


@pytest.mark.django_db
def test_visitors_and_suspended_people_see_no_flag_link(client, client_as, make_person, thread):
    assert "/flag/" not in client.get(thread.get_absolute_url()).text
    suspended = make_person("sus@example.com", display_name="Sus",
                            suspended_until=timezone.now() + timedelta(days=1))
    assert "/flag/" not in client_as(suspended).get(thread.get_absolute_url()).text


@pytest.mark.django_db
def test_moderator_can_lift_a_suspension_from_the_post(client_as, moderator, thread, customer):
    customer.suspended_until = timezone.now() + timedelta(days=2)
    customer.save(update_fields=["suspended_until"])
    page = client_as(moderator).get(thread.get_absolute_url()).text
    assert url("forum:lift_suspension", customer) in page
    assert url("forum:suspend_author", thread.posts.get(number=1)) not in page


@pytest.mark.django_db
def test_moderator_thread_page_queries_do_not_grow_with_posts(
    client_as, settings, moderator, thread, worker, make_person
):
    settings.RATE_LIMITS = {}
    client = client_as(moderator)

    def queries_for_page():
        client.get(thread.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(thread.get_absolute_url()).status_code == 200
        return len(queries)

    flows.post_reply(thread=thread, author=worker, body="One")
    small = queries_for_page()
    for n in range(6):
        author = make_person(f"p{n}@example.com", display_name=f"P{n}")
        reply = flows.post_reply(thread=thread, author=author, body=f"Reply {n}")
        flows.edit_post(post=reply, editor=author, body=f"Edited {n}")
    assert queries_for_page() == small
