"""Adding a thread as evidence to an idea already on the board."""

import pytest
from bs4 import BeautifulSoup

from forum import flows as forum_flows
from practices import flows
from practices.models import Evidence
from tests.fixtures.ideas import fresh, idea_url


@pytest.fixture(autouse=True)
def _indexed_at_once(monkeypatch):
    """The similar box asks the search index, which is written after commit;
    these tests never commit, so here it is written as things change."""
    from search import indexing

    monkeypatch.setattr(indexing, "_enqueue", indexing.update)


def cite_url(thread):
    return f"/ideas/cite/{thread.pk}/"


def offered(page):
    soup = BeautifulSoup(page, "html.parser")
    return [form.find("input", attrs={"name": "idea"})["value"]
            for form in soup.select(".cite-list form")]


@pytest.mark.django_db
def test_thread_page_offers_workers_to_add_it_to_an_idea(client, client_as, worker, customer,
                                                         thread):
    assert cite_url(thread) in client_as(worker).get(thread.get_absolute_url()).text
    assert cite_url(thread) not in client_as(customer).get(thread.get_absolute_url()).text


@pytest.mark.django_db
def test_ideas_like_the_thread_are_offered_first_and_a_search_finds_others(
        client_as, worker, make_idea, thread):
    refund = make_idea("Tell people where their refund is")
    sundays = make_idea("Open on Sundays")
    client = client_as(worker)
    assert offered(client.get(cite_url(thread)).text) == [str(refund.pk)]
    assert offered(client.get(cite_url(thread), {"q": "sunday"}).text) == [str(sundays.pk)]


@pytest.mark.django_db
def test_adding_a_thread_to_an_idea_links_it_once(client_as, worker, make_idea, thread):
    idea = make_idea("Tell people where their refund is")
    client = client_as(worker)
    response = client.post(cite_url(thread), {"idea": idea.pk}, follow=True)
    assert response.redirect_chain[-1][0] == thread.get_absolute_url()
    assert "This thread now backs" in response.text
    assert idea_url(idea) in response.text  # the banner on the thread
    client.post(cite_url(thread), {"idea": idea.pk})
    assert Evidence.objects.filter(idea=idea, thread=thread).count() == 1
    assert fresh(idea).evidence_count == 1
    page = client.get(cite_url(thread)).text
    assert "This thread already backs it." in page and offered(page) == []


@pytest.mark.django_db
def test_customers_cannot_add_evidence(client_as, customer, make_idea, thread):
    idea = make_idea("Tell people where their refund is")
    assert client_as(customer).get(cite_url(thread)).status_code == 403
    assert client_as(customer).post(cite_url(thread), {"idea": idea.pk}).status_code == 403
    assert not Evidence.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "9" * 30, "-1"])
def test_nonsense_ideas_come_back_with_a_reason(client_as, worker, thread, value):
    response = client_as(worker).post(cite_url(thread), {"idea": value})
    assert response.status_code == 400 and "That did not go through" in response.text
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_merged_ideas_and_hidden_threads_take_no_evidence(client_as, worker, ops, moderator,
                                                         make_idea, thread):
    kept, duplicate = make_idea("Refund tracking"), make_idea("Refund tracking again")
    flows.merge_ideas(duplicate, kept, ops)
    response = client_as(worker).post(cite_url(thread), {"idea": duplicate.pk})
    assert "no longer on the board" in response.text
    forum_flows.delete_post(post=thread.posts.get(), user=moderator)
    assert client_as(worker).get(cite_url(thread)).status_code == 404
    assert not Evidence.objects.filter(thread=thread).exists()
