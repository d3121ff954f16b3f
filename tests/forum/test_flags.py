"""Flagging: who may flag what, once per person per post, within a rate limit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import flows, moderation
from forum.flows import NotAllowed
from forum.models import Flag, Post


@pytest.fixture
def reply(thread, worker):
    return flows.post_reply(thread=thread, author=worker, body="Have you tried turning it off?")


def flag_url(post):
    return reverse("forum:flag_post", args=[post.pk])


@pytest.mark.django_db
def test_customer_flags_someone_elses_post_with_a_reason_and_note(client_as, customer, reply):
    page = client_as(customer).get(flag_url(reply))
    assert page.status_code == 200
    assert "Spam or advertising" in page.text

    response = client_as(customer).post(flag_url(reply), {"reason": "rude", "note": "Sarcastic."})

    assert response.status_code == 302
    assert response["Location"] == reply.get_absolute_url()
    flag = Flag.objects.get()
    assert (flag.post, flag.reporter, flag.reason, flag.note, flag.status) == (
        reply, customer, "rude", "Sarcastic.", Flag.Status.OPEN
    )


@pytest.mark.django_db
def test_flag_once_per_person_per_post(client_as, customer, reply):
    moderation.flag_post(post=reply, reporter=customer, reason="spam")
    with pytest.raises(moderation.AlreadyFlagged):
        moderation.flag_post(post=reply, reporter=customer, reason="rude")

    again = client_as(customer).post(flag_url(reply), {"reason": "rude"})
    assert again.status_code == 200
    assert "You have already flagged this post" in again.text
    assert client_as(customer).get(flag_url(reply)).text.count('name="reason"') == 0
    assert Flag.objects.count() == 1


@pytest.mark.django_db
def test_different_people_flag_the_same_post(customer, moderator, make_person, reply):
    other = make_person("otto@example.com", display_name="Otto")
    moderation.flag_post(post=reply, reporter=customer, reason="spam")
    moderation.flag_post(post=reply, reporter=other, reason="off_topic")
    assert reply.flags.filter(status=Flag.Status.OPEN).count() == 2


@pytest.mark.django_db
def test_a_person_can_flag_again_once_their_flag_is_resolved(customer, moderator, reply):
    moderation.flag_post(post=reply, reporter=customer, reason="spam")
    moderation.resolve_flags(post=reply, moderator=moderator, outcome=Flag.Status.DISMISSED)
    moderation.flag_post(post=reply, reporter=customer, reason="rude")
    assert list(reply.flags.values_list("status", flat=True).order_by("pk")) == [
        "dismissed", "open"
    ]


@pytest.fixture
def suspended(make_person):
    return make_person("sus@example.com", display_name="Sus",
                       suspended_until=timezone.now() + timedelta(days=1))


@pytest.mark.django_db
@pytest.mark.parametrize("who, why", [("worker", "your own post"), ("suspended", "suspended")])
def test_authors_and_suspended_people_cannot_flag(request, client_as, reply, who, why):
    person = request.getfixturevalue(who)
    with pytest.raises(NotAllowed, match=why):
        moderation.flag_post(post=reply, reporter=person, reason="spam")
    response = client_as(person).post(flag_url(reply), {"reason": "spam"})
    assert response.status_code == 403
    assert why in response.text
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_posts_already_taken_down_cannot_be_flagged(client_as, customer, moderator, reply):
    flows.hide_post(post=reply, moderator=moderator)
    reply.refresh_from_db()
    with pytest.raises(NotAllowed):
        moderation.flag_post(post=reply, reporter=customer, reason="spam")
    assert client_as(customer).post(flag_url(reply), {"reason": "spam"}).status_code == 404


@pytest.mark.django_db
def test_posts_in_an_unpublished_forum_cannot_be_flagged(
    client_as, customer, moderator, forum, reply
):
    forum.unpublish()
    client = client_as(customer)
    assert client.get(reply.thread.get_absolute_url()).status_code == 404
    assert client.get(flag_url(reply)).status_code == 404
    assert client.post(flag_url(reply), {"reason": "spam"}).status_code == 404

    reply = Post.objects.select_related("thread__forum").get(pk=reply.pk)
    with pytest.raises(NotAllowed, match="forum is closed"):
        moderation.flag_post(post=reply, reporter=customer, reason="spam")
    # Moderators still read the forum, but there is no one to protect from the post.
    refused = client_as(moderator).post(flag_url(reply), {"reason": "spam"})
    assert refused.status_code == 403 and "forum is closed" in refused.text
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_flagging_needs_signing_in(client, reply):
    response = client.post(flag_url(reply), {"reason": "spam"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_missing_reason_is_explained_and_the_note_kept(client_as, customer, reply):
    response = client_as(customer).post(flag_url(reply), {"note": "Keeps selling kettles."})
    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.text
    assert "Keeps selling kettles." in response.text
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_flagging_is_rate_limited_and_keeps_the_note(
    client_as, settings, thread, customer, make_person
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "forum.flag": "2/h"}
    author = make_person("spam@example.com", display_name="Spammer")
    posts = [flows.post_reply(thread=thread, author=author, body=f"Buy now {n}") for n in range(3)]
    client = client_as(customer)
    for post in posts[:2]:
        assert client.post(flag_url(post), {"reason": "spam"}).status_code == 302

    response = client.post(flag_url(posts[2]), {"reason": "spam", "note": "Third one today."})

    assert response.status_code == 429
    assert "You are doing that too often" in response.text
    assert "Third one today." in response.text
    assert int(response["Retry-After"]) > 0
    assert Flag.objects.count() == 2


@pytest.mark.django_db
def test_a_repeat_flag_does_not_use_up_the_rate_limit(settings, customer, thread, make_person):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "forum.flag": "2/h"}
    author = make_person("spam@example.com", display_name="Spammer")
    first, second = (flows.post_reply(thread=thread, author=author, body=b) for b in "ab")
    moderation.flag_post(post=first, reporter=customer, reason="spam")
    with pytest.raises(moderation.AlreadyFlagged):
        moderation.flag_post(post=first, reporter=customer, reason="spam")
    moderation.flag_post(post=second, reporter=customer, reason="spam")
