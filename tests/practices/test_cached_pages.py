"""An anonymous reader meets ideas and practices from the page cache
(community/pagecache.py), and sees every change at once: each test keeps a
page, changes what it shows through the flows the site uses, and reads it again."""

import pytest

from community.models import JourneyStage
from forum import flows as forum_flows
from practices import flows
from practices.flows import ratings
from practices.models import Idea
from tests.fixtures.ideas import idea_url
from tests.pages import kept, reread, text_of


def votes(html, idea):
    return text_of(html, f"#vote-{idea.pk} .idea-vote-count")


# --- Ideas ----------------------------------------------------------------------------

def test_a_vote_counts_on_the_kept_board_and_idea_page(client, board, idea, customer):
    assert votes(kept(client, board.url), idea) == "0 votes"
    assert votes(kept(client, idea_url(idea)), idea) == "0 votes"
    flows.toggle_vote(idea, customer)
    assert votes(reread(client, board.url), idea) == "1 vote"
    assert votes(reread(client, idea_url(idea)), idea) == "1 vote"
    kept(client, board.url)
    flows.toggle_vote(idea, customer)
    assert votes(reread(client, board.url), idea) == "0 votes"


def test_a_vote_leaves_other_kept_idea_pages_alone(client, board, make_idea, customer):
    voted, other = make_idea("Refund tracking"), make_idea("Opening hours")
    kept(client, idea_url(other))
    flows.toggle_vote(voted, customer)
    assert client.get(idea_url(other))["X-Cache"] == "hit"


def test_a_new_idea_shows_on_the_kept_board(client, board, idea, make_idea):
    kept(client, board.url)
    make_idea("Call back within the hour")
    assert "Call back within the hour" in reread(client, board.url)


def test_a_comment_shows_on_the_kept_idea_page(client, idea, customer, moderator):
    kept(client, idea_url(idea))
    comment = flows.add_comment(idea, customer, "Two weeks is far too long.")
    assert "Two weeks is far too long." in reread(client, idea_url(idea))
    kept(client, idea_url(idea))
    flows.hide_comment(comment, moderator)
    assert "Two weeks is far too long." not in reread(client, idea_url(idea))


def test_a_status_change_shows_on_every_kept_page_of_ideas(client, board, idea, ops):
    roadmap = board.url + "roadmap/"
    for url in (board.url, roadmap, idea_url(idea)):
        kept(client, url)
    flows.change_status(idea, Idea.Status.PLANNED, ops, response="We start in May.")
    assert "We start in May." in reread(client, idea_url(idea))
    assert "Planned" in text_of(reread(client, board.url), ".idea-list")
    assert idea.title in text_of(reread(client, roadmap), ".roadmap-planned")


def test_a_merge_carries_its_votes_to_the_kept_target(client, board, make_idea, customer, ops):
    duplicate, target = make_idea("Refund texts"), make_idea("Tell people where their refund is")
    flows.toggle_vote(duplicate, customer)
    kept(client, idea_url(duplicate))
    kept(client, idea_url(target))
    flows.merge_ideas(duplicate, target, ops)
    assert client.get(idea_url(duplicate)).status_code == 302
    assert votes(reread(client, idea_url(target)), target) == "1 vote"


def test_similar_ideas_show_their_votes_on_a_kept_idea_page(client, board, make_idea, customer,
                                                           monkeypatch):
    from search import indexing

    # The similar ideas come from the search index, written after commit; here at once.
    monkeypatch.setattr(indexing, "_enqueue", indexing.update)
    shown, similar = make_idea("Refund tracking by text"), make_idea("Refund tracking online")
    page = kept(client, idea_url(shown))
    assert similar.title in text_of(page, ".idea-similar") and "0 votes" in page
    flows.toggle_vote(similar, customer)
    assert "1 vote" in text_of(reread(client, idea_url(shown)), ".idea-similar")


# --- Ideas and threads ------------------------------------------------------------------

def test_an_idea_born_from_a_thread_shows_on_its_kept_page(client, thread, worker):
    kept(client, thread.get_absolute_url())
    idea = flows.promote_thread(thread, worker, proposal="Text at each step.",
                                outcome="Nobody has to ask.")
    assert idea.title in text_of(reread(client, thread.get_absolute_url()), ".idea-banner")


def test_a_renamed_thread_is_renamed_on_the_kept_idea_page_it_backs(client, thread, idea,
                                                                   customer, worker):
    flows.add_evidence(idea, thread, worker)
    assert thread.title in kept(client, idea_url(idea))
    opening = thread.posts.get(number=1)
    forum_flows.edit_post(post=opening, editor=customer, body=opening.body,
                          title="Kettle refund, three weeks on")
    assert "Kettle refund, three weeks on" in text_of(reread(client, idea_url(idea)), ".idea-evidence")


def test_a_hidden_thread_leaves_the_kept_idea_page_it_backs(client, thread, idea, worker,
                                                          moderator):
    flows.add_evidence(idea, thread, worker)
    assert thread.title in kept(client, idea_url(idea))
    forum_flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)
    assert thread.title not in reread(client, idea_url(idea))


# --- Practices --------------------------------------------------------------------------

def test_a_published_practice_shows_in_the_kept_library(client, library, practice, make_practice):
    kept(client, library.url)
    make_practice("Call back within the hour")
    assert "Call back within the hour" in text_of(reread(client, library.url), ".practice-list")


def test_helpful_ratings_count_on_the_kept_practice_and_library(client, library, practice,
                                                                customer):
    assert "Nobody has rated this yet" in kept(client, practice.url)
    kept(client, library.url)
    ratings.toggle_helpful_practice(practice, customer)
    assert "1 found this helpful" in text_of(reread(client, practice.url), "#helpful")
    assert "1 found this helpful" in text_of(reread(client, library.url), ".practice-list")


def test_an_edited_practice_shows_on_its_kept_page(client, practice):
    kept(client, practice.url)
    practice.summary = "Staff fix it within the hour."
    practice.save_revision().publish()
    assert "Staff fix it within the hour." in reread(client, practice.url)


def test_an_unpublished_practice_leaves_the_kept_library(client, library, practice):
    assert practice.title in kept(client, library.url)
    practice.unpublish()
    assert practice.title not in reread(client, library.url)
    assert client.get(practice.url).status_code == 404


# --- Topics -----------------------------------------------------------------------------

def test_a_new_thread_shows_on_the_kept_topic_page(client, forum, customer):
    onboard = JourneyStage.objects.get(slug="onboard")
    kept(client, "/topics/stage/onboard/")
    forum_flows.start_thread(forum=forum, author=customer, title="Setting up my account",
                             body="Where do I start?", journey_stage=onboard)
    assert "Setting up my account" in reread(client, "/topics/stage/onboard/")


@pytest.mark.parametrize("url", ["/topics/", "/topics/stage/onboard/"])
def test_topic_pages_are_kept(client, db, url, django_assert_num_queries):
    kept(client, url)
    with django_assert_num_queries(0):
        assert client.get(url)["X-Cache"] == "hit"
