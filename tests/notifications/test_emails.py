import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import roles
from community.site import site_name
from community.notifications import emails, tasks
from community.notifications.events import Delivery
from community.notifications.models import Notification

from .conftest import ROLE_GRANTED, prefer, rename_site
from .mail import refusing


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


def test_granting_a_role_emails_the_person(customer, mailoutbox,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        roles.grant_role(customer, roles.WORKER)
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
    assert emails.send_notification_emails([notification.pk]).sent == 1
    assert emails.send_notification_emails([notification.pk]).sent == 0
    assert len(mailoutbox) == 1


def test_when_one_email_of_a_batch_fails_the_others_are_still_sent(
    customer, worker, ops, ping, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with refusing(customer.email), django_capture_on_commit_callbacks(execute=True):
        ping(customer, recipients=[customer, worker, ops])

    # Carla's goes first, so a failure that ended the batch would have taken the others with it.
    assert Notification.objects.order_by("pk").first().recipient == customer
    assert sorted(message.to[0] for message in mailoutbox) == sorted([worker.email, ops.email])
    assert Notification.objects.get(recipient=customer).emailed_at is None
    assert "the daily digest will carry it" in caplog.text


def test_the_task_reports_how_many_failed(customer, worker, ping, mailoutbox):
    ping(customer, recipients=[customer, worker])
    ids = list(Notification.objects.values_list("pk", flat=True))

    with refusing(customer.email):
        result = tasks.send_notification_emails.enqueue(ids)

    assert result.return_value == {"sent": 1, "failed": 1}
    assert [message.to for message in mailoutbox] == [[worker.email]]


def test_emails_carry_the_site_name_editors_set(
    customer, ping, mailoutbox, django_capture_on_commit_callbacks
):
    rename_site("Harbour Help Desk")
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer)

    [message] = mailoutbox
    assert "You receive this because you have an account on Harbour Help Desk." in message.body
    assert "Harbour Help Desk" in html_of(message)
    assert "Service Commons" not in message.body + html_of(message)


def settings_lookups(notification_ids):
    with CaptureQueriesContext(connection) as queries:
        emails.send_notification_emails(notification_ids)
    return sum("communitysettings" in query["sql"] for query in queries)


def test_the_site_name_is_looked_up_once_per_batch_not_per_email(
    customer, worker, ops, editor, ping, mailoutbox
):
    ping(customer)
    one = list(Notification.objects.values_list("pk", flat=True))
    ping(customer, recipients=[worker, ops, editor])
    three = list(Notification.objects.exclude(pk__in=one).values_list("pk", flat=True))
    site_name()  # the very first lookup also creates the settings row

    assert settings_lookups(one) == settings_lookups(three) > 0
    assert len(mailoutbox) == 4


def test_html_part_escapes_titles(customer, mailoutbox, django_capture_on_commit_callbacks, ping):
    with django_capture_on_commit_callbacks(execute=True):
        ping(customer, title="<script>alert(1)</script> & more")
    [message] = mailoutbox
    assert "<script>" not in html_of(message)
    assert "&lt;script&gt;" in html_of(message)
    assert "<script>alert(1)</script> & more" in message.body


def _bio_detail(person):
    return f"Bio: {person.bio} <b>not bold</b>"


def test_an_event_can_say_more_than_its_title_in_the_email(
    customer, ops, isolated_events, mailoutbox, django_capture_on_commit_callbacks
):
    from community.notifications.service import notify

    isolated_events.register_event("tests.detailed", "Detailed", detail=_bio_detail)
    customer.bio = "Loves kettles"
    customer.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([customer], "tests.detailed", target=customer, actor=ops, title="Hello")
    [message] = mailoutbox
    assert "Bio: Loves kettles <b>not bold</b>" in message.body
    assert "Bio: Loves kettles &lt;b&gt;not bold&lt;/b&gt;" in html_of(message)


def test_an_email_whose_target_is_gone_still_goes_with_its_title(
    customer, ops, make_person, isolated_events, mailoutbox, django_capture_on_commit_callbacks
):
    from community.notifications.service import notify

    isolated_events.register_event("tests.detailed", "Detailed", detail=_bio_detail)
    subject = make_person("gone@example.com", roles.CUSTOMER)
    notify([customer], "tests.detailed", target=subject, actor=ops, title="About someone")
    subject.delete()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_notification_emails.enqueue(
            list(Notification.objects.values_list("pk", flat=True)))
    [message] = mailoutbox
    assert message.subject == "About someone" and "Bio:" not in message.body
