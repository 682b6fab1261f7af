"""Model instances from the rows of hand-written SQL, each column converted as the ORM would
convert it (datetimes and booleans on SQLite, for one). For queries that run on every request
of a page, where building the query with the ORM took longer than running it."""

import functools
from collections.abc import Callable, Sequence

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import Col


@functools.cache
def columns(model: type[Model], alias: str) -> str:
    """The select list of every concrete field of `model`, in field order, from `alias`."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


@functools.cache
def _converters(model: type[Model]) -> tuple[tuple[Col, tuple[Callable, ...]], ...]:
    """Each concrete field's column and the converters the ORM applies to its values."""
    found = []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        found.append((column, tuple(converters)))
    return tuple(found)


def instance(model: type[Model], values: Sequence) -> Model:
    """An instance of `model` from the values of `columns(model, ...)`, as if the ORM read it."""
    converted = []
    for value, (column, converters) in zip(values, _converters(model), strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, None, converted)
