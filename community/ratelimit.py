"""Rate limits for cheap-to-abuse writes (posting, reacting, voting, flagging).

Counts live in the shared cache (Redis in production), in fixed windows, one
counter per person and action. Limits are set in settings.RATE_LIMITS as
"count/period" with the period in seconds, minutes, hours or days: "5/10m".
"""

import re
import time
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
        minutes = max(1, round(retry_after / 60))
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        super().__init__(
            f"You are doing that too often. Please wait {wait} and try again; "
            "what you wrote is still here."
        )


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text):
        match = PERIOD.match(text.replace(" ", ""))
        if not match:
            raise ValueError(f"A rate looks like '5/10m' (count/period), not {text!r}")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * SECONDS[unit])


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
    # add() then incr() is atomic on Redis and on the local-memory cache alike.
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=rate.seconds + 1)
        used = 1
    if used > rate.count:
        raise RateLimited(action, retry_after=(window + 1) * rate.seconds - now)
