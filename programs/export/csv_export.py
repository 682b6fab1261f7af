"""The log CSV: one row per live logged set, in the column order outside tools rely on.

One ORM query reads the sets in export order, in batches (`.iterator()`), and the csv module
writes them as they arrive: memory stays flat and the queries stay the same however long the
history, and the header goes out before the database has sorted the first row.

Per row the time goes to reading the tuple and writing it, so the query hands over values
that need no conversion (texts rather than JSON and decimals), and each distinct name, date,
load and list of failed checks is formatted once (docs/export.md has the measurements).
"""

import csv
import datetime
import heapq
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.text import slugify

from exercises.amounts import number_text
from programs.imports.formats import INNERBACK_COLUMNS
from programs.imports.models import ImportedSet
from programs.models import PainRating, SetLog

# The contract: these names, in this order (docs/export.md explains each column): the
# columns of the first release, which the importer also reads (`imports.formats`), then each
# column added since, at the end.
COLUMNS = (
    *INNERBACK_COLUMNS,
    "pain",  # issue 25
)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")

# Hand the CSV on to the response about every this many characters: big enough that the
# response is not thousands of tiny writes, small enough that memory stays flat.
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


def _load(text: str | None) -> str | None:
    # The load as text ("20.00" from PostgreSQL, "20" or "12.5" from SQLite) as the export
    # writes it, 20.00 → "20", 12.50 → "12.5": the stored precision is an artefact of the
    # column.
    return None if text is None else number_text(Decimal(text))


def _failed_checks(text: str) -> str | None:
    # The JSON list of failed check texts, joined with "; "; blank when none failed.
    checks = json.loads(text)
    return neutralise("; ".join(checks)) if checks else None


class _Date(Func):
    """A date column as the database hands it over most cheaply, whose `str()` is the ISO
    date: on SQLite the YYYY-MM-DD text Django stores it as (the bare column would go
    through the sqlite3 module's date parser and then Django's converter, a seventh of the
    export's time), elsewhere the date itself (PostgreSQL's `to_char` costs more than
    psycopg's date parser). No converter runs on either: the output is said to be text."""

    template = "%(expressions)s"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS text)", **extra)


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
    column's relation joined in the same query. The date, the load and the failed checks
    come as the database's text (or PostgreSQL's date), which Django hands over as it is:
    a date, decimal or JSON list column would be converted value by value. `form_ok` and
    `unit` come as the cells they make; `pain` is the 0–10 given during the set's exercise
    in its session (`PainRating`), the same on each of its sets."""
    pain = PainRating.objects.filter(
        session=OuterRef("session"), exercise=OuterRef("exercise")
    ).values("rating")[:1]
    return _in_export_order(sets).values_list(
        _Date("performed_on"),
        "trainee__display_name",
        "session__program_day__week__program__name",
        "session__program_day__week__number",
        "session__program_day__position",
        "exercise__name",
        "exercise__kind",
        "set_number",
        "reps",
        "hold_s",
        Cast("load", TextField()),
        # Blank for bodyweight work (no load logged).
        Case(When(load__isnull=False, then=F("unit"))),
        "target_tempo",
        "eccentric_s",
        Case(When(form_ok=True, then=Value("true")), default=Value("false")),
        Cast("failed_checks", TextField()),
        "effort_rpe",
        "note",
        Subquery(pain),
    )


class _FormattedOnce(dict):
    """`formatted[value]` is `format(value)`, worked out once per distinct value."""

    def __init__(self, format: Callable[[Any], Any]) -> None:
        self.format = format

    def __missing__(self, value: Any) -> Any:
        text = self[value] = self.format(value)
        return text


def cells(rows: Iterable[tuple]) -> Iterator[tuple]:
    """The CSV cells of each `export_rows` tuple. The csv module writes `None` as an empty
    cell and a number as `str()` gives it, so those pass through as they are.

    Names, dates, loads and failed checks repeat on nearly every row, so each distinct one
    is formatted once: a few thousand values at most, however many rows.
    `tempo` is the tempo that was prescribed; `day` is the day's position within its week.
    """
    texts = _FormattedOnce(neutralise)
    dates = _FormattedOnce(str)
    loads = _FormattedOnce(_load)
    checks = _FormattedOnce(_failed_checks)
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
        pain,
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
            unit,
            tempo,
            eccentric_s,
            form_ok,
            checks[failed_checks],
            effort_rpe,
            neutralise(note),
            pain,
        )


# The columns `imported_cells` writes from an imported set's own fields; any later column
# comes from the cells of the file it was imported from (`ImportedSet.extra`).
IMPORTED_COLUMNS = INNERBACK_COLUMNS


def imported_rows(imported: QuerySet[ImportedSet]) -> QuerySet:
    """Imported sets in export order as tuples in the order `imported_cells` reads them,
    the trainee and the catalog exercise joined in the same query."""
    return imported.in_export_order().values_list(
        _Date("performed_on"),
        "trainee__display_name",
        "program",
        "week",
        "program_day",
        Coalesce("exercise__name", "source_exercise"),
        Coalesce("exercise__kind", "source_kind"),
        "set_number",
        "reps",
        "hold_s",
        Cast("load", TextField()),
        "unit",
        "tempo",
        "eccentric_s",
        "form_ok",
        Cast("failed_checks", TextField()),
        "effort_rpe",
        "note",
        "extra",
    )


def imported_cells(rows: Iterable[tuple]) -> Iterator[tuple]:
    """The CSV cells of each `imported_rows` tuple, as `cells` writes a logged set's. An
    imported set with no program leaves program, week and day blank; one from an app
    without form checks leaves `form_ok` blank. A column after the ones known here (added
    to the export later) takes the cell an innerback file had under the same header."""
    texts = _FormattedOnce(neutralise)
    dates = _FormattedOnce(str)
    loads = _FormattedOnce(_load)
    checks = _FormattedOnce(_failed_checks)
    later = COLUMNS[len(IMPORTED_COLUMNS) :]
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
        extra,
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
            unit,
            tempo,
            eccentric_s,
            "" if form_ok is None else ("true" if form_ok else "false"),
            checks[failed_checks],
            effort_rpe,
            neutralise(note),
            *(extra.get(name, "") for name in later),
        )


def csv_chunks(rows: Iterable[tuple], imported: Iterable[tuple] = ()) -> Iterator[bytes]:
    """UTF-8 CSV text of `export_rows` tuples, and of the cells of imported sets
    (`imported_cells`) merged in by date after the day's logged sets: the header on its own
    at once, then the rows in chunks of about CHUNK_CHARS as they arrive."""
    return write_chunks(COLUMNS, heapq.merge(cells(rows), imported, key=_day_cell))


def write_chunks(header: Sequence[str], rows: Iterable[tuple]) -> Iterator[bytes]:
    """UTF-8 CSV text of rows of cells (free text already through `neutralise`): `header` on
    its own at once, then the rows in chunks of about CHUNK_CHARS as they arrive. Every CSV
    the app streams goes out through here."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    # Before the query runs: the browser starts the download while the database sorts.
    yield buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def _day_cell(row: tuple) -> str:
    return row[0]


def stream_csv(
    sets: QuerySet[SetLog], imported: QuerySet[ImportedSet] | None = None
) -> Iterator[bytes]:
    """The export of `sets` and of the `imported` sets as streamed CSV, header first, read
    with one query for each however long it is."""
    imported_chunks = (
        imported_cells(imported_rows(imported).iterator(chunk_size=QUERY_CHUNK_SIZE))
        if imported is not None
        else ()
    )
    return csv_chunks(export_rows(sets).iterator(chunk_size=QUERY_CHUNK_SIZE), imported_chunks)


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


def in_range(sets: QuerySet, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    if start:
        sets = sets.filter(performed_on__gte=start)
    if end:
        sets = sets.filter(performed_on__lte=end)
    return sets


def export_filename(
    who: str,
    sets: QuerySet[SetLog],
    start: datetime.date | None,
    end: datetime.date | None,
    imported: QuerySet[ImportedSet] | None = None,
) -> str:
    """`innerback-<who>-<from>-to-<to>.csv`. An end the person left open is named by the
    first or last date actually in the export (one aggregate query, and one more for the
    imported sets); an export with no sets and no dates given is `innerback-<who>-all.csv`."""
    if start is None or end is None:
        spans = [sets.live().aggregate(first=Min("performed_on"), last=Max("performed_on"))]
        if imported is not None:
            spans.append(imported.aggregate(first=Min("performed_on"), last=Max("performed_on")))
        firsts = [span["first"] for span in spans if span["first"] is not None]
        lasts = [span["last"] for span in spans if span["last"] is not None]
        start = start or min(firsts, default=None)
        end = end or max(lasts, default=None)
    slug = slugify(who) or "logs"
    if start is None and end is None:
        return f"innerback-{slug}-all.csv"
    first = start.isoformat() if start else "all"
    last = end.isoformat() if end else "all"
    return f"innerback-{slug}-{first}-to-{last}.csv"
