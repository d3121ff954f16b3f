"""How allauth creates and signs in people here, and how its rate limits answer."""

import math
import time
from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.views import LoginView, PasswordResetView, SignupView
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit as allauth_limits
from django.core.cache import cache
from django.shortcuts import render

from . import roles
from .ratelimit import RateLimited
from .site import site_name

ALLAUTH_APP = "allauth.account"
# allauth's pages that it rate limits, by the action its limit counts; the view
# given is a form page whose typed text comes back when the limit is met.
LIMITED_PAGES = {
    "account_signup": ("signup", SignupView),
    "account_login": ("login", LoginView),
    "account_reset_password": ("reset_password", PasswordResetView),
    "account_reset_password_from_key": ("reset_password_from_key", None),
    "account_change_password": ("change_password", None),
    "account_email": ("manage_email", None),
    "account_reauthenticate": ("reauthenticate", None),
    "account_request_login_code": ("request_login_code", None),
}
# Never sent back into a page, even one the person typed it into.
SECRET_FIELDS = {"password", "password1", "password2", "csrfmiddlewaretoken"}


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Everyone who signs up is a Customer; a verified company address adds Worker later.
            roles.grant_role(user, roles.CUSTOMER)
        return user

    def send_mail(self, template_prefix, email, context):
        # allauth signs its e-mails with the Django "sites" name; ours is in the site settings.
        request = allauth_context.request
        domain = request.get_host() if request else ""
        context = {"current_site": SimpleNamespace(name=site_name(request), domain=domain), **context}
        super().send_mail(template_prefix, email, context)


def rate_limited(request):
    """allauth's answer when one of its limits is met (community/urls.py names it
    handler429). Its own page would lose what was typed and not say how long to
    wait: here a form page (sign-up, sign-in, password reset) comes back with the
    e-mail and name as typed and the reason above them, and every answer carries
    Retry-After."""
    url_name = request.resolver_match.url_name if request.resolver_match else None
    action, form_view = LIMITED_PAGES.get(url_name, (None, None))
    limited = RateLimited(action, retry_after=_allauth_wait(request, action))
    if form_view and request.method == "POST":
        response = _form_again(request, form_view, limited)
    else:
        response = render(request, "not_allowed.html",
                          {"message": str(limited), "rate_limited": True}, status=429)
    response["Retry-After"] = str(limited.retry_after_seconds)
    return response


def _form_again(request, view_class, limited):
    view = view_class()
    view.setup(request)
    kwargs = view.get_form_kwargs()
    kwargs.pop("data", None)
    kwargs.pop("files", None)
    # Unbound, with what was typed as its starting values: binding it would check
    # it again and tell off the person for the passwords it must not send back.
    typed = {name: value for name, value in request.POST.items() if name not in SECRET_FIELDS}
    form = view.get_form_class()(**{**kwargs, "initial": {**kwargs.get("initial", {}), **typed}})
    # An unbound form has nothing cleaned for add_error to tidy up after.
    form.cleaned_data = {}
    form.add_error(None, str(limited))
    return render(request, view.template_name, view.get_context_data(form=form), status=429)


def _allauth_wait(request, action):
    """Seconds until `action` is allowed again from here. allauth keeps each hit's
    time, newest first, per rate; a place frees up when the oldest of the last
    `amount` hits leaves the period. A limit counted per typed key (an e-mail
    address) cannot be read back, so its whole period is the answer then."""
    if action is None:
        # A page not listed above: the longest period of any limit is surely enough.
        return _longest(account_settings.RATE_LIMITS)
    rates = allauth_limits.get_rates(app=ALLAUTH_APP, action=action)
    now = time.time()
    waits = []
    for rate in rates:
        if rate.per == "key" or (rate.per == "user" and not request.user.is_authenticated):
            continue
        key = allauth_limits.get_cache_key(request, app=ALLAUTH_APP, action=action, rate=rate)
        recent = [hit for hit in cache.get(key, []) if hit > now - rate.duration]
        if len(recent) >= rate.amount:
            waits.append(recent[rate.amount - 1] + rate.duration - now)
    return math.ceil(max(waits)) if waits else _longest([action])


def _longest(actions):
    periods = [rate.duration for action in actions
               for rate in allauth_limits.get_rates(app=ALLAUTH_APP, action=action)]
    return math.ceil(max(periods, default=60))
