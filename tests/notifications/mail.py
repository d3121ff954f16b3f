"""A mail backend that refuses some addresses, as an SMTP server refuses a bad mailbox."""

from smtplib import SMTPRecipientsRefused

from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings


class RefusingBackend(EmailBackend):
    """Delivers to the test outbox like locmem, except to settings.REFUSED_RECIPIENTS."""

    def send_messages(self, messages):
        refused = set(getattr(settings, "REFUSED_RECIPIENTS", ()))
        for message in messages:
            bad = refused.intersection(message.recipients())
            if bad:
                raise SMTPRecipientsRefused({to: (550, b"No such mailbox") for to in bad})
        return super().send_messages(messages)


def refusing(*addresses):
    """override_settings() under which mail to `addresses` fails and all other mail is sent."""
    return override_settings(
        EMAIL_BACKEND=f"{__name__}.RefusingBackend", REFUSED_RECIPIENTS=list(addresses)
    )
