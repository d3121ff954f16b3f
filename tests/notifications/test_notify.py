import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.notifications.events import Delivery, UnknownEvent
from community.notifications.models import Notification
from community.notifications.service import notify

from .conftest import ROLE_GRANTED, prefer


def test_notifying_twice_leaves_one_notification(customer, ops, ping):
    assert ping(customer, actor=ops) == [customer]
    assert ping(customer, actor=ops) == []
    assert Notification.objects.filter(recipient=customer).count() == 1


def test_duplicate_recipients_get_one_notification(customer, worker, ops, ping):
    notified = ping(customer, actor=ops, recipients=[customer, worker, customer, worker])
    assert notified == [customer, worker]
    assert Notification.objects.filter(recipient=customer).count() == 1
    assert Notification.objects.filter(recipient=worker).count() == 1


def test_the_actor_is_not_told_about_their_own_action(customer, ops, ping):
    notified = ping(customer, actor=ops, recipients=[ops, customer])
    assert notified == [customer]
    assert not Notification.objects.filter(recipient=ops).exists()


def test_inactive_people_are_skipped(customer, worker, ping):
    worker.is_active = False
    worker.save()
    assert ping(customer, recipients=[customer, worker]) == [customer]
    assert not Notification.objects.filter(recipient=worker).exists()


def test_a_new_occurrence_is_a_new_notification(customer, worker, ops, ping):
    ping(customer, target=worker, actor=ops)
    ping(customer, target=ops, actor=ops)
    assert Notification.objects.filter(recipient=customer).count() == 2


def test_notification_records_what_the_bell_shows(customer, ops, ping):
    ping(customer, actor=ops, title="You are now a\nWorker ")
    notification = Notification.objects.get(recipient=customer)
    assert notification.title == "You are now a Worker"
    assert notification.url == customer.get_absolute_url()
    assert notification.target == customer
    assert notification.actor == ops
    assert notification.read_at is None
    assert notification.delivery == Delivery.IMMEDIATE


def test_an_explicit_url_wins(customer, ops):
    notify([customer], ROLE_GRANTED, target=customer, actor=ops, title="Hi", url="/somewhere/")
    assert Notification.objects.get(recipient=customer).url == "/somewhere/"


def test_an_unregistered_event_is_a_programming_error(customer):
    with pytest.raises(UnknownEvent, match="tests.nope"):
        notify([customer], "tests.nope", target=customer, title="Hi")


def test_delivery_is_decided_from_preferences_and_the_address(
    customer, worker, ops, make_person, ping
):
    prefer(worker, ROLE_GRANTED, Delivery.DAILY)
    prefer(ops, ROLE_GRANTED, Delivery.NEVER)
    unverified = make_person("nobody@example.com")
    unverified.emailaddress_set.update(verified=False)
    ping(customer, recipients=[customer, worker, ops, unverified])
    deliveries = dict(Notification.objects.values_list("recipient__email", "delivery"))
    assert deliveries == {
        customer.email: Delivery.IMMEDIATE,
        worker.email: Delivery.DAILY,
        ops.email: Delivery.NEVER,
        unverified.email: Delivery.NEVER,
    }


def _queries_to_notify(make_person, size, prefix):
    people = [make_person(f"{prefix}{i}@example.com") for i in range(size)]
    # A mix of preferences, so every branch of notify() runs at both sizes.
    prefer(people[0], ROLE_GRANTED, Delivery.DAILY)
    prefer(people[1], ROLE_GRANTED, Delivery.NEVER)
    target = make_person(f"{prefix}-target@example.com")
    ContentType.objects.get_for_model(target)  # cached after the first call; warm it for both sizes
    with CaptureQueriesContext(connection) as queries:
        notified = notify(people + people[:2], ROLE_GRANTED, target=target, title="Hello")
    assert len(notified) == size
    return len(queries)


def test_query_count_does_not_grow_with_recipients(make_person):
    few = _queries_to_notify(make_person, 3, "few")
    many = _queries_to_notify(make_person, 40, "many")
    assert few == many
