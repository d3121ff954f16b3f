"""What everyone who writes on the site shares, in the forums and on ideas
alike: who may write, how long a text may be, how Markdown with @mentions
becomes HTML, and who is told of a mention."""

from community import markdown
from community.notifications.service import notify
from community.people import can_write
from community.refusals import refuse

BODY_MAX = 20_000

SIGNED_OUT = "Please sign in first."
SUSPENDED = "Your account is suspended: for now you can read, but not post, react, flag or follow."


def write_refusal(user):
    """Why `user` may not write at all, or None: signed out, or suspended."""
    if not user.is_authenticated:
        return SIGNED_OUT
    if not can_write(user):
        return SUSPENDED
    return None


def check_can_write(user):
    refuse(write_refusal(user))


def render_body(body):
    """HTML for a text, with @mentions of existing people linked."""
    from community.models import User

    handles = markdown.mentioned_handles(body)
    people = User.objects.filter(handle__in=handles, is_active=True) if handles else []
    return markdown.render(body, mentions={p.handle: p.get_absolute_url() for p in people})


def tell_mentioned(body, target, author, place):
    """Notify the active people `body` mentions by @handle that `author` mentioned
    them in `place`, pointing at `target`; returns everyone mentioned. The one
    mention mechanism, shared by every place people write Markdown."""
    from community.models import User

    handles = markdown.mentioned_handles(body)
    mentioned = list(User.objects.filter(handle__in=handles, is_active=True)) if handles else []
    notify(
        mentioned, "forum.mention", target=target, actor=author,
        title=f"{author.name if author else 'Someone'} mentioned you in {place}",
    )
    return mentioned
