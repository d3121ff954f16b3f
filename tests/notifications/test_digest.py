from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.notifications.digest import IMMEDIATE_GRACE
from community.notifications.events import Delivery
from community.notifications.models import Notification
from community.notifications.service import notify

from .conftest import ROLE_GRANTED, prefer, rename_site
from .mail import refusing
from .test_emails import html_of, unsubscribe_path


def digest(**options):
    from io import StringIO

    out = StringIO()
    call_command("send_digest", stdout=out, **options)
    return out.getvalue()


def daily(user, daily_event, *targets, actor=None):
    for target in targets:
        notify([user], daily_event.key, target=target, actor=actor, title=f"About {target.name}")


def created_ago(notifications, age):
    notifications.update(created_at=timezone.now() - age)


@pytest.fixture
def failed_email(ping, django_capture_on_commit_callbacks):
    """`failed_email(user, title)`: an immediate notification whose e-mail the mail server
    refused, made old enough that its task can no longer be in flight."""

    def fail(user, title="You are now a Worker"):
        with refusing(user.email), django_capture_on_commit_callbacks(execute=True):
            ping(user, title=title)
        notification = Notification.objects.get(recipient=user, title=title)
        assert notification.emailed_at is None
        created_ago(Notification.objects.filter(pk=notification.pk),
                    IMMEDIATE_GRACE + timedelta(minutes=1))
        return notification

    return fail


def test_one_digest_per_person_listing_their_notifications(
    customer, worker, ops, daily_event, mailoutbox
):
    daily(customer, daily_event, worker, ops, actor=ops)
    daily(worker, daily_event, customer)

    output = digest()

    assert "Sent 2 digests (3 notifications)" in output
    by_person = {message.to[0]: message for message in mailoutbox}
    assert set(by_person) == {customer.email, worker.email}
    carla = by_person[customer.email]
    assert "About Walt" in carla.body and "About Olive" in carla.body
    assert "About Carla" not in carla.body
    assert "About Walt" in html_of(carla)
    assert carla.subject.endswith("2 new notifications")
    assert carla.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Unsubscribe from all e-mails from Service Commons" in carla.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_running_twice_sends_nothing_the_second_time(customer, worker, daily_event, mailoutbox):
    daily(customer, daily_event, worker)
    digest()
    output = digest()
    assert len(mailoutbox) == 1
    assert "Sent 0 digests (0 notifications)" in output


def test_the_digest_unsubscribe_link_stops_all_email(
    customer, worker, daily_event, mailoutbox, client
):
    daily(customer, daily_event, worker)
    digest()
    [message] = mailoutbox

    client.post(unsubscribe_path(message))

    daily(customer, daily_event, customer)
    digest()
    assert len(mailoutbox) == 1


def test_an_immediate_email_still_within_its_grace_period_is_left_to_its_task(
    customer, worker, daily_event, ping, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ping(customer, title="Immediate one")
    created_ago(Notification.objects.filter(recipient=customer), IMMEDIATE_GRACE / 2)
    daily(customer, daily_event, worker)

    digest()
    [summary] = mailoutbox
    assert "About Walt" in summary.body
    assert "Immediate one" not in summary.body

    for callback in callbacks:  # the queued task runs late, and still sends it
        callback()
    assert [message.subject for message in mailoutbox[1:]] == ["Immediate one"]


def test_an_email_that_failed_arrives_in_the_next_digest_once(
    customer, worker, daily_event, failed_email, mailoutbox
):
    failed_email(customer, "You are now a Worker")
    daily(customer, daily_event, worker)

    assert "Sent 1 digest (2 notifications)" in digest()
    [message] = mailoutbox
    assert message.to == [customer.email]
    assert "You are now a Worker" in message.body
    assert "About Walt" in message.body
    assert message.subject.endswith("2 new notifications")

    assert "Sent 0 digests" in digest()
    assert len(mailoutbox) == 1


def test_an_email_that_went_is_not_sent_again_by_the_digest(
    customer, worker, ping, mailoutbox, django_capture_on_commit_callbacks
):
    with refusing(customer.email), django_capture_on_commit_callbacks(execute=True):
        ping(customer, recipients=[customer, worker])
    created_ago(Notification.objects.all(), IMMEDIATE_GRACE + timedelta(minutes=1))

    assert "Sent 1 digest (1 notification)" in digest()
    assert [message.to for message in mailoutbox] == [[worker.email], [customer.email]]


@pytest.mark.parametrize("unreachable", ["unsubscribed", "unverified", "deactivated"])
def test_a_failed_email_follows_the_digest_reachability_rules(
    customer, failed_email, mailoutbox, unreachable
):
    failed_email(customer)
    if unreachable == "unsubscribed":
        prefer(customer, ROLE_GRANTED, Delivery.NEVER)
    elif unreachable == "unverified":
        customer.emailaddress_set.update(verified=False)
    else:
        customer.is_active = False
        customer.save()

    assert "Sent 0 digests" in digest()
    assert mailoutbox == []
    assert Notification.objects.get(recipient=customer).delivery == Delivery.NEVER


def test_the_digest_carries_the_site_name_editors_set(customer, worker, daily_event, mailoutbox):
    rename_site("Harbour Help Desk")
    daily(customer, daily_event, worker)

    digest()

    [message] = mailoutbox
    assert message.subject == "Your daily summary from Harbour Help Desk: 1 new notification"
    assert "Here is what happened in Harbour Help Desk since your last summary." in message.body
    assert "Unsubscribe from all e-mails from Harbour Help Desk" in message.body


def test_a_daily_preference_for_a_core_event_goes_in_the_digest(customer, ops, mailoutbox, ping):
    prefer(customer, ROLE_GRANTED, Delivery.DAILY)
    ping(customer, actor=ops, title="You are now a Worker")
    digest()
    [message] = mailoutbox
    assert "You are now a Worker" in message.body


def test_changing_to_never_before_the_digest_drops_them(customer, worker, daily_event, mailoutbox):
    daily(customer, daily_event, worker)
    prefer(customer, daily_event.key, Delivery.NEVER)

    assert "Sent 0 digests" in digest()
    assert mailoutbox == []
    assert Notification.objects.get(recipient=customer).delivery == Delivery.NEVER


def test_an_unverified_address_gets_no_digest(customer, worker, daily_event, mailoutbox):
    daily(customer, daily_event, worker)
    customer.emailaddress_set.update(verified=False)
    digest()
    assert mailoutbox == []


def test_batches_cover_everyone_once(make_person, daily_event, mailoutbox):
    people = [make_person(f"p{i}@example.com") for i in range(5)]
    for person in people:
        daily(person, daily_event, *[p for p in people if p != person][:2])

    output = digest(batch_size=2)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert "Sent 5 digests (10 notifications)" in output
    assert output.count("so far") == 3  # one progress line per batch of 2, 2, 1


def test_a_long_digest_lists_the_first_ones_and_links_to_the_rest(
    customer, make_person, daily_event, mailoutbox, monkeypatch
):
    monkeypatch.setattr("community.notifications.digest.MAX_LISTED", 2)
    targets = [make_person(f"t{i}@example.com", display_name=f"t{i}") for i in range(3)]
    daily(customer, daily_event, *targets)

    digest()

    [message] = mailoutbox
    assert message.body.count("About t") == 2
    assert "…and 1 more: http://testserver/notifications/" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
