"""A trainee's progress as charts: what /progress/ and the coach's client page show.

What each chart plots (all in the trainee's own dates and load unit):

- **Working load** of an exercise in a session: the heaviest load lifted with form held in
  that session; when form held on no set, the heaviest load lifted.
- **Load increase**: a session whose working load is above that of the exercise's previous
  session with a load.
- **Form-driven reduction**: within one session, a set logged after a set with a failed form
  check, at a lower load than that failed set — the engine's immediate load reduction, as
  done.
- **Reps or hold**: the mean per set in the session.
- **Time under tension (TUT)** of a set: as the session summary counts it
  (`programs.training.logging.time_under_tension`): for holds, the seconds held; for reps
  work, reps × the lowering seconds logged (the prescribed lowering when none was) plus the
  rest of the tempo prescribed for the set. An estimate of the work, not a stopwatch
  reading. A session's TUT adds up every set of every exercise in it.
- **Form pass rate** and **adherence** of a week: as `programs.progress.figures` defines them for
  every page (sessions count up to and including today).
- **Gate timeline**: for each gated exercise, the first day the gate opened through logged
  foundational work — found by replaying the engine's gate rule day by day over the history
  — and every coach override, with who granted it and why.

Weeks run Monday to Sunday. Everything is read in a fixed number of queries however long
the history is: sets are aggregated in SQL per session and exercise, and per week; only the
replay of the gates reads single sets, and only those of the prerequisite exercises.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from exercises.amounts import load_text, number_text
from exercises.models import Exercise, requirement_map
from programs import engine, progression
from programs.imports.models import ImportedSet
from programs.models import (
    SETLOG_FIELDS,
    GateOverride,
    SetLog,
    convert_load,
    logged_set_from_row,
    with_pain,
)
from programs.planning.calendar import week_start
from programs.progress import figures
from programs.progress.charts import (
    MONTHS,
    Bar,
    BarChart,
    Datum,
    LineChart,
    bar_chart,
    line_chart,
    short_date,
)
from programs.progress.figures import Week
from programs.progress.figures import percent as _percent
from programs.training.logging import time_under_tension


def long_date(day: date) -> str:
    """ "5 Mar 2026": dates in summaries and point titles."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _mean_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0")


def _load_text(load: Decimal | None, unit: str) -> str:
    return load_text(load, unit, missing="—")


# --- per exercise, per session ---------------------------------------------------------------


@dataclass
class SessionEntry:
    """One exercise in one session, as charted and tabled."""

    session_id: int
    day: date
    unit: str
    sets: int = 0
    form_ok: int = 0
    load: Decimal | None = None  # working load, see the module docstring
    top_load: Decimal | None = None
    held_load: Decimal | None = None  # heaviest load on which form held
    reps_total: int = 0
    reps_sets: int = 0
    hold_total: int = 0
    hold_sets: int = 0
    tut_s: int = 0
    failed_load: Decimal | None = None  # heaviest load on which form broke
    reduced_to: Decimal | None = None  # lightest load logged after that, lower than it
    increase_from: Decimal | None = None

    @property
    def reps_mean(self) -> float | None:
        return self.reps_total / self.reps_sets if self.reps_sets else None

    @property
    def hold_mean(self) -> float | None:
        return self.hold_total / self.hold_sets if self.hold_sets else None

    @property
    def reduced(self) -> bool:
        return self.reduced_to is not None

    @property
    def load_text(self) -> str:
        return _load_text(self.load, self.unit)

    @property
    def load_amount(self) -> str:
        """The working load as a plain number, as the data table shows it."""
        return "—" if self.load is None else number_text(self.load)

    @property
    def reps_text(self) -> str:
        return _mean_text(self.reps_mean)

    @property
    def hold_text(self) -> str:
        return _mean_text(self.hold_mean)

    @property
    def changes(self) -> list[str]:
        """What happened to the load, in words: the marks on the chart."""
        notes = []
        if self.increase_from is not None:
            notes.append(
                f"Load up from {_load_text(self.increase_from, self.unit)} "
                f"to {_load_text(self.load, self.unit)}"
            )
        if self.reduced:
            notes.append(
                f"Form broke at {_load_text(self.failed_load, self.unit)} — "
                f"reduced to {_load_text(self.reduced_to, self.unit)}"
            )
        return notes

    @property
    def marker(self) -> str:
        # One shape per point: a reduction is the safety event, so it shows when both happened
        # (the point's title and the table still name both).
        if self.reduced:
            return "reduction"
        return "increase" if self.increase_from is not None else ""


@dataclass
class ExerciseProgress:
    exercise: Exercise
    unit: str
    entries: list[SessionEntry]
    load_chart: LineChart | None = None
    load_summary: str = ""
    amount_chart: LineChart | None = None
    amount_summary: str = ""

    @property
    def increases(self) -> int:
        return sum(entry.increase_from is not None for entry in self.entries)

    @property
    def reductions(self) -> int:
        return sum(entry.reduced for entry in self.entries)

    @property
    def has_load(self) -> bool:
        return self.load_chart is not None

    @property
    def amount_label(self) -> str:
        return "Hold a set (s)" if self.exercise.is_hold else "Reps a set"


def _pick(choose, a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """`choose` (min or max) of two loads, either of which may be missing."""
    if a is None or b is None:
        return b if a is None else a
    return choose(a, b)


def _session_entries(
    trainee, since: date | None, today: date, unit: str
) -> dict[int, list[SessionEntry]]:
    """Every exercise's sessions, oldest first, keyed by exercise id. One query.

    Sets are grouped in SQL by session and exercise (and by unit, prescribed tempo and logged
    lowering, which rarely vary inside a session), then merged here with loads converted to
    `unit`.
    """
    live = SetLog.objects.live()
    after_failure = Exists(
        live.filter(
            session=OuterRef("session"),
            exercise=OuterRef("exercise"),
            set_number__lt=OuterRef("set_number"),
            form_ok=False,
            load__gt=OuterRef("load"),
        )
    )
    rows = (
        _in_period(live.filter(trainee=trainee), "performed_on", since, today)
        .values("session_id", "exercise_id", "unit", "target_tempo", "eccentric_s")
        .annotate(
            day=Min("performed_on"),
            sets=Count("id"),
            clean_sets=Count("id", filter=Q(form_ok=True)),
            top_load=Max("load"),
            held_load=Max("load", filter=Q(form_ok=True)),
            failed_load=Max("load", filter=Q(form_ok=False)),
            reduced_to=Min("load", filter=after_failure),
            reps_total=Sum("reps"),
            reps_sets=Count("reps"),
            hold_total=Sum("hold_s"),
            hold_sets=Count("hold_s"),
            reps_for_tut=Sum("reps", filter=Q(hold_s__isnull=True)),
        )
        .order_by()
    )
    merged: dict[tuple[int, int], SessionEntry] = {}
    for row in rows:
        key = (row["exercise_id"], row["session_id"])
        entry = merged.get(key)
        if entry is None:
            entry = merged[key] = SessionEntry(row["session_id"], row["day"], unit)
        loads = {
            name: convert_load(row[name], row["unit"], unit)
            for name in ("top_load", "held_load", "failed_load", "reduced_to")
        }
        entry.day = min(entry.day, row["day"])
        entry.sets += row["sets"]
        entry.form_ok += row["clean_sets"]
        entry.top_load = _pick(max, entry.top_load, loads["top_load"])
        entry.held_load = _pick(max, entry.held_load, loads["held_load"])
        entry.failed_load = _pick(max, entry.failed_load, loads["failed_load"])
        entry.reduced_to = _pick(min, entry.reduced_to, loads["reduced_to"])
        entry.reps_total += row["reps_total"] or 0
        entry.reps_sets += row["reps_sets"]
        entry.hold_total += row["hold_total"] or 0
        entry.hold_sets += row["hold_sets"]
        entry.tut_s += time_under_tension(
            row["target_tempo"],
            reps=row["reps_for_tut"] or 0,
            lowering_s=row["eccentric_s"],
            held_s=row["hold_total"] or 0,
        )
    by_exercise: dict[int, list[SessionEntry]] = defaultdict(list)
    for (exercise_id, _), entry in merged.items():
        entry.load = entry.held_load if entry.held_load is not None else entry.top_load
        by_exercise[exercise_id].append(entry)
    for entries in by_exercise.values():
        entries.sort(key=lambda e: (e.day, e.session_id))
        previous: Decimal | None = None
        for entry in entries:
            if entry.load is None:
                continue
            if previous is not None and entry.load > previous:
                entry.increase_from = previous
            previous = entry.load
    return by_exercise


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _exercise_progress(exercise: Exercise, entries: list[SessionEntry], unit: str):
    progress = ExerciseProgress(exercise, unit, entries)
    span = f"{long_date(entries[0].day)} to {long_date(entries[-1].day)}"
    loaded = [e for e in entries if e.load]
    if loaded:
        first, last = loaded[0], loaded[-1]
        marks = [_plural(progress.increases, "increase"), _plural(progress.reductions, "reduction")]
        progress.load_summary = (
            f"{exercise.name}: {first.load_text} → {last.load_text} over "
            f"{_plural(len(loaded), 'session')}; {', '.join(marks)}."
        )
        progress.load_chart = line_chart(
            [
                Datum(
                    e.day,
                    float(e.load),
                    "; ".join([f"{long_date(e.day)}: {e.load_text}", *e.changes]),
                    e.marker,
                )
                for e in loaded
            ],
            chart_id=f"chart-{exercise.slug}-load",
            title=f"{exercise.name}: working load per session ({unit})",
            description=(
                f"Line chart of the working load of each session from {span}. Triangles "
                "pointing up mark load increases; triangles pointing down mark loads reduced "
                "after a form check failed."
            ),
            unit=unit,
        )
    if exercise.is_hold:
        amounts = [(e, e.hold_mean, e.hold_text) for e in entries if e.hold_mean is not None]
        what, suffix, axis = "hold a set", " s", "s"
    else:
        amounts = [(e, e.reps_mean, e.reps_text) for e in entries if e.reps_mean is not None]
        what, suffix, axis = "reps a set", "", "reps"
    if amounts:
        progress.amount_summary = (
            f"{exercise.name}, {what}: {amounts[0][2]}{suffix} → {amounts[-1][2]}{suffix} "
            f"over {_plural(len(amounts), 'session')}."
        )
        progress.amount_chart = line_chart(
            [
                Datum(e.day, value, f"{long_date(e.day)}: {text}{suffix} {what}")
                for e, value, text in amounts
            ],
            chart_id=f"chart-{exercise.slug}-amount",
            title=f"{exercise.name}: mean {what} per session",
            description=f"Line chart of the mean {what} in each session from {span}.",
            unit=axis,
        )
    return progress


# --- per session and per week ----------------------------------------------------------------


@dataclass
class SessionTotal:
    day: date
    tut_s: int


def _in_period(rows: QuerySet, field_name: str, since: date | None, today: date) -> QuerySet:
    """Rows dated inside the period shown: from `since` (all history when None) to today."""
    rows = rows.filter(**{f"{field_name}__lte": today})
    return rows if since is None else rows.filter(**{f"{field_name}__gte": since})


def _weeks(trainee, weeks: int | None, today: date) -> list[Week]:
    """Weekly form pass rate and adherence (`programs.progress.figures`, as the coach sees
    them), from the period's first week with either up to this week; `weeks` is the period's length
    (None: all history). Two queries, each grouped by week in SQL."""
    by_week = figures.weekly({trainee.pk: today}, weeks=weeks).get(trainee.pk, {})
    if not by_week:
        return []
    start, last = min(by_week), week_start(today)
    found = []
    while start <= last:
        found.append(by_week.get(start, Week(start)))
        start += timedelta(weeks=1)
    return found


# --- gates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideEvent:
    on: date
    granted_by: str
    reason: str
    revoked_on: date | None


@dataclass(frozen=True)
class EarnedBy:
    """One prerequisite as it stood the day the gate opened."""

    name: str
    days: tuple[date, ...]
    needed: int
    window_days: int


@dataclass
class GateMilestone:
    exercise: Exercise
    unlocked_on: date | None  # first day the logged work opened the gate
    earned_by: list[EarnedBy]
    overrides: list[OverrideEvent]
    unlocked_now: bool
    reason_now: str

    @property
    def first_event(self) -> date | None:
        days = [d for d in [self.unlocked_on, *(o.on for o in self.overrides)] if d]
        return min(days) if days else None


def _live_overrides(events: dict[str, list[OverrideEvent]], day: date) -> list:
    """The overrides in force on `day`: granted by then and not yet revoked."""
    return [
        progression.Override(exercise=slug, reason=e.reason, granted_by=e.granted_by, on=e.on)
        for slug, slug_events in events.items()
        for e in slug_events
        if e.on <= day and (e.revoked_on is None or e.revoked_on > day)
    ]


def replay_unlocks(
    *,
    gated: list[str],
    rules: list[progression.GateRule],
    history: list[progression.LoggedSet],
    overrides: dict[str, list[OverrideEvent]],
    exercises: dict[str, progression.ExerciseInfo],
) -> dict[str, tuple[date, progression.GateDecision]]:
    """For each gated exercise, the first day its prerequisites were met and the engine's
    gate decision that day, replaying `progression.gate_status` day by day over one loaded
    history.

    A gate can only open on a day when something it depends on — a prerequisite, or a
    prerequisite of a chained prerequisite — was logged, or when an override was granted:
    more days passing only ages qualifying sessions out of their window. So only those days
    are replayed for each gate, oldest first, each with just the sets inside the longest rule
    window and just the rules the gate depends on; the replay stops once every gate has
    opened. Overrides count as they stood that day, so a gate chained behind an overridden one
    can open through its own work.
    """
    found: dict[str, tuple[date, progression.GateDecision]] = {}
    if not rules or not history:
        return found
    requires = requirement_map((rule.exercise, rule.required) for rule in rules)
    upstream = {slug: _upstream(requires, slug) for slug in gated}
    own_rules = {
        slug: [rule for rule in rules if rule.exercise in upstream[slug] | {slug}] for slug in gated
    }
    ordered = sorted(history, key=lambda s: s.day)
    days = [s.day for s in ordered]
    logged_on: dict[date, set[str]] = defaultdict(set)
    for logged in ordered:
        logged_on[logged.day].add(logged.exercise)
    lookback = max(rule.window_days for rule in rules)
    granted = {event.on for events in overrides.values() for event in events}
    pending = list(gated)
    for day in sorted({*days, *granted}):
        relevant = [slug for slug in pending if day in granted or upstream[slug] & logged_on[day]]
        if not relevant:
            continue
        first = bisect.bisect_right(days, day - timedelta(days=lookback))
        window = ordered[first : bisect.bisect_right(days, day)]
        live = _live_overrides(overrides, day)
        for slug in relevant:
            decision = progression.gate_status(
                slug,
                rules=own_rules[slug],
                history=window,
                today=day,
                overrides=live,
                exercises=exercises,
            )
            if decision.progress and all(p.met for p in decision.progress):
                found[slug] = (day, decision)
                pending.remove(slug)
        if not pending:
            break
    return found


def _upstream(requires: dict[str, set[str]], slug: str) -> set[str]:
    """Every exercise `slug`'s gate waits for, directly or through chained gates."""
    seen: set[str] = set()
    stack = list(requires.get(slug, ()))
    while stack:
        required = stack.pop()
        if required not in seen:
            seen.add(required)
            stack.extend(requires.get(required, ()))
    return seen


def _gates(trainee, today: date, exercises: dict[str, Exercise]) -> list[GateMilestone]:
    """The gate timeline, oldest event first; gates never opened come last. Three queries."""
    unit = trainee.load_unit
    rules = engine.read_gate_rules()
    overrides: dict[str, list[OverrideEvent]] = defaultdict(list)
    for override in (
        GateOverride.objects.filter(trainee=trainee)
        .select_related("exercise", "granted_by")
        .order_by("created_at")
    ):
        revoked = override.revoked_at
        overrides[override.exercise.slug].append(
            OverrideEvent(
                on=trainee.local_date(override.created_at),
                granted_by=str(override.granted_by or "a former coach"),
                reason=override.reason,
                revoked_on=trainee.local_date(revoked) if revoked else None,
            )
        )
    gated_slugs = {rule.exercise for rule in rules} | set(overrides)
    gated = [slug for slug in exercises if slug in gated_slugs]
    if not gated:
        return []
    required = {rule.required for rule in rules}
    history = [
        logged_set_from_row(row, unit)
        for row in with_pain(
            SetLog.objects.live().filter(
                trainee=trainee, performed_on__lte=today, exercise__slug__in=required
            )
        ).values(*SETLOG_FIELDS)
    ]
    infos = {slug: engine.exercise_info(exercise, unit) for slug, exercise in exercises.items()}
    opened = replay_unlocks(
        gated=gated, rules=rules, history=history, overrides=overrides, exercises=infos
    )
    lookback = max((rule.window_days for rule in rules), default=0)
    recent = [s for s in history if s.day > today - timedelta(days=lookback)]
    live_now = _live_overrides(overrides, today)
    milestones = []
    for slug in gated:
        now = progression.gate_status(
            slug, rules=rules, history=recent, today=today, overrides=live_now, exercises=infos
        )
        unlocked_on, decision = opened.get(slug, (None, None))
        milestones.append(
            GateMilestone(
                exercise=exercises[slug],
                unlocked_on=unlocked_on,
                earned_by=[]
                if decision is None
                else [
                    EarnedBy(p.required_name, p.days, p.needed, p.window_days)
                    for p in decision.progress
                ],
                overrides=overrides.get(slug, []),
                unlocked_now=now.unlocked,
                reason_now=now.reason,
            )
        )
    milestones.sort(key=lambda m: (m.first_event is None, m.first_event or today))
    return milestones


# --- the page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """How far back the charts look. Gates always replay the whole history."""

    key: str
    label: str
    weeks: int | None  # None: all history
    within: str = ""  # "in the last 12 weeks"

    def since(self, today: date) -> date | None:
        """The Monday that starts the period: this week and the weeks before it."""
        if self.weeks is None:
            return None
        return week_start(today) - timedelta(weeks=self.weeks - 1)


PERIODS = (
    Period("12w", "12 weeks", 12, "in the last 12 weeks"),
    Period("1y", "1 year", 52, "in the last year"),
    Period("all", "All time", None),
)
DEFAULT_PERIOD = PERIODS[0]


def period_from(key: str | None) -> Period:
    """The period named in the query string (`?period=1y`); anything else is the default."""
    return next((period for period in PERIODS if period.key == key), DEFAULT_PERIOD)


@dataclass
class Progress:
    trainee: object
    today: date
    unit: str
    period: Period = DEFAULT_PERIOD
    logged_before: bool = False  # nothing in the period, but there are older logs
    exercises: list[ExerciseProgress] = field(default_factory=list)
    sessions: list[SessionTotal] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    gates: list[GateMilestone] = field(default_factory=list)
    tut_chart: LineChart | None = None
    tut_summary: str = ""
    pass_chart: BarChart | None = None
    pass_summary: str = ""
    adherence_chart: BarChart | None = None
    adherence_summary: str = ""
    # Sets imported from other apps in the period, by exercise (`imported_summary`).
    imported: list[ImportedExercise] = field(default_factory=list)

    @property
    def has_logs(self) -> bool:
        return bool(self.sessions)

    @property
    def periods(self) -> tuple[Period, ...]:
        return PERIODS

    @property
    def show_gates(self) -> bool:
        """The timeline shows once there is a log, or once a gate opened or was overridden;
        a newcomer's page is not a list of locks."""
        if not self.gates:
            return False
        return self.has_logs or self.logged_before or any(gate.first_event for gate in self.gates)

    @property
    def pass_weeks(self) -> list[Week]:
        return [w for w in self.weeks if w.sets]

    @property
    def adherence_weeks(self) -> list[Week]:
        return [w for w in self.weeks if w.planned]


def _overview_charts(progress: Progress) -> None:
    sessions, weeks = progress.sessions, progress.weeks
    if sessions:
        progress.tut_summary = (
            f"Time under tension: {sessions[0].tut_s} s in the first session, "
            f"{sessions[-1].tut_s} s in the latest, over {_plural(len(sessions), 'session')}."
        )
        progress.tut_chart = line_chart(
            [Datum(s.day, s.tut_s, f"{long_date(s.day)}: {s.tut_s} s") for s in sessions],
            chart_id="chart-tut",
            title="Time under tension per session (seconds)",
            description=(
                f"Line chart of the estimated seconds under tension in each session, from "
                f"{long_date(sessions[0].day)} to {long_date(sessions[-1].day)}."
            ),
            unit="s",
        )
    months = len(weeks) > 26

    def bars(value, title) -> list[Bar]:
        return [Bar(short_date(w.start, months=months), value(w), title(w)) for w in weeks]

    pass_weeks = progress.pass_weeks
    if pass_weeks:
        ok, total = sum(w.form_ok for w in pass_weeks), sum(w.sets for w in pass_weeks)
        progress.pass_summary = (
            f"Form held on {_percent(ok, total)} % of sets ({ok} of {total}) over "
            f"{_plural(len(pass_weeks), 'week')} with sets; {pass_weeks[-1].pass_rate} % in "
            f"the week of {long_date(pass_weeks[-1].start)}."
        )
        progress.pass_chart = bar_chart(
            bars(
                lambda w: w.pass_rate,
                lambda w: (
                    f"Week of {long_date(w.start)}: "
                    + (f"{w.pass_rate} % ({w.form_ok} of {w.sets} sets)" if w.sets else "no sets")
                ),
            ),
            chart_id="chart-pass-rate",
            title="Form pass rate per week (%)",
            description="Bar chart of the share of sets each week with every form check "
            "ticked. Weeks without sets have no bar.",
            unit="%",
            y_max=100,
        )
    adherence_weeks = progress.adherence_weeks
    if adherence_weeks:
        done = sum(w.done for w in adherence_weeks)
        planned = sum(w.planned for w in adherence_weeks)
        progress.adherence_summary = (
            f"{done} of {planned} planned sessions done ({_percent(done, planned)} %) over "
            f"{_plural(len(adherence_weeks), 'week')} with sessions planned."
        )
        progress.adherence_chart = bar_chart(
            bars(
                lambda w: w.adherence,
                lambda w: (
                    f"Week of {long_date(w.start)}: "
                    + (
                        f"{w.done} of {w.planned} sessions ({w.adherence} %)"
                        if w.planned
                        else "no sessions planned"
                    )
                ),
            ),
            chart_id="chart-adherence",
            title="Adherence per week: sessions done of planned (%)",
            description="Bar chart of the share of planned sessions done each week. Weeks "
            "without planned sessions have no bar.",
            unit="%",
            y_max=100,
        )


@dataclass(frozen=True)
class ImportedExercise:
    """Sets of one exercise imported from another app's log: shown apart from the charts,
    which read only sets logged here (the engine's history, with form checks)."""

    name: str
    sets: int
    first_day: date
    last_day: date
    heaviest: str


def imported_summary(trainee, since: date | None, today: date) -> list[ImportedExercise]:
    """The trainee's imported sets from `since` (all when None) up to `today`, by
    exercise as it was mapped (or the file's name for it): one query."""
    sets = ImportedSet.objects.filter(trainee=trainee, performed_on__lte=today)
    if since is not None:
        sets = sets.filter(performed_on__gte=since)
    rows = (
        sets.annotate(shown=Coalesce("exercise__name", "source_exercise"))
        .values("shown", "unit")
        .annotate(
            count=Count("id"),
            first=Min("performed_on"),
            last=Max("performed_on"),
            heaviest=Max("load"),
        )
        .order_by("shown", "unit")
    )
    return [
        ImportedExercise(
            name=row["shown"],
            sets=row["count"],
            first_day=row["first"],
            last_day=row["last"],
            heaviest=load_text(row["heaviest"], row["unit"]) if row["heaviest"] else "",
        )
        for row in rows
    ]


def progress_for(trainee, today: date | None = None, period: Period = DEFAULT_PERIOD) -> Progress:
    """Everything the progress charts show for `trainee` over `period` up to `today` (their
    local date by default), in nine queries whatever the length of the history."""
    today = today or trainee.local_today()
    unit = trainee.load_unit
    since = period.since(today)
    progress = Progress(trainee=trainee, today=today, unit=unit, period=period)
    by_exercise = _session_entries(trainee, since, today, unit)
    exercises = {exercise.slug: exercise for exercise in Exercise.objects.order_by("kind", "name")}
    by_id = {exercise.pk: exercise for exercise in exercises.values()}
    progress.exercises = [
        _exercise_progress(by_id[exercise_id], entries, unit)
        for exercise_id, entries in sorted(
            by_exercise.items(), key=lambda item: (by_id[item[0]].kind, by_id[item[0]].name)
        )
    ]
    totals: dict[int, SessionTotal] = {}
    for entries in by_exercise.values():
        for entry in entries:
            total = totals.setdefault(entry.session_id, SessionTotal(entry.day, 0))
            total.day = min(total.day, entry.day)
            total.tut_s += entry.tut_s
    progress.sessions = sorted(totals.values(), key=lambda s: s.day)
    progress.weeks = _weeks(trainee, period.weeks, today)
    progress.gates = _gates(trainee, today, exercises)
    if not progress.sessions and since is not None:
        progress.logged_before = (
            SetLog.objects.live().filter(trainee=trainee, performed_on__lt=since).exists()
        )
    progress.imported = imported_summary(trainee, since, today)
    _overview_charts(progress)
    return progress


def progress_context(trainee, period: str | None = None) -> dict:
    """The context `templates/programs/_progress_charts.html` needs, for any page that shows
    one trainee's progress (their own page, or their coach's client page). `period` is the
    `?period=` query value: "12w" (the default), "1y" or "all"."""
    return {"progress": progress_for(trainee, period=period_from(period))}
