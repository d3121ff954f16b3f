"""The loaded people: customers, workers and a few in operations, each with a
verified address and their roles' groups, as signing up and being granted a
role would leave them. None can sign in with a password: the benchmark signs
its voters in through sessions it makes (tests/perf/voters.py)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils.text import slugify

from community import roles
from community.models import User

from .loading import SPAN, People
from .rows import Table

FIRST = ("Priya", "Tom", "Grace", "Sam", "Noor", "Ben", "Inès", "Kai", "Lena", "Ada", "Omar",
         "Chloe", "Mateo", "Aisha", "Jonas", "Mei", "Ravi", "Zoe", "Luca", "Fatima", "Eli", "Nia")
LAST = ("Shah", "Okafor", "Lin", "Rivers", "Haddad", "Fletcher", "Moreau", "Mensah", "Novak",
        "Byrne", "Silva", "Kowalski", "Tanaka", "Adeyemi", "Larsen", "Costa", "Nguyen", "Evans")
DOMAIN = "people.example.net"
# Unusable (it starts with "!"): the loaded accounts have no password.
NO_PASSWORD = "!loaded-without-a-password"


def email_of(handle):
    return f"{handle}@{DOMAIN}"


def load(context):
    size, rng = context.size, context.rng
    users = Table(User, ["id", "password", "last_login", "is_superuser", "is_staff", "is_active",
                         "date_joined", "email", "display_name", "handle", "bio",
                         "suspended_until"])
    addresses = Table(EmailAddress, ["id", "user_id", "email", "verified", "primary"])
    memberships = Table(User.groups.through, ["id", "user_id", "group_id"])
    group = {role: Group.objects.get(name=role.group).pk
             for role in (roles.CUSTOMER, roles.WORKER, roles.OPERATIONS)}
    people = People([], [], [])
    plan = ([(people.customers, [roles.CUSTOMER])] * size.customers
            + [(people.workers, [roles.CUSTOMER, roles.WORKER])] * size.workers
            + [(people.ops, [roles.CUSTOMER, roles.OPERATIONS])] * size.ops)
    for kind, person_roles in plan:
        pk = users.next_id()
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        handle = f"{slugify(name)}-{pk}"
        joined = context.now - SPAN * rng.random() - SPAN / 10
        users.add(pk, NO_PASSWORD, None, False, False, True, joined, email_of(handle), name,
                  handle, "", None)
        addresses.add(addresses.next_id(), pk, email_of(handle), True, True)
        for role in person_roles:
            memberships.add(memberships.next_id(), pk, group[role])
        kind.append(pk)
    for table in (users, addresses, memberships):
        table.flush()
    context.people, context.everyone, context.staff = people, people.everyone, people.staff
    context.say(f"  people: {size.customers:,} customers, {size.workers:,} workers, "
                f"{size.ops:,} in operations")
    return [User, EmailAddress, User.groups.through]
