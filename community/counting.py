"""Counters kept equal to the rows they count."""

from dataclasses import dataclass, field

from django.db import connection


@dataclass(frozen=True)
class Toggled:
    change: int  # to add to the counter: -1, +1, or 0 when there was nothing to do
    row: dict = field(default_factory=dict)  # the `keep` fields of the row taken back or added


def toggle_row(model, keep=(), adding=dict, **key):
    """Remove the row of `model` with `key` (field=value pairs, the fields of a
    unique constraint), or add it when there is none, with the values
    `adding()` returns: called only when adding, so a value that costs a query
    (a voter's role) is not read to take something back.

    One statement each way, `DELETE … RETURNING` and `INSERT … ON CONFLICT DO
    NOTHING`, as a vote must be cheap. Call it in the transaction that updates
    the counter, under the counted row's lock: the lock queues one person's
    double click; the constraint keeps one row if anything else races. Writes
    bypass the model's signals: the flows say what changed themselves."""
    table = connection.ops.quote_name(model._meta.db_table)
    where = {_column(model, name): _value(model, name, value) for name, value in key.items()}
    returning = ", ".join(connection.ops.quote_name(_column(model, name)) for name in keep)
    removed = _one_row(
        f"DELETE FROM {table} WHERE "
        + " AND ".join(f"{connection.ops.quote_name(column)} = %s" for column in where)
        + f" RETURNING {returning or 1}", list(where.values()))
    if removed is not None:
        return Toggled(-1, dict(zip(keep, removed)) if keep else {})
    values = _with_defaults(model, {**key, **adding()})
    row = {**where, **{_column(model, name): _value(model, name, value)
                       for name, value in values.items() if name not in key}}
    columns = ", ".join(connection.ops.quote_name(column) for column in row)
    conflict = ", ".join(connection.ops.quote_name(column) for column in where)
    added = _one_row(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(row))}) "
        f"ON CONFLICT ({conflict}) DO NOTHING RETURNING 1", list(row.values()))
    return Toggled(1 if added is not None else 0, {name: values[name] for name in keep})


def marked_ids(model, user, field, items):
    """Which of `items` `user` marked with a row of `model` (a vote, a helpful
    mark), by the row's foreign key `field`: one query for a whole page."""
    if not user.is_authenticated or not items:
        return set()
    return set(model.objects.filter(user=user, **{f"{field}__in": [item.pk for item in items]})
               .values_list(f"{field}_id", flat=True))


def _with_defaults(model, values):
    """`values` and the model's defaults for the fields they leave out."""
    given = {model._meta.get_field(name).name for name in values}
    defaults = {f.name: f.get_default() for f in model._meta.concrete_fields
                if not f.primary_key and f.name not in given and f.has_default()}
    return {**values, **defaults}


def _column(model, name):
    return model._meta.get_field(name).column


def _value(model, name, value):
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        value = getattr(value, "pk", value)
        model_field = model_field.target_field
    return model_field.get_db_prep_save(value, connection)


def _one_row(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
