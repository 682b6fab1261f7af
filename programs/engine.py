"""The bridge from the database to the progression engine.

Everything here loads rows in a fixed number of queries and hands plain values to
`programs.progression`, which decides. Pages ask this module "what is this trainee allowed
and prescribed today, and why".
"""

import dataclasses
import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.db import connection
from django.utils import timezone

from exercises import snapshot
from exercises.models import Exercise, Kind, Prerequisite, tempo_eccentric_seconds
from programs import progression
from programs.models import (
    GateOverride,
    Prescription,
    PrescriptionAdjustment,
    SetLog,
    TrainingSession,
    convert_load,
)

# The engine reads the last MIN_HISTORY_DAYS of a trainee's sets, or more when a gate looks
# back further (`history_days`). Gates read only their windows; loads and targets read the
# latest sessions of an exercise, and "back to the last load where form held" the clean sets
# before a failed one. After a break longer than that, the exercise has no history here and
# the program's planned load applies again: the safe choice after months of detraining, and
# it keeps every page's work bounded however long someone trains.
MIN_HISTORY_DAYS = 120

# How many trainee states each process keeps (`trainee_state`): the people active lately.
# A full state holds up to MIN_HISTORY_DAYS of one person's sets, a few hundred KB.
STATE_MEMO_SIZE = 256


def history_days(rules: Iterable[progression.GateRule]) -> int:
    """How many days of history the engine reads: MIN_HISTORY_DAYS, or the longest gate
    window when one is longer."""
    return max([MIN_HISTORY_DAYS, *(rule.window_days for rule in rules)])


SETLOG_FIELDS = (
    "session_id",
    "performed_on",
    "exercise__slug",
    "set_number",
    "target_sets",
    "reps",
    "hold_s",
    "load",
    "unit",
    "eccentric_s",
    "failed_checks",
    "target_reps_min",
    "target_reps_max",
    "target_hold_s",
    "target_tempo",
    "target_load",
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


def logged_set_from_row(row: dict, unit: str) -> progression.LoggedSet:
    """One `SETLOG_FIELDS` row as the engine's LoggedSet, its loads in `unit`."""
    return progression.LoggedSet(
        session_id=row["session_id"],
        day=row["performed_on"],
        exercise=row["exercise__slug"],
        set_number=row["set_number"],
        prescribed_sets=row["target_sets"],
        reps=row["reps"],
        hold_s=row["hold_s"],
        load=convert_load(row["load"], row["unit"], unit),
        eccentric_s=row["eccentric_s"],
        checks_failed=len(row["failed_checks"] or ()),
        target_reps_min=row["target_reps_min"],
        target_reps_max=row["target_reps_max"],
        target_hold_s=row["target_hold_s"],
        target_eccentric_s=tempo_eccentric_seconds(row["target_tempo"]) or None,
        target_load=convert_load(row["target_load"], row["unit"], unit),
    )


def logged_set(set_log: SetLog, exercise_slug: str, unit: str) -> progression.LoggedSet:
    """The engine's view of one SetLog already in memory, as `load_history` would read it."""
    row = {name: getattr(set_log, name) for name in SETLOG_FIELDS if name != "exercise__slug"}
    return logged_set_from_row({**row, "exercise__slug": exercise_slug}, unit)


def in_history_window(day: date, today: date, days: int) -> bool:
    """Whether a set done on `day` is part of the history `load_history(trainee, today,
    days=days)` reads."""
    return today - timedelta(days=days) < day <= today


def read_gate_rules() -> list[progression.GateRule]:
    """Every gate rule of the catalog, from the database (one query)."""
    return [
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


class _Catalog:
    """What the engine reads of the catalog, memoised per process (`exercises.snapshot`),
    and the trainee states decided against it: a catalog edit starts them afresh."""

    def __init__(self) -> None:
        self.exercises = {ex.slug: ex for ex in Exercise.objects.order_by("kind", "name")}
        self.by_id = {ex.pk: ex for ex in self.exercises.values()}
        self.rules = read_gate_rules()
        # Every stored value of every exercise, and the rules: equal means the same catalog.
        self.fingerprint = (
            [
                tuple(getattr(ex, f.attname) for f in ex._meta.concrete_fields)
                for ex in self.exercises.values()
            ],
            self.rules,
        )
        self.version = hashlib.sha256(repr(self.fingerprint).encode()).hexdigest()
        self.states: OrderedDict[tuple, TraineeState] = OrderedDict()
        self.lock = threading.Lock()

    def remembered(self, key: tuple) -> "TraineeState | None":
        with self.lock:
            state = self.states.get(key)
            if state is not None:
                self.states.move_to_end(key)
            return state

    def remember(self, key: tuple, state: "TraineeState") -> None:
        with self.lock:
            self.states[key] = state
            while len(self.states) > STATE_MEMO_SIZE:
                self.states.popitem(last=False)


def _catalog() -> _Catalog:
    return snapshot.memo("engine-catalog", _read_catalog)


def _read_catalog() -> _Catalog:
    """The catalog read afresh; when the memo only ran out of time and nothing changed, the
    one it held, with the trainee states decided against it (else they would all be decided
    again every `CATALOG_TTL_SECONDS`)."""
    fresh = _Catalog()
    previous = snapshot.expired("engine-catalog")
    if isinstance(previous, _Catalog) and previous.fingerprint == fresh.fingerprint:
        return previous
    return fresh


def catalog_version() -> str:
    """Changes with every stored value of the catalog (as this process holds it, up to
    `snapshot.CATALOG_TTL_SECONDS` behind another process's edit): for keys of what shows
    exercises' names."""
    return _catalog().version


def _gate_rules() -> list[progression.GateRule]:
    return _catalog().rules


def load_history(
    trainee,
    today: date,
    exercise_ids: Iterable[int] | None = None,
    *,
    days: int | None = None,
) -> list[progression.LoggedSet]:
    """The trainee's live sets from the last `days` (by default `history_days`, one query
    more) up to `today`, in one query; only those of `exercise_ids` when given."""
    if days is None:
        days = history_days(_gate_rules())
    rows = SetLog.objects.live().filter(
        trainee=trainee,
        performed_on__gt=today - timedelta(days=days),
        performed_on__lte=today,
    )
    if exercise_ids is not None:
        rows = rows.filter(exercise_id__in=list(exercise_ids))
    return [logged_set_from_row(row, trainee.load_unit) for row in rows.values(*SETLOG_FIELDS)]


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
    history: list[progression.LoggedSet]
    gate_decisions: dict[str, progression.GateDecision] = field(default_factory=dict)
    # How many days back `history` reaches (`history_days`).
    history_days: int = MIN_HISTORY_DAYS
    # The one exercise the state was decided for (`trainee_state(only=...)`); None: all.
    only: str | None = None
    # Full decisions (gate, start load, targets) are worked out on first use: pages read
    # only the gates from here, and each load or target is a pass over the history.
    _decisions: dict[str, progression.ExerciseDecision] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # The history split by exercise, and the list it was split from (replacing `history`
    # makes it split again).
    _split: tuple[list, dict[str, list[progression.LoggedSet]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # States are shared between requests (`trainee_state`), so what is derived from one is
    # kept with it: the state without one session's sets, and planned items.
    _without: dict[int, "TraineeState"] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _planned: dict[tuple, "PlannedItem"] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # "Last time" for a session's exercises (`logging.last_sessions`), by session.
    _last_time: dict[tuple, dict] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # Pages' own reads that the state's stamp follows, by the key each gives (`kept`).
    _kept: dict[tuple, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def kept(self, key: tuple, read):
        """What `read()` gives, read once per state: for a page's read that depends on
        nothing but what moves the trainee's stamp (their sets, sessions and unlocks) and
        the catalog (an edit starts every state afresh)."""
        if key not in self._kept:
            self._kept[key] = read()
        return self._kept[key]

    def adjustments(self, enrolment_ids: Iterable[int]) -> list[PrescriptionAdjustment]:
        """The coach's adjustments of these enrolments (every save or delete of one moves the
        trainee's stamp), read once per state."""
        ids = frozenset(enrolment_ids)
        return self.kept(
            ("adjustments", ids),
            lambda: list(PrescriptionAdjustment.objects.filter(enrolment_id__in=ids)),
        )

    def last_time(self, session_id: int, day: date, exercise_ids: frozenset, read) -> dict:
        """What `read()` gives for the latest other sessions of `exercise_ids` up to `day`:
        read once per state, since it depends on nothing but the trainee's sets."""
        key = (session_id, day, exercise_ids)
        if key not in self._last_time:
            self._last_time[key] = read()
        return self._last_time[key]

    def without_session(self, session_id: int) -> "TraineeState":
        """This state as it was before the session: its sets left out of the history."""
        if session_id not in self._without:
            without = dataclasses.replace(
                self, history=[h for h in self.history if h.session_id != session_id]
            )
            # What is kept with a state depends on its stamp, not on its history.
            without._kept = self._kept
            self._without[session_id] = without
        return self._without[session_id]

    def with_session_sets(
        self, session_id: int, sets: list[progression.LoggedSet], exercise: str | None = None
    ) -> "TraineeState":
        """A new state with `sets` in place of the session's sets in the history (of
        `exercise` only, when given); this one is shared and stays as it was."""
        kept = [
            h
            for h in self.history
            if h.session_id != session_id or (exercise is not None and h.exercise != exercise)
        ]
        state = dataclasses.replace(self, history=[*kept, *sets])
        # Last time leaves this session out, so a write to it does not change it, and a set
        # changes no adjustment and no prescription.
        state._last_time = {k: v for k, v in self._last_time.items() if k[0] == session_id}
        state._kept = {
            k: v for k, v in self._kept.items() if k[0] in ("adjustments", "prescriptions")
        }
        return state

    def history_of(self, exercise: Exercise | str) -> list[progression.LoggedSet]:
        """The sets of one exercise in the history: all that the load, target and next-set
        rules read of it, so handing them only these gives the same answer for less work."""
        slug = exercise if isinstance(exercise, str) else exercise.slug
        if self._split is None or self._split[0] is not self.history:
            by_exercise: dict[str, list[progression.LoggedSet]] = defaultdict(list)
            for logged in self.history:
                by_exercise[logged.exercise].append(logged)
            self._split = (self.history, by_exercise)
        return self._split[1].get(slug, [])

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


def trainee_state(
    trainee, today: date | None = None, *, only: Exercise | None = None
) -> TraineeState:
    """The engine's decisions for every exercise, for `trainee` on `today` (their local
    date by default). Two queries, whatever the length of the history, and none when this
    process decided the same thing before: states are kept by the trainee's
    `training_stamp`, which every new set or override moves on.

    With `only`, the state is for that one exercise: the history holds its sets and those
    of the exercises its gate waits on, and only its gate is decided. Its gate, loads and
    targets are the same as in the whole state (each reads only those sets); logging a set
    needs no more, and skips the rest of the history and every other gate. A whole state
    kept from before serves as well."""
    today = today or trainee.local_today()
    catalog = _catalog()
    key = None
    if trainee.training_stamp is not None:
        key = _state_key(trainee, today)
        state = catalog.remembered((*key, None))
        if state is None and only is not None:
            state = catalog.remembered((*key, only.slug))
        if state is not None:
            return state
    state = _decide(trainee, today, catalog, only)
    if key is not None:
        catalog.remember((*key, None if only is None else only.slug), state)
    return state


def remembered_state(trainee, today: date) -> TraineeState | None:
    """The whole state `trainee_state` would give for `trainee` on `today`, if this process
    holds it already; None rather than deciding it."""
    return _held_state(trainee, today, None)


def _held_state(trainee, today: date, kind) -> TraineeState | None:
    """The state this process remembers for the trainee's stamp on `today` under `kind`
    (None: the whole state), never deciding one nor building the catalog."""
    catalog = snapshot.held("engine-catalog")
    if trainee.training_stamp is None or catalog is None:
        return None
    return catalog.remembered((*_state_key(trainee, today), kind))


def kept(trainee, today: date, key: tuple, read):
    """What `read()` gives, kept with the trainee's whole state for `today` when this process
    holds that state (`TraineeState.kept`: for reads that change only with the trainee's
    stamp), else read afresh: a page that needs no decision never pays for one."""
    state = remembered_state(trainee, today)
    return read() if state is None else state.kept(key, read)


# The key, in a state's `kept` and beside the states, of what a write request carried over.
CARRIED = ("carried over",)


def _state_key(trainee, today: date) -> tuple:
    """Everything a trainee state is decided from, besides the catalog and `only`."""
    return (trainee.pk, trainee.training_stamp, trainee.load_unit, trainee.time_zone, today)


def remember_after_write(
    trainee, state: TraineeState, *, read_at: int | None, carried: object = None
) -> None:
    """Keep a one-exercise state that a request brought up to date after writing that
    exercise's sets (`TraineeState.with_session_sets`), under the trainee's stamp now, so
    the next set logged starts from it. Only when the state stands for that stamp: read at
    it (the request wrote first, then read), or read at the one before when exactly that
    one write happened since (`read_at`, the stamp it was read at); and only a one-exercise
    state: the write cannot change its gate (a gate waits on other exercises), whereas a
    whole state's other gates may have moved. `carried` is what else the request knew after
    its write, for the next write request (`carried_over`)."""
    if state.only is None or read_at is None:
        return
    key = _state_key(trainee, state.today)
    catalog = _catalog()
    if trainee.training_stamp == read_at + 1:
        catalog.remember((*key, state.only), state)
    elif trainee.training_stamp != read_at:
        return
    # (Read at the stamp it is for: the one `trainee_state` remembered serves as well.)
    if carried is not None:
        state.kept(CARRIED, lambda: carried)
        catalog.remember((*key, CARRIED), state)


def carried_over(trainee, today: date) -> object | None:
    """What the request that made the trainee's latest write (on `today`) carried over
    (`remember_after_write`), if that request ran in this process; None if anything was
    written since, or the catalog changed."""
    state = _held_state(trainee, today, CARRIED)
    return None if state is None else state.kept(CARRIED, lambda: None)


def _decide(trainee, today: date, catalog: _Catalog, only: Exercise | None) -> TraineeState:
    exercises, rules = catalog.exercises, catalog.rules
    days = history_days(rules)
    overrides = [
        progression.Override(
            exercise=override.exercise.slug,
            reason=override.reason,
            granted_by=str(override.granted_by or "a former coach"),
            on=timezone.localtime(override.created_at, trainee.zone).date(),
        )
        for override in GateOverride.objects.filter(
            trainee=trainee, revoked_at__isnull=True
        ).select_related("exercise", "granted_by")
    ]
    unit = trainee.load_unit
    infos = {slug: exercise_info(ex, unit) for slug, ex in exercises.items()}
    if only is None:
        history = load_history(trainee, today, days=days)
        wanted: Iterable[str] = infos
    else:
        needed = _gate_closure(only.slug, rules)
        history = load_history(
            trainee,
            today,
            exercise_ids=[ex.pk for slug, ex in exercises.items() if slug in needed],
            days=days,
        )
        wanted = [only.slug]
    gates = progression.gate_statuses(
        wanted, rules=rules, history=history, today=today, overrides=overrides, exercises=infos
    )
    return TraineeState(
        trainee, today, exercises, rules, history, gates, days, only.slug if only else None
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

    @property
    def eccentric_s(self) -> int:
        return tempo_eccentric_seconds(self.tempo)


def _round_to_step(load: Decimal, step: Decimal) -> Decimal:
    if step <= 0:
        return load
    return (load / step).to_integral_value(rounding=ROUND_FLOOR) * step


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
    return _round_to_step(load, prescription.exercise.load_increment(unit))


PRESCRIPTION_FIELDS = (
    "pk",
    "exercise_id",
    "sets",
    "reps_min",
    "reps_max",
    "hold_s",
    "tempo",
    "rest_s",
    "notes",
    "start_load_kg",
)
ADJUSTMENT_FIELDS = ("sets", "reps_min", "reps_max", "hold_s", "tempo", "start_load_kg", "note")


def plan_item(
    prescription: Prescription,
    state: TraineeState,
    adjustment: PrescriptionAdjustment | None = None,
) -> PlannedItem:
    """The prescription as the state's trainee should do it; worked out once per state for
    the same prescription and adjustment (everything it reads of them is in the key)."""
    key = (
        *(getattr(prescription, name) for name in PRESCRIPTION_FIELDS),
        *(getattr(adjustment, name, None) for name in ADJUSTMENT_FIELDS),
        adjustment is not None,
    )
    item = state._planned.get(key)
    if item is None:
        item = state._planned[key] = _plan_item(prescription, state, adjustment)
    # The kept item may hold an earlier request's copy of the same prescription.
    return dataclasses.replace(item, prescription=prescription)


def _plan_item(
    prescription: Prescription,
    state: TraineeState,
    adjustment: PrescriptionAdjustment | None,
) -> PlannedItem:
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
    )


def read_prescriptions(day_ids: Iterable[int], *, pk: int | None = None) -> list[Prescription]:
    """The prescriptions of these program days in program order (only the one with `pk`,
    when given), with their exercises from the memoised catalog. In SQL: building the query
    took the ORM twice as long as the database took to run it, on every page that plans."""
    day_ids = sorted(set(day_ids))
    if not day_ids:
        return []
    table = connection.ops.quote_name(Prescription._meta.db_table)
    where = f"day_id IN ({', '.join(['%s'] * len(day_ids))})"
    params: list[int] = list(day_ids)
    if pk is not None:
        where += " AND id = %s"
        params.append(pk)
    sql = f"SELECT * FROM {table} WHERE {where} ORDER BY day_id, position, id"
    return with_catalog_exercises(Prescription.objects.raw(sql, params))


def with_catalog_exercises(prescriptions: Iterable[Prescription]) -> list[Prescription]:
    """The prescriptions with their exercises from the memoised catalog instead of a join
    (one a moment old, not in it yet, is read as usual when used)."""
    by_id = _catalog().by_id
    prescriptions = list(prescriptions)
    for prescription in prescriptions:
        if (exercise := by_id.get(prescription.exercise_id)) is not None:
            prescription.exercise = exercise
    return prescriptions


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
        # A change to a program moves its followers' stamps (`programs.stamps`).
        prescriptions = state.kept(
            ("prescriptions", frozenset(day_ids)), lambda: read_prescriptions(day_ids)
        )
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
        for row in SetLog.objects.live()
        .filter(session=session, exercise=exercise)
        .values(*SETLOG_FIELDS)
    ]
    history = load_history(trainee, today, exercise_ids=[exercise.pk])
    return progression.next_set_load(
        exercise_info(exercise, unit),
        session_sets=session_sets,
        history=[s for s in history if s.session_id != session.pk],
        planned_load=planned_load,
    )
