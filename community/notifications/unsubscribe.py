"""One-click unsubscribe links for e-mails.

The signed token is the only authorisation: whoever holds the e-mail may stop
it, without signing in. Tokens do not expire, because old e-mails must keep
working; a token can only ever turn e-mail off.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from community.site import site_name

from .events import ALL_EVENTS, Delivery, get_event, is_registered
from .preferences import set_preferences

SALT = "community.notifications.unsubscribe"


class BadToken(ValueError):
    pass


def make_token(user, scope):
    if scope != ALL_EVENTS:
        get_event(scope)
    return signing.dumps([user.pk, scope], salt=SALT)


def unsubscribe_url(user, scope):
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[make_token(user, scope)])


def read_token(token):
    """(user, scope) for a genuine token; BadToken for anything else."""
    try:
        payload = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError) as exc:
        raise BadToken("The link is not valid") from exc
    if not (isinstance(payload, list) and len(payload) == 2):
        raise BadToken("The link is not valid")
    user_id, scope = payload
    if not isinstance(user_id, int) or not isinstance(scope, str):
        raise BadToken("The link is not valid")
    if scope != ALL_EVENTS and not is_registered(scope):
        raise BadToken("These e-mails no longer exist")
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise BadToken("The account no longer exists")
    return user, scope


def describe(scope, request=None):
    if scope == ALL_EVENTS:
        return f"any e-mails from {site_name(request)}"
    return f"e-mails about “{get_event(scope).label}”"


def unsubscribe(user, scope):
    if scope == ALL_EVENTS:
        # A switch rather than one row per event, so events added later stay quiet too.
        set_preferences(user, {}, stop_all=True)
    else:
        set_preferences(user, {scope: Delivery.NEVER})


def list_unsubscribe_headers(url):
    """RFC 8058 one-click unsubscribe: mail clients POST to the URL themselves."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
