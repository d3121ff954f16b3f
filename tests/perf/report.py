"""The benchmark's Markdown report: each figure next to its target, then the
detail behind it, every page beside the one-line baseline view measured in the
same run at the same concurrency."""

from dataclasses import dataclass, field

from .text import QUERIES


@dataclass
class Results:
    size: str
    database: str
    started: str
    data_set: str
    server: str
    baselines: dict = field(default_factory=dict)  # concurrency -> Measurement
    pages: list = field(default_factory=list)  # (scenarios.Page, Measurement)
    searches: dict = field(default_factory=dict)  # backend -> Measurement, labelled by query
    votes: object = None  # (voters.Outcome, voters.Check, concurrency, voters)
    rebuilds: dict = field(default_factory=dict)  # backend -> (documents, seconds)
    recount: tuple = ()  # (threads, seconds)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    figure: str
    measured: float | None
    shown: str
    target: str
    met: bool | None  # None: not measured in this run


def targets(results):
    pages = {page.name: measurement for page, measurement in results.pages}
    rows = []
    for name in ("thread page", "thread page, cold"):
        thread, baseline = pages.get(name), _baseline_for(results, pages.get(name))
        if thread and baseline and baseline.per_second:
            ratio = thread.per_second / baseline.per_second
            rows.append(Target(f"anonymous {name} req/s ÷ one-line view req/s", ratio,
                               f"{ratio:.2f} ({thread.per_second:,.0f} ÷ "
                               f"{baseline.per_second:,.0f})", "≥ 0.3", ratio >= 0.3))
    for name in ("forum page 1", "forum, deep page", "forum, deep pages, cold"):
        if name in pages:
            rows.append(_at_most(f"{name} p95", pages[name].percentile(95), 50, "ms"))
    for backend, limit in (("database", 150), ("elasticsearch", 50)):
        if backend in results.searches:
            rows.append(_at_most(f"{backend} search p95 (20 queries, warm)",
                                 results.searches[backend].percentile(95), limit, "ms"))
    for backend, (documents, seconds) in results.rebuilds.items():
        rate = documents / seconds if seconds else 0
        rows.append(Target(f"search_index rebuild, {backend}", rate,
                           f"{rate:,.0f} docs/s ({documents:,} in {seconds:,.1f} s)",
                           "≥ 10,000 docs/s", rate >= 10_000))
    if results.votes:
        outcome, check, concurrency, _voters = results.votes
        rate = sum(outcome.pressed.values()) / outcome.seconds if outcome.seconds else 0
        rows.append(Target(f"votes/s, {concurrency} concurrent clients", rate,
                           f"{rate:,.0f}", "≥ 400", rate >= 400))
        rows.append(Target("lost or doubled votes", check.lost + check.extra,
                           f"{check.lost} lost, {check.extra} extra, "
                           f"{len(check.counters_off)} ideas with wrong counters",
                           "0", check.ok))
    if results.recount:
        threads, seconds = results.recount
        rows.append(Target(f"recount_forum, {threads:,} threads", seconds, f"{seconds:,.1f} s",
                           "≤ 10 s", seconds <= 10))
    return rows


def _at_most(figure, value, limit, unit):
    return Target(figure, value, f"{value:,.0f} {unit}", f"≤ {limit} {unit}", value <= limit)


def _baseline_for(results, measurement):
    return results.baselines.get(measurement.concurrency) if measurement else None


def render(results):
    out = [f"# Benchmark: {results.size} on {results.database}", "",
           f"{results.started}. {results.data_set}", "", results.server, ""]
    if results.problems:
        out += ["## Problems", "", *(f"- {problem}" for problem in results.problems), ""]
    out += ["## Targets", "",
            "The targets are set for the 1m data set on PostgreSQL; at other sizes they are "
            "shown for comparison.", "",
            "| figure | measured | target | met |", "|---|---|---|---|"]
    for row in targets(results):
        met = "yes" if row.met else "**no**"
        out.append(f"| {row.figure} | {row.shown} | {row.target} | {met} |")
    out += ["", "## Pages (anonymous, no cookies)", "",
            "| page | requests | p50 ms | p95 ms | req/s | ÷ baseline | cache hits | note |",
            "|---|---|---|---|---|---|---|---|"]
    for concurrency, baseline in sorted(results.baselines.items()):
        out.append(_line(f"one-line view ({concurrency} clients)", baseline, baseline, ""))
    for page, measurement in results.pages:
        out.append(_line(page.name, measurement, _baseline_for(results, measurement), page.note))
    for backend, measurement in results.searches.items():
        out += ["", f"## Search, {backend} backend", "",
                _line("all 20 queries", measurement, _baseline_for(results, measurement), ""),
                "", "| query | kind | requests | p50 ms | p95 ms |", "|---|---|---|---|---|"]
        for label, kind, _text, _filters in QUERIES:
            one = measurement.of(label)
            out.append(f"| {label} | {kind} | {one.count} | {one.percentile(50):,.1f} | "
                       f"{one.percentile(95):,.1f} |")
    if results.votes:
        out += ["", *_votes(results.votes)]
    out += _processor_time(results)
    if results.notes:
        out += ["", "## Notes", "", *(f"- {note}" for note in results.notes)]
    return "\n".join(out) + "\n"


def _line(name, measurement, baseline, note):
    ratio = (f"{measurement.per_second / baseline.per_second:.2f}"
             if baseline and baseline.per_second else "—")
    hits = measurement.cache_hits
    hits = "—" if hits is None else f"{hits:.0%}"
    return (f"| {name} | {measurement.count:,} | {measurement.percentile(50):,.1f} | "
            f"{measurement.percentile(95):,.1f} | {measurement.per_second:,.1f} | {ratio} | "
            f"{hits} | {note} |")


def _votes(votes):
    outcome, check, concurrency, voters = votes
    from .client import Measurement

    presses = Measurement(outcome.votes, outcome.seconds, concurrency)
    done = sum(outcome.pressed.values())
    lines = ["## Votes", "",
             f"{voters:,} signed-in people (a few through the sign-in form), {concurrency} "
             f"clients, each pressing the vote button on ideas and again to take the vote back; "
             f"half the presses on the board's 20 most voted ideas.", "",
             f"- presses answered as done: {done:,} in {outcome.seconds:,.1f} s "
             f"({done / outcome.seconds if outcome.seconds else 0:,.0f}/s); "
             f"p50 {presses.percentile(50):,.1f} ms, p95 {presses.percentile(95):,.1f} ms",
             f"- answers: {_statuses(presses.statuses)}",
             f"- after the run: {check.lost} votes lost, {check.extra} votes extra, "
             f"{len(check.counters_off)} ideas whose counters disagree with their votes"]
    for idea, counters, rows, told in check.counters_off[:10]:
        lines.append(f"  - idea {idea}: counters {counters}, rows {rows}, expected {told} votes")
    return lines


SERVING = ("site", "database", "search")


def _processor_time(results):
    measured = [(f"one-line view ({concurrency} clients)", baseline)
                for concurrency, baseline in sorted(results.baselines.items())]
    measured += [(page.name, measurement) for page, measurement in results.pages]
    measured += [(f"search, {backend}", measurement)
                 for backend, measurement in results.searches.items()]
    if results.votes:
        outcome, _check, concurrency, _voters = results.votes
        from .client import Measurement

        measured.append(("votes", Measurement(outcome.votes, outcome.seconds, concurrency,
                                              outcome.cpu)))
    measured = [(name, m) for name, m in measured if m.cpu is not None and m.count]
    if not measured:
        return []
    cores = measured[0][1].cpu.cores
    lines = ["", "## Where the processor time goes", "",
             "Milliseconds of CPU per answer while each measurement ran: the site (gunicorn's "
             "workers and the db_worker), the database server and the Elasticsearch node when "
             "they run on this machine, the load client, and anything else the machine did. "
             f"The ceiling is what this machine's {cores} cores could answer per second if they "
             f"did nothing but serve: {cores} × 1,000 ÷ (site + database + search).", "",
             "| measured | answers | site | database | search | client | other | ceiling req/s |",
             "|---|---|---|---|---|---|---|---|"]
    for name, measurement in measured:
        each = measurement.cpu.per_request(measurement.count)
        serving = sum(each[part] for part in SERVING)
        ceiling = f"{cores * 1000 / serving:,.0f}" if serving else "—"
        lines.append(f"| {name} | {measurement.count:,} | "
                     + " | ".join(f"{each[part]:,.1f}" for part in
                                  ("site", "database", "search", "client", "other"))
                     + f" | {ceiling} |")
    return lines


def _statuses(statuses):
    return ", ".join(f"{count:,} × {status or 'no answer'}"
                     for status, count in sorted(statuses.items()))
