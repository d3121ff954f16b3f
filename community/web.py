"""What the site's views share: a flow's refusal answered as a page or as a form
error, every 429 saying when to come back, and telling an HTMX request from a
plain one."""

from functools import wraps

from django.shortcuts import render

from .ratelimit import limit_met
from .refusals import REFUSALS, refusal_status


def answers_refusals(view):
    """A flow's refusal anywhere in `view` becomes the 403 (or 429) page with its reason."""

    @wraps(view)
    def answered(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except REFUSALS as refusal:
            status = refusal_status(refusal)
            context = {"message": str(refusal), "rate_limited": status == 429}
            return render(request, "not_allowed.html", context, status=status)

    return answered


def submitted(form, action):
    """Run `action`, a flow, if `form` was sent and is valid; a refusal becomes the
    form's own error. Returns (the flow's result or None, HTTP status): 200 for a
    form not sent yet, 400 for one sent with mistakes, shown at their fields with
    everything typed still in it."""
    if not form.is_bound:
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return action(), 200
    except REFUSALS as refusal:
        form.add_error(None, str(refusal))
        return None, refusal_status(refusal)


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


class RetryAfterMiddleware:
    """Every 429 says when to come back: Retry-After, the seconds until the window
    of the limit the request ran into resets. Views answer a refusal in many ways
    (a page, the form again, the button beside its reason), so the header is added
    here once rather than by each of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = limit_met.set(None)
        try:
            response = self.get_response(request)
            limited = limit_met.get()
        finally:
            limit_met.reset(started)
        if response.status_code == 429 and limited and not response.has_header("Retry-After"):
            response["Retry-After"] = str(limited.retry_after_seconds)
        return response
