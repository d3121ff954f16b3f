"""Votes as people cast them: loaded customers and workers, signed in with real
sessions (a few through the sign-in form, the rest with sessions made in the
session store, as signing in would leave them), each fetching an idea page for
its CSRF token, then pressing the vote button on ideas and pressing it again
to take the vote back. Afterwards the votes and the ideas' counters are
checked against what the clients were told: no vote lost, none counted twice."""

import re
import secrets
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from importlib import import_module
from random import Random
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from community.models import User
from practices.models import Idea, IdeasBoardPage, Vote

from .client import Connection, Request, cookies_of, run_clients
from .load_people import DOMAIN

HOT_IDEAS = 20  # the board's most voted open ideas, which most voters press at once
IDEAS_PER_VOTER = 10  # each pressed twice: the vote, then taking it back
FORM_SIGN_INS = 3
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class Voter:
    pk: int
    email: str
    ideas: list  # to press, each twice
    password: str = ""  # set for those who sign in through the form
    session: str = ""
    cookies: dict = field(default_factory=dict)
    token: str = ""  # the CSRF token of the page they vote from


@dataclass
class Ballot:
    """Who votes on what, and how things stood before."""

    voters: list
    page: str  # where the vote buttons are pressed: the board
    before: set  # (user, idea) votes there before the run
    counters: dict  # idea -> (vote_count, customer_votes, worker_votes) before the run
    passwords: dict = field(default_factory=dict)  # user -> password field to put back


@dataclass
class Outcome:
    seconds: float = 0.0
    votes: list = field(default_factory=list)  # the answers to the vote presses
    others: list = field(default_factory=list)  # sign-ins and the board before voting
    pressed: dict = field(default_factory=dict)  # (user, idea) -> presses answered as done
    unsure: int = 0  # presses with no clear answer: the check cannot account for them
    not_ready: int = 0  # voters who could not sign in or found no vote button
    cpu: object = None  # cpu.Usage of the pressing, when measured


def prepare(count, seed=7):
    """`count` loaded people chosen at random (customers, workers, operations), ready to vote."""
    rng = Random(seed)
    people = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk")
                  .values_list("pk", "email"))
    chosen = rng.sample(people, min(count, len(people)))
    open_ideas = Idea.objects.filter(merged_into__isnull=True).exclude(status__in=Idea.CLOSED)
    hot = list(open_ideas.order_by("-vote_count", "pk").values_list("pk", flat=True)[:HOT_IDEAS])
    others = list(open_ideas.order_by("pk").values_list("pk", flat=True))
    others = rng.sample(others, min(len(others), 5_000))
    voters = []
    for pk, email in chosen:
        ideas = {}
        while len(ideas) < min(IDEAS_PER_VOTER, len(others)):
            idea = rng.choice(hot) if rng.random() < 0.5 else rng.choice(others)
            ideas[idea] = None
        voters.append(Voter(pk, email, list(ideas)))
    touched = {idea for voter in voters for idea in voter.ideas}
    before = set(Vote.objects.filter(user__in=[v.pk for v in voters], idea__in=touched)
                 .values_list("user_id", "idea_id"))
    counters = {pk: rest for pk, *rest in Idea.objects.filter(pk__in=touched).values_list(
        "pk", "vote_count", "customer_votes", "worker_votes")}
    ballot = Ballot(voters, IdeasBoardPage.objects.first().url, before,
                    {pk: tuple(rest) for pk, rest in counters.items()})
    _sign_in(ballot)
    return ballot


def _sign_in(ballot):
    """A few voters get a password for the sign-in form; the others a session."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    users = User.objects.in_bulk([voter.pk for voter in ballot.voters])
    for n, voter in enumerate(ballot.voters):
        user = users[voter.pk]
        if n < FORM_SIGN_INS:
            ballot.passwords[user.pk] = user.password
            voter.password = secrets.token_urlsafe(16)
            user.set_password(voter.password)
            user.save(update_fields=["password"])
            continue
        session = store()
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND,
                        HASH_SESSION_KEY: user.get_session_auth_hash()})
        session.create()
        voter.session = session.session_key


def tidy(ballot):
    """Sign the voters out again and put back the passwords the run set."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for voter in ballot.voters:
        if voter.session:
            store(session_key=voter.session).delete()
    for pk, password in ballot.passwords.items():
        User.objects.filter(pk=pk).update(password=password)


def vote(port, ballot, *, concurrency, seconds, meter=None):
    """Voters sign in and open the board (untimed), then press their buttons
    from `concurrency` clients until `seconds` have passed; a voter finishes the
    vote in hand and its taking back. A `meter` (cpu.Meter) reads the processor
    time of the pressing alone."""
    outcome, lock = Outcome(), threading.Lock()
    origin = f"http://127.0.0.1:{port}"

    def get_ready(n):
        connection = Connection(port)
        for voter in ballot.voters[n::concurrency]:
            _get_ready(connection, voter, ballot.page, outcome, lock)
        connection.close()

    run_clients(get_ready, concurrency)
    ready = [voter for voter in ballot.voters if voter.token]
    outcome.not_ready = len(ballot.voters) - len(ready)
    waiting = iter(ready)
    deadline = time.perf_counter() + seconds

    def client(_n):
        connection = Connection(port)
        while time.perf_counter() < deadline:
            with lock:
                voter = next(waiting, None)
            if voter is None:
                break
            _press(connection, voter, origin, deadline, outcome, lock)
        connection.close()

    with meter or nullcontext():
        outcome.seconds = run_clients(client, concurrency)
    outcome.cpu = meter.usage if meter else None
    return outcome


def _get_ready(connection, voter, page, outcome, lock):
    cookies = {settings.SESSION_COOKIE_NAME: voter.session} if voter.session else {}
    if voter.password:
        cookies = _through_the_form(connection, voter, outcome, lock)
    board = connection.send(_get(page, cookies), keep=True)
    cookies.update(cookies_of(board))
    token = TOKEN.search(board.body.decode(errors="replace"))
    board.headers, board.body = [], b""
    with lock:
        outcome.others.append(board)
    if board.status == 200 and token is not None:
        voter.cookies, voter.token = cookies, token.group(1)


def _press(connection, voter, origin, deadline, outcome, lock):
    headers = (("Cookie", _cookie_header(voter.cookies)), ("Origin", origin),
               ("Content-Type", "application/x-www-form-urlencoded"))
    body = urlencode({"csrfmiddlewaretoken": voter.token, "next": ""}).encode()
    for pk in voter.ideas:
        for _again in range(2):  # the vote, then taking it back
            answer = connection.send(Request(reverse("ideas:vote", args=[pk]), "POST", body,
                                             headers, label="vote"), keep=True)
            location = dict((k.lower(), v) for k, v in answer.headers).get("location", "")
            answer.headers, answer.body = [], b""
            with lock:
                outcome.votes.append(answer)
                if answer.status == 302 and "/accounts/login" not in location:
                    key = (voter.pk, pk)
                    outcome.pressed[key] = outcome.pressed.get(key, 0) + 1
                elif answer.status == 0 or answer.status >= 500:
                    outcome.unsure += 1
        if time.perf_counter() >= deadline:
            return


def _through_the_form(connection, voter, outcome, lock):
    path = reverse("account_login")
    form = connection.send(_get(path, {}), keep=True)
    cookies = cookies_of(form)
    token = TOKEN.search(form.body.decode(errors="replace"))
    body = urlencode({"login": voter.email, "password": voter.password,
                      "csrfmiddlewaretoken": token.group(1) if token else ""}).encode()
    signed_in = connection.send(Request(path, "POST", body, (
        ("Cookie", _cookie_header(cookies)), ("Content-Type", "application/x-www-form-urlencoded"),
    ), label="sign-in"), keep=True)
    cookies.update(cookies_of(signed_in))
    for answer in (form, signed_in):
        answer.headers, answer.body = [], b""
    with lock:
        outcome.others += [form, signed_in]
    return cookies


def _get(path, cookies):
    headers = (("Cookie", _cookie_header(cookies)),) if cookies else ()
    return Request(path, headers=headers)


def _cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


@dataclass
class Check:
    """Votes and counters after the run against what the clients were told."""

    lost: int  # votes the clients cast (and did not take back) that are not there
    extra: int  # votes there that the clients took back or never cast
    counters_off: list  # (idea, counters, expected) where an idea's counters disagree

    @property
    def ok(self):
        return not (self.lost or self.extra or self.counters_off)


def check(ballot, outcome):
    voters = [voter.pk for voter in ballot.voters]
    touched = set(ballot.counters)
    expected = set(ballot.before)
    for key, presses in outcome.pressed.items():
        if presses % 2:
            expected ^= {key}
    there = set(Vote.objects.filter(user__in=voters, idea__in=touched)
                .values_list("user_id", "idea_id"))
    rows = {}
    for idea, role in Vote.objects.filter(idea__in=touched).values_list("idea_id", "voter_role"):
        total, customers, workers = rows.get(idea, (0, 0, 0))
        worker = role == Vote.Role.WORKER
        rows[idea] = (total + 1, customers + (not worker), workers + worker)
    change = {}
    for user, idea in expected ^ ballot.before:
        change[idea] = change.get(idea, 0) + (1 if (user, idea) in expected else -1)
    off = []
    for idea, *counters in Idea.objects.filter(pk__in=touched).values_list(
            "pk", "vote_count", "customer_votes", "worker_votes"):
        counters = tuple(counters)
        told = ballot.counters[idea][0] + change.get(idea, 0)
        if counters != rows.get(idea, (0, 0, 0)) or counters[0] != told:
            off.append((idea, counters, rows.get(idea, (0, 0, 0)), told))
    return Check(lost=len(expected - there), extra=len(there - expected), counters_off=off)
