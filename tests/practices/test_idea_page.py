"""The idea page: what anyone may read about an idea, and what nobody outside
operations ever sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Barrier, JourneyStage
from forum import flows as forum_flows
from practices import flows, queries
from practices.models import Idea
from tests.fixtures.ideas import idea_url
from tests.forum.builders import make_threads
from tests.pages import queries_on


@pytest.mark.django_db
def test_idea_page_shows_the_idea(client, board, make_idea, ops):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    idea = make_idea("Refund messages", journey_stage=stage, barriers=[barrier], tags=["refunds"],
                     problem="It took **two weeks**.\n\n<script>alert(1)</script>")
    flows.change_status(idea, Idea.Status.PLANNED, ops, response="We will build it in May.")
    page = client.get(idea_url(idea)).content.decode()
    for text in ("Refund messages", "Planned", stage.name, barrier.name, "refunds",
                 "We will build it in May.", "A proposal", "An outcome", "Walt", "Worker"):
        assert text in page
    # Idea texts are Markdown, like posts (a promoted thread brings its own), and
    # pass the same sanitiser.
    assert "It took <strong>two weeks</strong>." in page
    assert "<script>alert(1)" not in page


@pytest.mark.django_db
def test_user_text_is_escaped(client, board, make_idea):
    idea = make_idea("<script>alert(1)</script>", problem="<img src=x onerror=alert(1)>")
    page = client.get(idea_url(idea)).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.django_db
def test_addresses(client, board, make_idea, ops):
    idea = make_idea("Refund messages")
    assert client.get(f"/ideas/{idea.pk}/").url == idea_url(idea)
    assert client.get(f"/ideas/{idea.pk}/wrong-slug/").url == idea_url(idea)
    assert client.get(f"/ideas/{idea.pk + 100}/").status_code == 404
    target = make_idea("Target")
    flows.merge_ideas(idea, target, ops)
    assert client.get(idea_url(idea)).url == idea_url(target)


@pytest.mark.django_db
def test_evidence_lists_only_threads_in_sight(client, board, worker, moderator, thread, forum):
    idea = flows.promote_thread(thread, worker, proposal="Tell them", outcome="They know")
    page = client.get(idea_url(idea)).content.decode()
    assert thread.title in page and thread.get_absolute_url() in page
    forum_flows.delete_post(post=thread.posts.get(number=1), user=moderator)
    thread.refresh_from_db()
    assert thread.is_hidden
    assert thread.get_absolute_url() not in client.get(idea_url(idea)).content.decode()


@pytest.mark.django_db
def test_internal_notes_never_appear(client, client_as, board, make_idea, worker, ops):
    idea = make_idea("Refund messages")
    flows.add_internal_note(idea, ops, "SECRET-NOTE: vendor contract ends in June")
    for viewer in (client, client_as(worker), client_as(ops)):
        for url in (board.url, idea_url(idea)):
            assert "SECRET-NOTE" not in viewer.get(url).content.decode()


@pytest.mark.django_db
def test_thread_page_links_to_ideas_citing_it(client, client_as, board, worker, customer, thread):
    page = client_as(customer).get(thread.get_absolute_url()).content.decode()
    assert "Turn into an idea" not in page
    page = client_as(worker).get(thread.get_absolute_url()).content.decode()
    assert f"/ideas/promote/{thread.pk}/" in page
    idea = flows.promote_thread(thread, worker, title="Say where refunds are")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Say where refunds are" in page and idea_url(idea) in page


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_idea_page_queries_constant(client, client_as, board, make_idea, forum, worker, ops,
                                    customer, signed_in):
    idea = make_idea("Refund messages", barriers=list(Barrier.objects.all()[:1]), tags=["a"])
    viewer = client_as(customer) if signed_in else client
    statuses = iter([Idea.Status.UNDER_REVIEW, Idea.Status.PLANNED, Idea.Status.IN_PROGRESS,
                     Idea.Status.UNDER_REVIEW, Idea.Status.PLANNED, Idea.Status.IN_PROGRESS])

    def grow(count):
        for _ in range(count):
            flows.change_status(idea, next(statuses), ops, response="Moving on")
            flows.add_evidence(idea, make_threads(forum, customer, 1)[0], worker)
            flows.add_comment(idea, customer, f"Me too, @{worker.handle}")
            flows.add_comment(idea, ops, "Noted")
            make_idea("Refund messages too")

    grow(1)
    few = queries_on(viewer, idea_url(idea))
    grow(4)
    assert queries_on(viewer, idea_url(idea)) == few


@pytest.mark.django_db
def test_ideas_citing_a_thread_is_one_query(worker, thread):
    flows.promote_thread(thread, worker)
    with CaptureQueriesContext(connection) as captured:
        assert len(queries.ideas_citing(thread)) == 1
    assert len(captured.captured_queries) == 1


@pytest.mark.django_db
def test_idea_chips_lead_to_their_topic_pages_and_the_tag_filter(client, board, make_idea):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    idea = make_idea("Refund messages", journey_stage=stage, barriers=[barrier], tags=["refunds"])
    page = client.get(idea_url(idea)).content.decode()
    assert f'href="/topics/stage/{stage.slug}/"' in page
    assert f'href="/topics/barrier/{barrier.slug}/"' in page
    assert f'href="{board.url}?tag=refunds"' in page
