"""The outcomes CSV: one row per answered item, `date,trainee,kind,item,score`.

Streamed through the log export's writer (`programs.export.csv_export.write_chunks`), from
one query however many weeks were answered. docs/export.md describes the columns.
"""

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.text import slugify

from programs.export.csv_export import QUERY_CHUNK_SIZE, neutralise, write_chunks

from .models import Answer

# The contract (PRODUCT.md): these names, in this order.
COLUMNS = ("date", "trainee", "kind", "item", "score")


def cells(rows: Iterable[tuple]) -> Iterator[tuple]:
    """The CSV cells of (week, trainee, kind, activity name, score) tuples. `date` is the
    Monday of the week answered for; `item` is the activity for `psfs` and blank for
    `pain_week`. Names are free text, so a formula starter is neutralised."""
    for week, trainee, kind, activity, score in rows:
        yield (week.isoformat(), neutralise(trainee), kind, neutralise(activity or ""), score)


def stream_outcomes_csv(answers: QuerySet[Answer]) -> Iterator[bytes]:
    """`answers` as streamed CSV, header first, by week, then the pain rating before the
    activities in their order."""
    rows = answers.in_order().values_list(
        "week", "trainee__display_name", "kind", "activity__name", "score"
    )
    return write_chunks(COLUMNS, cells(rows.iterator(chunk_size=QUERY_CHUNK_SIZE)))


def outcomes_filename(who: str) -> str:
    """`innerback-<who>-outcomes.csv`, `<who>` the slugified name ("logs" when it has no
    Latin letters, as the log export names it)."""
    return f"innerback-{slugify(who) or 'logs'}-outcomes.csv"
