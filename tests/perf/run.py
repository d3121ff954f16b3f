"""Measure the loaded data set as production serves it:

    python -m tests.perf.run --size small|medium|1m  (make perf SIZE=1m)

Serves the site under gunicorn (two workers, DEBUG off, a freshly generated
SECRET_KEY) on a free port of 127.0.0.1, against the database the loader
filled (DATABASE_URL, else var/perf.sqlite3), and measures each page, the 20
searches, votes by signed-in people, `search_index rebuild` and
`recount_forum`, each page beside a one-line Django view served the same way.
Writes var/perf/report-<size>-<database>.md and prints it. Exits with 1 when
any answer was not the one expected (a 5xx, a refused vote...) or when votes
and counters disagree afterwards.
"""

import argparse
import os
import platform
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import datetime

from .cpu import Meter
from .server import ROOT, Server, collect_static, environment

PARTS = ("pages", "search", "votes", "rebuild", "recount")
PAGE_CLIENTS = 4  # twice the workers: each worker always has the next request waiting
VOTE_CLIENTS = 50


@dataclass(frozen=True)
class Plan:
    page_seconds: float
    search_seconds: float
    vote_seconds: float
    voters: int


PLANS = {
    "tiny": Plan(1, 2, 2, 20),
    "small": Plan(3, 6, 5, 200),
    "medium": Plan(8, 20, 10, 500),
    "1m": Plan(15, 40, 20, 1_000),
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.perf.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", choices=PLANS)
    parser.add_argument("--skip", action="append", default=[], choices=PARTS,
                        help="leave a part out (may be repeated)")
    args = parser.parse_args(argv)
    env = environment(SECRET_KEY=secrets.token_urlsafe(50))
    os.environ.update(env)
    import django

    django.setup()
    results = measure(args.size, PLANS[args.size], env, skip=set(args.skip))
    from .report import render

    text = render(results)
    path = ROOT / "var" / "perf" / f"report-{args.size}-{_vendor()}.md"
    path.write_text(text)
    print(text)
    print(f"Report written to {path.relative_to(ROOT)}")
    sys.exit(1 if results.problems else 0)


def measure(size_name, plan, env, skip=()):
    from django.conf import settings
    from django.core.management import call_command

    from . import scenarios
    from .report import Results
    from .sizes import SIZES

    # The code measured may have changed since the data set was loaded.
    call_command("migrate", interactive=False, verbosity=0)
    # Pages kept by an earlier run may show another data set's rows.
    call_command("forget_cached_pages", verbosity=0)
    _check_loaded(SIZES[size_name])
    (ROOT / "var" / "perf").mkdir(parents=True, exist_ok=True)
    print("Collecting static files…", flush=True)
    collect_static(env)
    configured = "elasticsearch" if settings.ELASTICSEARCH_URL else "database"
    results = Results(
        size=size_name, database=_database(), started=datetime.now().strftime("%Y-%m-%d %H:%M"),
        data_set=_data_set(),
        server=(f"gunicorn, 2 sync workers, DEBUG off, {configured} search; the load client "
                f"runs on the same machine ({os.cpu_count()} cores, load average "
                f"{os.getloadavg()[0]:.1f} at the start), Python {platform.python_version()}; "
                f"pages are measured from {PAGE_CLIENTS} clients."))
    if "rebuild" not in skip:
        # First, so the searches below read an index that holds the whole data set.
        _rebuild(results)
    log = open(ROOT / "var" / "perf" / f"server-{size_name}.log", "w")
    with log, Server(env, log) as server:
        print(f"Serving on 127.0.0.1:{server.port} (log: {log.name})", flush=True)
        _baseline(results, server, PAGE_CLIENTS, plan.page_seconds)
        if "pages" not in skip:
            for page in scenarios.pages():
                _page(results, server, page, plan.page_seconds)
        if "search" not in skip:
            _search(results, server, configured, plan.search_seconds)
        if "votes" not in skip:
            _baseline(results, server, VOTE_CLIENTS, plan.page_seconds)
            _votes(results, server, plan)
    if "search" not in skip and configured != "database":
        with open(log.name, "a") as log, Server({**env, "ELASTICSEARCH_URL": ""}, log) as server:
            _search(results, server, "database", plan.search_seconds)
    if "recount" not in skip:
        _recount(results)
    if "pages" not in skip and not any(page.name == "forum, deep page" and "cursor" in page.note
                                       for page, _m in results.pages):
        results.notes.append("The deep pages are asked for by ?page=, the lists not having "
                             "keyset cursors (forum.queries.list_cursor) in this version.")
    return results


def _baseline(results, server, clients, seconds):
    from .client import Request, measure

    print(f"  one-line view, {clients} clients…", flush=True)
    answers = measure(server.port, [Request("/perf/baseline/")], concurrency=clients,
                      seconds=seconds, meter=Meter(server.pids))
    results.baselines[clients] = answers
    _expect(results, f"one-line view ({clients} clients)", answers, {200})


def _page(results, server, page, seconds):
    from .client import measure

    print(f"  {page.name}…", flush=True)
    bounds = {"warm": False, "most": len(page.requests)} if page.cold else {}
    answers = measure(server.port, page.requests, concurrency=PAGE_CLIENTS, seconds=seconds,
                      meter=Meter(server.pids), **bounds)
    results.pages.append((page, answers))
    _expect(results, page.name, answers, {200})


def _search(results, server, backend, seconds):
    from . import scenarios
    from .client import Connection, measure

    print(f"  search, {backend} backend…", flush=True)
    requests = scenarios.searches()
    answers = measure(server.port, requests, concurrency=PAGE_CLIENTS, seconds=seconds,
                      complete=True, meter=Meter(server.pids))
    results.searches[backend] = answers
    _expect(results, f"search ({backend})", answers, {200})
    # The page's notice when Elasticsearch could not answer and the database did.
    if b"reduced mode" in Connection(server.port).send(requests[0], keep=True).body:
        results.problems.append(f"search ({backend}): answered in reduced mode, by the "
                                "database, not by the backend measured")


def _votes(results, server, plan):
    from . import voters
    from .client import Measurement

    print(f"  votes, {VOTE_CLIENTS} clients…", flush=True)
    ballot = voters.prepare(plan.voters)
    try:
        outcome = voters.vote(server.port, ballot, concurrency=VOTE_CLIENTS,
                              seconds=plan.vote_seconds, meter=Meter(server.pids))
    finally:
        voters.tidy(ballot)
    check = voters.check(ballot, outcome)
    results.votes = (outcome, check, VOTE_CLIENTS, len(ballot.voters))
    _expect(results, "votes", Measurement(outcome.votes, outcome.seconds, VOTE_CLIENTS), {302})
    _expect(results, "sign-ins and idea pages before voting",
            Measurement(outcome.others, outcome.seconds, VOTE_CLIENTS), {200, 302})
    if outcome.not_ready:
        results.problems.append(f"votes: {outcome.not_ready} of {len(ballot.voters)} people "
                                "could not sign in, or found no vote button on the board")
    if outcome.unsure:
        results.problems.append(f"votes: {outcome.unsure} presses had no clear answer")
    if not check.ok:
        results.problems.append(
            f"votes and counters disagree after the run: {check.lost} lost, {check.extra} "
            f"extra, {len(check.counters_off)} ideas with wrong counters")


def _rebuild(results):
    from search import maintenance

    print("  search_index rebuild…", flush=True)
    # The backends fill at once from one read of the documents, so each one's
    # time runs from the start to when it is done.
    started = time.perf_counter()
    for backend, documents in maintenance.rebuild():
        results.rebuilds[backend] = (documents, time.perf_counter() - started)


def _recount(results):
    from forum.flows import recount_forum
    from forum.models import ForumIndexPage

    from .load_forums import big_forum

    print("  recount_forum…", flush=True)
    forum = big_forum(ForumIndexPage.objects.first())
    started = time.perf_counter()
    recount_forum(forum)
    results.recount = (forum.threads.count(), time.perf_counter() - started)


def _expect(results, name, measurement, statuses):
    unexpected = {status: n for status, n in measurement.statuses.items() if status not in statuses}
    if unexpected:
        shown = ", ".join(f"{n:,} × {status or 'no answer'}" for status, n in unexpected.items())
        results.problems.append(f"{name}: unexpected answers: {shown} (expected "
                                f"{', '.join(map(str, sorted(statuses)))})")


def _check_loaded(size):
    from forum.models import ForumIndexPage

    from .load_forums import big_forum

    forum = big_forum(ForumIndexPage.objects.first()) if ForumIndexPage.objects.exists() else None
    if forum is None or forum.threads.count() != size.big_forum_threads:
        sys.exit(f"The {size.name} data set is not loaded in {_database()}: "
                 f"make perf-data SIZE={size.name} first.")


def _vendor():
    from django.db import connection

    return connection.vendor


def _database():
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"SQLite ({os.path.relpath(name, ROOT)})"
    return f"PostgreSQL (database {name})"


def _data_set():
    from forum.models import Post, Thread
    from practices.models import Idea, Vote

    counts = [(label, model.objects.count()) for label, model in (
        ("threads", Thread), ("posts", Post), ("ideas", Idea), ("votes", Vote))]
    return "Data set: " + ", ".join(f"{n:,} {label}" for label, n in counts) + "."


if __name__ == "__main__":
    main()
