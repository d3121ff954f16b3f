"""Every "too many in a row" answer says when to come back: a 429 with
Retry-After, the whole seconds until the limit's window resets, whichever page
or action ran into it. Sign-up and sign-in, limited by allauth, keep what was
typed and say why."""

import pytest
from django.test import override_settings
from django.urls import reverse

from community.models import User
from forum import flows as forum_flows
from practices import flows as idea_flows
from tests.fixtures.people import PASSWORD
from tests.practices.test_propose import STORY, propose_url
from tests.signup import NEW_PASSWORD, sign_up


def retry_after(response):
    assert response.status_code == 429
    return int(response["Retry-After"])


def start_thread(n, client, forum, **_):
    return client.post(forum.url + "new/", {"title": f"Question {n}", "body": f"Help {n}"})


def reply(n, client, thread, **_):
    return client.post(reverse("forum:reply", args=[thread.pk]), {"body": f"Same here {n}"})


def react(n, client, others_posts, **_):
    return client.post(reverse("forum:helpful", args=[others_posts[n].pk]))


def flag(n, client, others_posts, **_):
    return client.post(reverse("forum:flag_post", args=[others_posts[n].pk]), {"reason": "spam"})


def vote(n, client, ideas, **_):
    return client.post(reverse("ideas:vote", args=[ideas[n].pk]))


def comment(n, client, idea, **_):
    return client.post(reverse("ideas:comment", args=[idea.pk]), {"body": f"Me too {n}"})


def propose(n, client, library, **_):
    return client.post(propose_url(library), {**STORY, "title": f"{STORY['title']} {n}"})


def rate_practice(n, client, practices, **_):
    return client.post(practices[n].url + "helpful/")


@pytest.fixture
def setting(thread, idea, library, make_practice, make_person, worker):  # noqa: F811
    """What each action acts on: posts and ideas by someone else, one per try."""
    author = make_person("someone@example.com", display_name="Someone")
    return {
        "forum": thread.forum, "thread": thread, "idea": idea, "library": library,
        "others_posts": [
            forum_flows.post_reply(thread=thread, author=author, body=f"Post {n}") for n in range(2)
        ],
        "ideas": [idea, idea_flows.submit_idea(
            worker, "Another idea", problem="Another problem", proposal="A", outcome="B")],
        "practices": [make_practice(f"Practice {n}") for n in range(2)],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("action, limit, act", [
    ("forum.start_thread", "1/10m", start_thread),
    ("forum.reply", "1/m", reply),
    ("forum.react", "1/h", react),
    ("forum.flag", "1/h", flag),
    ("ideas.vote", "1/m", vote),
    ("ideas.comment", "1/10m", comment),
    ("practices.propose", "1/h", propose),
    ("forum.react", "1/30s", rate_practice),
])
def test_each_rate_limited_action_says_when_to_come_back(
    client_as, worker, setting, action, limit, act
):
    client = client_as(worker)
    period = {"s": 1, "m": 60, "h": 3600}[limit[-1]] * int(limit[2:-1] or 1)
    with override_settings(RATE_LIMITS={action: limit}):
        assert act(0, client, **setting).status_code in (200, 302)
        refused = act(1, client, **setting)
    assert 1 <= retry_after(refused) <= period
    assert "too often" in refused.text


# --- allauth's limits: signing up and signing in ---------------------------------------------

@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"signup": "1/m/ip"})
def test_a_rate_limited_sign_up_keeps_what_was_typed(client):
    assert sign_up(client, "first@example.com").status_code == 302

    refused = sign_up(client, "nina@example.com", name="Nina Typed")

    assert 1 <= retry_after(refused) <= 60
    page = refused.text
    assert "too often" in page and "Please wait a minute" in page
    assert 'value="nina@example.com"' in page and 'value="Nina Typed"' in page
    assert NEW_PASSWORD not in page
    assert not User.objects.filter(email="nina@example.com").exists()


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/5m/ip"})
def test_a_rate_limited_sign_in_keeps_the_address_typed(client, customer):
    url = reverse("account_login")
    for _ in range(2):
        client.post(url, {"login": customer.email, "password": "not it"})

    refused = client.post(url, {"login": customer.email, "password": PASSWORD})

    assert 1 <= retry_after(refused) <= 300
    assert f'value="{customer.email}"' in refused.text and "too often" in refused.text
    assert PASSWORD not in refused.text
    assert not refused.wsgi_request.user.is_authenticated


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"signup": "1/m/ip"})
def test_the_wait_counts_down_from_the_first_try(client, monkeypatch):
    # allauth counts a sliding minute from the try that used the limit up.
    import time

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    sign_up(client, "first@example.com")
    now += 45
    assert retry_after(sign_up(client, "second@example.com")) == 15
