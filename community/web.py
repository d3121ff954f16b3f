"""What the site's views share: a flow's refusal answered as a page or as a form
error, and telling an HTMX request from a plain one."""

from functools import wraps

from django.shortcuts import render

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
    form's own error. Returns (the flow's result or None, HTTP status)."""
    if not (form.is_bound and form.is_valid()):
        return None, 200
    try:
        return action(), 200
    except REFUSALS as refusal:
        form.add_error(None, str(refusal))
        return None, refusal_status(refusal)


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"
