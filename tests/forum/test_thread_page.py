"""What the thread page shows, page by page and reader by reader."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from forum import flows

from .builders import add_replies


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def numbers(page):
    return [int(a.get_text().lstrip("#")) for a in page.select(".post-number")]


@pytest.fixture
def reply(thread, worker):
    return flows.post_reply(thread=thread, author=worker, body="Your refund left us today.")


@pytest.fixture
def long_thread(thread, worker, customer):
    """The thread with 45 posts: the question and 44 replies."""
    return add_replies(thread, [worker, customer], 44)


@pytest.mark.django_db
def test_thread_page_shows_question_replies_and_authors_with_badges(client, thread, reply):
    page = soup(client.get(thread.get_absolute_url()))
    assert page.h1.get_text() == "Where is my refund?"
    posts = page.select(".post")
    assert "I returned a kettle" in posts[0].select_one(".post-body").get_text()
    assert "Your refund left us today." in posts[1].select_one(".post-body").get_text()
    assert posts[1].select_one(".badge-role").get_text() == "Worker"
    assert [a.get_text() for a in page.select(".breadcrumbs a")] == ["Forums", "Getting help"]


@pytest.mark.django_db
def test_solution_shows_under_the_question_with_a_link_to_it(client, thread, reply, customer):
    flows.post_reply(thread=thread, author=customer, body="Thanks!")
    flows.mark_solution(thread=thread, post=reply, user=customer)
    page = soup(client.get(thread.get_absolute_url()))

    assert "Solved" in page.select_one(".thread-badges").get_text()
    solution = page.select_one(".post-opening .solution")
    assert "Your refund left us today." in solution.get_text()
    assert solution.select_one(".meta a:not(.person)")["href"] == reply.get_absolute_url()
    assert page.select_one(f"#post-{reply.pk}.post-solution")


@pytest.mark.django_db
def test_short_and_old_addresses_lead_to_the_canonical_one(client, thread):
    canonical = thread.get_absolute_url()
    response = client.get(reverse("forum:thread", args=[thread.pk]), {"page": 2})
    assert response.status_code == 302 and response["Location"] == f"{canonical}?page=2"
    response = client.get(reverse("forum:thread", args=[thread.pk, "old-title"]))
    assert response["Location"] == canonical


@pytest.mark.django_db
def test_hidden_thread_is_not_found_except_by_moderators(client_as, thread, customer, moderator):
    opening = thread.posts.get(number=1)
    flows.hide_post(post=opening, moderator=moderator)
    assert client_as(customer).get(thread.get_absolute_url()).status_code == 404
    assert client_as(customer).get(opening.get_absolute_url()).status_code == 404
    page = soup(client_as(moderator).get(thread.get_absolute_url()))
    assert "only moderators can see it" in page.get_text()


@pytest.mark.django_db
def test_threads_of_an_unpublished_forum_are_not_found(client, forum, thread):
    forum.unpublish()
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.get(thread.posts.get().get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_missing_thread_and_post_are_not_found(client):
    assert client.get(reverse("forum:thread", args=[999, "nope"])).status_code == 404
    assert client.get(reverse("forum:post", args=[999])).status_code == 404


@pytest.mark.django_db
def test_posts_are_paged_by_number(client, long_thread):
    url = long_thread.get_absolute_url()
    assert numbers(soup(client.get(url))) == list(range(1, 21))
    assert numbers(soup(client.get(url, {"page": 2}))) == list(range(21, 41))
    assert numbers(soup(client.get(url, {"page": 3}))) == list(range(41, 46))
    # Bad page numbers land on the first or last page.
    assert numbers(soup(client.get(url, {"page": 99}))) == list(range(41, 46))
    assert numbers(soup(client.get(url, {"page": "abc"}))) == list(range(1, 21))
    assert numbers(soup(client.get(url, {"page": -1}))) == list(range(41, 46))


@pytest.mark.django_db
def test_a_deleted_post_keeps_its_place_so_pages_do_not_shift(client, long_thread, customer):
    flows.delete_post(post=long_thread.posts.get(number=3), user=customer)
    page = soup(client.get(long_thread.get_absolute_url(), {"page": 2}))
    assert numbers(page) == list(range(21, 41))


@pytest.mark.django_db
def test_permalink_lands_on_the_right_page(client, long_thread):
    post = long_thread.posts.get(number=45)
    response = client.get(post.get_absolute_url())
    assert response["Location"] == f"{long_thread.get_absolute_url()}?page=3#post-{post.pk}"
    first = long_thread.posts.get(number=20)
    assert client.get(first.get_absolute_url())["Location"] == (
        f"{long_thread.get_absolute_url()}#post-{first.pk}"
    )
    page = soup(client.get(response["Location"].split("#")[0]))
    assert page.select_one(f"#post-{post.pk}")


@pytest.mark.django_db
def test_deleted_and_hidden_posts_show_placeholders(client_as, client, thread, reply, worker,
                                                    customer, moderator):
    own = flows.post_reply(thread=thread, author=customer, body="Never mind, silly question")
    flows.delete_post(post=own, user=customer)
    flows.hide_post(post=reply, moderator=moderator)

    page = soup(client.get(thread.get_absolute_url()))
    assert page.select_one(f"#post-{own.pk}").select_one(".post-placeholder").get_text() == (
        "This post was deleted."
    )
    assert page.select_one(f"#post-{reply.pk}").select_one(".post-placeholder").get_text() == (
        "This post was hidden by a moderator."
    )
    assert "silly question" not in page.get_text() and "refund left us" not in page.get_text()

    as_moderator = soup(client_as(moderator).get(thread.get_absolute_url()))
    hidden = as_moderator.select_one(f"#post-{reply.pk}").get_text()
    assert "refund left us" in hidden and "Hidden by a moderator" in hidden


@pytest.mark.django_db
def test_quote_prefills_the_reply_box_without_javascript(client_as, thread, reply, customer):
    page = soup(client_as(customer).get(thread.get_absolute_url(), {"quote": reply.pk}))
    # Browsers drop the newline Django puts at the start of a textarea.
    body = page.select_one("#reply textarea[name=body]").get_text().lstrip("\n")
    assert body.startswith(f"Walt [wrote]({reply.get_absolute_url()}):\n")
    assert "> Your refund left us today." in body
    quote_link = page.select_one(f"#post-{reply.pk} .post-actions a[href*=quote]")["href"]
    assert f"quote={reply.pk}" in quote_link and quote_link.endswith("#reply")


@pytest.mark.django_db
def test_quote_of_a_post_elsewhere_or_unknown_leaves_the_box_empty(
    client_as, thread, customer, make_forum, worker
):
    other = flows.start_thread(forum=make_forum("Wins"), author=worker, title="Yay", body="Win")
    for quote in (other.posts.get().pk, "nonsense"):
        page = soup(client_as(customer).get(thread.get_absolute_url(), {"quote": quote}))
        assert page.select_one("#reply textarea[name=body]").get_text().strip() == ""


@pytest.mark.django_db
def test_visitors_are_asked_to_sign_in_to_reply(client, thread, reply):
    page = soup(client.get(thread.get_absolute_url()))
    assert page.select_one("#reply a")["href"].startswith("/accounts/login/?next=")
    assert not page.select("#reply form") and not page.select(".helpful form")
    assert not page.select(".post-actions a[href*=edit]")


@pytest.mark.django_db
def test_people_see_the_actions_that_are_theirs(client_as, thread, reply, customer, worker,
                                                make_person):
    def actions(user, post):
        page = soup(client_as(user).get(thread.get_absolute_url()))
        return page.select_one(f"#post-{post.pk} .post-actions").get_text(" ", strip=True)

    opening = thread.posts.get(number=1)
    assert "Edit" in actions(customer, opening) and "Mark as solution" not in actions(customer, opening)
    assert "Mark as solution" in actions(customer, reply) and "Edit" not in actions(customer, reply)
    assert "Edit" in actions(worker, reply) and "Mark as solution" not in actions(worker, reply)
    stranger = make_person("s@example.com", display_name="Stranger")
    assert actions(stranger, reply) == "Quote post 2"


@pytest.mark.django_db
def test_suspended_reader_still_reads(client_as, thread, make_person):
    suspended = make_person("s@example.com", display_name="Sus",
                            suspended_until=timezone.now() + timedelta(days=1))
    page = soup(client_as(suspended).get(thread.get_absolute_url()))
    assert "I returned a kettle" in page.get_text()
    assert "Your account is suspended" in page.select_one("#reply").get_text()
    assert not page.select(".helpful form")
