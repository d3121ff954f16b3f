"""The processor time a measurement used, by part: the site (gunicorn's workers
and the db_worker beside them), the database server and the Elasticsearch node
when they run on this machine, the load client, and whatever else ran.

Divided by the answers, it says what one request costs, and so how many a
machine's cores could answer at most: at 10 ms of CPU per vote, two cores
answer no more than 200 votes a second however the waiting is arranged. On a
machine the client shares with the server, times alone cannot tell a slow
request from a starved one; this can.

Read from /proc (Linux); elsewhere the report leaves the section out."""

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
PARTS = ("site", "database", "search", "client", "other")


@dataclass(frozen=True)
class Usage:
    """Seconds of CPU each part used, and the machine's seconds of CPU in all."""

    seconds: dict  # part -> seconds
    cores: int

    def per_request(self, answers):
        return {part: seconds * 1000 / answers for part, seconds in self.seconds.items()} \
            if answers else {}


class Meter:
    """`with Meter(site_pids) as meter: ...` then `meter.usage`."""

    def __init__(self, site_pids):
        self.site_pids = set(site_pids)
        self.usage = None
        self._before = None

    def __enter__(self):
        self._before = _snapshot(self.site_pids)
        return self

    def __exit__(self, *exc):
        after = _snapshot(self.site_pids)
        if self._before is not None and after is not None:
            used = {part: after[part] - self._before[part] for part in after}
            known = sum(used[part] for part in PARTS if part != "other")
            used["other"] = max(0.0, used.pop("machine") - known)
            self.usage = Usage(used, os.cpu_count() or 1)


def available():
    return (PROC / "stat").exists()


def _snapshot(site_pids):
    if not available():
        return None
    processes = dict(_processes())
    site = _descendants(site_pids, processes)
    parts = {part: 0.0 for part in PARTS if part != "other"}
    for pid, (name, _parent, own, reaped) in processes.items():
        # A process that ended is counted in its parent's `reaped` time once the
        # parent waited for it: PostgreSQL's backends, gunicorn's replaced workers.
        if pid in site:
            parts["site"] += own + reaped
        elif name == "postgres":
            parts["database"] += own + reaped
        elif name == "java" and _is_elasticsearch(pid):
            parts["search"] += own + reaped
    client = os.times()
    parts["client"] = client.user + client.system
    parts["machine"] = _machine_busy()
    return parts


def _processes():
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue  # ended while being listed
        # The name is in parentheses and may itself hold spaces or parentheses.
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        parent = int(fields[1])
        own = (int(fields[11]) + int(fields[12])) / ticks
        reaped = (int(fields[13]) + int(fields[14])) / ticks
        yield int(entry.name), (name, parent, own, reaped)


def _descendants(roots, processes):
    children = {}
    for pid, (_name, parent, _own, _reaped) in processes.items():
        children.setdefault(parent, []).append(pid)
    found, waiting = set(), [pid for pid in roots if pid in processes]
    while waiting:
        pid = waiting.pop()
        found.add(pid)
        waiting.extend(children.get(pid, ()))
    return found


def _is_elasticsearch(pid):
    try:
        return b"elasticsearch" in (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


def _machine_busy():
    """Seconds of CPU the whole machine spent on anything but idling."""
    fields = [int(n) for n in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")
