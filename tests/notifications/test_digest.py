from django.core.management import call_command

from community.notifications.events import Delivery
from community.notifications.models import Notification
from community.notifications.service import notify

from .conftest import ROLE_GRANTED, prefer
from .test_emails import html_of, unsubscribe_path


def digest(**options):
    from io import StringIO

    out = StringIO()
    call_command("send_digest", stdout=out, **options)
    return out.getvalue()


def daily(user, daily_event, *targets, actor=None):
    for target in targets:
        notify([user], daily_event.key, target=target, actor=actor, title=f"About {target.name}")


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


def test_immediate_notifications_are_not_in_the_digest(customer, worker, daily_event, mailoutbox):
    notify([customer], ROLE_GRANTED, target=worker, title="Immediate one")
    daily(customer, daily_event, worker)
    digest()
    [message] = mailoutbox
    assert "About Walt" in message.body
    assert "Immediate one" not in message.body


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
    daily(customer, daily_event, *[make_person(f"t{i}@example.com") for i in range(3)])

    digest()

    [message] = mailoutbox
    assert message.body.count("About t") == 2
    assert "…and 1 more: http://testserver/notifications/" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
