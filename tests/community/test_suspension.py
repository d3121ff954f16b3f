"""Suspension: a moderator stops someone writing for 1, 7 or 30 days, and can lift it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from community import people
from forum import flows, moderation
from forum.flows import NotAllowed
from forum.models import Flag, Post, Reaction, Subscription, Thread


@pytest.fixture
def rude_reply(thread, worker, customer):
    reply = flows.post_reply(thread=thread, author=worker, body="Read the manual.")
    moderation.flag_post(post=reply, reporter=customer, reason="rude")
    return reply


@pytest.mark.django_db
def test_suspended_author_cannot_post_reply_start_threads_or_flag(
    moderator, rude_reply, thread, forum, worker
):
    until = moderation.suspend_author(post=rude_reply, moderator=moderator, days=7, reason="Rude")

    worker.refresh_from_db()
    assert worker.suspended_until == until
    assert timedelta(days=6, hours=23) < until - timezone.now() <= timedelta(days=7)
    with pytest.raises(NotAllowed, match="suspended"):
        flows.post_reply(thread=thread, author=worker, body="Sorry.")
    with pytest.raises(NotAllowed, match="suspended"):
        flows.start_thread(forum=forum, author=worker, title="Hi", body="New start")
    with pytest.raises(NotAllowed, match="suspended"):
        moderation.flag_post(post=thread.posts.get(number=1), reporter=worker, reason="spam")


@pytest.mark.django_db
def test_suspending_hides_the_post_and_closes_its_flags(moderator, rude_reply):
    moderation.suspend_author(post=rude_reply, moderator=moderator, days=1)
    rude_reply.refresh_from_db()
    assert rude_reply.is_hidden
    assert set(rude_reply.flags.values_list("status", flat=True)) == {Flag.Status.HIDDEN}


@pytest.mark.django_db
def test_a_suspension_ends_by_itself(moderator, rude_reply, thread, worker):
    moderation.suspend_author(post=rude_reply, moderator=moderator, days=1)
    worker.refresh_from_db()
    worker.suspended_until = timezone.now() - timedelta(seconds=1)
    worker.save(update_fields=["suspended_until"])
    assert flows.post_reply(thread=thread, author=worker, body="Back again.")


@pytest.mark.django_db
def test_lifting_a_suspension_lets_the_person_post_again(
    client_as, moderator, rude_reply, thread, worker
):
    moderation.suspend_author(post=rude_reply, moderator=moderator, days=30)

    response = client_as(moderator).post(reverse("forum:lift_suspension", args=[worker.pk]))

    assert response.status_code == 302
    worker.refresh_from_db()
    assert not worker.is_suspended
    assert flows.post_reply(thread=thread, author=worker, body="Thanks for understanding.")
    entry = ModelLogEntry.objects.get(action="community.restore")
    assert entry.user == moderator


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, 2, 365])
def test_suspensions_last_one_seven_or_thirty_days(moderator, rude_reply, worker, days):
    with pytest.raises(NotAllowed):
        moderation.suspend_author(post=rude_reply, moderator=moderator, days=days)
    worker.refresh_from_db()
    assert not worker.is_suspended


@pytest.mark.django_db
def test_moderators_cannot_suspend_themselves_or_each_other(
    moderator, make_person, thread
):
    from community import roles

    other = make_person("mia@example.com", roles.CUSTOMER, roles.MODERATOR, display_name="Mia")
    own = flows.post_reply(thread=thread, author=moderator, body="Mine")
    theirs = flows.post_reply(thread=thread, author=other, body="Hers")
    for post in (own, theirs):
        with pytest.raises(NotAllowed):
            moderation.suspend_author(post=post, moderator=moderator, days=1)
    other.refresh_from_db()
    moderator.refresh_from_db()
    assert not other.is_suspended and not moderator.is_suspended


@pytest.mark.django_db
def test_refused_suspension_is_explained_on_the_page(client_as, moderator, thread, superuser):
    own = flows.post_reply(thread=thread, author=superuser, body="Admin here")
    response = client_as(moderator).post(
        reverse("forum:suspend_author", args=[own.pk]), {"days": 7, "next": "/"}, follow=True
    )
    assert "cannot be suspended" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["customer", "worker", "ops", "editor"])
def test_only_moderators_suspend_or_lift(request, client_as, moderator, rude_reply, worker, role):
    client = client_as(request.getfixturevalue(role))
    assert client.post(
        reverse("forum:suspend_author", args=[rude_reply.pk]), {"days": 7}
    ).status_code == 403
    worker.refresh_from_db()
    assert not worker.is_suspended

    moderation.suspend_author(post=rude_reply, moderator=moderator, days=7)
    assert client.post(reverse("forum:lift_suspension", args=[worker.pk])).status_code == 403
    worker.refresh_from_db()
    assert worker.is_suspended
    with pytest.raises(NotAllowed):
        moderation.lift_suspension(person=worker, moderator=request.getfixturevalue(role))


@pytest.mark.django_db
def test_suspensions_are_in_the_audit_log_with_reason_and_end(moderator, rude_reply, worker):
    until = moderation.suspend_author(post=rude_reply, moderator=moderator, days=7, reason="Rude")
    entry = ModelLogEntry.objects.get(action="community.suspend")
    assert (entry.user, entry.object_id, entry.data["reason"], entry.data["until"]) == (
        moderator, str(worker.pk), "Rude", until.isoformat()
    )


@pytest.fixture
def suspended_asker(thread, customer, worker, forum, moderator):
    """The customer who asked `thread`, suspended after a worker replied, with
    everything they might try: `reply` (the worker's), `opening` (their own
    question) and `elsewhere` (a thread they do not follow)."""
    reply = flows.post_reply(thread=thread, author=worker, body="Refund sent today.")
    elsewhere = flows.start_thread(forum=forum, author=worker, title="Opening hours",
                                   body="When do you open on Sundays?")
    people.suspend(customer, until=timezone.now() + timedelta(days=7), moderator=moderator)
    return {"person": customer, "thread": thread, "reply": reply,
            "opening": thread.posts.get(number=1), "elsewhere": elsewhere}


# What a suspended person might try: the address, and the flow the page calls.
TRIES = {
    "react": ("forum:helpful", "reply",
              lambda s: flows.toggle_helpful(post=s["reply"], user=s["person"])),
    "edit": ("forum:edit_post", "opening",
             lambda s: flows.edit_post(post=s["opening"], editor=s["person"], body="Changed")),
    "delete": ("forum:delete_post", "opening",
               lambda s: flows.delete_post(post=s["opening"], user=s["person"])),
    "follow": ("forum:follow", "elsewhere",
               lambda s: flows.follow(s["elsewhere"], s["person"])),
    "mark-solution": ("forum:mark_solution", "reply",
                      lambda s: flows.mark_solution(thread=s["thread"], post=s["reply"],
                                                    user=s["person"])),
}


def forum_state():
    return (
        list(Post.objects.values_list("pk", "body", "is_deleted", "is_hidden")),
        list(Thread.objects.values_list("pk", "solution_id", "is_hidden")),
        Reaction.objects.count(),
        sorted(Subscription.objects.values_list("thread_id", "user_id")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(TRIES))
def test_suspended_person_is_told_why_and_nothing_changes(client_as, suspended_asker, action):
    url_name, target, flow = TRIES[action]
    before = forum_state()

    response = client_as(suspended_asker["person"]).post(
        reverse(url_name, args=[suspended_asker[target].pk]), {"body": "Changed"}
    )

    assert response.status_code == 403
    assert "Your account is suspended" in response.text
    with pytest.raises(NotAllowed, match="suspended"):
        flow(suspended_asker)
    assert forum_state() == before


@pytest.mark.django_db
def test_suspended_person_is_offered_unfollow_but_not_follow(client_as, suspended_asker):
    client = client_as(suspended_asker["person"])
    elsewhere = client.get(suspended_asker["elsewhere"].get_absolute_url()).text
    assert reverse("forum:follow", args=[suspended_asker["elsewhere"].pk]) not in elsewhere
    own = client.get(suspended_asker["thread"].get_absolute_url()).text
    assert reverse("forum:unfollow", args=[suspended_asker["thread"].pk]) in own

    client.post(reverse("forum:unfollow", args=[suspended_asker["thread"].pk]))
    assert not Subscription.objects.filter(user=suspended_asker["person"]).exists()
