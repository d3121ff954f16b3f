"""Running requests at the same moment, each in its own transaction on its own
connection, as a busy site does: for the tests that prove counters keep equal
to their rows under concurrent writes."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from community import roles
from community.models import User


def concurrent(test):
    """Run `test` with transactions that really commit, from several threads.

    Each worker commits on its own connection, so the test cannot run inside a
    rolled-back transaction; serialized_rollback brings back the page tree that
    the migrations created and the flush between tests removes."""
    return pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)


def all_at_once(*jobs):
    """Run each job on its own thread and connection, released together so
    their transactions really overlap; returns their results in order."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            connection.ensure_connection()  # connecting is slow; do it before the start line
            barrier.wait(timeout=30)
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        return [future.result() for future in futures]


def each_toggling_at_once(toggle, people):
    """Each of `people` calls `toggle(person)` at the same moment, and every third
    calls it again straight away, taking theirs back while others still toggle.
    Returns the people whose toggle stayed."""
    back = set(people[::3])

    def job(person):
        def run():
            toggle(person)
            if person in back:
                toggle(person)
        return run

    all_at_once(*(job(person) for person in people))
    return [person for person in people if person not in back]


def people(count, prefix, *person_roles):
    """`count` people with addresses from `prefix`, in `person_roles`."""
    made = [User.objects.create_user(f"{prefix}{n}@example.com", "x") for n in range(count)]
    for person in made:
        for role in person_roles:
            roles.grant_role(person, role)
    return made
