"""How a flow says no. Every app's flows raise NotAllowed (or RateLimited) with a
reason in words the person understands; community/web.py turns either into the
page, form error or HTMX answer that shows it."""

from community.ratelimit import RateLimited


class NotAllowed(Exception):
    """The person may not do this; the message says why, in words they understand."""


REFUSALS = (NotAllowed, RateLimited)


def refuse(reason):
    """Raise NotAllowed with `reason`, when there is one: each `*_refusal(...)`
    says why not, or None, and the flow that acts on it calls refuse(...)."""
    if reason:
        raise NotAllowed(reason)


def refusal_status(refusal):
    return 429 if isinstance(refusal, RateLimited) else 403
