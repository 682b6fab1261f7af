r"""The log CSV: one row per live logged set, in the column order outside tools rely on.

The same bytes come from one of two writers, each streaming one query however long the
export is:

- On PostgreSQL the database formats every cell and writes the CSV itself with
  `COPY (SELECT …) TO STDOUT WITH (FORMAT csv)`; Python only passes the rows on, with `\n`
  row ends made `\r\n`. No Python object per value and no csv module: about half the time
  (docs/export.md).
- Elsewhere (SQLite: tests and development) Python formats one `.values_list()` tuple per set
  and writes it with the csv module.

tests/programs/test_export.py compares the two byte for byte on PostgreSQL.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.db import connections
from django.db.models import (
    Case,
    DecimalField,
    F,
    Func,
    Max,
    Min,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import NullIf
from django.utils.text import slugify

from .models import SetLog

# The contract: these names, in this order (docs/export.md explains each column).
COLUMNS = (
    "date",
    "trainee",
    "program",
    "week",
    "day",
    "exercise",
    "exercise_kind",
    "set",
    "reps",
    "hold_s",
    "load",
    "unit",
    "tempo",
    "eccentric_s",
    "form_ok",
    "form_failed_checks",
    "effort_rpe",
    "note",
)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")

# Hand the CSV on to the response about every this many characters (bytes from PostgreSQL):
# big enough that the response is not thousands of tiny writes, small enough that memory
# stays flat.
CHUNK_CHARS = 64 * 1024

# The database hands rows over in batches of this many while streaming.
QUERY_CHUNK_SIZE = 2000


def neutralise(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote, so
    it shows as the text the person typed. Only free text goes through here: numbers in the
    export are never negative, and a number must reach pandas as a number."""
    if text.startswith(FORMULA_STARTERS):
        return "'" + text
    return text


def _load(value: Decimal | None) -> str:
    # 20.00 → "20", 12.50 → "12.5": the stored precision is an artefact of the column.
    return "" if value is None else format(value.normalize(), "f")


def _in_export_order(sets: QuerySet[SetLog]) -> QuerySet[SetLog]:
    """The live sets ordered by date, then session, then the exercise's place on the day,
    then set."""
    return sets.live().order_by(
        "performed_on",
        "session_id",
        F("prescription__position").asc(nulls_last=True),
        "exercise_id",
        "set_number",
        "id",
    )


def export_rows(sets: QuerySet[SetLog]) -> QuerySet:
    """The live sets in export order as tuples in the order `cells` reads them, with every
    column's relation joined in the same query."""
    return _in_export_order(sets).values_list(
        "performed_on",
        "trainee__display_name",
        "session__program_day__week__program__name",
        "session__program_day__week__number",
        "session__program_day__position",
        "exercise__name",
        "exercise__kind",
        "set_number",
        "reps",
        "hold_s",
        "load",
        "unit",
        "target_tempo",
        "eccentric_s",
        "form_ok",
        "failed_checks",
        "effort_rpe",
        "note",
    )


class _FormattedOnce(dict):
    """`formatted[value]` is `format(value)`, worked out once per distinct value."""

    def __init__(self, format: Callable[[Any], str]) -> None:
        self.format = format

    def __missing__(self, value: Any) -> str:
        text = self[value] = self.format(value)
        return text


def cells(rows: Iterable[tuple]) -> Iterator[tuple]:
    """The CSV cells of each `export_rows` tuple. The csv module writes `None` as an empty
    cell and a number as `str()` gives it, so those pass through as they are.

    Names, dates and loads repeat on nearly every row, so each distinct one is formatted
    once. `load` and `unit` are blank for bodyweight work (no load logged); `tempo` is the
    tempo that was prescribed; `day` is the day's position within its program week.
    """
    texts = _FormattedOnce(neutralise)
    dates = _FormattedOnce(datetime.date.isoformat)
    loads = _FormattedOnce(_load)
    for (
        performed_on,
        trainee,
        program,
        week,
        day,
        exercise,
        kind,
        set_number,
        reps,
        hold_s,
        load,
        unit,
        tempo,
        eccentric_s,
        form_ok,
        failed_checks,
        effort_rpe,
        note,
    ) in rows:
        yield (
            dates[performed_on],
            texts[trainee],
            texts[program],
            week,
            day,
            texts[exercise],
            kind,
            set_number,
            reps,
            hold_s,
            loads[load],
            None if load is None else unit,
            tempo,
            eccentric_s,
            "true" if form_ok else "false",
            neutralise("; ".join(failed_checks)) if failed_checks else None,
            effort_rpe,
            neutralise(note),
        )


def csv_chunks(rows: Iterable[tuple]) -> Iterator[bytes]:
    """UTF-8 CSV text of `export_rows` tuples, header first, yielded in chunks of about
    CHUNK_CHARS as rows arrive, so memory stays flat however many rows there are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in cells(rows):
        writer.writerow(row)
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def python_csv(sets: QuerySet[SetLog]) -> Iterator[bytes]:
    """The export of `sets` formatted in Python: one query, read in batches."""
    return csv_chunks(export_rows(sets).iterator(chunk_size=QUERY_CHUNK_SIZE))


_FORMULA_CODES = ", ".join(str(ord(starter)) for starter in FORMULA_STARTERS)


def _formula_quote(text_sql: str) -> str:
    """SQL for the `'` that `neutralise()` puts before `text_sql`, else an empty text."""
    return f"CASE WHEN ascii({text_sql}) IN ({_FORMULA_CODES}) THEN '''' ELSE '' END"


class _Neutralised(Func):
    """`neutralise()` of a text column (the column is read twice), NULL if empty."""

    template = f"NULLIF({_formula_quote('%(expressions)s')} || %(expressions)s, '')"
    output_field = TextField()


class _JoinedChecks(Func):
    """A JSON list column of failed checks joined with "; " and neutralised, NULL if empty.
    The joined text starts with the first check, so that one is tested for a formula."""

    template = (
        "CASE WHEN %(expressions)s <> '[]' AND jsonb_typeof(%(expressions)s) = 'array' "
        f"THEN NULLIF({_formula_quote('%(expressions)s ->> 0')} || ("
        "SELECT string_agg(failed.check_text, '; ' ORDER BY failed.position) FROM"
        " jsonb_array_elements_text(%(expressions)s) WITH ORDINALITY failed (check_text, position)"
        "), '') END"
    )
    output_field = TextField()


def _postgresql_rows(sets: QuerySet[SetLog]) -> QuerySet:
    """The live sets in export order, each as the cells `cells` gives, worked out in SQL.

    COPY writes NULL as an empty cell but an empty text as `""`, so every text cell that can
    be empty is NULL here: the csv module writes both `None` and `""` as nothing.
    """
    return _in_export_order(sets).values_list(
        # Written as YYYY-MM-DD by COPY itself (`_COPY_SETTINGS`).
        F("performed_on"),
        _Neutralised(F("trainee__display_name")),
        _Neutralised(F("session__program_day__week__program__name")),
        F("session__program_day__week__number"),
        F("session__program_day__position"),
        _Neutralised(F("exercise__name")),
        NullIf(F("exercise__kind"), Value("")),
        F("set_number"),
        F("reps"),
        F("hold_s"),
        # 20.00 → 20 and 12.50 → 12.5, as `_load` gives them.
        Func(F("load"), function="trim_scale", output_field=DecimalField()),
        Case(When(load__isnull=False, then=NullIf(F("unit"), Value("")))),
        NullIf(F("target_tempo"), Value("")),
        F("eccentric_s"),
        Case(When(form_ok=True, then=Value("true")), default=Value("false")),
        _JoinedChecks(F("failed_checks")),
        F("effort_rpe"),
        _Neutralised(F("note")),
    )


def _crlf(rows: bytes) -> bytes:
    r"""Whole CSV rows from PostgreSQL, which ends each row with `\n`, with `\r\n` instead, as
    the csv module ends them. A cell holding a line break is quoted and a quote inside a cell
    is doubled, so what lies outside all cells' quotes is every other piece between quote
    marks, starting with the first."""
    pieces = rows.split(b'"')
    pieces[::2] = [piece.replace(b"\n", b"\r\n") for piece in pieces[::2]]
    return b'"'.join(pieces)


# The session settings COPY runs with, in one query (and one to put them back):
# - no parallel plan: starting the worker processes costs more than they save here
#   (measured: 2-5 ms of a 13 ms query, more on a busy machine); the server-side cursors of
#   `.iterator()` never get one either;
# - ISO dates, so that COPY writes each date as the export's YYYY-MM-DD itself (to_char()
#   took a tenth of the export's time).
_COPY_SETTINGS = (
    "SELECT set_config('max_parallel_workers_per_gather', '0', false),"
    " set_config('DateStyle', 'ISO', false)"
)
_RESET_COPY_SETTINGS = (
    "SELECT set_config(name, reset_val, false) FROM pg_settings"
    " WHERE name IN ('max_parallel_workers_per_gather', 'DateStyle')"
)


def postgresql_csv(sets: QuerySet[SetLog]) -> Iterator[bytes]:
    """The export of `sets` written by PostgreSQL (COPY), the same bytes as `python_csv`,
    yielded in chunks of about CHUNK_CHARS bytes cut after a row, as the rows arrive."""
    rows = _postgresql_rows(sets)
    connection = connections[rows.db]
    select, params = rows.query.get_compiler(connection=connection).as_sql()
    # COPY takes no bound parameters: psycopg quotes them into the text instead, as Django's
    # default client-side binding does for every other query.
    copy = f"COPY ({connection.ops.compose_sql(select, params)}) TO STDOUT WITH (FORMAT csv)"
    pending = [",".join(COLUMNS).encode() + b"\n"]
    size = len(pending[0])
    with connection.cursor() as cursor:
        cursor.execute(_COPY_SETTINGS)
        try:
            with cursor.copy(copy) as copied:
                for row in copied:  # one CSV row per read
                    pending.append(row)
                    size += len(row)
                    if size >= CHUNK_CHARS:
                        yield _crlf(b"".join(pending))
                        pending.clear()
                        size = 0
        finally:
            cursor.execute(_RESET_COPY_SETTINGS)
    yield _crlf(b"".join(pending))


def stream_csv(sets: QuerySet[SetLog]) -> Iterator[bytes]:
    """The export of `sets` as streamed CSV, header first, read with one query however long
    it is."""
    if connections[sets.db].vendor == "postgresql":
        return postgresql_csv(sets)
    return python_csv(sets)


class ExportRangeForm(forms.Form):
    """The optional date range of an export, both ends inclusive, read from `?from=&to=`.

    `from` is a Python keyword, so the fields are added under their query names in
    `__init__`; read the cleaned range with `.date_range()`.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (("from", "From"), ("to", "To")):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=["%Y-%m-%d"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={
                    "invalid": "Enter a real date written as year-month-day, like 2026-01-31."
                },
            )
        self.fields["from"].help_text = "Leave both dates empty to export everything."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", "The end date is before the start date.")
        return cleaned

    def date_range(self) -> tuple[datetime.date | None, datetime.date | None]:
        return self.cleaned_data.get("from"), self.cleaned_data.get("to")


def in_range(
    sets: QuerySet[SetLog], start: datetime.date | None, end: datetime.date | None
) -> QuerySet[SetLog]:
    if start:
        sets = sets.filter(performed_on__gte=start)
    if end:
        sets = sets.filter(performed_on__lte=end)
    return sets


def export_filename(
    who: str, sets: QuerySet[SetLog], start: datetime.date | None, end: datetime.date | None
) -> str:
    """`innerback-<who>-<from>-to-<to>.csv`. An end the person left open is named by the
    first or last date actually in the export (one aggregate query); an export with no
    logged sets and no dates given is `innerback-<who>-all.csv`."""
    if start is None or end is None:
        first_last = sets.live().aggregate(first=Min("performed_on"), last=Max("performed_on"))
        start = start or first_last["first"]
        end = end or first_last["last"]
    slug = slugify(who) or "logs"
    if start is None and end is None:
        return f"innerback-{slug}-all.csv"
    first = start.isoformat() if start else "all"
    last = end.isoformat() if end else "all"
    return f"innerback-{slug}-{first}-to-{last}.csv"
