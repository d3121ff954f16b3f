"""Starting threads, replying, editing, deleting, solving, "helpful" and following,
through the pages people use."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from community.models import JourneyStage
from community.writing import BODY_MAX
from forum import flows
from forum.models import Post, Reaction, Subscription, Thread

from .builders import add_replies

HTMX = {"HX-Request": "true"}


def new_thread_url(forum):
    return forum.url + "new/"


def field_value(response, name):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    field = page.find(attrs={"name": name})
    return field.get_text() if field.name == "textarea" else field.get("value")


@pytest.fixture
def reply(thread, worker):
    return flows.post_reply(thread=thread, author=worker, body="We have refunded it today.")


# --- Starting a thread ------------------------------------------------------------------

@pytest.mark.django_db
def test_customer_starts_a_thread(client_as, forum, customer):
    stage = JourneyStage.objects.get(slug="buy")
    response = client_as(customer).post(new_thread_url(forum), {
        "title": "Is there a student discount?", "body": "I am at the college up the road.",
        "tags": "discounts, Students", "journey_stage": stage.pk,
    })
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert (thread.title, thread.author, thread.journey_stage) == (
        "Is there a student discount?", customer, stage
    )
    assert sorted(t.name for t in thread.tags.all()) == ["Students", "discounts"]
    assert thread.posts.get().body == "I am at the college up the road."
    assert Subscription.objects.filter(thread=thread, user=customer).exists()


@pytest.mark.django_db
def test_starting_a_thread_needs_the_csrf_token(forum, customer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    response = client.post(new_thread_url(forum), {"title": "Hi", "body": "Hello"})
    assert response.status_code == 403 and not Thread.objects.exists()


@pytest.mark.django_db
def test_starting_a_thread_needs_signing_in(client, forum):
    response = client.get(new_thread_url(forum))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.post(new_thread_url(forum), {"title": "Hi", "body": "Hello"})
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_empty_title_is_explained_and_the_post_kept(client_as, forum, customer):
    response = client_as(customer).post(new_thread_url(forum), {"title": " ", "body": "My words"})
    assert response.status_code == 400
    assert "Give your thread a title." in response.text
    assert field_value(response, "body").strip() == "My words"
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_oversized_body_is_explained_and_kept(client_as, forum, customer):
    body = "x" * (BODY_MAX + 1)
    response = client_as(customer).post(new_thread_url(forum), {"title": "Long", "body": body})
    assert response.status_code == 400
    assert f"at most {BODY_MAX:,}".replace(",", "") in response.text.replace(",", "")
    assert field_value(response, "body").strip() == body
    assert field_value(response, "title") == "Long"


@pytest.mark.django_db
@pytest.mark.parametrize("tags, message", [
    ("a, b, c, d, e, f", "at most 5 tags"),
    ("x" * 31, "30 characters"),
    ("<script>", "letters, numbers, spaces and hyphens"),
])
def test_bad_tags_are_explained_and_kept(client_as, forum, customer, tags, message):
    response = client_as(customer).post(
        new_thread_url(forum), {"title": "Tags", "body": "Body", "tags": tags}
    )
    assert response.status_code == 400 and message in response.text
    assert field_value(response, "tags") == tags
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_starting_threads_too_fast_is_refused_with_429_and_the_text_kept(
    client_as, forum, customer
):
    client = client_as(customer)
    with override_settings(RATE_LIMITS={"forum.start_thread": "1/h"}):
        client.post(new_thread_url(forum), {"title": "First", "body": "One"})
        response = client.post(new_thread_url(forum), {"title": "Second", "body": "Two words"})
    assert response.status_code == 429
    assert "You are doing that too often" in response.text
    assert field_value(response, "title") == "Second"
    assert field_value(response, "body").strip() == "Two words"
    assert Thread.objects.count() == 1


@pytest.mark.django_db
def test_suspended_person_is_told_instead_of_given_a_form(client_as, forum, make_person):
    suspended = make_person("sam@example.com", display_name="Sam",
                            suspended_until=timezone.now() + timedelta(days=2))
    client = client_as(suspended)
    page = client.get(new_thread_url(forum))
    assert "Your account is suspended" in page.text and 'name="body"' not in page.text

    response = client.post(new_thread_url(forum), {"title": "Let me", "body": "Please"})
    assert response.status_code == 403
    assert "suspended" in response.text and field_value(response, "body").strip() == "Please"
    assert not Thread.objects.exists()


# --- Replying -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_reply_lands_on_its_place_in_the_thread(client_as, thread, worker):
    response = client_as(worker).post(reverse("forum:reply", args=[thread.pk]),
                                      {"body": "Checking now."})
    post = Post.objects.get(thread=thread, number=2)
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{post.pk}"
    assert post.author == worker
    assert "Checking now." in client_as(worker).get(response["Location"]).text


@pytest.mark.django_db
def test_empty_reply_is_explained(client_as, thread, worker):
    response = client_as(worker).post(reverse("forum:reply", args=[thread.pk]), {"body": "  "})
    assert response.status_code == 400 and "Write something to post." in response.text
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


@pytest.mark.django_db
def test_a_refused_reply_comes_back_on_the_last_page_with_working_links(client_as, thread,
                                                                         worker, customer):
    add_replies(thread, [worker, customer], 44)
    response = client_as(worker).post(reverse("forum:reply", args=[thread.pk]), {"body": ""})
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert [a.get_text() for a in page.select(".post-number")][0] == "#41"
    links = [a["href"] for a in page.select(".pagination a")]
    assert links and all(link.startswith(thread.get_absolute_url() + "?") for link in links)
    assert all(a["href"].startswith(thread.get_absolute_url())
               for a in page.select(".post-actions a[href*=quote]"))


@pytest.mark.django_db
def test_replying_too_fast_is_refused_with_429_and_the_text_kept(client_as, thread, worker):
    client = client_as(worker)
    url = reverse("forum:reply", args=[thread.pk])
    with override_settings(RATE_LIMITS={"forum.reply": "1/h"}):
        client.post(url, {"body": "One"})
        response = client.post(url, {"body": "Two, carefully written"})
    assert response.status_code == 429
    assert "You are doing that too often" in response.text
    assert field_value(response, "body").strip() == "Two, carefully written"


@pytest.mark.django_db
def test_suspended_person_cannot_reply(client_as, thread, make_person):
    suspended = make_person("sam@example.com", display_name="Sam",
                            suspended_until=timezone.now() + timedelta(hours=1))
    client = client_as(suspended)
    assert "Your account is suspended" in client.get(thread.get_absolute_url()).text
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Let me in"})
    assert response.status_code == 403 and "suspended" in response.text
    assert field_value(response, "body").strip() == "Let me in"
    assert not Post.objects.filter(author=suspended).exists()


@pytest.mark.django_db
def test_locked_thread_refuses_replies_but_moderators_may(client_as, thread, worker, moderator):
    flows.set_locked(thread=thread, locked=True, moderator=moderator)
    client = client_as(worker)
    page = client.get(thread.get_absolute_url()).text
    assert "This thread is locked" in page and 'name="body"' not in page

    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Still?"})
    assert response.status_code == 403 and "locked" in response.text
    response = client_as(moderator).post(reverse("forum:reply", args=[thread.pk]),
                                         {"body": "Closing note"})
    assert response.status_code == 302
    assert list(thread.posts.values_list("body", flat=True)) == [
        "I returned a kettle two weeks ago and have heard nothing.", "Closing note"
    ]


# --- Preview ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_preview_without_javascript_shows_the_post_and_keeps_the_form(client_as, forum, customer):
    response = client_as(customer).post(new_thread_url(forum), {
        "title": "", "body": "**Bold** idea", "tags": "ideas", "preview": "1",
    })
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one("#thread-preview .post-body strong").get_text() == "Bold"
    assert field_value(response, "body").strip() == "**Bold** idea"
    assert field_value(response, "tags") == "ideas"
    # Still writing: no complaint about the missing title yet, and nothing posted.
    assert "Give your thread a title." not in response.text
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_preview_with_htmx_returns_just_the_rendered_post(client_as, customer, worker):
    response = client_as(customer).post(
        reverse("forum:preview"), {"body": "Hi @walt, _thanks_"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "<em>thanks</em>" in response.text
    assert f'href="{worker.get_absolute_url()}"' in response.text


@pytest.mark.django_db
def test_reply_preview_without_javascript(client_as, thread, worker):
    response = client_as(worker).post(reverse("forum:reply", args=[thread.pk]),
                                      {"body": "> quoted\n\nanswer", "preview": "1"})
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one("#reply-preview blockquote").get_text(strip=True) == "quoted"
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


# --- Editing and deleting -----------------------------------------------------------------

@pytest.mark.django_db
def test_customer_cannot_edit_or_delete_someone_elses_post(client_as, reply, customer):
    client = client_as(customer)
    for name in ("forum:edit_post", "forum:delete_post"):
        url = reverse(name, args=[reply.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, {"body": "Hijacked"})
        assert response.status_code == 403 and "your own posts" in response.text
    reply.refresh_from_db()
    assert (reply.body, reply.is_deleted) == ("We have refunded it today.", False)


@pytest.mark.django_db
def test_author_edits_a_reply(client_as, reply, worker):
    client = client_as(worker)
    url = reverse("forum:edit_post", args=[reply.pk])
    assert field_value(client.get(url), "body").strip() == "We have refunded it today."
    response = client.post(url, {"body": "Refunded today, sorry for the wait."})
    assert response.status_code == 302 and response["Location"] == reply.get_absolute_url()
    reply.refresh_from_db()
    assert reply.body == "Refunded today, sorry for the wait." and reply.edited_at
    page = client.get(reply.thread.get_absolute_url()).text
    assert "Refunded today, sorry for the wait." in page and "edited" in page


@pytest.mark.django_db
def test_editing_the_opening_post_can_rename_the_thread(client_as, thread, customer):
    opening = thread.posts.get(number=1)
    client = client_as(customer)
    response = client.post(reverse("forum:edit_post", args=[opening.pk]),
                           {"title": "Refund for a kettle", "body": "Still waiting."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.title, thread.slug) == ("Refund for a kettle", "refund-for-a-kettle")
    assert client.get(response["Location"])["Location"].startswith(thread.get_absolute_url())


@pytest.mark.django_db
def test_edit_with_an_empty_body_keeps_the_title_typed(client_as, thread, customer):
    opening = thread.posts.get(number=1)
    response = client_as(customer).post(reverse("forum:edit_post", args=[opening.pk]),
                                        {"title": "New title", "body": ""})
    assert response.status_code == 400 and "A post cannot be empty." in response.text
    assert field_value(response, "title") == "New title"


@pytest.mark.django_db
def test_author_deletes_a_reply_after_confirming(client_as, reply, worker):
    client = client_as(worker)
    url = reverse("forum:delete_post", args=[reply.pk])
    assert "Delete your post?" in client.get(url).text
    reply.refresh_from_db()
    assert not reply.is_deleted  # looking at the question changes nothing

    response = client.post(url)
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.is_deleted
    assert "This post was deleted." in client.get(response["Location"]).text


@pytest.mark.django_db
def test_deleting_the_opening_post_takes_the_thread_away(client_as, thread, customer, forum):
    opening = thread.posts.get(number=1)
    response = client_as(customer).post(reverse("forum:delete_post", args=[opening.pk]))
    assert response.status_code == 302 and response["Location"] == forum.url
    assert client_as(customer).get(thread.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_deleted_post_stays_deleted_for_its_author(client_as, reply, worker, moderator):
    flows.delete_post(post=reply, user=worker)
    client = client_as(worker)
    for name in ("forum:edit_post", "forum:delete_post"):
        response = client.post(reverse(name, args=[reply.pk]), {"body": "Back again"})
        assert response.status_code == 403 and "You deleted this post" in response.text
    reply.refresh_from_db()
    assert (reply.body, reply.is_deleted, reply.revisions.count()) == (
        "We have refunded it today.", True, 0
    )
    # Moderators may still correct it, say before restoring it.
    assert flows.can_edit(moderator, reply)


# --- Solutions ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_customer_cannot_mark_a_solution_on_someone_elses_thread(client_as, reply, make_person):
    stranger = make_person("stranger@example.com", display_name="Stranger")
    response = client_as(stranger).post(reverse("forum:mark_solution", args=[reply.pk]))
    assert response.status_code == 403
    assert "Only the person who asked" in response.text
    assert Thread.objects.get(pk=reply.thread_id).solution is None


@pytest.mark.django_db
def test_thread_author_marks_and_unmarks_the_solution(client_as, reply, customer):
    client = client_as(customer)
    url = reverse("forum:mark_solution", args=[reply.pk])
    assert client.post(url).status_code == 302
    assert Thread.objects.get(pk=reply.thread_id).solution == reply
    client.post(url)
    assert Thread.objects.get(pk=reply.thread_id).solution is None


@pytest.mark.django_db
def test_moderator_marks_a_solution(client_as, reply, moderator):
    client_as(moderator).post(reverse("forum:mark_solution", args=[reply.pk]))
    assert Thread.objects.get(pk=reply.thread_id).solution == reply


@pytest.mark.django_db
def test_the_question_itself_cannot_be_its_solution(client_as, thread, customer):
    opening = thread.posts.get(number=1)
    response = client_as(customer).post(reverse("forum:mark_solution", args=[opening.pk]))
    assert response.status_code == 403


# --- Helpful -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_helpful_toggles_with_a_plain_form(client_as, reply, customer):
    client = client_as(customer)
    url = reverse("forum:helpful", args=[reply.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{reply.pk}")
    assert Reaction.objects.filter(post=reply, user=customer).exists()
    page = BeautifulSoup(client.get(response["Location"]).content.decode(), "html.parser")
    assert page.select_one(f"#helpful-{reply.pk} button")["aria-pressed"] == "true"
    assert "1 found this helpful" in page.select_one(f"#helpful-{reply.pk}").get_text()

    client.post(url)
    assert not Reaction.objects.filter(post=reply).exists()


@pytest.mark.django_db
def test_helpful_with_htmx_swaps_the_button(client_as, reply, customer):
    response = client_as(customer).post(reverse("forum:helpful", args=[reply.pk]), headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    fragment = BeautifulSoup(response.content.decode(), "html.parser")
    assert fragment.select_one(f"#helpful-{reply.pk} button")["aria-pressed"] == "true"
    assert "1 found this helpful" in fragment.get_text()


@pytest.mark.django_db
def test_own_post_cannot_be_marked_helpful(client_as, reply, worker):
    client = client_as(worker)
    url = reverse("forum:helpful", args=[reply.pk])
    response = client.post(url)
    assert response.status_code == 403 and "your own post" in response.text
    # With HTMX the reason shows beside the button, which is left as it was.
    fragment = client.post(url, headers=HTMX)
    assert fragment.status_code == 200 and "your own post" in fragment.text
    assert not Reaction.objects.exists()


@pytest.mark.django_db
def test_helpful_needs_signing_in(client, reply):
    response = client.post(reverse("forum:helpful", args=[reply.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Reaction.objects.exists()


# --- Following ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_follow_and_unfollow(client_as, thread, worker):
    client = client_as(worker)
    page = client.get(thread.get_absolute_url()).text
    assert reverse("forum:follow", args=[thread.pk]) in page

    assert client.post(reverse("forum:follow", args=[thread.pk])).status_code == 302
    assert Subscription.objects.filter(thread=thread, user=worker).exists()
    assert reverse("forum:unfollow", args=[thread.pk]) in client.get(thread.get_absolute_url()).text

    fragment = client.post(reverse("forum:unfollow", args=[thread.pk]), headers=HTMX)
    assert "<html" not in fragment.text and ">Follow<" in fragment.text
    assert not Subscription.objects.filter(thread=thread, user=worker).exists()


@pytest.mark.django_db
def test_writes_need_post(client_as, reply, customer):
    client = client_as(customer)
    for name in ("forum:helpful", "forum:mark_solution", "forum:follow"):
        pk = reply.thread_id if name == "forum:follow" else reply.pk
        assert client.get(reverse(name, args=[pk])).status_code == 405
