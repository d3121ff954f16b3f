"""Comments on ideas: who may write them, what they render to, who hears of
them, and how moderators take them down."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from community.notifications.models import Notification
from community.ratelimit import RateLimited
from community.writing import BODY_MAX
from practices import flows
from practices.models import IdeaComment
from tests.fixtures.ideas import idea_url


def told(event):
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


def comment_url(idea):
    return reverse("ideas:comment", args=[idea.pk])


@pytest.mark.django_db
def test_customers_and_workers_comment_in_markdown(idea, customer, worker):
    first = flows.add_comment(idea, customer, "This **matters** to me")
    second = flows.add_comment(idea, worker, "On it")
    assert "<strong>matters</strong>" in first.body_html
    assert list(idea.comments.all()) == [first, second]


@pytest.mark.django_db
def test_signed_out_suspended_and_merged_are_refused(idea, customer, make_idea, ops):
    with pytest.raises(flows.NotAllowed):
        flows.add_comment(idea, AnonymousUser(), "Hello")
    target = make_idea("Target")
    flows.merge_ideas(idea, target, ops)
    with pytest.raises(flows.NotAllowed, match="merged"):
        flows.add_comment(idea, customer, "Hello")
    assert not IdeaComment.objects.exists()


@pytest.mark.django_db
def test_suspended_people_cannot_comment(idea, customer):
    customer.suspended_until = timezone.now() + timedelta(days=1)
    assert not flows.can_comment(customer, idea)
    with pytest.raises(flows.NotAllowed, match="suspended"):
        flows.add_comment(idea, customer, "Hello")


@pytest.mark.django_db
def test_empty_and_overlong_comments_are_refused(idea, customer):
    with pytest.raises(flows.NotAllowed):
        flows.add_comment(idea, customer, "   ")
    with pytest.raises(flows.NotAllowed, match="at most"):
        flows.add_comment(idea, customer, "x" * (BODY_MAX + 1))


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"ideas.comment": "2/m"})
def test_comments_are_rate_limited(idea, customer):
    flows.add_comment(idea, customer, "One")
    flows.add_comment(idea, customer, "Two")
    with pytest.raises(RateLimited):
        flows.add_comment(idea, customer, "Three")


@pytest.mark.django_db
def test_submitter_and_mentioned_people_are_told_once(
    django_capture_on_commit_callbacks, idea, worker, customer, editor, ops
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = flows.add_comment(idea, customer, f"@{editor.handle} have a look")
    assert told("forum.mention") == {editor.email}
    assert told("ideas.comment") == {worker.email}
    note = Notification.objects.get(event="ideas.comment")
    assert note.actor == customer and note.url == comment.get_absolute_url()

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        flows.add_comment(idea, ops, f"@{worker.handle} thanks")
    assert told("forum.mention") == {worker.email}
    assert told("ideas.comment") == set()

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        flows.add_comment(idea, worker, "My own idea")
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_moderators_hide_comments_with_an_audit_entry(
    django_capture_on_commit_callbacks, client, client_as, board, idea, customer, moderator, worker
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = flows.add_comment(idea, customer, "RUDE-WORDS")
    assert Notification.objects.filter(event="ideas.comment").exists()

    assert client_as(worker).post(reverse("ideas:hide_comment", args=[comment.pk])).status_code == 403
    response = client_as(moderator).post(reverse("ideas:hide_comment", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden
    assert not Notification.objects.filter(event="ideas.comment").exists()
    entry = ModelLogEntry.objects.get(action="ideas.hide_comment")
    assert entry.user == moderator and entry.data["comment"] == comment.pk

    assert "RUDE-WORDS" in client.get(idea_url(idea)).content.decode()
    assert client.get(reverse("ideas:hide_comment", args=[comment.pk])).status_code == 405
    client.logout()
    page = client.get(idea_url(idea)).content.decode()
    assert "RUDE-WORDS" not in page and "hidden by a moderator" in page


@pytest.mark.django_db
def test_comment_through_the_page(client, client_as, board, idea, customer):
    assert "Sign in</a> to comment" in client.get(idea_url(idea)).content.decode()
    assert client.post(comment_url(idea), {"body": "Hi"}).status_code == 302
    assert not IdeaComment.objects.exists()

    viewer = client_as(customer)
    assert 'action="%s"' % comment_url(idea) in viewer.get(idea_url(idea)).content.decode()
    response = viewer.post(comment_url(idea), {"body": "Me too, **twice**"})
    comment = IdeaComment.objects.get()
    assert response.url == comment.get_absolute_url()
    page = viewer.get(idea_url(idea)).content.decode()
    assert "<strong>twice</strong>" in page and "Customer" in page
    assert viewer.get(comment_url(idea)).url == idea_url(idea)


@pytest.mark.django_db
def test_errors_keep_the_text(client_as, board, idea, customer):
    viewer = client_as(customer)
    response = viewer.post(comment_url(idea), {"body": "KEEP-ME " + "x" * BODY_MAX})
    assert response.status_code == 400 and "KEEP-ME" in response.content.decode()
    assert not IdeaComment.objects.exists()


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"ideas.comment": "1/m"})
def test_rate_limited_comment_keeps_the_text(client_as, board, idea, customer):
    viewer = client_as(customer)
    viewer.post(comment_url(idea), {"body": "First"})
    response = viewer.post(comment_url(idea), {"body": "KEEP-ME second"})
    assert response.status_code == 429 and "KEEP-ME second" in response.content.decode()


@pytest.mark.django_db
def test_comments_are_paginated_oldest_first(client, board, idea, customer):
    IdeaComment.objects.bulk_create(
        IdeaComment(idea=idea, author=customer, body=f"c{n}", body_html=f"<p>COMMENT-{n:03}</p>")
        for n in range(55)
    )
    first = client.get(idea_url(idea)).content.decode()
    assert "COMMENT-000" in first and "COMMENT-049" in first and "COMMENT-050" not in first
    assert first.index("COMMENT-000") < first.index("COMMENT-049")
    second = client.get(idea_url(idea) + "?page=2").content.decode()
    assert "COMMENT-050" in second and "COMMENT-054" in second
    last = idea.comments.order_by("-created_at", "-pk").first()
    assert last.get_absolute_url() == f"{idea_url(idea)}?page=2#comment-{last.pk}"
