"""The bridge from the database to the progression engine.

Everything here loads rows in a fixed number of queries and hands plain values to
`programs.progression`, which decides. Pages ask this module "what is this trainee allowed
and prescribed today, and why". What the engine needs of each exercise's log is stored beside
it (`ExerciseProgress`, written with every set), so no page replays the log.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from exercises.amounts import load_text
from exercises.models import Exercise, Kind, Prerequisite, tempo_eccentric_seconds
from innerback.accounts.models import local_date
from programs import progression
from programs.models import (
    HISTORY_DAYS,
    SETLOG_FIELDS,
    ExerciseProgress,
    GateOverride,
    Prescription,
    PrescriptionAdjustment,
    SetLog,
    TrainingSession,
    convert_load,
    in_history_window,
    logged_set_from_row,
    with_pain,
)


def exercise_info(exercise: Exercise, unit: str) -> progression.ExerciseInfo:
    return progression.ExerciseInfo(
        slug=exercise.slug,
        name=exercise.name,
        kind=exercise.kind,
        measure=exercise.measure,
        increment=exercise.load_increment(unit),
        reps_min=exercise.reps_min,
        reps_max=exercise.reps_max,
        hold_s=exercise.hold_s,
        unit=unit,
    )


def logged_set(set_log: SetLog, exercise_slug: str, unit: str) -> progression.LoggedSet:
    """The engine's view of one SetLog already in memory, as `load_history` would read it:
    with the pain of its session when it was read `with_pain`, else none (what is done within
    a session does not read it)."""
    row = {name: getattr(set_log, name, None) for name in SETLOG_FIELDS if name != "exercise__slug"}
    return logged_set_from_row({**row, "exercise__slug": exercise_slug}, unit)


def read_gate_rules() -> list[progression.GateRule]:
    """Every gate rule of the catalog, from the database (one query)."""
    return [
        progression.GateRule(
            exercise=rule["exercise__slug"],
            required=rule["required__slug"],
            sessions=rule["sessions"],
            window_days=rule["window_days"],
            floor=progression.GateFloor(
                sets=rule["min_sets"],
                reps=rule["min_reps"],
                hold_s=rule["min_hold_s"],
                lowering_s=rule["min_lowering_s"],
            ),
        )
        for rule in Prerequisite.objects.values(
            "exercise__slug",
            "required__slug",
            "sessions",
            "window_days",
            "min_sets",
            "min_reps",
            "min_hold_s",
            "min_lowering_s",
        )
    ]


def read_catalog() -> tuple[dict[str, Exercise], list[progression.GateRule]]:
    """The exercises by slug, in catalog order, and the gate rules (two queries)."""
    exercises = {ex.slug: ex for ex in Exercise.objects.order_by("kind", "name")}
    return exercises, read_gate_rules()


def load_history(
    trainee, today: date, exercise_ids: Iterable[int] | None = None
) -> list[progression.LoggedSet]:
    """The trainee's live sets of the engine's window up to `today`, with the pain reported
    for their sessions, in one query; only those of `exercise_ids` when given."""
    rows = SetLog.objects.live().filter(
        trainee=trainee,
        performed_on__gt=today - timedelta(days=HISTORY_DAYS),
        performed_on__lte=today,
    )
    if exercise_ids is not None:
        rows = rows.filter(exercise_id__in=list(exercise_ids))
    return [
        logged_set_from_row(row, trainee.load_unit)
        for row in with_pain(rows).values(*SETLOG_FIELDS)
    ]


def _gate_closure(slug: str, rules: list[progression.GateRule]) -> set[str]:
    """`slug` and every exercise its gate waits on, directly or through a chain of gates:
    all that deciding its gate reads."""
    needed, todo = {slug}, [slug]
    while todo:
        current = todo.pop()
        for rule in rules:
            if rule.exercise == current and rule.required not in needed:
                needed.add(rule.required)
                todo.append(rule.required)
    return needed


@dataclass
class TraineeState:
    """Everything the engine decided for one trainee on one day."""

    trainee: object
    today: date
    exercises: dict[str, Exercise]
    rules: list[progression.GateRule]
    # The sets the load and target rules read (`progression.sets_to_keep`), up to `today`.
    history: list[progression.LoggedSet]
    # Each exercise's qualifying sessions with the least they held: what gates count.
    qualified: dict[str, list[progression.QualifiedSession]]
    gate_decisions: dict[str, progression.GateDecision] = field(default_factory=dict)
    # The one exercise the state was decided for (`trainee_state(only=...)`); None: all.
    only: str | None = None
    # The latest (day, session id) with a set behind `history`, today's or later.
    newest: tuple[date, int] | None = None
    overrides: list[progression.Override] = field(default_factory=list)
    _decisions: dict[str, progression.ExerciseDecision] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _by_exercise: dict[str, list[progression.LoggedSet]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def is_latest(self, session_id: int, day: date) -> bool:
        """Whether a session on `day` comes after every other session the state was read
        from: then leaving it out (`without_session`) leaves all the log its plan needs."""
        return (
            self.newest is None or self.newest[1] == session_id or self.newest < (day, session_id)
        )

    def without_session(self, session_id: int) -> "TraineeState":
        """This state as it was before the session: its sets and its qualifying sessions
        left out (only where `is_latest`, or from `history_state`, is that the whole log
        before it). Its gate decisions stay those of the whole state."""
        return dataclasses.replace(
            self,
            history=[h for h in self.history if h.session_id != session_id],
            qualified={
                slug: [q for q in qualified if q.session_id != session_id]
                for slug, qualified in self.qualified.items()
            },
        )

    def adjustments(self, enrolment_ids: Iterable[int]) -> list[PrescriptionAdjustment]:
        """The coach's adjustments of these enrolments (one query)."""
        return list(PrescriptionAdjustment.objects.filter(enrolment_id__in=set(enrolment_ids)))

    def history_of(self, exercise: Exercise | str) -> list[progression.LoggedSet]:
        """The sets of one exercise in the history: all that the load, target and next-set
        rules read of it."""
        slug = exercise if isinstance(exercise, str) else exercise.slug
        if self._by_exercise is None:
            self._by_exercise = defaultdict(list)
            for logged in self.history:
                self._by_exercise[logged.exercise].append(logged)
        return self._by_exercise.get(slug, [])

    def gates_of(self, wanted: Iterable[str]) -> dict[str, progression.GateDecision]:
        """The gates of `wanted` decided from this state's qualifying sessions (which
        `without_session` may have changed), with no override."""
        return progression.gates_from_qualified(
            wanted,
            rules=self.rules,
            qualified=self.qualified,
            today=self.today,
            overrides=[],
            exercises={slug: self.info(slug) for slug in self.exercises},
        )

    def decision(self, exercise: Exercise | str) -> progression.ExerciseDecision:
        """What `progression.decide` says about the exercise."""
        slug = exercise if isinstance(exercise, str) else exercise.slug
        if slug not in self._decisions:
            info = self.info(slug)
            self._decisions[slug] = progression.ExerciseDecision(
                exercise=slug,
                gate=self.gate_decisions[slug],
                load=progression.session_start_load(
                    info, history=self.history_of(slug), today=self.today, planned_load=None
                ),
                targets=progression.session_targets(
                    info, history=self.history_of(slug), today=self.today
                ),
            )
        return self._decisions[slug]

    def gate(self, exercise: Exercise | str) -> progression.GateDecision:
        slug = exercise if isinstance(exercise, str) else exercise.slug
        return self.gate_decisions[slug]

    def is_unlocked(self, exercise: Exercise | str) -> bool:
        return self.gate(exercise).unlocked

    def info(self, exercise: Exercise | str) -> progression.ExerciseInfo:
        slug = exercise if isinstance(exercise, str) else exercise.slug
        return exercise_info(self.exercises[slug], self.trainee.load_unit)

    def prerequisites_of(self, exercise: Exercise | str) -> list[Exercise]:
        """The exercises a gated one waits for: the work to do instead while it is locked."""
        slug = exercise if isinstance(exercise, str) else exercise.slug
        return [self.exercises[rule.required] for rule in self.rules if rule.exercise == slug]

    def gates(self) -> list[progression.GateDecision]:
        """Gate decisions for every gated exercise, in catalog order."""
        gated = {rule.exercise for rule in self.rules}
        return [self.gate_decisions[slug] for slug in self.exercises if slug in gated]


def read_overrides(trainee) -> list[progression.Override]:
    """The trainee's live gate overrides (`overrides_by_trainee`; one query)."""
    return overrides_by_trainee({trainee.pk: trainee.time_zone})[trainee.pk]


def overrides_by_trainee(time_zones: dict[int, str]) -> dict[int, list[progression.Override]]:
    """The live gate overrides of these trainees (by id, with each one's time zone), each
    dated by that trainee's own calendar and naming the coach as they are called now. One
    query for any number of trainees."""
    found: dict[int, list[progression.Override]] = {pk: [] for pk in time_zones}
    for override in GateOverride.objects.filter(
        trainee_id__in=time_zones, revoked_at__isnull=True
    ).select_related("exercise", "granted_by"):
        found[override.trainee_id].append(
            progression.Override(
                exercise=override.exercise.slug,
                reason=override.reason,
                granted_by=str(override.granted_by or "a former coach"),
                on=local_date(override.created_at, time_zones[override.trainee_id]),
            )
        )
    return found


def trainee_state(
    trainee,
    today: date | None = None,
    *,
    only: Exercise | None = None,
    known: TraineeState | None = None,
) -> TraineeState:
    """The engine's decisions for every exercise, for `trainee` on `today` (their local
    date by default), from their stored progress: four queries, whatever the length of the
    log.

    With `only`, the state is for that one exercise: it reads the progress of that exercise
    and of those its gate waits on, and decides only its gate. Its gate, loads and targets
    are the same as in the whole state; logging a set needs no more.

    `known`, a state read earlier in the same request, lends its catalog and overrides (a
    set written since changes neither): then only the progress is read again."""
    today = today or trainee.local_today()
    if known is not None:
        exercises, rules = known.exercises, known.rules
    else:
        exercises, rules = read_catalog()
    wanted = [only.slug] if only is not None else list(exercises)
    needed = _gate_closure(only.slug, rules) if only is not None else set(exercises)
    rows = ExerciseProgress.objects.filter(trainee=trainee)
    if only is not None:
        rows = rows.filter(exercise__slug__in=needed)
    unit = trainee.load_unit
    kept: list[progression.LoggedSet] = []
    qualified: dict[str, list[progression.QualifiedSession]] = {}
    by_id = {ex.pk: slug for slug, ex in exercises.items()}
    for row in rows:
        kept.extend(row.logged_sets(unit))
        qualified[by_id[row.exercise_id]] = row.qualified_sessions()
    history = [s for s in kept if in_history_window(s.day, today)]
    newest = max(((s.day, s.session_id) for s in kept), default=None)
    overrides = known.overrides if known is not None else read_overrides(trainee)
    return _state(
        trainee, today, exercises, rules, history, qualified, wanted, only, newest, overrides
    )


def history_state(trainee, today: date, *, only: Exercise | None = None) -> TraineeState:
    """`trainee_state` decided from the log itself rather than stored progress: for a day
    before the trainee's latest session (a past session looked at or filled in later), whose
    plan needs more of the log than is kept. Four queries, the log read only for the
    engine's window up to `today`."""
    exercises, rules = read_catalog()
    if only is None:
        wanted, ids = list(exercises), None
    else:
        needed = _gate_closure(only.slug, rules)
        wanted, ids = [only.slug], [ex.pk for slug, ex in exercises.items() if slug in needed]
    history = load_history(trainee, today, exercise_ids=ids)
    qualified = {
        slug: progression.qualified_sessions(history, slug)
        for slug in {logged.exercise for logged in history}
    }
    newest = max(((s.day, s.session_id) for s in history), default=None)
    overrides = read_overrides(trainee)
    return _state(
        trainee, today, exercises, rules, history, qualified, wanted, only, newest, overrides
    )


def _state(trainee, today, exercises, rules, history, qualified, wanted, only, newest, overrides):
    unit = trainee.load_unit
    gates = progression.gates_from_qualified(
        wanted,
        rules=rules,
        qualified=qualified,
        today=today,
        overrides=overrides,
        exercises={slug: exercise_info(ex, unit) for slug, ex in exercises.items()},
    )
    return TraineeState(
        trainee,
        today,
        exercises,
        rules,
        history,
        qualified,
        gates,
        only.slug if only is not None else None,
        newest,
        overrides,
    )


@dataclass(frozen=True)
class PlannedItem:
    """One prescription as this trainee should do it: the program's numbers with the coach's
    adjustment applied, the load the engine prescribes, and whether the gate lets them."""

    prescription: Prescription
    exercise: Exercise
    sets: int
    reps_min: int | None
    reps_max: int | None
    hold_s: int | None
    tempo: str
    rest_s: int
    notes: str
    load: Decimal | None
    unit: str
    locked: bool
    reason: str
    change: str
    substitutes: list[Exercise]
    reps_goal: int | None = None
    adjusted: bool = False
    # Where today's hold or load departs from what the program or the coach wrote, both
    # numbers ("Coach: 10 s. Today: 8 s"); `reason` says why. Empty when they agree.
    departure: str = ""
    # Rebuilt from the sets already logged (`programs.as_logged`): what was prescribed when
    # they were logged, not what the engine would ask for today.
    as_logged: bool = False
    # Open only because a coach overrode its gate: who, when and their written reason, for
    # wherever the trainee trains it. Empty when the gate opened (or was never) on its own.
    override_reason: str = ""

    @property
    def eccentric_s(self) -> int:
        return tempo_eccentric_seconds(self.tempo)


def planned_load(
    prescription: Prescription, adjustment: PrescriptionAdjustment | None, unit: str
) -> Decimal | None:
    """The program's (or coach's) starting load in the trainee's unit, on their plate step."""
    load_kg = prescription.start_load_kg
    if adjustment is not None and adjustment.start_load_kg is not None:
        load_kg = adjustment.start_load_kg
    if load_kg is None:
        return None
    load = convert_load(load_kg, "kg", unit)
    return progression.round_down_to_step(load, prescription.exercise.load_increment(unit))


def plan_item(
    prescription: Prescription,
    state: TraineeState,
    adjustment: PrescriptionAdjustment | None = None,
) -> PlannedItem:
    """The prescription as the state's trainee should do it: the program's numbers with the
    coach's adjustment, and the engine's load, targets and gate."""
    exercise = prescription.exercise
    unit = state.trainee.load_unit

    def pick(name: str):
        value = getattr(adjustment, name, None) if adjustment is not None else None
        return value if value not in (None, "") else getattr(prescription, name)

    reps_min, reps_max, hold_s = pick("reps_min"), pick("reps_max"), pick("hold_s")
    gate = state.gate(exercise)
    info = state.info(exercise)
    start = planned_load(prescription, adjustment, unit)
    if exercise.kind == Kind.RESISTANCE:
        load_decision = progression.session_start_load(
            info, history=state.history_of(exercise), today=state.today, planned_load=start
        )
    else:
        load_decision = progression.LoadDecision(start, "start", "")
    targets = progression.session_targets(
        info,
        history=state.history_of(exercise),
        today=state.today,
        reps_range=(reps_min, reps_max) if reps_min and reps_max else None,
        hold_s=hold_s,
    )
    locked = not gate.unlocked
    departure = ""
    if not locked:
        departure = _departure(
            info,
            adjustment,
            written_hold_s=hold_s,
            targets=targets,
            written_load=start,
            load=load_decision,
        )
    if locked:
        reason = gate.reason
    elif exercise.kind == Kind.RESISTANCE:
        reason = load_decision.reason
    else:
        reason = targets.reason
    return PlannedItem(
        prescription=prescription,
        exercise=exercise,
        sets=pick("sets"),
        reps_min=reps_min,
        reps_max=reps_max,
        hold_s=targets.hold_s if exercise.is_hold and targets.hold_s else hold_s,
        tempo=pick("tempo"),
        rest_s=prescription.rest_s,
        notes=(adjustment.note if adjustment and adjustment.note else prescription.notes),
        load=load_decision.load,
        unit=unit,
        locked=locked,
        reason=reason,
        change=load_decision.change if exercise.kind == Kind.RESISTANCE else targets.change,
        substitutes=state.prerequisites_of(exercise) if locked else [],
        reps_goal=targets.reps_goal,
        adjusted=adjustment is not None,
        departure=departure,
        override_reason=gate.reason if gate.overridden and not locked else "",
    )


def _departure(
    info: progression.ExerciseInfo,
    adjustment: PrescriptionAdjustment | None,
    *,
    written_hold_s: int | None,
    targets: progression.Targets,
    written_load: Decimal | None,
    load: progression.LoadDecision,
) -> str:
    """ "Coach: 10 s. Today: 8 s": the hold or load written for this trainee (by the coach
    when their adjustment set it, else by the program) beside the engine's for today, when
    the two differ; empty when they agree or nothing was written."""

    def by(name: str) -> str:
        written = getattr(adjustment, name, None) if adjustment is not None else None
        return "Coach" if written not in (None, "") else "Program"

    if info.measure == progression.HOLD:
        if written_hold_s and targets.hold_s and targets.hold_s != written_hold_s:
            return f"{by('hold_s')}: {written_hold_s} s. Today: {targets.hold_s} s"
        return ""
    moved = None not in (written_load, load.load) and load.load != written_load
    if info.kind == Kind.RESISTANCE and moved:
        written, today = (load_text(x, info.unit) for x in (written_load, load.load))
        return f"{by('start_load_kg')}: {written}. Today: {today}"
    return ""


def read_prescriptions(
    day_ids: Iterable[int], exercises: Iterable[Exercise], *, pk: int | None = None
) -> list[Prescription]:
    """The prescriptions of these program days in program order (only the one with `pk`,
    when given), with their exercises from `exercises` (the catalog already read) instead
    of a join. One query."""
    prescriptions = Prescription.objects.filter(day_id__in=set(day_ids)).order_by(
        "day_id", "position", "id"
    )
    if pk is not None:
        prescriptions = prescriptions.filter(pk=pk)
    by_id = {exercise.pk: exercise for exercise in exercises}
    found = list(prescriptions)
    for prescription in found:
        if (exercise := by_id.get(prescription.exercise_id)) is not None:
            prescription.exercise = exercise
    return found


def planned_items(
    *,
    trainee,
    sessions: Iterable[TrainingSession],
    state: TraineeState,
    prescription: Prescription | None = None,
    adjustments: Iterable[PrescriptionAdjustment] | None = None,
) -> dict[int, list[PlannedItem]]:
    """Each session's prescriptions as this trainee should do them, keyed by session id;
    only `prescription` (already loaded, with its exercise) when given. Two queries for any
    number of sessions, one with `prescription`, one fewer with `adjustments` (every
    adjustment of the sessions' enrolments, already loaded)."""
    sessions = list(sessions)
    day_ids = {session.program_day_id for session in sessions}
    if prescription is not None:
        prescriptions = [prescription] if prescription.day_id in day_ids else []
    else:
        prescriptions = read_prescriptions(day_ids, state.exercises.values())
    by_day: dict[int, list[Prescription]] = defaultdict(list)
    for prescription in prescriptions:
        by_day[prescription.day_id].append(prescription)
    if adjustments is None:
        adjustments = state.adjustments(session.enrolment_id for session in sessions)
    adjusted = {
        (adjustment.enrolment_id, adjustment.prescription_id): adjustment
        for adjustment in adjustments
    }
    return {
        session.pk: [
            plan_item(p, state, adjusted.get((session.enrolment_id, p.pk)))
            for p in by_day[session.program_day_id]
        ]
        for session in sessions
    }


def next_set_load(
    *, trainee, session: TrainingSession, exercise: Exercise, planned_load: Decimal | None
) -> progression.LoadDecision:
    """The load for the next set of `exercise` in `session`, decided from the sets already
    logged there (whenever that was) and the trainee's history of the exercise up to the
    later of the session's day and today. Three queries."""
    today = max(session.scheduled_on, trainee.local_today())
    unit = trainee.load_unit
    session_sets = [
        logged_set_from_row(row, unit)
        for row in with_pain(
            SetLog.objects.live().filter(session=session, exercise=exercise)
        ).values(*SETLOG_FIELDS)
    ]
    history = load_history(trainee, today, exercise_ids=[exercise.pk])
    return progression.next_set_load(
        exercise_info(exercise, unit),
        session_sets=session_sets,
        history=[s for s in history if s.session_id != session.pk],
        planned_load=planned_load,
    )
