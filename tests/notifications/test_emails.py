import re

import pytest

from community import roles
from community.notifications import emails
from community.notifications.events import Delivery
from community.notifications.models import Notification

from .conftest import ROLE_GRANTED, prefer


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def unsubscribe_path(message):
    match = re.fullmatch(r"<http://testserver(/notifications/unsubscribe/[^/>]+/)>",
                         message.extra_headers["List-Unsubscribe"])
    assert match, message.extra_headers["List-Unsubscribe"]
    return match.group(1)


def test_immediate_preference_sends_one_email_with_text_html_and_unsubscribe(
    customer, ops, ping, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer, actor=ops, title="You are now a Worker")

    [message] = mailoutbox
    notification = Notification.objects.get(recipient=customer)
    assert message.to == [customer.email]
    assert message.subject == "You are now a Worker"
    assert f"http://testserver/notifications/{notification.pk}/" in message.body
    assert "Olive" in message.body
    html = html_of(message)
    assert f'href="http://testserver/notifications/{notification.pk}/"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = "http://testserver" + unsubscribe_path(message)
    assert link in message.body
    assert link in html
    assert notification.emailed_at is not None


def test_nothing_is_sent_before_the_transaction_commits(
    customer, ping, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ping(customer)
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_granting_a_role_emails_the_person(customer, ops, mailoutbox,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        roles.grant_role(customer, roles.WORKER, actor=ops)
    [message] = mailoutbox
    assert message.to == [customer.email]
    assert message.subject == "You are now a Worker in the community"


@pytest.mark.parametrize("delivery", [Delivery.NEVER, Delivery.DAILY])
def test_never_and_daily_send_no_immediate_email(
    customer, ping, mailoutbox, django_capture_on_commit_callbacks, delivery
):
    prefer(customer, ROLE_GRANTED, delivery)
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer)
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=customer).exists()


def test_an_unverified_address_gets_no_email(
    customer, ping, mailoutbox, django_capture_on_commit_callbacks
):
    customer.emailaddress_set.update(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer)
    assert mailoutbox == []


def test_a_verified_secondary_address_does_not_count(
    customer, ping, mailoutbox, django_capture_on_commit_callbacks
):
    customer.emailaddress_set.update(verified=False)
    customer.emailaddress_set.create(email="other@example.com", verified=True, primary=False)
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer)
    assert mailoutbox == []


def test_an_unsubscribe_before_sending_wins(
    customer, ping, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ping(customer)
    prefer(customer, ROLE_GRANTED, Delivery.NEVER)
    for callback in callbacks:
        callback()
    assert mailoutbox == []
    assert Notification.objects.get(recipient=customer).delivery == Delivery.NEVER


def test_a_retried_send_does_not_send_twice(customer, ping, mailoutbox):
    ping(customer)  # the on-commit e-mail never runs inside the test transaction
    notification = Notification.objects.get(recipient=customer)
    assert emails.send_notification_emails([notification.pk]) == 1
    assert emails.send_notification_emails([notification.pk]) == 0
    assert len(mailoutbox) == 1


def test_a_failed_send_is_retried_later(customer, ping, mailoutbox, monkeypatch):
    ping(customer)
    notification = Notification.objects.get(recipient=customer)

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP is down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
        with pytest.raises(ConnectionError):
            emails.send_notification_emails([notification.pk])
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert emails.send_notification_emails([notification.pk]) == 1
    assert len(mailoutbox) == 1


def test_html_part_escapes_titles(customer, mailoutbox, django_capture_on_commit_callbacks, ping):
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer, title="<script>alert(1)</script> & more")
    [message] = mailoutbox
    assert "<script>" not in html_of(message)
    assert "&lt;script&gt;" in html_of(message)
    assert "<script>alert(1)</script> & more" in message.body
