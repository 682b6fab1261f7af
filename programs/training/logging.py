"""Logging sets: from what the trainee typed and what was prescribed to a SetLog, and back to
what a session page shows — the next set's load, last time's numbers, the summary.

No HTTP here. Everything a session page needs is loaded in a fixed number of queries
(`SessionLog`), whatever the length of the trainee's history, and the engine
(`programs.engine`, `programs.progression`) makes every training decision.

Rules this module owns:

* **Which date a set is logged on** (`performed_on_for`).
* **One set per tap**: a form carries a `client_token`; the same token twice logs one set
  (`log_set`).
* **One live set per number**: a set number already logged (from another tab, say) is
  refused and nothing is saved (`SetNumberTaken`).
* **Time under tension** and the **form pass rate** of a session (`SessionSummary`).
"""

import dataclasses
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Subquery
from django.utils import timezone

from exercises.amounts import load_text
from exercises.models import Exercise, Kind, parse_tempo
from programs import as_logged, engine, progression
from programs.models import Prescription, SetEdit, SetLog, TrainingSession, convert_load
from programs.progress.figures import percent
from programs.signals import tell_trainee_changed
from programs.training import pain

# How many sets ahead a page knows the engine's next load without the server: each set
# doubles the decisions sent with the form (form held or broke), so a long prescription
# offline keeps the last load it was given beyond this, until its sets sync.
OFFLINE_SETS_AHEAD = 4

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


class SetNumberTaken(Exception):
    """The set number is already logged in this session: nothing was saved."""


class CannotRestore(Exception):
    """A deleted set cannot come back because its set number has been logged again."""


@dataclass(frozen=True)
class SetValues:
    """What the trainee did in one set, as typed (loads in the unit they are logged in)."""

    reps: int | None
    hold_s: int | None
    load: Decimal | None
    eccentric_s: int | None
    failed_checks: list[str]
    checks_total: int
    effort_rpe: int | None
    note: str


# --- wording ---------------------------------------------------------------------------------


def _count(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _words(count: int) -> str:
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def _in_sentence(name: str) -> str:
    """ "Bird-dog" → "bird-dog" mid-sentence; names that start with an acronym stay."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def describe_set(set_log: SetLog, unit: str) -> str:
    """ "10 reps at 8 kg, form clean" — one logged set in a line, loads in `unit`."""
    done = (
        f"held {set_log.hold_s} s"
        if set_log.hold_s is not None
        else _count(set_log.reps or 0, "rep")
    )
    load = convert_load(set_log.load, set_log.unit, unit)
    if load:
        done += f" at {load_text(load, unit)}"
    failed = len(set_log.failed_checks or ())
    form = "form clean" if not failed else f"{_count(failed, 'form check')} missed"
    return f"{done}, {form}"


def duration_text(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


# --- dates -----------------------------------------------------------------------------------


def performed_on_for(session: TrainingSession, *, today: date, live_sets: list[SetLog]) -> date:
    """The date a new set in `session` is logged on.

    * A session that already has live sets keeps their date, so a session done across
      midnight, or finished the day after it was started, stays one day in the history.
    * Otherwise, today's session — or a later one opened early — is logged on the trainee's
      local today: that is when they are doing it.
    * A past session is being back-filled: its sets go on its scheduled date, the day the
      trainee says they trained, so gates count it on the right day.
    """
    if live_sets:
        return min(s.performed_on for s in live_sets)
    return session.scheduled_on if session.scheduled_on < today else today


# --- time under tension ----------------------------------------------------------------------


def time_under_tension(
    tempo: str, *, reps: int = 0, lowering_s: int | None = None, held_s: int = 0
) -> int:
    """Seconds the muscles worked: every second held, plus reps × one rep's length.

    A rep lasts the lowering seconds the trainee logged (the prescribed lowering when they
    left it empty) plus the bottom pause, lift and top pause of the prescribed `tempo`; reps
    at a tempo that cannot be read count nothing. `reps` are those of sets that were not
    holds (a hold's reps are not timed). One-sided exercises are logged per side, so this is
    per side too.

    The one definition: the session summary adds it up set by set, /progress/ over sets
    grouped by prescribed tempo and logged lowering. Both give the same, since the rule adds
    up linearly in reps and seconds held.
    """
    phases = parse_tempo(tempo)
    if phases is None or not reps:
        return held_s
    lowering = phases[0] if lowering_s is None else lowering_s
    return held_s + reps * (lowering + sum(phases[1:]))


def set_time_under_tension(set_log: SetLog) -> int:
    """`time_under_tension` of one logged set: a hold set counts its seconds held."""
    if set_log.hold_s is not None:
        return time_under_tension(set_log.target_tempo, held_s=set_log.hold_s)
    return time_under_tension(
        set_log.target_tempo, reps=set_log.reps or 0, lowering_s=set_log.eccentric_s
    )


# --- the page --------------------------------------------------------------------------------


@dataclass
class Slot:
    """One prescribed set of an exercise: logged, waiting for undo, next, or still to come."""

    number: int
    logged: SetLog | None = None
    # The latest deleted set with this number, offered for undo while the number is free.
    deleted: SetLog | None = None
    deleted_text: str = ""
    last_time: str = ""
    logged_text: str = ""
    # Forms are attached by the view: the log form on the next set, an edit form on a set
    # being edited.
    form: object = None
    edit_form: object = None


@dataclass
class ExerciseBlock:
    """One planned exercise of a session with its sets, the next set's load and last time."""

    item: engine.PlannedItem
    slots: list[Slot]
    next_number: int | None
    next_load: progression.LoadDecision | None
    # When the latest earlier session of this exercise was; each slot says what was done.
    last_time_on: date | None
    message: str = ""
    just_logged: bool = False
    # A form that came back for a set number with no free slot left (every set logged).
    overflow_form: object = None
    # The exercise's pain rating in this session, and the buttons that give or change it.
    pain: "pain.PainControl | None" = None

    @property
    def key(self) -> int:
        return self.item.prescription.pk

    @property
    def anchor(self) -> str:
        return f"ex-{self.key}"

    @property
    def exercise(self) -> Exercise:
        return self.item.exercise

    @property
    def logged_count(self) -> int:
        return sum(1 for slot in self.slots if slot.logged)

    @property
    def is_done(self) -> bool:
        return self.next_number is None

    @property
    def folds(self) -> bool:
        """Whether the page shows the exercise as one line: every set logged and nothing
        (a message, a form sent back with errors) left to say about it."""
        return self.is_done and not self.message and self.overflow_form is None

    @property
    def has_edit_form(self) -> bool:
        return any(slot.edit_form is not None for slot in self.slots)

    @property
    def next_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.number == self.next_number), None)

    @property
    def shows_load(self) -> bool:
        return self.exercise.kind == Kind.RESISTANCE

    @property
    def latest_logged(self) -> SetLog | None:
        """The set of this exercise logged last in the session, whatever its number."""
        logged = [slot.logged for slot in self.slots if slot.logged is not None]
        return max(logged, key=lambda s: (s.created_at, s.pk), default=None)

    def slot(self, number: int) -> Slot | None:
        return next((s for s in self.slots if s.number == number), None)


@dataclass(frozen=True)
class ExerciseOutcome:
    name: str
    qualifies: bool
    reason: str


@dataclass(frozen=True)
class GateLine:
    """One gate this session worked toward: a headline, and for a gate with several
    prerequisites still open, one line per prerequisite."""

    exercise: Exercise
    unlocked: bool
    just_unlocked: bool
    headline: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionSummary:
    """A finished session in numbers.

    The form pass rate is the share of form self-checks ticked over all logged sets
    (a set with 3 checks counts 3). Time under tension is the sum of `set_time_under_tension`
    over the session's live sets.
    """

    sets_done: int
    sets_prescribed: int
    clean_sets: int
    checks_passed: int
    checks_total: int
    tut_s: int
    outcomes: list[ExerciseOutcome]
    gates: list[GateLine]

    @property
    def pass_rate(self) -> int | None:
        return percent(self.checks_passed, self.checks_total)

    @property
    def tut_text(self) -> str:
        return duration_text(self.tut_s)


def _session_sets(session: TrainingSession) -> list[SetLog]:
    """The session's live sets and, for undo, the latest deleted set of each number that is
    free, in one query. A number has at most one live set, which hides its deleted ones;
    older deleted sets are never shown. (A plain read picked over in Python: a session holds
    a few dozen rows at most, and a window query cost more to build than to run.)"""
    shown: dict[tuple[int, int], SetLog] = {}
    for set_log in SetLog.objects.filter(session=session):
        key = (set_log.exercise_id, set_log.set_number)
        current = shown.get(key)
        if current is None or _shows_before(set_log, current):
            shown[key] = set_log
    return sorted(shown.values(), key=lambda s: (s.exercise_id, s.set_number, s.created_at))


def attach_edit_history(sets: list[SetLog]) -> None:
    """Give each set its edits, oldest first, as `edit_history`: one query, and none when
    no set among them was ever edited."""
    history = SetEdit.objects.by_set(s.pk for s in sets if s.edited_at is not None)
    for set_log in sets:
        set_log.edit_history = history.get(set_log.pk, [])


def _shows_before(set_log: SetLog, other: SetLog) -> bool:
    """A live set before any deleted one; of two deleted ones, the later deleted."""
    if set_log.deleted_at is None or other.deleted_at is None:
        return set_log.deleted_at is None and other.deleted_at is not None
    return set_log.deleted_at > other.deleted_at


def last_sessions(
    *,
    trainee,
    session: TrainingSession,
    exercise_ids: set[int],
    on_or_before: date,
    known_days: dict[int, date] | None = None,
) -> dict[int, dict[int, SetLog]]:
    """For each exercise, the live sets of the latest other session that had it before
    `session`, up to `on_or_before`, keyed by set number. On that day itself only sessions
    before it count (a lower id, as the engine orders them): one opened early and logged
    the same day came after it. One query, whatever the length of the history: the latest
    day comes from `known_days` where it is given, else from a subquery."""
    if not exercise_ids:
        return {}
    known_days = known_days or {}
    earlier = SetLog.objects.live().filter(
        Q(performed_on__lt=on_or_before) | Q(performed_on=on_or_before, session_id__lt=session.pk),
        trainee=trainee,
        exercise_id__in=exercise_ids,
    )
    match = Q()
    for exercise_id in sorted(exercise_ids):
        day = known_days.get(exercise_id)
        if day is None:
            day = Subquery(
                earlier.filter(exercise_id=exercise_id)
                .order_by("-performed_on")
                .values("performed_on")[:1]
            )
        match |= Q(exercise_id=exercise_id, performed_on=day)
    by_session: dict[int, dict[int, list[SetLog]]] = defaultdict(lambda: defaultdict(list))
    for set_log in earlier.filter(match):
        by_session[set_log.exercise_id][set_log.session_id].append(set_log)
    result: dict[int, dict[int, SetLog]] = {}
    for exercise_id, sessions in by_session.items():
        # Two sessions on that day: the later one (higher id) is "last time".
        sets = sessions[max(sessions)]
        result[exercise_id] = {s.set_number: s for s in sets}
    return result


class SessionLog:
    """Everything one session page shows, loaded for one trainee in a fixed number of
    queries: the session's sets (1), the engine's state (4), the plan (2), last time (1).

    The plan — start load, rep goal, hold — is worked out from the history *before* this
    session, so it stays what it was when the session began; the next set's load reads the
    sets logged so far in it, so a failed form check lowers it at once. Gates read all of
    it, so finishing the last qualifying set can unlock an exercise.
    """

    def __init__(
        self,
        *,
        trainee,
        session: TrainingSession,
        prescription_id: int | None = None,
        with_blocks: bool = True,
    ) -> None:
        """With `prescription_id`, only that exercise's block (none when the session has no
        such prescription): what logging a set answers with. Its plan, next load, last time
        and gate are the same as on the whole page, but the engine reads only the progress
        that decides them (`engine.trainee_state(only=...)`) and no other gate is worked
        out — so the summary is not available on such a log. Without `with_blocks`, only the
        plan, the sets and the summary: what the session's status shows (no last time, no
        next loads)."""
        self.trainee = trainee
        self.session = session
        self.today = trainee.local_today()
        self.prescription_id = prescription_id
        self.prescription: Prescription | None = None
        self.with_blocks = with_blocks
        self._read()

    def _read(self, *, known: "engine.TraineeState | None" = None) -> None:
        """Read the session and decide its plan; after a write to it (`known`: the state
        read before), what no set changes — the prescription, the catalog, overrides,
        adjustments and last time — is taken from before."""
        session, trainee = self.session, self.trainee
        self.sets = _session_sets(session)
        attach_edit_history(self.sets)
        live = [s for s in self.sets if s.deleted_at is None]
        self.performed_on = performed_on_for(session, today=self.today, live_sets=live)
        self.day = max([self.performed_on, *(s.performed_on for s in live)])
        if known is None and self.prescription_id is not None:
            self.prescription = (
                Prescription.objects.select_related("exercise")
                .filter(day_id=session.program_day_id, pk=self.prescription_id)
                .first()
            )
            if self.prescription is None:
                self.items, self.blocks = [], []
                return
        only = self.prescription.exercise if self.prescription is not None else None
        self.state = engine.trainee_state(trainee, self.day, only=only, known=known)
        if not self.state.is_latest(session.pk, self.performed_on):
            # A session before the latest one: its plan needs more of the log than is kept.
            self.state = engine.history_state(trainee, self.day, only=only)
        self.planning_state = self.state.without_session(session.pk)
        if known is None:
            self._adjustments = self.state.adjustments([session.enrolment_id])
        self.items = engine.planned_items(
            trainee=trainee,
            sessions=[session],
            state=self.planning_state,
            prescription=self.prescription,
            adjustments=self._adjustments,
        )[session.pk]
        logged = as_logged.of_sets(live)
        self.items = [
            _as_logged(item, logged.get((session.pk, item.exercise.pk)), trainee.load_unit)
            for item in self.items
        ]
        if not self.with_blocks:
            self.last, self.blocks = {}, []
            return
        if known is None:
            # Logging a set changes no pain rating: after one they are taken from before.
            self.pain_ratings = pain.ratings_of(session)
            self.last = last_sessions(
                trainee=trainee,
                session=session,
                exercise_ids={item.exercise.pk for item in self.items},
                on_or_before=self.performed_on,
                known_days=self._last_days(),
            )
        self.blocks = self._blocks()

    def _last_days(self) -> dict[int, date]:
        """The latest day with a set of each exercise in a session before this one (as
        `last_sessions` orders them), where the kept log has one: it holds each exercise's
        latest sessions, so a day found in it is the latest there is; an exercise not found
        there needs the database."""
        days: dict[int, date] = {}
        before = (self.performed_on, self.session.pk)
        for item in self.items:
            found = [
                h.day
                for h in self.planning_state.history_of(item.exercise)
                if (h.day, h.session_id) < before
            ]
            if found:
                days[item.exercise.pk] = max(found)
        return days

    def reload(self) -> None:
        """After a write to this session: read its sets and the trainee's progress again."""
        self._read(known=self.state)

    # -- reading --

    @property
    def live_sets(self) -> list[SetLog]:
        return [s for s in self.sets if s.deleted_at is None]

    def block(self, key: int) -> ExerciseBlock | None:
        return next((b for b in self.blocks if b.key == key), None)

    def block_for_set(self, set_log: SetLog) -> ExerciseBlock | None:
        if set_log.prescription_id is not None and (block := self.block(set_log.prescription_id)):
            return block
        return next((b for b in self.blocks if b.exercise.pk == set_log.exercise_id), None)

    @property
    def sets_prescribed(self) -> int:
        return sum(item.sets for item in self.items if not item.locked)

    @property
    def sets_logged(self) -> int:
        return len(self.live_sets)

    @property
    def is_today(self) -> bool:
        return self.session.scheduled_on == self.today

    @property
    def is_backfill(self) -> bool:
        return self.performed_on < self.today

    def next_load(self, item: engine.PlannedItem) -> progression.LoadDecision:
        """The engine's load for the next set of `item` in this session.

        The same decision as `engine.next_set_load`, taken from the history already loaded
        for the page, so the page needs no query per exercise.
        """
        slug = item.exercise.slug
        return progression.next_set_load(
            self.state.info(item.exercise),
            session_sets=[
                engine.logged_set(s, slug, self.trainee.load_unit)
                for s in self.live_sets
                if s.exercise_id == item.exercise.pk
            ],
            history=self.planning_state.history_of(slug),
            planned_load=item.load,
        )

    def set_outcomes(self, block: ExerciseBlock) -> progression.SetOutcomes | None:
        """The engine's load for the set after the block's next one, if form holds on it and
        if it breaks, for up to `OFFLINE_SETS_AHEAD` of the sets still to log: what a page
        that loses its connection shows next (`progression.next_set_outcomes`). Each set is
        assumed done at the load offered for it. Worked out from what the page has already
        read, so it costs no query."""
        item = block.item
        if block.next_number is None or block.next_load is None:
            return None
        slug = item.exercise.slug
        unit = self.trainee.load_unit
        free_after = [
            slot.number
            for slot in block.slots
            if slot.number > block.next_number and slot.number <= item.sets and not slot.logged
        ]
        upcoming = progression.LoggedSet(
            session_id=self.session.pk,
            day=self.performed_on,
            exercise=slug,
            set_number=block.next_number,
            prescribed_sets=item.sets,
            reps=item.reps_goal or item.reps_min,
            hold_s=item.hold_s,
            load=block.next_load.load,
            eccentric_s=item.eccentric_s,
            checks_failed=0,
            target_reps_min=item.reps_min,
            target_reps_max=item.reps_max,
            target_hold_s=item.hold_s,
            target_eccentric_s=item.eccentric_s,
            target_load=block.next_load.load,
        )
        return progression.next_set_outcomes(
            self.state.info(item.exercise),
            session_sets=[
                engine.logged_set(s, slug, unit)
                for s in self.live_sets
                if s.exercise_id == item.exercise.pk
            ],
            history=self.planning_state.history_of(slug),
            upcoming=upcoming,
            sets_after=min(len(free_after), OFFLINE_SETS_AHEAD),
        )

    def _first_or_next_load(
        self, item: engine.PlannedItem, live: dict[int, SetLog]
    ) -> progression.LoadDecision:
        """The next set's load; before the first set, the session's start load with the
        engine's reason for it (an increase, a drop, or where it carries over from), so the
        form the trainee logs on says why — the load is the same either way."""
        if not live and item.exercise.kind == Kind.RESISTANCE and item.reason:
            return progression.LoadDecision(item.load, item.change, item.reason)
        return self.next_load(item)

    def _blocks(self) -> list[ExerciseBlock]:
        live_by_exercise: dict[int, dict[int, SetLog]] = defaultdict(dict)
        deleted_by_exercise: dict[int, dict[int, SetLog]] = defaultdict(dict)
        for set_log in self.sets:
            if set_log.deleted_at is None:
                live_by_exercise[set_log.exercise_id][set_log.set_number] = set_log
            else:
                current = deleted_by_exercise[set_log.exercise_id].get(set_log.set_number)
                if current is None or set_log.deleted_at > current.deleted_at:
                    deleted_by_exercise[set_log.exercise_id][set_log.set_number] = set_log
        unit = self.trainee.load_unit
        blocks = []
        for item in self.items:
            exercise_id = item.exercise.pk
            live = live_by_exercise.get(exercise_id, {})
            deleted = deleted_by_exercise.get(exercise_id, {})
            last = self.last.get(exercise_id, {})
            count = max([item.sets, *live])
            slots = []
            for number in range(1, count + 1):
                logged = live.get(number)
                gone = None if logged else deleted.get(number)
                last_set = last.get(number)
                slots.append(
                    Slot(
                        number=number,
                        logged=logged,
                        deleted=gone,
                        deleted_text=describe_set(gone, unit) if gone else "",
                        last_time=describe_set(last_set, unit) if last_set else "",
                        logged_text=describe_set(logged, unit) if logged else "",
                    )
                )
            free = [n for n in range(1, item.sets + 1) if n not in live]
            next_number = None if item.locked or not free else free[0]
            blocks.append(
                ExerciseBlock(
                    item=item,
                    slots=slots,
                    next_number=next_number,
                    next_load=None if item.locked else self._first_or_next_load(item, live),
                    last_time_on=next(iter(last.values())).performed_on if last else None,
                    pain=pain.PainControl.of(
                        self.session,
                        item.prescription,
                        self.pain_ratings.get(exercise_id),
                        self.today,
                    ),
                )
            )
        return blocks

    # -- summary --

    def summary(self) -> SessionSummary:
        """The session in numbers and what it did for the gates, as of its day."""
        live = self.live_sets
        checks_total = sum(s.checks_total for s in live)
        checks_failed = sum(len(s.failed_checks or ()) for s in live)
        mine = self._session_logged_sets()
        outcomes = []
        for item in self.items:
            sets = [h for h in mine if h.exercise == item.exercise.slug]
            if not sets:
                continue
            qualification = progression.session_qualifies(sets)
            outcomes.append(
                ExerciseOutcome(item.exercise.name, qualification.qualifies, qualification.reason)
            )
        return SessionSummary(
            sets_done=len(live),
            sets_prescribed=self.sets_prescribed,
            clean_sets=sum(1 for s in live if not s.failed_checks),
            checks_passed=max(checks_total - checks_failed, 0),
            checks_total=checks_total,
            tut_s=sum(set_time_under_tension(s) for s in live),
            outcomes=outcomes,
            gates=self._gate_lines(),
        )

    def _session_logged_sets(self) -> list[progression.LoggedSet]:
        """The session's live sets as the engine sees them."""
        slugs = {exercise.pk: slug for slug, exercise in self.state.exercises.items()}
        unit = self.trainee.load_unit
        return [engine.logged_set(s, slugs[s.exercise_id], unit) for s in self.live_sets]

    def _gate_lines(self) -> list[GateLine]:
        """Progress toward every gate that waits on an exercise trained in this session."""
        trained = {h.exercise for h in self._session_logged_sets()}
        gated = {rule.exercise for rule in self.state.rules if rule.required in trained}
        before_session = self.planning_state.gates_of(gated)
        lines = []
        for gate in self.state.gates():
            if gate.exercise not in gated:
                continue
            exercise = self.state.exercises[gate.exercise]
            before = before_session[gate.exercise]
            just = gate.unlocked and not gate.overridden and not before.unlocked
            lines.append(_gate_line(gate, exercise, just))
        # What this session just earned first, then what is closest to unlocking.
        return sorted(lines, key=lambda line: (not line.just_unlocked, len(line.details)))


def _as_logged(
    item: engine.PlannedItem, logged: as_logged.LoggedPrescription | None, unit: str
) -> engine.PlannedItem:
    """An exercise already logged in the session keeps the prescription its sets were logged
    against, and its remaining sets follow it. One whose gate has closed since keeps its
    logged sets in view, as prescribed then, but stays locked: it takes no more sets."""
    if logged is None:
        return item
    shown = as_logged.as_logged(item, logged, unit, under_way=not item.locked)
    if item.locked:
        shown = dataclasses.replace(
            shown, locked=True, reason=item.reason, substitutes=item.substitutes
        )
    return shown


def _gate_line(gate: progression.GateDecision, exercise: Exercise, just: bool) -> GateLine:
    """ "2 of 3 — one more qualifying bird-dog session unlocks Standing row", or the unlock."""
    name = exercise.name
    if just:
        return GateLine(exercise, True, True, f"Unlocked: {name} — this session earned it.")
    if gate.unlocked:
        return GateLine(exercise, True, False, f"{name} is unlocked.")
    unmet = [p for p in gate.progress if not p.met]
    if len(unmet) == 1 and unmet[0].required_unlocked:
        p = unmet[0]
        more = p.needed - p.done
        sessions = "session unlocks" if more == 1 else "sessions unlock"
        headline = (
            f"{p.done} of {p.needed} — {_words(more)} more qualifying "
            f"{_in_sentence(p.required_name)} {sessions} {name}."
        )
        if p.floor != progression.NO_FLOOR:
            # The gate's own bar, so a session that met a lighter prescription is not a
            # surprise when it does not count.
            headline += f" Each needs {progression.floor_text(p.floor)}."
        return GateLine(exercise, False, False, headline)
    details = []
    for p in gate.progress:
        text = f"{p.required_name}: {p.tally} in the last {p.window_days} days"
        if p.met:
            text += " — done"
        elif not p.required_unlocked:
            text += f", and {_in_sentence(p.required_name)} is still locked itself"
        details.append(text)
    return GateLine(exercise, False, False, f"{name} still needs:", tuple(details))


# --- writing ---------------------------------------------------------------------------------


def build_set_log(
    *,
    trainee,
    session: TrainingSession,
    item: engine.PlannedItem,
    set_number: int,
    values: SetValues,
    target_load: Decimal | None,
    performed_on: date,
    client_token: uuid.UUID,
) -> SetLog:
    """A new, unsaved SetLog: what was prescribed for this set beside what was done.

    The prescribed load is the one the engine offered for this very set (the next-set load),
    so a reduction after a failed form check is recorded as the prescription it was.
    """
    return SetLog(
        trainee=trainee,
        session=session,
        exercise=item.exercise,
        prescription=item.prescription,
        set_number=set_number,
        performed_on=performed_on,
        client_token=client_token,
        target_sets=item.sets,
        target_reps_min=item.reps_min,
        target_reps_max=item.reps_max,
        target_hold_s=item.hold_s,
        target_load=target_load,
        target_tempo=item.tempo,
        unit=trainee.load_unit,
        **_done_fields(values),
    )


def _done_fields(values: SetValues) -> dict:
    return {
        "reps": values.reps,
        "hold_s": values.hold_s,
        "load": values.load,
        "eccentric_s": values.eccentric_s,
        "failed_checks": list(values.failed_checks),
        "checks_total": values.checks_total,
        "effort_rpe": values.effort_rpe,
        "note": values.note,
    }


def log_set(*, set_log: SetLog) -> tuple[SetLog, bool]:
    """Save a new set once, however often the same form is sent.

    A form that was already saved (same `client_token`, e.g. a double-tapped submit) meets
    the unique token in the database, gives back the set it saved and creates nothing —
    whether the first one finished long ago or a moment ago in a racing request. A set
    number that is already live in the session raises `SetNumberTaken` and saves nothing.
    Returns the set and whether it was created now.
    """
    try:
        # Its own transaction, or a savepoint in a caller's (`SetLog.save`): a clash spoils
        # nothing else.
        set_log.save()
    except IntegrityError:
        existing = SetLog.objects.filter(
            trainee=set_log.trainee, client_token=set_log.client_token
        ).first()
        if existing is not None:
            return existing, False
        raise SetNumberTaken(set_log.set_number) from None
    return set_log, True


def update_set(set_log: SetLog, values: SetValues, *, by) -> SetLog:
    """Change what was done in a logged set, keeping who changed what and when
    (`SetLog.edit`); what was prescribed, its number and its date stay as they were."""
    set_log.edit(_done_fields(values), by=by)
    return set_log


def delete_set(set_log: SetLog) -> None:
    """Soft delete: the set stops counting at once (`SetLog.objects.live()` leaves it out)
    but stays in the table, so it can be restored."""
    if set_log.deleted_at is None:
        set_log.deleted_at = timezone.now()
        set_log.save(update_fields=["deleted_at"])


def restore_set(set_log: SetLog) -> None:
    """Undo a delete, unless the set number has been logged again in the meantime."""
    if set_log.deleted_at is None:
        return
    taken = SetLog.objects.live().filter(
        session_id=set_log.session_id,
        exercise_id=set_log.exercise_id,
        set_number=set_log.set_number,
    )
    if taken.exists():
        raise CannotRestore(set_log.set_number)
    set_log.deleted_at = None
    try:
        with transaction.atomic():
            set_log.save(update_fields=["deleted_at"])
    except IntegrityError:
        raise CannotRestore(set_log.set_number) from None


def finish_session(session: TrainingSession) -> None:
    """Mark the session done (once; finishing again keeps the first time)."""
    if session.completed_at is None:
        session.completed_at = timezone.now()
        with transaction.atomic():
            session.save(update_fields=["completed_at"])
            tell_trainee_changed(session.trainee_id)
