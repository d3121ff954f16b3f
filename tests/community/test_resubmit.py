"""One submit, one object: a double click or a form sent again a moment later
makes one thread, reply or idea, answers both with it, and counts, notifies and
rate-limits it once. Two identical submits at the very same moment make one
row too, on PostgreSQL where their transactions really overlap."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from community.notifications.models import Notification
from community.resubmit import REPEAT_WINDOW
from forum import flows as forum_flows
from forum.models import ForumPage, Post, Thread
from practices import flows as idea_flows
from practices.models import Evidence, Idea
from tests.concurrency import all_at_once, concurrent
from tests.counters import assert_forum_counts_true

IDEA = {"title": "Text people where their refund is", "problem": "Nobody knows.",
        "proposal": "A message at each step.", "outcome": "Fewer calls."}


def twice(client, url, data):
    return [client.post(url, data) for _ in range(2)]


def reply_url(thread):
    return reverse("forum:reply", args=[thread.pk])


def long_ago(queryset):
    """Move what `queryset` holds out of the window in which a repeat is one."""
    queryset.update(created_at=queryset.get().created_at - REPEAT_WINDOW - timedelta(seconds=1))


@pytest.mark.django_db
def test_a_thread_sent_twice_is_started_once(client_as, forum, worker):
    sent = {"title": "Where is my parcel?", "body": "It left a week ago."}
    first, second = twice(client_as(worker), forum.url + "new/", sent)

    thread = Thread.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == thread.get_absolute_url()
    assert ForumPage.objects.get(pk=forum.pk).thread_count == 1
    assert_forum_counts_true(forum.pk)


@pytest.mark.django_db
def test_a_reply_sent_twice_is_posted_and_announced_once(
    client_as, django_capture_on_commit_callbacks, thread, worker, customer
):
    with django_capture_on_commit_callbacks(execute=True):
        first, second = twice(
            client_as(worker), reply_url(thread), {"body": "Mine came back today."})

    reply = Post.objects.get(thread=thread, number=2)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert first["Location"].endswith(f"#post-{reply.pk}")
    assert Thread.objects.get(pk=thread.pk).reply_count == 1
    assert Notification.objects.filter(event="forum.reply", recipient=customer).count() == 1
    assert_forum_counts_true(thread.forum_id)


@pytest.mark.django_db
def test_the_repeat_does_not_use_up_the_rate_limit(client_as, thread, worker):
    client = client_as(worker)
    with override_settings(RATE_LIMITS={"forum.reply": "1/h"}):
        first, second = twice(client, reply_url(thread), {"body": "Same for me."})
        assert first.status_code == second.status_code == 302
        # A different reply is a new one, and the limit counts it.
        assert client.post(reply_url(thread), {"body": "And again."}).status_code == 429


@pytest.mark.django_db
def test_other_words_or_a_later_repeat_are_new_replies(client_as, thread, worker, customer):
    client = client_as(worker)
    client.post(reply_url(thread), {"body": "Same here."})
    client.post(reply_url(thread), {"body": "Same here!"})
    # Someone else's identical words are theirs.
    client_as(customer).post(reply_url(thread), {"body": "Same here."})
    long_ago(Post.objects.filter(author=worker, body="Same here."))
    client_as(worker).post(reply_url(thread), {"body": "Same here."})

    assert Thread.objects.get(pk=thread.pk).reply_count == 4


@pytest.mark.django_db
def test_a_deleted_reply_sent_again_is_posted_again(thread, worker):
    first = forum_flows.post_reply(thread=thread, author=worker, body="Oops, wrong thread.")
    forum_flows.delete_post(post=first, user=worker)
    again = forum_flows.post_reply(thread=thread, author=worker, body="Oops, wrong thread.")
    assert again.pk != first.pk and not again.is_deleted


@pytest.mark.django_db
def test_an_idea_sent_twice_is_submitted_once(client_as, board, worker):  # noqa: F811
    first, second = twice(client_as(worker), board.url + "new/", IDEA)

    idea = Idea.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == idea.get_absolute_url()


@pytest.mark.django_db
def test_a_thread_promoted_twice_makes_one_idea_with_one_piece_of_evidence(
    client_as, board, thread, worker  # noqa: F811
):
    url = reverse("ideas:promote", args=[thread.pk])
    form = {**IDEA, "title": thread.title, "problem": thread.posts.get(number=1).body}
    first, second = twice(client_as(worker), url, form)

    idea = Idea.objects.get()
    assert first["Location"] == second["Location"] == idea.get_absolute_url()
    assert Evidence.objects.filter(idea=idea, thread=thread).count() == idea.evidence_count == 1


# --- At the very same moment ------------------------------------------------------------

SUBMITS = {
    "thread": lambda forum, thread, person: forum_flows.start_thread(
        forum=forum, author=person, title="Both at once", body="Sent twice."),
    "reply": lambda forum, thread, person: forum_flows.post_reply(
        thread=thread, author=person, body="Sent twice."),
    "idea": lambda forum, thread, person: idea_flows.submit_idea(person, **IDEA),
}


@concurrent
@pytest.mark.parametrize("kind", SUBMITS)
def test_two_identical_submits_at_the_same_moment_make_one(forum, thread, make_person, kind):
    from community import roles

    submit = SUBMITS[kind]
    # One round may run the two one after the other; several make a real collision likely.
    for n in range(5):
        person = make_person(f"clicker{n}@example.com", roles.CUSTOMER, roles.WORKER)
        made = all_at_once(*[lambda: submit(forum, thread, person)] * 2)
        assert made[0].pk == made[1].pk

    assert Thread.objects.filter(title="Both at once").count() == (5 if kind == "thread" else 0)
    assert Post.objects.filter(body="Sent twice.").count() == (5 if kind != "idea" else 0)
    assert Idea.objects.count() == (5 if kind == "idea" else 0)
    assert_forum_counts_true(forum.pk)
