"""The coach's roster: every current client with adherence, form trend, gates and activity.

Built for a coach with hundreds of clients and years of logs: the clients and their current
programs are one query, and each figure (`programs.progress.figures`, shared with the client page
and /progress/) is aggregated for all the clients it is needed for at once, so the page
costs the same handful of queries whatever the numbers. Nothing is kept between requests.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import F, FilteredRelation, Min, Q
from django.utils import timezone

from exercises.models import Kind
from innerback.accounts.models import User, local_date
from programs import engine, progression
from programs.models import ExerciseProgress, Prescription, TrainingSession
from programs.planning.calendar import week_start
from programs.progress import figures
from programs.progress.figures import Figures


class Client(NamedTuple):
    """A client as the roster reads them: the few columns it needs rather than a whole
    `User` (a roster has hundreds)."""

    pk: int
    display_name: str
    time_zone: str
    load_unit: str


@dataclass
class RosterRow:
    """One client on the coach's roster: their program and `programs.progress.figures.Figures`."""

    client: Client
    # The client's own date: their weeks follow it.
    today: date | None = None
    # The client's current program, if any (its id and name).
    program_id: int | None = None
    program: str | None = None
    program_week: int | None = None
    # Adherence, pass rates and last activity, once worked out (`_add_figures`).
    figures: Figures | None = None
    unlocked: int | None = None
    locked: int | None = None


def _adherence_key(row: RosterRow) -> tuple[int, int] | None:
    """The last four weeks first, this week breaking ties; None when nothing was planned."""
    month, week = row.figures.month_adherence, row.figures.week_adherence
    if month is None and week is None:
        return None
    return (-1 if month is None else month, -1 if week is None else week)


# Each sort key gives None for a client with nothing to compare; those always go last.
SORTS: dict[str, Callable[[RosterRow], object]] = {
    "name": lambda row: row.client.display_name.casefold(),
    "adherence": _adherence_key,
    "pass_rate": lambda row: row.figures.pass_rate,
    "last_activity": lambda row: row.figures.last_activity,
}
DEFAULT_SORT = "name"


def parse_sort(raw: str | None) -> tuple[str, bool]:
    """`?sort=adherence` or `?sort=-adherence` → (key, descending); unknown keys → by name."""
    raw = raw or DEFAULT_SORT
    descending = raw.startswith("-")
    key = raw.removeprefix("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def sort_roster(rows: list[RosterRow], key: str, descending: bool) -> list[RosterRow]:
    """Sort by one column; clients without a value (no plan, no logs) always go last."""
    value = SORTS[key]
    known = [row for row in rows if value(row) is not None]
    unknown = [row for row in rows if value(row) is None]
    by_name = SORTS["name"]
    known.sort(key=by_name)
    known.sort(key=value, reverse=descending)
    unknown.sort(key=by_name)
    return known + unknown


ROSTER_PAGE_SIZE = 50
# Sorts that read no figure: the page works out figures for the clients it shows only.
SORTS_WITHOUT_FIGURES = {"name"}


def roster(coach: User, *, sort: str | None = None) -> list[RosterRow]:
    """Every current client of `coach` with adherence, form trend, gates and last activity,
    sorted."""
    rows = _rows(coach)
    _add_figures(rows)
    rows = sort_roster(rows, *parse_sort(sort))
    _add_gate_counts(rows)
    return rows


def roster_page(coach: User, *, sort: str | None = None, page: str | int | None = None) -> Page:
    """One page of the sorted roster (ROSTER_PAGE_SIZE clients; an out-of-range or
    malformed page number gives the nearest page). Figures are worked out for every client
    only when the sort compares them, else for the clients on the page; gate counts always
    for the page only (no sort reads them)."""
    rows = _rows(coach)
    key, descending = parse_sort(sort)
    if key not in SORTS_WITHOUT_FIGURES:
        _add_figures(rows)
    shown = Paginator(sort_roster(rows, key, descending), ROSTER_PAGE_SIZE).get_page(page)
    if key in SORTS_WITHOUT_FIGURES:
        _add_figures(shown.object_list)
    _add_gate_counts(shown.object_list)
    return shown


def _rows(coach: User) -> list[RosterRow]:
    """A row per current client with their current program, without figures yet, in one
    query. A client has at most one current coach and one current enrolment
    (constraints), so the joins give one row each."""
    clients = (
        User.objects.filter(coached_by__coach=coach, coached_by__ended_at__isnull=True)
        .annotate(
            current=FilteredRelation("enrolments", condition=Q(enrolments__ended_at__isnull=True))
        )
        .values_list(
            "pk",
            "display_name",
            "time_zone",
            "load_unit",
            F("current__program_id"),
            F("current__program__name"),
        )
    )
    now = timezone.now()
    rows = []
    for *columns, program_id, program in clients:
        client = Client(*columns)
        today = local_date(now, client.time_zone)
        rows.append(RosterRow(client, today, program_id=program_id, program=program))
    return rows


def _add_figures(rows: list[RosterRow]) -> None:
    """Each row's figures and program week, in four queries for all of them."""
    found = figures.figures_for({row.client.pk: row.today for row in rows})
    weeks = _program_weeks([row for row in rows if row.program_id is not None])
    for row in rows:
        row.figures = found[row.client.pk]
        row.program_week = weeks.get(row.client.pk)


def _program_weeks(rows: list[RosterRow]) -> dict[int, int]:
    """The program week of each client's current plan this week (its earliest, when the
    week spans two), by client, for those with a session of it this week."""
    if not rows:
        return {}
    by_monday: dict[date, list[int]] = defaultdict(list)
    for row in rows:
        by_monday[week_start(row.today)].append(row.client.pk)
    this_week = Q(pk__in=[])
    for monday, ids in by_monday.items():
        this_week |= Q(
            trainee_id__in=ids,
            scheduled_on__gte=monday,
            scheduled_on__lt=monday + timedelta(days=7),
        )
    return dict(
        TrainingSession.objects.filter(this_week, enrolment__ended_at__isnull=True)
        .values("trainee_id")
        .annotate(week=Min("program_day__week__number"))
        .order_by()
        .values_list("trainee_id", "week")
    )


# --- programs and gate counts, for the clients shown --------------------------------------------


def _add_gate_counts(rows: list[RosterRow]) -> None:
    """How many of the resistance exercises in each enrolled client's program are
    unlocked, decided afresh for the rows given (the page's)."""
    enrolled = [row for row in rows if row.program_id is not None]
    if enrolled:
        _count_gates(enrolled, _resistance_exercises({row.program_id for row in enrolled}))


def _resistance_exercises(program_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The slugs of the resistance exercises in each program, in one query."""
    resistance: dict[int, set[str]] = defaultdict(set)
    for program_id, slug in (
        Prescription.objects.filter(
            day__week__program_id__in=program_ids, exercise__kind=Kind.RESISTANCE
        )
        .values_list("day__week__program_id", "exercise__slug")
        .order_by()
        .distinct()
    ):
        resistance[program_id].add(slug)
    return {program_id: tuple(sorted(resistance[program_id])) for program_id in program_ids}


def _count_gates(rows: list[RosterRow], resistance: dict[int, tuple[str, ...]]) -> None:
    """How many of the resistance exercises in each client's program (`resistance`, by
    program) are unlocked.

    The engine decides, for all clients in bulk: three queries load the gate rules, the live
    overrides and the prerequisites' stored progress, then the pure gate rule runs per
    client."""
    rules = engine.read_gate_rules()
    by_id = {row.client.pk: row for row in rows}
    # Dated by each client's own calendar, as on their page and everywhere else.
    overrides = engine.overrides_by_trainee(
        {tid: row.client.time_zone for tid, row in by_id.items()}
    )
    # Gates read only the prerequisites' qualifying sessions, stored beside the log.
    qualified: dict[int, dict[str, list]] = defaultdict(dict)
    for progress in ExerciseProgress.objects.filter(
        trainee_id__in=by_id, exercise__slug__in={rule.required for rule in rules}
    ).select_related("exercise"):
        qualified[progress.trainee_id][progress.exercise.slug] = progress.qualified_sessions()
    for tid, row in by_id.items():
        slugs = resistance[row.program_id]
        gates = progression.gates_from_qualified(
            slugs,
            rules=rules,
            qualified=qualified[tid],
            today=row.today,
            overrides=overrides[tid],
            exercises={},
        )
        unlocked = sum(gate.unlocked for gate in gates.values())
        row.unlocked, row.locked = unlocked, len(slugs) - unlocked
