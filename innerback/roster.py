"""The coach's roster: every current client with adherence, form trend, gates and activity.

Built for a coach with hundreds of clients and years of logs: each figure is aggregated in SQL
for all clients at once (conditional counts grouped by client), so the page costs the same
handful of queries whatever the numbers.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery

from exercises.models import Kind, Prerequisite
from programs import engine, progression
from programs.calendar import week_start
from programs.models import Enrolment, GateOverride, Prescription, SetLog, TrainingSession

from .models import Coaching, User

TREND_WEEKS = 4
# A weekly pass rate has to move by this many points before the arrow calls it a change.
TREND_STEP = 5


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

    client: User
    coaching: Coaching
    enrolment: Enrolment | None = None
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


def _weeks_by_start(clients: list[User]) -> dict[date, list[int]]:
    """Clients grouped by the Monday of their own current week.

    Time zones put people on at most a couple of different dates at any moment, so the
    roster's date windows come in a handful of groups, never one per client.
    """
    groups: dict[date, list[int]] = defaultdict(list)
    for client in clients:
        groups[week_start(client.local_today())].append(client.pk)
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


def roster(coach: User, *, sort: str | None = None) -> list[RosterRow]:
    """Every current client of `coach` with adherence, form trend, gates and last activity.

    A fixed number of queries for any number of clients and any length of history: each
    figure is aggregated in SQL for all clients at once, grouped by client.
    """
    rows = _sorted_rows(coach, sort)
    _add_gate_counts({row.client.pk: row for row in rows})
    return rows


def roster_page(coach: User, *, sort: str | None = None, page: str | int | None = None) -> Page:
    """One page of the sorted roster (ROSTER_PAGE_SIZE clients; an out-of-range or
    malformed page number gives the nearest page). No sort uses the gate counts, so they
    are worked out for the clients on the page only — the costliest figure, per client."""
    paginator = Paginator(_sorted_rows(coach, sort), ROSTER_PAGE_SIZE)
    shown = paginator.get_page(page)
    _add_gate_counts({row.client.pk: row for row in shown.object_list})
    return shown


def _sorted_rows(coach: User, sort: str | None) -> list[RosterRow]:
    """Every current client's row with every figure but the gate counts, sorted."""
    coachings = list(
        Coaching.objects.current()
        .filter(coach=coach)
        .select_related("client")
        .annotate(
            last_activity=Subquery(
                SetLog.objects.live()
                .filter(trainee=OuterRef("client_id"))
                .order_by("-performed_on")
                .values("performed_on")[:1]
            )
        )
    )
    rows = {
        c.client_id: RosterRow(client=c.client, coaching=c, last_activity=c.last_activity)
        for c in coachings
    }
    if rows:
        clients = [row.client for row in rows.values()]
        groups = _weeks_by_start(clients)
        for enrolment in (
            Enrolment.objects.current().filter(trainee_id__in=rows).select_related("program")
        ):
            rows[enrolment.trainee_id].enrolment = enrolment
        # The clients as a subquery rather than a list of ids: PostgreSQL then walks the
        # (trainee, date) indexes client by client, where with a list of hundreds of ids it
        # misjudged the cost and scanned every session of every trainee.
        client_ids = Coaching.objects.current().filter(coach=coach).values("client_id")
        _add_adherence(rows, groups, client_ids)
        _add_pass_rates(rows, groups, client_ids)
    key, descending = parse_sort(sort)
    return sort_roster(list(rows.values()), key, descending)


def _add_adherence(
    rows: dict[int, RosterRow], groups: dict[date, list[int]], client_ids: QuerySet
) -> None:
    this_week = _window("scheduled_on", groups, 0, 0)
    last_weeks = _window("scheduled_on", groups, -TREND_WEEKS, -1)
    done = Q(completed_at__isnull=False) | Q(
        Exists(SetLog.objects.live().filter(session=OuterRef("pk")))
    )
    counts = (
        TrainingSession.objects.filter(trainee_id__in=client_ids)
        .filter(_window("scheduled_on", groups, -TREND_WEEKS, 0))
        .values("trainee_id")
        .annotate(
            week_planned=Count("id", filter=this_week),
            week_done=Count("id", filter=this_week & done),
            month_planned=Count("id", filter=last_weeks),
            month_done=Count("id", filter=last_weeks & done),
            program_week=Min("program_day__week__number", filter=this_week),
        )
        .order_by()
    )
    for count in counts:
        row = rows[count["trainee_id"]]
        row.week_planned, row.week_done = count["week_planned"], count["week_done"]
        row.month_planned, row.month_done = count["month_planned"], count["month_done"]
        if row.enrolment is not None:
            row.program_week = count["program_week"]


def _add_pass_rates(
    rows: dict[int, RosterRow], groups: dict[date, list[int]], client_ids: QuerySet
) -> None:
    weeks = {
        index: _window("performed_on", groups, offset, offset)
        for index, offset in enumerate(range(1 - TREND_WEEKS, 1))
    }
    aggregates = {}
    for index, window in weeks.items():
        aggregates[f"sets_{index}"] = Count("id", filter=window)
        aggregates[f"ok_{index}"] = Count("id", filter=window & Q(form_ok=True))
    counts = (
        SetLog.objects.live()
        .filter(trainee_id__in=client_ids)
        .filter(_window("performed_on", groups, 1 - TREND_WEEKS, 0))
        .values("trainee_id")
        .annotate(**aggregates)
        .order_by()
    )
    for count in counts:
        row = rows[count["trainee_id"]]
        row.pass_sets = [count[f"sets_{index}"] for index in weeks]
        row.pass_ok = [count[f"ok_{index}"] for index in weeks]


def _add_gate_counts(rows: dict[int, RosterRow]) -> None:
    """How many of the resistance exercises in each client's program are unlocked.

    The engine decides, for all clients in bulk: four queries load the gate rules, the
    programs' resistance exercises, the live overrides and the sets inside the longest gate
    window, then the pure gate rule runs per client. Gates only look back `window_days`, so
    the sets loaded are bounded however long the history is.
    """
    enrolled = {tid: row for tid, row in rows.items() if row.enrolment is not None}
    if not enrolled:
        return
    rules = [
        progression.GateRule(
            exercise=rule["exercise__slug"],
            required=rule["required__slug"],
            sessions=rule["sessions"],
            window_days=rule["window_days"],
        )
        for rule in Prerequisite.objects.values(
            "exercise__slug", "required__slug", "sessions", "window_days"
        )
    ]
    resistance: dict[int, set[str]] = defaultdict(set)
    for program_id, slug in (
        Prescription.objects.filter(
            day__week__program_id__in={row.enrolment.program_id for row in enrolled.values()},
            exercise__kind=Kind.RESISTANCE,
        )
        .values_list("day__week__program_id", "exercise__slug")
        .distinct()
    ):
        resistance[program_id].add(slug)
    overrides: dict[int, list[progression.Override]] = defaultdict(list)
    for override in GateOverride.objects.filter(
        trainee_id__in=enrolled, revoked_at__isnull=True
    ).values("trainee_id", "exercise__slug", "reason", "created_at"):
        overrides[override["trainee_id"]].append(
            progression.Override(
                exercise=override["exercise__slug"],
                reason=override["reason"],
                granted_by="",
                on=override["created_at"].date(),
            )
        )
    today = {tid: row.client.local_today() for tid, row in enrolled.items()}
    history: dict[int, list[progression.LoggedSet]] = defaultdict(list)
    if rules:
        lookback = max(rule.window_days for rule in rules)
        for set_row in (
            SetLog.objects.live()
            .filter(
                trainee_id__in=enrolled,
                performed_on__gt=min(today.values()) - timedelta(days=lookback),
                performed_on__lte=max(today.values()),
                # Gates count only their prerequisites' sessions.
                exercise__slug__in={rule.required for rule in rules},
            )
            .values("trainee_id", *engine.SETLOG_FIELDS)
        ):
            tid = set_row["trainee_id"]
            history[tid].append(engine.logged_set_from_row(set_row, enrolled[tid].client.load_unit))
    for tid, row in enrolled.items():
        slugs = sorted(resistance[row.enrolment.program_id])
        # All of a client's gates in one pass over their history, not one pass per gate.
        gates = progression.gate_statuses(
            slugs,
            rules=rules,
            history=history[tid],
            today=today[tid],
            overrides=overrides[tid],
            exercises={},
        )
        unlocked = sum(gate.unlocked for gate in gates.values())
        row.unlocked, row.locked = unlocked, len(slugs) - unlocked
