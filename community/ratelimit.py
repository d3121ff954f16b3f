"""Rate limits for cheap-to-abuse writes (posting, reacting, voting, flagging).

Counts live in the shared cache (Redis in production), in fixed windows, one
counter per person and action. Limits are set in settings.RATE_LIMITS as
"count/period" with the period in seconds, minutes, hours or days: "5/10m".

A refusal is also noted for the request that ran into it, so that whichever
view answers the 429 the answer says when to come back (community/web.py).
"""

import math
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

PERIOD = re.compile(r"^(\d+)/(\d*)([smhd])$")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    """Raised by a flow when the person has done this too often; views answer 429."""

    def __init__(self, action, retry_after):
        self.action = action
        self.retry_after = retry_after
        super().__init__(
            f"You are doing that too often. Please wait {_wait(retry_after)} and try again; "
            "what you wrote is still here."
        )

    @property
    def retry_after_seconds(self):
        """The wait in whole seconds, as Retry-After gives it: rounded up, so a
        client that waits exactly that long is let in, and never zero."""
        return max(1, math.ceil(self.retry_after))


# The limit the current request ran into, if any; RetryAfterMiddleware reads it.
limit_met = ContextVar("limit_met", default=None)


def _wait(seconds):
    # Round up: someone told "a minute" who is refused again after a minute
    # stops believing the message.
    minutes = max(1, math.ceil(seconds / 60))
    if minutes == 1:
        return "a minute"
    if minutes < 90:
        return f"{minutes} minutes"
    hours = round(minutes / 60)
    return f"about {hours} hours" if hours < 48 else f"about {round(hours / 24)} days"


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text):
        match = PERIOD.match(text.replace(" ", "")) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"A rate looks like '5/10m' (count/period), not {text!r}")
        count, multiple, unit = match.groups()
        rate = cls(int(count), int(multiple or 1) * SECONDS[unit])
        # A zero count would refuse everyone while telling them to wait, and a zero
        # period cannot be divided into windows. An unlimited action is left out instead.
        if not rate.count or not rate.seconds:
            raise ValueError(f"A rate needs a count and a period above zero, not {text!r}")
        return rate


def consume(user, action):
    """Count one `action` by `user`; raise RateLimited when over the limit.
    Actions without a configured limit are never limited."""
    rule = settings.RATE_LIMITS.get(action)
    if not rule:
        return
    rate = Rate.parse(rule)
    now = time.time()
    window = int(now // rate.seconds)
    key = f"ratelimit:{action}:{user.pk}:{window}"
    # add() and incr() are each atomic on Redis and on the local-memory cache alike.
    if cache.add(key, 1, timeout=rate.seconds + 1):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            used = 1 if cache.add(key, 1, timeout=rate.seconds + 1) else cache.incr(key)
    if used > rate.count:
        limited = RateLimited(action, retry_after=(window + 1) * rate.seconds - now)
        limit_met.set(limited)
        raise limited
