"""Long lists paged by keyset: a page is the rows that follow (or precede) one
boundary row in the list's order, found from that row's sort values rather than
by skipping rows (OFFSET), and nothing counts the list. A page a thousand pages
deep costs what the first does.

The order is the queryset's own order_by(), ending in the primary key so that
no two rows tie and no row shows on two pages. A cursor names the boundary row
by those values; it is signed, so a link that was edited, or made for another
order, is recognised and answered with the first page instead of an error.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F, OrderBy, Q
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)


def _signer():
    # "." between the values and their signature keeps a cursor URL-safe as it is.
    return signing.Signer(salt="community.keyset", sep=".")


@dataclass(frozen=True)
class Key:
    """One term of a list's order. `nulls_last` is None for a column without nulls."""

    name: str
    descending: bool
    nulls_last: bool | None = None

    def reversed(self):
        nulls_last = None if self.nulls_last is None else not self.nulls_last
        return Key(self.name, not self.descending, nulls_last)


@dataclass
class Page:
    """One page of a list. `previous_cursor` leads to the page before it
    (`?before=`), `next_cursor` to the page after it (`?after=`)."""

    object_list: list
    has_previous: bool = False
    has_next: bool = False
    previous_cursor: str = field(default="", repr=False)
    next_cursor: str = field(default="", repr=False)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def is_first(self):
        return not self.has_previous

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next


def page(queryset, per_page, after=None, before=None):
    """The page of `queryset` after the row the cursor `after` names, or before
    the one `before` names; the first page without a cursor, for a cursor that
    is not one of this order's, and when no rows are left on that side.

    One more row than shown is read, to know whether another page follows."""
    keys = keys_of(queryset)
    if after and (rows := following(queryset, after)) is not None:
        rows = list(rows[:per_page + 1])
        if rows:
            return _page(keys, rows[:per_page], has_previous=True, has_next=len(rows) > per_page)
    elif before and (rows := preceding(queryset, before)) is not None:
        rows = list(rows[:per_page + 1])
        # Less than a page before it: the reader is back at the start, which
        # looks the same however it was reached.
        if len(rows) > per_page:
            return _page(keys, rows[per_page - 1::-1], has_previous=True, has_next=True)
    rows = list(queryset[:per_page + 1])
    return _page(keys, rows[:per_page], has_previous=False, has_next=len(rows) > per_page)


def following(queryset, cursor):
    """The rows of `queryset` after the row `cursor` names, in its order; None
    when `cursor` is not a cursor of this order."""
    keys = keys_of(queryset)
    values = _position(queryset.model, keys, cursor)
    return None if values is None else queryset.filter(_beyond(keys, values))


def preceding(queryset, cursor):
    """The rows of `queryset` before the row `cursor` names, nearest first; None
    when `cursor` is not a cursor of this order."""
    keys = keys_of(queryset)
    values = _position(queryset.model, keys, cursor)
    if values is None:
        return None
    return queryset.reverse().filter(_beyond([key.reversed() for key in keys], values))


def cursor(queryset, row):
    """The cursor of `row` in the order of `queryset`: `?after=` it gives the
    page that begins right after `row`."""
    return _cursor(keys_of(queryset), row)


def old_page_link(request):
    """Where a numbered page link (`?page=N`, from before lists paged by keyset)
    now leads: the list's first page, or None when this is the first page already."""
    if request.GET.get("page", "1") == "1":
        return None
    query = request.GET.copy()
    del query["page"]
    return f"{request.path}?{query.urlencode()}" if query else request.path


def keys_of(queryset):
    """The order of `queryset` as Keys. Each term is a field name or F() (with
    "-" or .desc()); a column that may hold nulls must say where they go."""
    keys = []
    for term in queryset.query.order_by:
        if isinstance(term, str):
            key = Key(term.lstrip("-"), term.startswith("-"))
        elif isinstance(term, OrderBy) and isinstance(term.expression, F):
            nulls_last = True if term.nulls_last else False if term.nulls_first else None
            key = Key(term.expression.name, term.descending, nulls_last)
        else:
            raise ValueError(f"a keyset order takes field names or F(), not {term!r}")
        if _field(queryset.model, key.name).null and key.nulls_last is None:
            raise ValueError(f"say where the nulls of {key.name} go in a keyset order")
        keys.append(key)
    model_pk = queryset.model._meta.pk
    if not keys or _field(queryset.model, keys[-1].name) != model_pk:
        raise ValueError("a keyset order ends in the primary key, so no two rows tie")
    return keys


def _page(keys, rows, *, has_previous, has_next):
    return Page(
        rows, has_previous=has_previous, has_next=has_next,
        previous_cursor=_cursor(keys, rows[0]) if has_previous and rows else "",
        next_cursor=_cursor(keys, rows[-1]) if has_next and rows else "",
    )


def _cursor(keys, row):
    return _signer().sign_object({key.name: _plain(getattr(row, key.name)) for key in keys})


def _beyond(keys, values):
    """The rows after `values` in the order `keys`. Keys running the same way
    without nulls are compared as one row value, (a, b, id) <= (x, y, z) and
    id <> z, which PostgreSQL answers by starting its walk of the index whose
    order that is right at the boundary row."""
    *earlier, last = _runs(zip(keys, values))
    # PostgreSQL estimates a row comparison from its first column alone: at the
    # tail of a list, where that column ties (no thread is less pinned than an
    # unpinned one, most have no helpful marks), "<" looks like no rows at all,
    # and the planner sorts everything that follows instead of walking the
    # index. "<=" looks like at least the rows that follow; the boundary row
    # itself is then left out by its primary key, which ends the last run.
    lookup = TupleLessThanOrEqual if last[0][0].descending else TupleGreaterThanOrEqual
    condition = Q(lookup(Tuple(*(F(key.name) for key, _ in last)), [value for _, value in last]))
    condition &= ~Q(pk=values[-1])
    for run in reversed(earlier):
        condition = _run_after(run) | (_run_equal(run) & condition)
    return condition


def _runs(pairs):
    """(key, value) pairs in runs of keys that can be compared as one row value:
    the same direction, no nulls. A column with nulls is a run of its own."""
    runs = []
    for key, value in pairs:
        last = runs[-1][-1][0] if runs else None
        if (last is not None and key.nulls_last is None and last.nulls_last is None
                and key.descending == last.descending):
            runs[-1].append((key, value))
        else:
            runs.append([(key, value)])
    return runs


def _run_after(run):
    first, _ = run[0]
    if first.nulls_last is None:
        lookup = TupleLessThan if first.descending else TupleGreaterThan
        return Q(lookup(Tuple(*(F(key.name) for key, _ in run)), [value for _, value in run]))
    # A column with nulls is a run of its own (see _runs).
    value = run[0][1]
    isnull = f"{first.name}__isnull"
    if value is None:
        # Past the last value only nulls follow, and before the first only values.
        return Q(pk__in=[]) if first.nulls_last else Q(**{isnull: False})
    after = Q(**{f"{first.name}__{'lt' if first.descending else 'gt'}": value})
    return (after | Q(**{isnull: True})) if first.nulls_last else after


def _run_equal(run):
    return Q(*(Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})
               for key, value in run))


def _position(model, keys, token):
    """The sort values `token` names, each as its field holds it, or None when
    it is no cursor of this order."""
    if not token:
        return None
    try:
        values = _signer().unsign_object(token)
        return [_field(model, key.name).to_python(values[key.name]) for key in keys]
    except (signing.BadSignature, ValidationError, KeyError, TypeError, ValueError):
        return None


def _field(model, name):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _plain(value):
    """`value` as JSON holds it; the field's to_python() reads it back."""
    return value.isoformat() if hasattr(value, "isoformat") else value
