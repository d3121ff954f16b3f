"""What already exists like the thing being written: rows whose text shares the
most words with a title as it is typed, so a duplicate is caught before it is
made.

This is the database's answer, word by word, and works on any database Django
supports. Each app says which of its rows may be shown and which fields to look
in; this module only knows words.
"""

import re
from functools import reduce
from operator import or_

from django.db.models import Case, IntegerField, Q, Value, When

# Words too common to say two titles are about the same thing.
STOP_WORDS = frozenset("""
    a about after again all also am an and any are as at be been before being but by
    can could did do does doing for from get gets getting got had has have having he her
    here hers him his how i if in into is it its just let like make me more most my no
    not now of off on once only or other our out over own same she should so some such
    than that the their them then there these they this those through to too under until
    up very was way we were what when where which while who whom why will with would you
    your yours
""".split())
SHORTEST_WORD = 3
# A title says what it is about in its first few words; more only costs queries.
MOST_WORDS = 8


def words(text):
    """The words of `text` worth matching on, in order, each cut to a rough stem so
    "refunds" finds "refund" and "delayed" finds "delay"."""
    found = []
    for word in re.findall(r"\w+", text.lower()):
        if len(word) < SHORTEST_WORD or word in STOP_WORDS or word.isdigit():
            continue
        stem = _stem(word)
        if stem not in found:
            found.append(stem)
    return found[:MOST_WORDS]


def _stem(word):
    # Only the endings that English plurals and tenses add; matching is by
    # substring, so the stem of "refunds" still matches "refunded" and "refund".
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def sharing_words(queryset, fields, text, limit=5, order=()):
    """Up to `limit` rows of `queryset` whose `fields` hold the most of `text`'s
    words, most shared words first, then by `order`. Each row carries the count
    as `shared_words`. One query; an empty list when `text` has no words worth
    matching."""
    terms = words(text)
    if not terms:
        return []
    matches = [reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))
               for term in terms]
    shared = sum(
        (Case(When(match, then=Value(1)), default=Value(0), output_field=IntegerField())
         for match in matches),
        Value(0),
    )
    rows = (queryset.filter(reduce(or_, matches)).annotate(shared_words=shared)
            .order_by("-shared_words", *order))
    return list(rows[:limit])
