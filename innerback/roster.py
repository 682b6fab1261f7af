"""The coach's roster: every current client with adherence, form trend, gates and activity.

Built for a coach with hundreds of clients and years of logs: each figure is aggregated in SQL
for all clients at once (conditional counts grouped by client), so the page costs the same
handful of queries whatever the numbers. Figures and gate counts are then kept per process by
each client's `training_stamp` and date, so a look at the roster works out again only what
changed since the last one: in the steady state it reads the clients and their programs.
"""

import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from exercises.models import Kind
from programs import engine, progression
from programs.calendar import week_start
from programs.models import (
    Enrolment,
    GateOverride,
    Prescription,
    Program,
    SetLog,
    TrainingSession,
)

from .memo import Memo
from .models import Coaching, User

TREND_WEEKS = 4
# A weekly pass rate has to move by this many points before the arrow calls it a change.
TREND_STEP = 5


class Client(NamedTuple):
    """A client as the roster reads them: the few columns it needs rather than a whole
    `User` (a roster has hundreds; building them was a fifth of the page, and a tuple builds
    in a quarter of the time of a frozen dataclass)."""

    pk: int
    display_name: str
    time_zone: str
    load_unit: str
    training_stamp: int


@dataclass
class RosterRow:
    """One client on the coach's roster.

    Adherence counts training sessions: a session is *done* when it was marked complete or has
    at least one live logged set, and *planned* when it is on the client's calendar (the
    calendar takes a paused or replaced program's open sessions off, so those are not held
    against anyone; missed past sessions stay and count). "This week" is the client's own
    Monday-to-Sunday week, future days included; "last 4 weeks" are the four whole weeks
    before it. Pass rates are the share of live sets
    logged with every form check ticked, per week, oldest first, ending with this week.
    """

    client: Client
    # The client's own date: their weeks and the memos' keys follow it.
    today: date | None = None
    # The client's current program, if any (its id and name).
    program_id: int | None = None
    program: str | None = None
    program_week: int | None = None
    week_done: int = 0
    week_planned: int = 0
    month_done: int = 0
    month_planned: int = 0
    pass_sets: list[int] = field(default_factory=lambda: [0] * TREND_WEEKS)
    pass_ok: list[int] = field(default_factory=lambda: [0] * TREND_WEEKS)
    unlocked: int | None = None
    locked: int | None = None
    last_activity: date | None = None

    def fill(self, figures: "_Figures") -> None:
        self.week_done, self.week_planned = figures.week_done, figures.week_planned
        self.month_done, self.month_planned = figures.month_done, figures.month_planned
        # The program's week only while they follow one (not an ended plan's).
        self.program_week = None if self.program_id is None else figures.program_week
        self.pass_sets, self.pass_ok = list(figures.pass_sets), list(figures.pass_ok)
        self.last_activity = figures.last_activity

    @property
    def shown(self) -> tuple:
        """Every value the client's row on the page shows, as one: the page keeps each row's
        HTML by it (`coach_views._with_row_html`), so whatever the row shows must be here."""
        return (
            self.client.pk,
            self.client.display_name,
            self.program,
            self.program_week,
            self.week_done,
            self.week_planned,
            self.month_done,
            self.month_planned,
            tuple(self.pass_sets),
            tuple(self.pass_ok),
            self.unlocked,
            self.locked,
            self.last_activity,
        )

    @property
    def month_adherence(self) -> int | None:
        return _percent(self.month_done, self.month_planned)

    @property
    def week_adherence(self) -> int | None:
        return _percent(self.week_done, self.week_planned)

    @property
    def pass_rates(self) -> list[int | None]:
        return [_percent(ok, sets) for ok, sets in zip(self.pass_ok, self.pass_sets, strict=True)]

    @property
    def pass_rate(self) -> int | None:
        """The pass rate over the whole trend window: what the roster sorts by."""
        return _percent(sum(self.pass_ok), sum(self.pass_sets))

    @property
    def trend(self) -> str:
        """'up', 'down' or 'steady' between the two latest weeks with sets; '' without two."""
        rates = [rate for rate in self.pass_rates if rate is not None]
        if len(rates) < 2:
            return ""
        change = rates[-1] - rates[-2]
        if change >= TREND_STEP:
            return "up"
        if change <= -TREND_STEP:
            return "down"
        return "steady"


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _adherence_key(row: RosterRow) -> tuple[int, int] | None:
    """The last four weeks first, this week breaking ties; None when nothing was planned."""
    month, week = row.month_adherence, row.week_adherence
    if month is None and week is None:
        return None
    return (-1 if month is None else month, -1 if week is None else week)


# Each sort key gives None for a client with nothing to compare; those always go last.
SORTS: dict[str, Callable[[RosterRow], object]] = {
    "name": lambda row: row.client.display_name.casefold(),
    "adherence": _adherence_key,
    "pass_rate": lambda row: row.pass_rate,
    "last_activity": lambda row: row.last_activity,
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


def _weeks_by_start(rows: list[RosterRow]) -> dict[date, list[int]]:
    """Clients grouped by the Monday of their own current week.

    Time zones put people on at most a couple of different dates at any moment, so the
    roster's date windows come in a handful of groups, never one per client.
    """
    groups: dict[date, list[int]] = defaultdict(list)
    for row in rows:
        groups[week_start(row.today)].append(row.client.pk)
    return groups


def _window(field_name: str, groups: dict[date, list[int]], first: int, last: int) -> Q:
    """Rows of each client whose `field_name` date falls in weeks `first`..`last` relative to
    that client's current week (0 = this week, -1 = last week)."""
    condition = Q(pk__in=[])
    for monday, ids in groups.items():
        condition |= Q(
            **{
                "trainee_id__in": ids,
                f"{field_name}__gte": monday + timedelta(weeks=first),
                f"{field_name}__lt": monday + timedelta(weeks=last + 1),
            }
        )
    if groups:
        # The same window again as one date range over all groups, so PostgreSQL reads it
        # from the (trainee, date) index instead of every row of each client's history.
        condition &= Q(
            **{
                f"{field_name}__gte": min(groups) + timedelta(weeks=first),
                f"{field_name}__lt": max(groups) + timedelta(weeks=last + 1),
            }
        )
    return condition


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


# `_rows` in SQL: the ORM took twice as long to build this query (a subquery and a filtered
# join) as PostgreSQL took to run it, on every look at the roster. A client has at most one
# current coach and one current enrolment (constraints), so the joins give one row each.
ROSTER_CLIENTS_SQL = """
    SELECT client.id, client.display_name, client.time_zone, client.load_unit,
           0, enrolment.program_id, program.name
    FROM {coaching} coaching
    JOIN {user} client ON client.id = coaching.client_id
    LEFT JOIN {enrolment} enrolment
        ON enrolment.trainee_id = client.id AND enrolment.ended_at IS NULL
    LEFT JOIN {program} program ON program.id = enrolment.program_id
    WHERE coaching.coach_id = %s AND coaching.ended_at IS NULL
"""


def _rows(coach: User) -> list[RosterRow]:
    """A row per current client with their current program, without figures yet: what the
    default sort (by name) and the memos' keys need, in one query."""
    quote = connection.ops.quote_name
    sql = ROSTER_CLIENTS_SQL.format(
        **{
            name: quote(model._meta.db_table)
            for name, model in [
                ("coaching", Coaching),
                ("user", User),
                ("enrolment", Enrolment),
                ("program", Program),
            ]
        }
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [coach.pk])
        clients = cursor.fetchall()
    now = timezone.now()
    today_in: dict[str, date] = {}
    rows = []
    for *columns, program_id, program in clients:
        client = Client(*columns)
        if client.time_zone not in today_in:
            # As `User.local_today`, once per time zone.
            zone = zoneinfo.ZoneInfo(client.time_zone)
            today_in[client.time_zone] = timezone.localtime(now, zone).date()
        today = today_in[client.time_zone]
        rows.append(RosterRow(client, today, program_id=program_id, program=program))
    return rows


# --- figures memoised per client ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figures:
    """A client's adherence, pass rates and last activity: what their sets and sessions say
    on one day."""

    week_done: int
    week_planned: int
    month_done: int
    month_planned: int
    program_week: int | None
    pass_sets: tuple[int, ...]
    pass_ok: tuple[int, ...]
    last_activity: date | None


# Per client, so a few coaches' rosters fit: an entry is a few hundred bytes. Keys start with
# (client pk, client's `training_stamp`, client's today): every write to a client's sets,
# sessions, enrolments or gate overrides moves the stamp (`programs.stamps`), so an entry is
# never read after what it was worked out from changed.
MEMO_SIZE = 4096
_figures = Memo(MEMO_SIZE)
# Gate counts, with the gate rules they were decided under: a rule edited in the admin
# starts a new memo (`_gate_memo`).
_gates: tuple[list[progression.GateRule], Memo] = ([], Memo(MEMO_SIZE))


def clear_memos() -> None:
    """Forget every memoised figure (tests, whose databases roll back and reuse ids)."""
    global _gates
    _figures.clear()
    _gates = ([], Memo(MEMO_SIZE))


def _gate_memo(rules: list[progression.GateRule]) -> Memo:
    global _gates
    if _gates[0] != rules:
        _gates = (rules, Memo(MEMO_SIZE))
    return _gates[1]


def _client_key(row: RosterRow) -> tuple:
    return (row.client.pk, row.client.training_stamp, row.today)


def _add_figures(rows: list[RosterRow]) -> None:
    """Adherence, pass rates and last activity, from the memo or, for the clients it does
    not hold, in three queries for all of them."""
    missing = []
    for row in rows:
        figures = _figures.get(_client_key(row))
        if figures is None:
            missing.append(row)
        else:
            row.fill(figures)
    if not missing:
        return
    for row, figures in zip(missing, _read_figures(missing), strict=True):
        _figures.put(_client_key(row), figures)
        row.fill(figures)


def _read_figures(rows: list[RosterRow]) -> list[_Figures]:
    """Each figure aggregated in SQL for all the rows' clients at once, grouped by client."""
    ids = [row.client.pk for row in rows]
    groups = _weeks_by_start(rows)
    adherence = _adherence(groups)
    pass_rates = _pass_rates(groups)
    last_activity = dict(
        User.objects.filter(pk__in=ids)
        .annotate(
            last_activity=Subquery(
                SetLog.objects.live()
                .filter(trainee=OuterRef("pk"))
                .order_by("-performed_on")
                .values("performed_on")[:1]
            )
        )
        .values_list("pk", "last_activity")
    )
    no_sets = ((0,) * TREND_WEEKS, (0,) * TREND_WEEKS)
    return [
        _Figures(
            *adherence.get(row.client.pk, (0, 0, 0, 0, None)),
            *pass_rates.get(row.client.pk, no_sets),
            last_activity=last_activity[row.client.pk],
        )
        for row in rows
    ]


def _adherence(groups: dict[date, list[int]]) -> dict[int, tuple]:
    """(week done, week planned, month done, month planned, program week) per client with
    sessions in the window."""
    this_week = _window("scheduled_on", groups, 0, 0)
    last_weeks = _window("scheduled_on", groups, -TREND_WEEKS, -1)
    done = Q(completed_at__isnull=False) | Q(
        Exists(SetLog.objects.live().filter(session=OuterRef("pk")))
    )
    counts = (
        # The window names the clients; naming them again outside it made PostgreSQL
        # misjudge how many rows match and read the whole table (4 -> 50 ms for 200).
        TrainingSession.objects.filter(_window("scheduled_on", groups, -TREND_WEEKS, 0))
        .values("trainee_id")
        .annotate(
            week_done=Count("id", filter=this_week & done),
            week_planned=Count("id", filter=this_week),
            month_done=Count("id", filter=last_weeks & done),
            month_planned=Count("id", filter=last_weeks),
            program_week=Min("program_day__week__number", filter=this_week),
        )
        .order_by()
        .values_list(
            "trainee_id",
            "week_done",
            "week_planned",
            "month_done",
            "month_planned",
            "program_week",
        )
    )
    return {tid: figures for tid, *figures in counts}


def _pass_rates(groups: dict[date, list[int]]) -> dict[int, tuple]:
    """(sets per week, clean sets per week), oldest week first, per client with sets in the
    trend window."""
    weeks = range(TREND_WEEKS)
    aggregates = {}
    for index, offset in enumerate(range(1 - TREND_WEEKS, 1)):
        window = _window("performed_on", groups, offset, offset)
        aggregates[f"sets_{index}"] = Count("id", filter=window)
        aggregates[f"ok_{index}"] = Count("id", filter=window & Q(form_ok=True))
    counts = (
        SetLog.objects.live()
        .filter(_window("performed_on", groups, 1 - TREND_WEEKS, 0))
        .values("trainee_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {
        count["trainee_id"]: (
            tuple(count[f"sets_{index}"] for index in weeks),
            tuple(count[f"ok_{index}"] for index in weeks),
        )
        for count in counts
    }


# --- programs and gate counts, for the clients shown --------------------------------------------


def _gate_rules() -> list[progression.GateRule]:
    return engine.read_gate_rules()


def _add_gate_counts(rows: list[RosterRow]) -> None:
    """How many of the resistance exercises in each client's program are unlocked: from the
    memo while the client's stamp stays where it was (a coach's edit to their program moves
    it too, `programs.stamps`), else decided after reading their programs' exercises."""
    enrolled = [row for row in rows if row.program_id is not None]
    if not enrolled:
        return
    rules = _gate_rules()
    memo = _gate_memo(rules)
    missing = []
    for row in enrolled:
        key = (*_client_key(row), row.client.load_unit, row.program_id)
        counts = memo.get(key)
        if counts is None:
            missing.append((row, key))
        else:
            row.unlocked, row.locked = counts
    if missing:
        _count_gates(missing, rules, _resistance_exercises({row.program_id for row, _ in missing}))
        for row, key in missing:
            memo.put(key, (row.unlocked, row.locked))


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


def _count_gates(
    missing: list[tuple[RosterRow, tuple]],
    rules: list[progression.GateRule],
    resistance: dict[int, tuple[str, ...]],
) -> None:
    """How many of the resistance exercises in each client's program (`resistance`, by
    program) are unlocked.

    The engine decides, for all clients in bulk: two queries load the live overrides and
    the sets inside the longest gate window, then the pure gate rule runs per client. Gates
    only look back `window_days`, so the sets loaded are bounded however long the history is.
    """
    rows = [row for row, _ in missing]
    slugs = {row.client.pk: resistance[row.program_id] for row in rows}
    by_id = {row.client.pk: row for row in rows}
    overrides: dict[int, list[progression.Override]] = defaultdict(list)
    for override in GateOverride.objects.filter(
        trainee_id__in=by_id, revoked_at__isnull=True
    ).values("trainee_id", "exercise__slug", "reason", "created_at"):
        overrides[override["trainee_id"]].append(
            progression.Override(
                exercise=override["exercise__slug"],
                reason=override["reason"],
                granted_by="",
                on=override["created_at"].date(),
            )
        )
    history: dict[int, list[progression.LoggedSet]] = defaultdict(list)
    if rules:
        lookback = max(rule.window_days for rule in rules)
        for set_row in (
            SetLog.objects.live()
            .filter(
                trainee_id__in=by_id,
                performed_on__gt=min(row.today for row in rows) - timedelta(days=lookback),
                performed_on__lte=max(row.today for row in rows),
                # Gates count only their prerequisites' sessions.
                exercise__slug__in={rule.required for rule in rules},
            )
            .values("trainee_id", *engine.SETLOG_FIELDS)
        ):
            tid = set_row["trainee_id"]
            history[tid].append(engine.logged_set_from_row(set_row, by_id[tid].client.load_unit))
    for tid, row in by_id.items():
        # All of a client's gates in one pass over their history, not one pass per gate.
        gates = progression.gate_statuses(
            slugs[tid],
            rules=rules,
            history=history[tid],
            today=row.today,
            overrides=overrides[tid],
            exercises={},
        )
        unlocked = sum(gate.unlocked for gate in gates.values())
        row.unlocked, row.locked = unlocked, len(slugs[tid]) - unlocked
