"""Who is told about a reply posted through the thread page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.notifications.models import Notification
from forum import flows
from forum.models import Thread


def told(event):
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


@pytest.mark.django_db
def test_reply_tells_followers_and_mentioned_people_but_not_its_author(
    client_as, django_capture_on_commit_callbacks, thread, customer, worker, ops, editor
):
    client_as(ops).post(reverse("forum:follow", args=[thread.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(worker).post(
            reverse("forum:reply", args=[thread.pk]),
            {"body": f"Refund sent. @{editor.handle}, can you add this to the returns guide?"},
        )
    assert response.status_code == 302

    # The thread's author follows it from the start; ops chose to follow it.
    assert told("forum.reply") == {customer.email, ops.email}
    assert told("forum.mention") == {editor.email}
    reply = Notification.objects.get(event="forum.reply", recipient=customer)
    assert reply.actor == worker and reply.url == thread.posts.get(number=2).get_absolute_url()


@pytest.mark.django_db
def test_a_mentioned_follower_hears_once(client_as, django_capture_on_commit_callbacks,
                                         thread, customer, worker):
    with django_capture_on_commit_callbacks(execute=True):
        client_as(worker).post(reverse("forum:reply", args=[thread.pk]),
                               {"body": f"@{customer.handle} it is on its way."})
    assert told("forum.mention") == {customer.email}
    assert told("forum.reply") == set()


@pytest.mark.django_db
def test_unfollowing_stops_reply_notifications(client_as, django_capture_on_commit_callbacks,
                                               thread, customer, worker):
    client_as(customer).post(reverse("forum:unfollow", args=[thread.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client_as(worker).post(reverse("forum:reply", args=[thread.pk]), {"body": "Done."})
    assert told("forum.reply") == set()


@pytest.mark.django_db
def test_marked_solution_tells_the_replier(client_as, django_capture_on_commit_callbacks,
                                           thread, customer, worker):
    reply = flows.post_reply(thread=thread, author=worker, body="Refund sent.")
    with django_capture_on_commit_callbacks(execute=True):
        client_as(customer).post(reverse("forum:mark_solution", args=[reply.pk]))
    assert told("forum.solution") == {worker.email}


@pytest.mark.django_db
def test_followers_hear_of_a_reply_corrected_before_the_news_went_out(
    django_capture_on_commit_callbacks, thread, customer, worker
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = flows.post_reply(thread=thread, author=worker, body="Refund snet today.")
        flows.edit_post(post=reply, editor=worker, body="Refund sent today.")
    assert told("forum.reply") == {customer.email}


@pytest.mark.django_db
def test_nobody_hears_of_posts_in_an_unpublished_forum(
    django_capture_on_commit_callbacks, forum, thread, customer, moderator, editor
):
    forum.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        flows.post_reply(thread=Thread.objects.get(pk=thread.pk), author=moderator,
                         body=f"@{editor.handle}, please check this before the forum opens.")
    assert told("forum.mention") == set()
    assert told("forum.reply") == set()


@pytest.mark.django_db
def test_a_post_taken_down_is_no_longer_news(
    client_as, django_capture_on_commit_callbacks, thread, customer, worker, ops, editor,
    moderator
):
    client_as(ops).post(reverse("forum:follow", args=[thread.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        spam = flows.post_reply(thread=thread, author=worker,
                                body=f"@{editor.handle} cheap kettles at kettles.example")
    assert told("forum.reply") == {customer.email, ops.email}
    assert "Walt replied to" in client_as(customer).get(reverse("notifications:list")).text
    # Ops read theirs, on the site and by e-mail: that is history, and it stays.
    Notification.objects.filter(recipient=ops).update(
        read_at=timezone.now(), emailed_at=timezone.now()
    )

    flows.hide_post(post=spam, moderator=moderator)

    assert told("forum.reply") == {ops.email}
    assert told("forum.mention") == set()
    listed = client_as(customer).get(reverse("notifications:list")).text
    assert "Walt replied to" not in listed
