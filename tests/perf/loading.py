"""What every part of the loader shares: the size, one seeded random source,
the moment the data set is loaded "at", the writing pools and the progress line."""

import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random

from .sizes import Size
from .text import Writing

# The data set spans two years of activity before the moment it is loaded at.
SPAN = timedelta(days=730)
CHUNK = 2_000  # threads or ideas per transaction: a crash loses one chunk, memory stays flat


@dataclass
class People:
    customers: list
    workers: list
    ops: list

    @property
    def everyone(self):
        return self.customers + self.workers + self.ops

    @property
    def staff(self):
        """Workers and operations: their votes count as workers' votes."""
        return set(self.workers) | set(self.ops)


@dataclass
class Context:
    size: Size
    rng: Random
    now: datetime
    writing: Writing
    out: object = sys.stdout
    people: People | None = None
    everyone: list = field(default_factory=list)  # every loaded person's id
    staff: set = field(default_factory=set)
    stages: list = field(default_factory=list)
    barriers: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    def skewed(self, ids):
        """One of `ids`, the first ones far more often: a few people write most posts."""
        return ids[int(len(ids) * self.rng.random() ** 2)]

    def moment(self, fraction, jitter=timedelta(hours=1)):
        """A time `fraction` of the way through the span, a little before or after."""
        start = self.now - SPAN
        when = start + SPAN * fraction + jitter * (self.rng.random() - 0.5)
        return min(max(when, start), self.now - timedelta(minutes=1))

    def say(self, message):
        print(message, file=self.out, flush=True)


class Progress:
    """`label 12,000/100,000 (8,400/s)` lines, at most one every two seconds."""

    def __init__(self, context, label, total):
        self.context, self.label, self.total = context, label, total
        self.started = self.last = time.monotonic()
        self.shown = None

    def __call__(self, done, final=False):
        now = time.monotonic()
        if done == self.shown or (not final and now - self.last < 2):
            return
        self.last, self.shown = now, done
        rate = done / max(now - self.started, 1e-6)
        self.context.say(f"  {self.label} {done:,}/{self.total:,} ({rate:,.0f}/s)")
