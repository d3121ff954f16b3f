"""What every backend does alike, run once per backend (`search_backend`):
permissions, facets, highlighting, pages and synonyms. Documents reach the
backends the way the site sends them: flows, then search.indexing after commit."""

import pytest
from wagtail.models import PageViewRestriction

from forum import flows as forum_flows
from practices import flows
from search.backends.base import Query

from .helpers import find, refresh, results


@pytest.fixture
def refund_thread(forum, customer, worker, committed):
    with committed():
        thread = forum_flows.start_thread(
            forum=forum, author=customer, title="How long does a refund take?",
            body="I took a kettle back on Saturday.", tags=["refunds"])
        forum_flows.post_reply(thread=thread, author=worker,
                               body="The money leaves us at once; banks take three days.")
    return thread


@pytest.mark.django_db
def test_hidden_posts_hidden_threads_and_closed_forums_are_never_found(
        search_backend, forum, make_forum, customer, worker, moderator, committed):
    with committed():
        shown = forum_flows.start_thread(forum=forum, author=customer, title="Kettle refund",
                                         body="Zanzibarish kettle question.")
        reply = forum_flows.post_reply(thread=shown, author=worker, body="Zanzibarish reply.")
        hidden_reply = forum_flows.post_reply(thread=shown, author=customer,
                                              body="Zanzibarish insult.")
        forum_flows.hide_post(post=hidden_reply, moderator=moderator)
        taken_down = forum_flows.start_thread(forum=forum, author=customer,
                                              title="Zanzibarish spam", body="spam")
        forum_flows.delete_post(post=taken_down.posts.get(), user=moderator)
        closed = make_forum("Staff only")
        forum_flows.start_thread(forum=closed, author=customer, title="Zanzibarish draft",
                                 body="x")
        closed.unpublish()
    found = find(search_backend, "zanzibarish")
    assert sorted(found) == sorted([("thread", shown.pk), ("post", reply.pk)])


@pytest.mark.django_db
def test_merged_ideas_and_internal_notes_are_never_found(search_backend, make_idea, ops,
                                                        committed):
    with committed():
        kept = make_idea("Text me when my order is ready")
        duplicate = make_idea("Text message for collection orders")
        flows.add_internal_note(kept, ops, "Quokkaflute: the supplier wants a contract first.")
        flows.merge_ideas(duplicate, kept, ops)
    assert find(search_backend, "quokkaflute") == []
    assert find(search_backend, "text") == [("idea", kept.pk)]


@pytest.mark.django_db
def test_unpublished_and_restricted_practices_are_never_found(search_backend, make_practice,
                                                              committed):
    with committed():
        public = make_practice("Walrusian welcome desk")
        make_practice("Walrusian draft", publish=False)
        private = make_practice("Walrusian staff secret")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert find(search_backend, "walrusian") == [("practice", public.pk)]


@pytest.mark.django_db
def test_facets_count_the_matches_each_ignoring_its_own_filter(
        search_backend, forum, make_forum, moderator, make_idea, committed):
    # A moderator: new members may start only a few threads a day.
    customer = moderator
    other = make_forum("Wins")
    with committed():
        for n in range(3):
            forum_flows.start_thread(forum=forum, author=customer, title=f"Parcel lost {n}",
                                     body="Where is my parcel?", tags=["delivery"])
        forum_flows.start_thread(forum=other, author=customer, title="Parcel came early",
                                 body="Thank you!", tags=["delivery", "thanks"])
        make_idea("Track every parcel")
    everything = results(search_backend, "parcel")
    assert everything.total == 5
    counts = {name: {v.label: v.count for v in values}
              for name, values in everything.facets.items()}
    assert counts["kind"] == {"thread": 4, "idea": 1}
    assert counts["forum"] == {"Getting help": 3, "Wins": 1}
    assert counts["tag"] == {"delivery": 4, "thanks": 1}
    assert counts["status"] == {"New": 1}

    wins = results(search_backend, "parcel", {"forum": ["Wins"]})
    assert wins.total == 1
    forum_facet = {v.label: (v.count, v.selected) for v in wins.facets["forum"]}
    # Choosing one forum still shows the other with its count.
    assert forum_facet == {"Getting help": (3, False), "Wins": (1, True)}
    assert {v.label: v.count for v in wins.facets["kind"]} == {"thread": 1}

    either = results(search_backend, "parcel", {"forum": ["Wins", "Getting help"],
                                                "kind": ["thread"]})
    assert either.total == 4


@pytest.mark.django_db
def test_highlights_mark_the_words_and_escape_everything_else(search_backend, forum, customer,
                                                             committed):
    with committed():
        forum_flows.start_thread(
            forum=forum, author=customer, title="Refund <b>now</b> & then",
            body="The receipt said `<script>alert(1)</script>` and refund nothing else.")
    [hit] = results(search_backend, "refund").hits
    assert "<script>" not in hit.snippet_html and "<b>" not in hit.title_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>" in hit.title_html and "&amp;" in hit.title_html
    assert "<mark>refund</mark>" in hit.snippet_html.lower()


@pytest.mark.django_db
def test_pages_split_the_results(search_backend, forum,
                                                                    moderator, committed):
    with committed():
        for n in range(5):
            forum_flows.start_thread(forum=forum, author=moderator, title=f"Voucher {n}",
                                     body="A voucher question.")
    first = results(search_backend, "voucher", per_page=2)
    second = results(search_backend, "voucher", page=2, per_page=2)
    last = results(search_backend, "voucher", page=3, per_page=2)
    assert first.total == 5 and len(first.hits) == 2 and len(second.hits) == 2
    assert not {h.pk for h in first.hits} & {h.pk for h in second.hits}
    assert len(last.hits) == 1


@pytest.mark.django_db
def test_synonyms_find_the_same_thing_said_differently(search_backend, refund_thread):
    assert ("thread", refund_thread.pk) in find(search_backend, "money back")
    assert ("thread", refund_thread.pk) in find(search_backend, "reimbursement")


@pytest.mark.django_db
def test_more_votes_rank_an_equal_match_higher(search_backend, make_idea, customer, committed):
    with committed():
        quiet = make_idea("Gift wrapping at the desk")
        wanted = make_idea("Gift wrapping at the counter")
        flows.toggle_vote(wanted, customer)
    assert find(search_backend, "gift wrapping")[:2] == [("idea", wanted.pk), ("idea", quiet.pk)]


@pytest.mark.django_db
def test_suggestions_offer_titles_starting_as_typed(search_backend, refund_thread, make_idea,
                                                    committed):
    with committed():
        idea = make_idea("Refunds at the till")
    refresh(search_backend)
    titles = [s.title for s in search_backend.suggest("refu")]
    assert set(titles) == {refund_thread.title, idea.title}
    assert search_backend.suggest("zzz") == []


@pytest.mark.django_db
def test_similar_finds_ideas_and_threads_sharing_words(search_backend, refund_thread, make_idea,
                                                       committed):
    with committed():
        idea = make_idea("Tell people when their refund is on its way")
        make_idea("Open on Sundays")
    refresh(search_backend)
    found = [(h.kind, h.pk) for h in search_backend.similar("Where is my refund", ("idea", "thread"))]
    assert set(found) == {("idea", idea.pk), ("thread", refund_thread.pk)}
    only_ideas = search_backend.similar("Where is my refund", ("idea",),
                                        exclude=[("idea", idea.pk)])
    assert only_ideas == []


@pytest.mark.django_db
def test_text_of_nothing_but_punctuation_finds_nothing(search_backend, refund_thread):
    for text in ('"', "*", "AND OR NOT", "(((", "refund\" OR \"x", "'; DROP TABLE"):
        answer = search_backend.search(Query(text=text))
        assert answer.total == len(answer.hits) or answer.total > 0


@pytest.mark.django_db
def test_closing_a_forum_takes_its_threads_out_and_opening_brings_them_back(
        search_backend, forum, customer, worker, committed):
    with committed():
        thread = forum_flows.start_thread(forum=forum, author=customer, title="Okapi question",
                                          body="Okapi?")
        reply = forum_flows.post_reply(thread=thread, author=worker, body="Okapi answer.")
    assert len(find(search_backend, "okapi")) == 2
    with committed():
        forum.unpublish()
    assert find(search_backend, "okapi") == []
    with committed():
        forum.save_revision().publish()
    assert sorted(find(search_backend, "okapi")) == sorted([("thread", thread.pk),
                                                            ("post", reply.pk)])
