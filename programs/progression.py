"""The progression engine: what a trainee may do today, at what load, and why.

Plain, deterministic Python over the set log. No Django, no database, no clock: the caller
passes `today` and the trainee's history as frozen dataclasses, and the same inputs always give
the same decisions, whatever order the history arrives in. Every decision carries a `reason`
a person can read.

Loads are Decimals in the trainee's own unit (kg or lb). `ExerciseInfo.increment` and
`ExerciseInfo.unit` are in that same unit, so the engine never converts. A load of 0 means
"no added load"; None means no load was recorded.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Literal, NamedTuple

from exercises.amounts import load_text, number_text

FOUNDATIONAL = "foundational"
RESISTANCE = "resistance"
REPS = "reps"
HOLD = "hold"

# Double progression: this many sessions in a row at the top before anything goes up.
SESSIONS_TO_PROGRESS = 2
HOLD_STEP_S = 5
HOLD_CAP_S = 60
# "Immediate load reduction" without a known good load: take 10 % off.
REDUCTION_FACTOR = Decimal("0.9")
# A logged load above this many times the working load, or more than JUMP_STEPS increments
# above it, is a jump: a typo more often than a set, so the trainee confirms it first.
JUMP_FACTOR = Decimal("1.5")
JUMP_STEPS = 2
# Rounding step when an exercise has no load increment of its own (e.g. a bodyweight
# exercise someone loaded anyway): half a unit is the smallest plate step that exists.
FALLBACK_STEP = Decimal("0.5")

LoadChange = Literal["start", "hold", "reduce", "increase"]
TargetChange = Literal["start", "hold", "increase", "reset", "reduce"]


@dataclass(frozen=True)
class ExerciseInfo:
    """What the engine needs to know about an exercise, in the trainee's unit."""

    slug: str
    name: str
    kind: str  # "foundational" | "resistance"
    measure: str  # "reps" | "hold"
    increment: Decimal  # load step in the trainee's unit; 0 for bodyweight work
    reps_min: int | None  # default rep range (reps measure)
    reps_max: int | None
    hold_s: int | None  # default hold seconds (hold measure)
    unit: str = "kg"  # "kg" | "lb", only used to write reasons


@dataclass(frozen=True)
class LoggedSet:
    """One logged set: what was done beside what was prescribed when it was logged."""

    session_id: int
    day: date  # trainee-local date the set was performed
    exercise: str  # slug
    set_number: int  # 1-based
    prescribed_sets: int  # sets prescribed for this exercise in this session
    reps: int | None
    hold_s: int | None
    load: Decimal | None  # trainee's unit; 0 = no added load, None = not recorded
    eccentric_s: int | None
    checks_failed: int  # form self-checks NOT ticked on this set
    target_reps_min: int | None
    target_reps_max: int | None
    target_hold_s: int | None
    target_eccentric_s: int | None
    target_load: Decimal | None
    # The load was a jump above `target_load` (`load_jump`) that the trainee confirmed.
    load_jump: bool = False
    # Pain reported for the set's session (the same on every set of it, `pain_verdict`):
    # 0–10 during this exercise; the next morning's answer ("better", "same", "worse") with
    # its 0–10; and the 0–10 that morning is compared with (the trainee's answer before).
    pain: int | None = None
    morning: str | None = None
    morning_pain: int | None = None
    pain_before: int | None = None


@dataclass(frozen=True, order=True)
class GateFloor:
    """The least a session of a gate's prerequisite must hold to count toward the gate,
    whatever its own prescription asked: at least `sets` sets, each with at least `reps`
    reps or `hold_s` seconds held and at least `lowering_s` seconds of lowering. 0 sets no
    bar for that measure."""

    sets: int = 1
    reps: int = 0
    hold_s: int = 0
    lowering_s: int = 0


NO_FLOOR = GateFloor()


@dataclass(frozen=True)
class GateRule:
    """`exercise` unlocks once `required` qualified in `sessions` sessions on distinct days
    within the last `window_days` days, each of them meeting the gate's `floor`."""

    exercise: str
    required: str
    sessions: int = 3
    window_days: int = 14
    floor: GateFloor = NO_FLOOR


@dataclass(frozen=True)
class Override:
    """A coach unlocked `exercise` for this one trainee, with a written reason."""

    exercise: str
    reason: str
    granted_by: str  # display name
    on: date


@dataclass(frozen=True)
class Qualification:
    qualifies: bool
    reason: str


@dataclass(frozen=True)
class PrerequisiteProgress:
    """How far one gate rule is from holding."""

    required: str
    required_name: str
    done: int  # qualifying days inside the window
    needed: int
    window_days: int
    met: bool
    required_unlocked: bool  # a gated prerequisite counts only once it is unlocked itself
    days: tuple[date, ...] = ()  # the qualifying days, oldest first
    floor: GateFloor = NO_FLOOR
    # Days in the window whose sessions met their own prescription but not the gate's floor.
    below_floor: tuple[date, ...] = ()

    @property
    def tally(self) -> str:
        """ "2 of 3 qualifying sessions"; past the bar, "4 qualifying sessions (3 needed)",
        never "4 of 3"."""
        sessions = "session" if self.needed == 1 else "sessions"
        if self.done > self.needed:
            return f"{self.done} qualifying sessions ({self.needed} needed)"
        return f"{self.done} of {self.needed} qualifying {sessions}"


@dataclass(frozen=True)
class GateDecision:
    exercise: str
    unlocked: bool
    overridden: bool
    progress: tuple[PrerequisiteProgress, ...]
    reason: str


@dataclass(frozen=True)
class LoadDecision:
    load: Decimal | None
    change: LoadChange
    reason: str


@dataclass(frozen=True)
class Targets:
    """What to aim for in every set today.

    `reps_min`/`reps_max` is the rep range to log as prescribed; `reps_goal` is the rep count
    to aim for inside it (reps exercises only); `hold_s` is the hold to reach (hold exercises).
    """

    exercise: str
    measure: str
    reps_min: int | None
    reps_max: int | None
    reps_goal: int | None
    hold_s: int | None
    change: TargetChange
    reason: str


@dataclass(frozen=True)
class ExerciseDecision:
    """Everything the trainee sees for one exercise today."""

    exercise: str
    gate: GateDecision
    load: LoadDecision
    targets: Targets


class QualifiedSession(NamedTuple):
    """A qualifying session of one exercise and the least it held in any of its sets: all a
    gate reads of it, its floor included."""

    day: date
    session_id: int
    sets: int  # distinct sets logged
    reps: int  # fewest reps in a set; 0 when a set has none
    hold_s: int  # shortest hold; 0 when a set has none
    lowering_s: int  # shortest lowering; 0 when a set has none


@dataclass(frozen=True)
class _Session:
    """One session's sets of one exercise, in set order."""

    session_id: int
    day: date
    sets: tuple[LoggedSet, ...]


# --- late edits ------------------------------------------------------------------------------

# An edit this long after a set was logged is late: it is kept and shown, but the engine goes
# on reading the set as it was before it.
EDIT_GRACE = timedelta(hours=48)


def day_text(day: date, *, with_year: bool = False) -> str:
    """A day the one way every page and reason writes dates: "Wed 2 Dec", or with the year,
    "Wed 2 Dec 2026", where the year is not plain (the `day` template filter decides)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if with_year else text


def is_late_edit(logged_at: datetime, edited_at: datetime) -> bool:
    """Whether an edit of a set is late, and so changes nothing the engine decides.

    An edit made more than 48 hours after the set was logged is late: the set is then read
    as it stood before its first late edit, so ticking the form checks on a week-old failed
    set cannot make its session qualify, unlock a gate or raise a load — and no late edit
    changes any decision. Edits within 48 hours (a typo fixed after the session) count.
    """
    return edited_at - logged_at > EDIT_GRACE


# --- pain ----------------------------------------------------------------------------------

# What pain reported for a session does to what follows it, mildest first.
PAIN_USUAL = "usual"
PAIN_HOLD = "hold"
PAIN_STEP_BACK = "step back"
PainCall = Literal["usual", "hold", "step back"]
_PAIN_ORDER = {PAIN_USUAL: 0, PAIN_HOLD: 1, PAIN_STEP_BACK: 2}
MORNING_ANSWERS = ("better", "same", "worse")


@dataclass(frozen=True)
class PainRules:
    """How pain reported for a session changes what follows it, on the numeric rating scale
    (0 = no pain, 10 = the worst imaginable): pain below `hold_from` during the session, and
    a back no worse the next morning, change nothing; pain from `hold_from` during it, or a
    back worse the next morning, hold; pain from `step_back_from` during it, or a back worse
    by `step_back_worse_by` points or more the next morning, step back."""

    hold_from: int = 4
    step_back_from: int = 6
    step_back_worse_by: int = 2


PAIN_RULES = PainRules()


@dataclass(frozen=True)
class PainVerdict:
    """What the pain reported for one session calls for (`pain_verdict`), and why in
    numbers; no reason when it calls for nothing."""

    call: PainCall
    reason: str = ""

    @property
    def holds_back(self) -> bool:
        return self.call != PAIN_USUAL


NO_PAIN = PainVerdict(PAIN_USUAL)


def worse_by(morning: str | None, morning_pain: int | None, pain_before: int | None) -> int:
    """How many points worse the back is the morning after a session, compared with before
    it: 0 unless the answer is "worse"; then the morning's 0–10 minus the 0–10 the trainee
    gave before that session (their previous morning answer), and at least 1 — "worse"
    with no numbers to compare still counts as worse by 1."""
    if morning != "worse":
        return 0
    if morning_pain is None or pain_before is None:
        return 1
    return max(1, morning_pain - pain_before)


def pain_verdict(sets: Sequence[LoggedSet], rules: PainRules = PAIN_RULES) -> PainVerdict:
    """What the pain reported for one session of an exercise (its sets) calls for
    (`pain_call`): the highest rating given during it, and the next morning's answer."""
    if not sets:
        return NO_PAIN
    answered = next((s for s in sets if s.morning is not None), None)
    return pain_call(
        day=min(s.day for s in sets),
        during=max((s.pain for s in sets if s.pain is not None), default=None),
        morning=answered.morning if answered else None,
        morning_pain=answered.morning_pain if answered else None,
        pain_before=answered.pain_before if answered else None,
        rules=rules,
    )


def pain_call(
    *,
    day: date,
    during: int | None,
    morning: str | None,
    morning_pain: int | None,
    pain_before: int | None,
    rules: PainRules = PAIN_RULES,
) -> PainVerdict:
    """What pain reported for an exercise in the session on `day` calls for.

    As usual: pain up to 3/10 during it (or none reported) and a back no worse the next
    morning. Hold — no increase of load, reps or hold, and the session counts toward no
    gate: pain 4–5/10 during it, or a back worse by 1 the next morning (`worse_by`). Step
    back — the next session one step lower, and the coach told: pain 6/10 or more during
    it, or a back worse by 2 points or more the next morning. The stronger call wins, and
    more pain never calls for less. The app does not diagnose: these rules only pace
    training.
    """
    when = day_text(day)
    calls = [NO_PAIN]
    if during is not None and during >= rules.hold_from:
        call = PAIN_STEP_BACK if during >= rules.step_back_from else PAIN_HOLD
        calls.append(PainVerdict(call, f"Pain {during}/10 during the session on {when}"))
    if by := worse_by(morning, morning_pain, pain_before):
        call = PAIN_STEP_BACK if by >= rules.step_back_worse_by else PAIN_HOLD
        numbers = ""
        if morning_pain is not None and pain_before is not None:
            numbers = f" ({morning_pain}/10, up from {pain_before}/10)"
        reason = f"Back worse the morning after the session on {when}{numbers}"
        calls.append(PainVerdict(call, reason))
    # The first of the strongest: pain during the session names it before the morning does.
    return max(calls, key=lambda verdict: _PAIN_ORDER[verdict.call])


def _latest_pain(sessions: Sequence["_Session"]) -> PainVerdict:
    """The strongest call of the pain reported for the sessions of the latest day."""
    if not sessions:
        return NO_PAIN
    last_day = sessions[-1].day
    verdicts = [pain_verdict(s.sets) for s in sessions if s.day == last_day]
    return max(verdicts, key=lambda verdict: _PAIN_ORDER[verdict.call])


# --- ordering and grouping -------------------------------------------------------------------


_SET_FIELDS = fields(LoggedSet)


def _set_key(logged: LoggedSet) -> tuple[object, ...]:
    """A total order on sets: when they happened, then every other field.

    Breaking ties on every field means the engine never depends on the order the caller
    passed the history in, even if the log holds two versions of one set.
    """
    rest = tuple((getattr(logged, f.name) is None, getattr(logged, f.name)) for f in _SET_FIELDS)
    return (logged.day, logged.session_id, logged.set_number, *rest)


def _sessions(history: Iterable[LoggedSet], exercise: str, today: date | None) -> list[_Session]:
    """The sessions of one exercise, oldest first, ignoring sets dated after `today`.

    A session's day is the day its first set was done.
    """
    grouped: dict[int, list[LoggedSet]] = defaultdict(list)
    # A caller may pass overlapping lists (today's sets and the history); a set counts once.
    # Picking this exercise's sets before de-duplicating keeps the hashing to those few:
    # pages ask this of a year of history many times over (docs/benchmarks.md).
    mine = {
        _as_counted(logged)
        for logged in history
        if logged.exercise == exercise and (today is None or logged.day <= today)
    }
    for logged in mine:
        grouped[logged.session_id].append(logged)
    sessions = [
        _Session(session_id, min(s.day for s in sets), _in_order(sets))
        for session_id, sets in grouped.items()
    ]
    return sorted(sessions, key=lambda session: (session.day, session.session_id))


def _as_counted(logged: LoggedSet) -> LoggedSet:
    """A set as the load rules count it: a confirmed jump counts at the load prescribed for
    it, so a jump never becomes the working load by itself."""
    if logged.load_jump and logged.target_load is not None:
        return replace(logged, load=logged.target_load)
    return logged


def _in_order(sets: Iterable[LoggedSet]) -> tuple[LoggedSet, ...]:
    """Sets in `_set_key` order. Sets of one session with distinct (day, set number), the
    usual case, are ordered by those two alone, which gives the same order without building
    the full key for every set."""
    sets = list(sets)
    one_session = len({s.session_id for s in sets}) <= 1
    if one_session and len({(s.day, s.set_number) for s in sets}) == len(sets):
        return tuple(sorted(sets, key=lambda s: (s.day, s.set_number)))
    return tuple(sorted(sets, key=_set_key))


def _one_a_day(sessions: Sequence[_Session]) -> list[_Session]:
    """The sessions progress counts, oldest first: one a calendar day, the trainee's day its
    sets were logged on (a session opened early counts for the day it was done).

    Of several sessions on one day the first stands for the day — or, if any of them did not
    qualify, the first of those, so a day qualifies only when every session of it does. Every
    increase (a rep, a hold's 5 s, a load increment) reads these days, so logging next
    week's sessions on one afternoon earns one day's progress, not several; the latest
    session still decides what only lowers or keeps (a failed form check, the working load).
    """
    by_day: dict[date, _Session] = {}
    for session in sessions:
        standing = by_day.get(session.day)
        if standing is None or (
            session_qualifies(standing.sets).qualifies
            and not session_qualifies(session.sets).qualifies
        ):
            by_day[session.day] = session
    return [by_day[day] for day in sorted(by_day)]


# --- wording ---------------------------------------------------------------------------------


# Loads read as `exercises.amounts` writes them everywhere (a pure module, so the engine can
# use it); a reason says this when no load was recorded.
NO_LOAD = "no recorded load"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# --- qualifying sessions ---------------------------------------------------------------------


def session_qualifies(sets: Sequence[LoggedSet]) -> Qualification:
    """Whether one session's sets of one exercise make a qualifying session.

    A qualifying session has every prescribed set logged, every form self-check ticked on
    every set, and the prescribed eccentric (lowering) time and hold time met on every set.
    Reps are not part of it: control, not volume, is what earns the next exercise.
    """
    if not sets:
        return Qualification(False, "no sets logged")
    ordered = _in_order(sets)
    prescribed = max(s.prescribed_sets for s in ordered)
    logged = len({s.set_number for s in ordered})
    problems: list[str] = []
    if logged < prescribed:
        problems.append(f"{logged} of {prescribed} sets logged")
    for s in ordered:
        if s.checks_failed == 1:
            problems.append(f"form check missed on set {s.set_number}")
        elif s.checks_failed > 1:
            problems.append(f"{s.checks_failed} form checks missed on set {s.set_number}")
        if s.target_eccentric_s and (s.eccentric_s or 0) < s.target_eccentric_s:
            done = (
                "no lowering time logged"
                if s.eccentric_s is None
                else f"lowered in {s.eccentric_s} s"
            )
            problems.append(f"set {s.set_number} {done}, {s.target_eccentric_s} s prescribed")
        if s.target_hold_s and (s.hold_s or 0) < s.target_hold_s:
            done = "no hold time logged" if s.hold_s is None else f"held {s.hold_s} s"
            problems.append(f"set {s.set_number} {done}, {s.target_hold_s} s prescribed")
    if problems:
        return Qualification(False, "; ".join(problems))
    return Qualification(
        True,
        f"all {_plural(logged, 'set')} logged with clean form and the prescribed tempo"
        " and holds met",
    )


def qualifying_days(
    history: Iterable[LoggedSet],
    exercise: str,
    today: date,
    window_days: int,
    floor: GateFloor = NO_FLOOR,
) -> list[date]:
    """Distinct days in the last `window_days` days (today included) with a qualifying session
    that meets `floor`.

    Two qualifying sessions on one day count once. Sets dated after `today` are ignored.
    """
    qualified = qualified_sessions(history, exercise, today)
    return list(days_in_window(qualified, today, window_days, floor))


def qualified_sessions(
    history: Iterable[LoggedSet], exercise: str, today: date | None = None
) -> list[QualifiedSession]:
    """Every qualifying session of `exercise` in the history with the least it held, oldest
    first: all that gates read of the log. With `today`, sets after it do not count yet.
    A session whose reported pain holds training back (`pain_verdict`) counts toward no
    gate, however clean it was."""
    return [
        QualifiedSession(
            session.day,
            session.session_id,
            len({s.set_number for s in session.sets}),
            min(s.reps or 0 for s in session.sets),
            min(s.hold_s or 0 for s in session.sets),
            min(s.eccentric_s or 0 for s in session.sets),
        )
        for session in _sessions(history, exercise, today)
        if session_qualifies(session.sets).qualifies and not pain_verdict(session.sets).holds_back
    ]


def meets_floor(session: QualifiedSession, floor: GateFloor) -> bool:
    """Whether a qualifying session also meets a gate's floor: enough sets, and in every set
    enough reps or seconds held and enough lowering. A session qualifies against what was
    prescribed for it, which the trainee may have written themselves; the floor is the gate's
    own bar, so a session of 1 set × 1 s counts toward no gate whose floor is higher."""
    return (
        session.sets >= floor.sets
        and session.reps >= floor.reps
        and session.hold_s >= floor.hold_s
        and session.lowering_s >= floor.lowering_s
    )


def floor_text(floor: GateFloor) -> str:
    """A gate's floor in words: "at least 3 sets of 10 s held, lowering 2 s or more"."""
    parts = [f"at least {_plural(floor.sets, 'set')}"]
    if floor.hold_s:
        parts[0] += f" of {floor.hold_s} s held"
    elif floor.reps:
        parts[0] += f" of {_plural(floor.reps, 'rep')}"
    if floor.lowering_s:
        parts.append(f"lowering {floor.lowering_s} s or more")
    return ", ".join(parts)


def days_in_window(
    qualified: Iterable[QualifiedSession],
    today: date,
    window_days: int,
    floor: GateFloor = NO_FLOOR,
) -> tuple[date, ...]:
    """The distinct days of these qualifying sessions that meet `floor` in the last
    `window_days` days, today included, oldest first. Two qualifying sessions on one day
    count once; later days are not counted yet."""
    first_day = today - timedelta(days=window_days - 1)
    return tuple(
        sorted({q.day for q in qualified if first_day <= q.day <= today and meets_floor(q, floor)})
    )


# --- what to keep of the log -----------------------------------------------------------------

# Every load and target rule reads the sessions of the last SESSIONS_TO_PROGRESS training
# days; keeping one more day lets a page decide a session's plan from the log before it while
# that session is the latest.
KEPT_DAYS = SESSIONS_TO_PROGRESS + 1


def sets_to_keep(history: Iterable[LoggedSet], exercise: str) -> list[LoggedSet]:
    """The sets of `exercise` that every load and target decision reads, oldest first: all
    sets of its sessions on the last KEPT_DAYS days it was trained, and of earlier sessions
    only the clean, loaded sets that "back to the last load where form held" could still pick.

    That rule picks the latest clean set lighter than the failed one, so an earlier clean set
    is passed over for good once a later clean set is as light or lighter: for any failed
    load the later one qualifies whenever the earlier one does, and wins. Deciding from the
    kept sets gives the same answers as deciding from the whole history.
    """
    sessions = _sessions(history, exercise, None)
    kept_days = sorted({session.day for session in sessions})[-KEPT_DAYS:]
    first_kept = kept_days[0] if kept_days else None
    recent = [s for session in sessions if session.day >= first_kept for s in session.sets]
    older = sorted(
        (
            s
            for session in sessions
            if session.day < first_kept
            for s in session.sets
            if s.checks_failed == 0 and s.load is not None
        ),
        key=_set_key,
    )
    ladder: list[LoggedSet] = []
    lightest_later: Decimal | None = None
    for logged in reversed(older):
        if lightest_later is None or logged.load < lightest_later:
            ladder.append(logged)
            lightest_later = logged.load
    return [*reversed(ladder), *recent]


# --- gates -----------------------------------------------------------------------------------


def gate_status(
    exercise: str,
    *,
    rules: Sequence[GateRule],
    history: Sequence[LoggedSet],
    today: date,
    overrides: Sequence[Override],
    exercises: Mapping[str, ExerciseInfo],
) -> GateDecision:
    """Whether `exercise` is open to this trainee today, and what is left to unlock it.

    An exercise unlocks when every gate rule on it holds: its prerequisite qualified in enough
    sessions on distinct days within the window, each of them meeting the rule's floor
    (`meets_floor`) as well as its own prescription, and — when the prerequisite is gated
    itself — the prerequisite is unlocked too, so chains are transitive. An exercise with no
    rules is open. A coach's override unlocks it for this trainee whatever the log says.
    Rules that loop back on themselves can never be satisfied, so a loop stays locked.
    """
    return gate_statuses(
        [exercise],
        rules=rules,
        history=history,
        today=today,
        overrides=overrides,
        exercises=exercises,
    )[exercise]


def gate_statuses(
    wanted: Iterable[str],
    *,
    rules: Sequence[GateRule],
    history: Sequence[LoggedSet],
    today: date,
    overrides: Sequence[Override],
    exercises: Mapping[str, ExerciseInfo],
) -> dict[str, GateDecision]:
    """`gate_status` for several exercises at once, reading the history once for all."""
    return _gate_decisions(
        wanted,
        rules=rules,
        history=history,
        today=today,
        overrides=overrides,
        exercises=exercises,
    )


def _gate_decisions(
    wanted: Iterable[str],
    *,
    rules: Sequence[GateRule],
    history: Sequence[LoggedSet],
    today: date,
    overrides: Sequence[Override],
    exercises: Mapping[str, ExerciseInfo],
) -> dict[str, GateDecision]:
    required = {rule.required for rule in rules}
    qualified = {slug: qualified_sessions(history, slug, today) for slug in required}
    return gates_from_qualified(
        wanted,
        rules=rules,
        qualified=qualified,
        today=today,
        overrides=overrides,
        exercises=exercises,
    )


def gates_from_qualified(
    wanted: Iterable[str],
    *,
    rules: Sequence[GateRule],
    qualified: Mapping[str, Sequence[QualifiedSession]],
    today: date,
    overrides: Sequence[Override],
    exercises: Mapping[str, ExerciseInfo],
) -> dict[str, GateDecision]:
    """The gate decisions from each prerequisite's qualifying sessions (`qualified_sessions`,
    as stored beside the log) instead of the log itself: the same rules, the same answers."""

    def name(slug: str) -> str:
        return exercises[slug].name if slug in exercises else slug

    rules_for: dict[str, list[GateRule]] = defaultdict(list)
    for rule in sorted(
        set(rules), key=lambda r: (r.exercise, r.required, r.sessions, r.window_days, r.floor)
    ):
        rules_for[rule.exercise].append(rule)
    active = [o for o in overrides if o.on <= today]
    override_for = {
        o.exercise: o
        for o in sorted(active, key=lambda o: (o.on, o.granted_by, o.reason))  # latest wins
    }
    days_for = {
        rule: days_in_window(qualified.get(rule.required, ()), today, rule.window_days, rule.floor)
        for slug_rules in rules_for.values()
        for rule in slug_rules
    }
    short_for = {
        rule: tuple(
            sorted(
                set(days_in_window(qualified.get(rule.required, ()), today, rule.window_days))
                - set(days_for[rule])
            )
        )
        for rule in days_for
    }

    # Unlocking is monotone (more logs never take anything away), so the answer is the least
    # fixed point: start from what is open for sure and add gated exercises until nothing
    # changes. Iterating instead of recursing is what keeps a loop in the rules locked and
    # finite.
    unlocked = set(override_for)

    def is_open(slug: str) -> bool:
        return slug not in rules_for or slug in unlocked

    changed = True
    while changed:
        changed = False
        for slug, slug_rules in rules_for.items():
            if not is_open(slug) and all(
                len(days_for[r]) >= r.sessions and is_open(r.required) for r in slug_rules
            ):
                unlocked.add(slug)
                changed = True

    decisions: dict[str, GateDecision] = {}
    for slug in wanted:
        progress = tuple(
            PrerequisiteProgress(
                required=r.required,
                required_name=name(r.required),
                done=len(days_for[r]),
                needed=r.sessions,
                window_days=r.window_days,
                met=len(days_for[r]) >= r.sessions and is_open(r.required),
                required_unlocked=is_open(r.required),
                days=days_for[r],
                floor=r.floor,
                below_floor=short_for[r],
            )
            for r in rules_for.get(slug, [])
        )
        override = override_for.get(slug)
        loop = None if is_open(slug) else _locked_loop(slug, rules_for, is_open)
        reason = _gate_reason(slug, name, progress, override, loop)
        decisions[slug] = GateDecision(
            exercise=slug,
            unlocked=is_open(slug),
            overridden=override is not None,
            progress=progress,
            reason=reason,
        )
    return decisions


def _locked_loop(
    start: str, rules_for: Mapping[str, Sequence[GateRule]], is_open: Callable[[str], bool]
) -> list[str] | None:
    """A chain of locked prerequisites leading from `start` back to itself, if there is one.

    Such a loop can never open from the log alone; an override anywhere on it breaks it.
    """
    path = [start]
    seen: set[str] = set()

    def walk(slug: str) -> bool:
        for rule in rules_for.get(slug, ()):
            if rule.required == start:
                path.append(start)
                return True
            if not is_open(rule.required) and rule.required not in seen:
                seen.add(rule.required)
                path.append(rule.required)
                if walk(rule.required):
                    return True
                path.pop()
        return False

    return path if walk(start) else None


def _gate_reason(
    slug: str,
    name: Callable[[str], str],
    progress: tuple[PrerequisiteProgress, ...],
    override: Override | None,
    loop: list[str] | None,
) -> str:
    def counted(p: PrerequisiteProgress) -> str:
        return f"{p.required_name}: {p.tally} in the last {_plural(p.window_days, 'day')}"

    if override is not None:
        text = f"Unlocked by {override.granted_by} on {day_text(override.on)}: {override.reason}"
        if progress and all(p.met for p in progress):
            text += " (the prerequisites are met as well)"
        return text
    if not progress:
        return f"{name(slug)} has no prerequisites."
    unmet = [p for p in progress if not p.met]
    if not unmet:
        return "Unlocked — " + "; ".join(counted(p) for p in progress)
    parts = []
    for p in unmet:
        if not p.required_unlocked:
            parts.append(f"{counted(p)}, and {p.required_name} is still locked itself")
        elif len(unmet) == 1:
            parts.append(f"{counted(p)} — {p.needed - p.done} more unlocks {name(slug)}")
        else:
            parts.append(f"{counted(p)} — {p.needed - p.done} more needed")
        if p.below_floor:
            days = _plural(len(p.below_floor), "other day")
            parts[-1] += (
                f" ({days} met their own prescription but not the gate floor: "
                f"{floor_text(p.floor)})"
            )
    text = "; ".join(parts)
    if loop is not None:
        chain = " → ".join(name(s) for s in loop)
        text = f"Locked: these prerequisites form a loop ({chain}) that staff must fix. {text}"
    return text


# --- loads -----------------------------------------------------------------------------------


def _step(exercise: ExerciseInfo) -> Decimal:
    return exercise.increment if exercise.increment > 0 else FALLBACK_STEP


def round_down_to_step(value: Decimal, step: Decimal) -> Decimal:
    """A load rounded down to what the plates make: a whole number of the exercise's `step`s,
    never below zero. With no step (0, bodyweight work) the load stays as it is.

    The one plate rounding: the engine's 10 % reduction and the program's planned load in the
    trainee's unit (`programs.engine.planned_load`) both round through here."""
    if value <= 0:
        return Decimal(0)
    if step <= 0:
        return value
    return (value / step).to_integral_value(rounding=ROUND_FLOOR) * step


# How a confirmed jump is marked wherever the set is shown.
JUMP_MARK = "a confirmed jump: not used for the next load"


def load_jump(
    load: Decimal | None, working: Decimal | None, *, increment: Decimal, unit: str
) -> str:
    """Why a logged load looks like a jump rather than a set, or "" when it does not.

    A load more than 1.5 × the working load (the load prescribed for the set), or more than
    two of the exercise's increments above it (half a unit when it has none), is a jump: it
    is logged only once the trainee confirms it, and even then it never becomes the working
    load. With no working load there is nothing to compare with.
    """
    if load is None or working is None or load <= working:
        return ""
    step = increment if increment > 0 else FALLBACK_STEP
    logged, prescribed = load_text(load, unit), load_text(working, unit)
    if load > working * JUMP_FACTOR:
        return f"{logged} is more than {number_text(JUMP_FACTOR)} × the prescribed {prescribed}"
    if load > working + JUMP_STEPS * step:
        return (
            f"{logged} is more than {JUMP_STEPS} steps of {load_text(step, unit)} "
            f"above the prescribed {prescribed}"
        )
    return ""


def _reduced_load(
    exercise: ExerciseInfo, failed: LoggedSet, candidates: Iterable[LoggedSet]
) -> tuple[Decimal, str]:
    """The load after a set on which form broke, and how it was found.

    Back to the last load where form held: the most recent clean set of this exercise logged
    before the failed one, at a lower load. Without one, 10 % off the failed load, rounded
    down to the exercise's increment (to 0.5 when it has none), never below zero. Either way
    the result is below the failed load, which must be above zero.
    """
    failed_load = failed.load or Decimal(0)
    failed_key = _set_key(failed)
    held = [
        (_set_key(s), s.load)
        for s in candidates
        if s.exercise == failed.exercise
        and s.checks_failed == 0
        and s.load is not None
        and s.load < failed_load
        and _set_key(s) < failed_key
    ]
    if held:
        return max(held)[1], "the last load where form held"
    step = _step(exercise)
    return (
        round_down_to_step(failed_load * REDUCTION_FACTOR, step),
        f"10 % lighter, rounded down to the {number_text(step)} {exercise.unit} step",
    )


def _planned_start(exercise: ExerciseInfo, planned_load: Decimal | None) -> LoadDecision:
    """With nothing logged yet, the program's planned load applies."""
    if planned_load == 0:
        return LoadDecision(planned_load, "start", "Start with bodyweight, as planned.")
    if planned_load is not None:
        return LoadDecision(
            planned_load,
            "start",
            f"Start at the planned {load_text(planned_load, exercise.unit)}.",
        )
    if exercise.kind == FOUNDATIONAL:
        return LoadDecision(None, "start", _bodyweight_reason(exercise))
    return LoadDecision(
        None,
        "start",
        "No load is planned — pick one you can control for every rep, lowering slowly.",
    )


def _bodyweight_reason(exercise: ExerciseInfo) -> str:
    way = "hold time" if exercise.measure == HOLD else "reps"
    return f"Bodyweight: {exercise.name} progresses by {way}, not load."


def next_set_load(
    exercise: ExerciseInfo,
    *,
    session_sets: Sequence[LoggedSet],
    history: Sequence[LoggedSet],
    planned_load: Decimal | None,
) -> LoadDecision:
    """The load for the next set of `exercise` in the session under way.

    Immediate load reduction: when a form self-check was missed on the latest set, the next
    set goes down at once — back to the last load where form held, else 10 % lighter rounded
    down to the exercise's increment. A failed form check never raises the load. After a
    clean set the load stays where it is; before the first set the planned load applies.
    A confirmed jump counts at the load prescribed for it, so it never raises the load.
    `history` may include this session's sets; only sets logged before the latest one count.
    """
    done = sorted(
        (_as_counted(s) for s in session_sets if s.exercise == exercise.slug), key=_set_key
    )
    if not done:
        return _planned_start(exercise, planned_load)
    latest = done[-1]
    at = load_text(latest.load, exercise.unit, missing=NO_LOAD)
    if latest.checks_failed == 0 and latest.load_jump:
        return LoadDecision(
            latest.load,
            "hold",
            f"Set {latest.set_number} was a confirmed jump above the prescribed {at}; a jump "
            f"does not raise the load, so the next set stays at {at}.",
        )
    if latest.checks_failed == 0:
        # Bodyweight (no added load) needs no "at 0 kg".
        where = "" if not latest.load else f" at {at}"
        return LoadDecision(latest.load, "hold", f"Form held on set {latest.set_number}{where}.")
    if not latest.load:
        return LoadDecision(
            latest.load,
            "hold",
            f"Form broke on set {latest.set_number} with no added load, so there is nothing to "
            "take off — slow down and hold the pattern before adding any.",
        )
    load, how = _reduced_load(exercise, latest, [*done, *map(_as_counted, history)])
    return LoadDecision(
        load,
        "reduce",
        f"Form broke on set {latest.set_number} at {at} — "
        f"back to {load_text(load, exercise.unit)}, {how}.",
    )


@dataclass(frozen=True)
class SetOutcomes:
    """The engine's decision for the set after one about to be logged, either way it goes:
    `held` if every form check holds on it, `broke` if one is missed; and, from each of
    those, the same for the set after that (`after_held`, `after_broke`), as far as asked.

    A page that loses its connection picks the branch the trainee logs, so the next set's
    load follows the rules offline exactly as the server would decide it."""

    held: LoadDecision
    broke: LoadDecision
    after_held: "SetOutcomes | None" = None
    after_broke: "SetOutcomes | None" = None


def next_set_outcomes(
    exercise: ExerciseInfo,
    *,
    session_sets: Sequence[LoggedSet],
    history: Sequence[LoggedSet],
    upcoming: LoggedSet,
    sets_after: int,
) -> SetOutcomes | None:
    """What `next_set_load` decides once `upcoming` (the next set, at the load offered for
    it) is logged with form held and with form broken, and so on for the `sets_after`
    prescribed sets that follow it: each branch assumes the set after it is done at the
    load just decided. None when no set follows `upcoming`."""
    if sets_after <= 0:
        return None
    branches = []
    for checks_failed in (0, 1):
        done = replace(upcoming, checks_failed=checks_failed, load_jump=False)
        logged = [*session_sets, done]
        decision = next_set_load(
            exercise, session_sets=logged, history=history, planned_load=upcoming.load
        )
        following = replace(
            done,
            set_number=done.set_number + 1,
            load=decision.load,
            target_load=decision.load,
        )
        branches.append(
            (
                decision,
                next_set_outcomes(
                    exercise,
                    session_sets=logged,
                    history=history,
                    upcoming=following,
                    sets_after=sets_after - 1,
                ),
            )
        )
    (held, after_held), (broke, after_broke) = branches
    return SetOutcomes(held, broke, after_held, after_broke)


def _top_of_range(logged: LoggedSet, exercise: ExerciseInfo) -> int | None:
    return logged.target_reps_max if logged.target_reps_max is not None else exercise.reps_max


def _topped_out(session: _Session, exercise: ExerciseInfo) -> bool:
    """A session at the top: it qualified, no pain reported for it holds training back, and
    (for reps work) every set reached the top of the rep range prescribed for it."""
    if not session_qualifies(session.sets).qualifies or pain_verdict(session.sets).holds_back:
        return False
    if exercise.measure == HOLD:
        return True
    return all(
        s.reps is not None and (top := _top_of_range(s, exercise)) is not None and s.reps >= top
        for s in session.sets
    )


def _earned_increase(exercise: ExerciseInfo, sessions: Sequence[_Session]) -> Decimal | None:
    """The working load that earned one increment, if the last sessions earned it.

    Double progression: resistance work goes up one increment when the sessions of the last
    2 training days (one a day, `_one_a_day`) topped out — every set at the top of the range,
    clean, with the tempo met — at the same working load (or heavier). Two sessions on one
    day are one day. A load that was never recorded cannot go up.
    """
    recent = _one_a_day(sessions)[-SESSIONS_TO_PROGRESS:]
    working = sessions[-1].sets[-1].load if sessions else None
    if (
        exercise.kind != RESISTANCE
        or exercise.increment <= 0
        or working is None
        or len(recent) < SESSIONS_TO_PROGRESS
    ):
        return None
    for session in recent:
        if not _topped_out(session, exercise) or any(
            s.load is None or s.load < working for s in session.sets
        ):
            return None
    return working


def session_start_load(
    exercise: ExerciseInfo,
    *,
    history: Sequence[LoggedSet],
    today: date,
    planned_load: Decimal | None,
) -> LoadDecision:
    """The load for the first set of `exercise` today.

    The working load carries over from the last session (up to today): the load of its last
    set when form held on it, or the reduced load when the session ended with form breaking.
    Double progression: when every set of the last 2 training days' sessions reached the top
    of the rep range with clean form and the prescribed tempo, add one increment; two
    sessions on one day count as one day. A confirmed jump counts at the load prescribed for
    it, so it never raises the working load by itself. With no history the
    planned load applies; once there is history, the log decides.

    Pain reported for the latest day's sessions (`pain_verdict`): a hold adds nothing — the
    load carries over, or goes down after form broke; a step back starts one step (the
    exercise's increment) below the load the last session ended on, or lower still when
    form broke on it. Pain never raises a load.
    """
    sessions = _sessions(history, exercise.slug, today)
    if not sessions:
        return _planned_start(exercise, planned_load)
    pain = _latest_pain(sessions)
    usual = _carried_load(exercise, sessions, planned_load, pain)
    if not pain.holds_back:
        return usual
    final = sessions[-1].sets[-1]
    unit = exercise.unit
    if pain.call == PAIN_STEP_BACK and final.load:
        step = _step(exercise)
        lower = round_down_to_step(final.load - step, step)
        if usual.load is not None and usual.load < lower:
            lower = usual.load
        return LoadDecision(
            lower, "reduce", f"{pain.reason}: load one step back to {load_text(lower, unit)}."
        )
    if pain.call == PAIN_STEP_BACK:
        then = "the reps or hold step back instead of a load"
    else:
        then = "no increase, and the session does not count toward unlocking"
    change: LoadChange = "reduce" if usual.change == "reduce" else "hold"
    return LoadDecision(usual.load, change, f"{pain.reason}: {then}. {usual.reason}")


def _carried_load(
    exercise: ExerciseInfo,
    sessions: Sequence[_Session],
    planned_load: Decimal | None,
    pain: PainVerdict,
) -> LoadDecision:
    """`session_start_load` before pain steps in: what carries over from the last session,
    with the increment double progression earned — none when `pain` holds back."""
    last = sessions[-1]
    final = last.sets[-1]
    unit = exercise.unit
    if final.checks_failed and final.load:
        load, how = _reduced_load(exercise, final, [s for se in sessions for s in se.sets])
        return LoadDecision(
            load,
            "reduce",
            f"Form broke on the last set on {day_text(last.day)} at "
            f"{load_text(final.load, unit)} — start at {load_text(load, unit)}, {how}.",
        )
    if exercise.kind == FOUNDATIONAL and not final.load:
        return LoadDecision(final.load, "hold", _bodyweight_reason(exercise))
    if final.load is None:
        if planned_load is None:
            return LoadDecision(None, "hold", "No load was recorded last session — log one.")
        return LoadDecision(
            planned_load,
            "hold",
            f"No load was recorded last session — start at the planned "
            f"{load_text(planned_load, unit)}.",
        )
    working = None if pain.holds_back else _earned_increase(exercise, sessions)
    step = load_text(exercise.increment, unit)
    if working is not None:
        raised = working + exercise.increment
        return LoadDecision(
            raised,
            "increase",
            f"Every set reached the top of the range with clean form and tempo on the last "
            f"{SESSIONS_TO_PROGRESS} training days at {load_text(working, unit)} — up {step} to "
            f"{load_text(raised, unit)}, and reps go back to the bottom of the range.",
        )
    reason = f"Last session's working load: {load_text(final.load, unit)}."
    if any(s.load_jump for s in last.sets):
        reason += " A confirmed jump above the prescribed load does not raise it."
    if exercise.kind == RESISTANCE and exercise.increment > 0:
        if _topped_out(last, exercise):
            reason += (
                f" Every set was at the top of the range — once more, on another day, adds {step}."
            )
        else:
            reason += (
                f" Every set at the top of the range with clean form and tempo on "
                f"{SESSIONS_TO_PROGRESS} training days running adds {step}."
            )
    return LoadDecision(final.load, "hold", reason)


# --- targets ---------------------------------------------------------------------------------


def session_targets(
    exercise: ExerciseInfo,
    *,
    history: Sequence[LoggedSet],
    today: date,
    reps_range: tuple[int, int] | None = None,
    hold_s: int | None = None,
) -> Targets:
    """What to aim for in every set of `exercise` today.

    Targets grow at most once a training day: they read one session a day (`_one_a_day`),
    so a second session on the same day can keep them or hold them back, never raise them.

    Reps work: the rep range is the program's (`reps_range`), else the one logged last
    session, else the exercise's default. The goal inside it starts at the bottom; after a
    qualifying day it is one rep more than the fewest reps of that day's session, after one
    that did not qualify it stays at that fewest, always inside the range. When resistance
    work earns a load increase the goal goes back to the bottom of the range.

    Hold work: the hold carries over from the last day; foundational holds grow by 5 s
    after qualifying sessions at that hold on 2 training days in a row, up to 60 s. With no
    history the program's hold (`hold_s`) or the exercise's default applies.

    Pain (`pain_verdict`): a session whose pain holds back earns no rep or hold increase.
    After such a day the goal stays at what that day did; on a step back, work without
    added load goes one rep back, and foundational holds 5 s back.
    """
    sessions = _sessions(history, exercise.slug, today)
    low, high = _rep_range(exercise, sessions, reps_range)
    if exercise.measure == HOLD:
        hold, change, reason = _hold_target(exercise, sessions, hold_s)
        return Targets(exercise.slug, HOLD, low, high, None, hold, change, reason)
    goal, change, reason = _reps_goal(exercise, sessions, low, high)
    return Targets(exercise.slug, REPS, low, high, goal, None, change, reason)


def _rep_range(
    exercise: ExerciseInfo, sessions: Sequence[_Session], planned: tuple[int, int] | None
) -> tuple[int | None, int | None]:
    if planned is not None:
        return min(planned), max(planned)
    if sessions:
        final = sessions[-1].sets[-1]
        if final.target_reps_min is not None and final.target_reps_max is not None:
            return final.target_reps_min, final.target_reps_max
    if exercise.reps_min is not None and exercise.reps_max is not None:
        return min(exercise.reps_min, exercise.reps_max), max(exercise.reps_min, exercise.reps_max)
    return exercise.reps_min, exercise.reps_max


def _reps_goal(
    exercise: ExerciseInfo, sessions: Sequence[_Session], low: int | None, high: int | None
) -> tuple[int | None, TargetChange, str]:
    if low is None or high is None:
        change: TargetChange = "hold" if sessions else "start"
        return None, change, f"No rep range is set for {exercise.name}."
    span = f"range {low}–{high}"
    if not sessions:
        return low, "start", f"First session: aim for {low} reps a set ({span})."
    pain = _latest_pain(sessions)
    if pain.holds_back:
        return _reps_after_pain(pain, exercise, sessions, low, high)
    if _earned_increase(exercise, sessions) is not None:
        reason = f"The load goes up, so reps go back to {low}, the bottom of the {span}."
        return low, "reset", reason
    last = _one_a_day(sessions)[-1]
    done = [s.reps for s in last.sets if s.reps is not None]
    fewest = min(done) if done else low
    qualification = session_qualifies(last.sets)
    if not qualification.qualifies:
        goal = max(low, min(high, fewest))
        reason = (
            f"Last session did not qualify ({qualification.reason}) — "
            f"stay at {goal} reps a set ({span})."
        )
        return goal, "hold", reason
    if fewest >= high:
        more = (
            "once more adds load"
            if exercise.kind == RESISTANCE and exercise.increment > 0
            else "keep every rep slow and clean"
        )
        return high, "hold", f"Every set reached the top of the {span} — {more}."
    goal = max(low, fewest + 1)
    reason = f"Last session qualified with at least {fewest} reps a set — aim for {goal} ({span})."
    return goal, "increase", reason


def _reps_after_pain(
    pain: PainVerdict,
    exercise: ExerciseInfo,
    sessions: Sequence[_Session],
    low: int,
    high: int,
) -> tuple[int, TargetChange, str]:
    """The rep goal after a day whose pain holds back: the fewest reps of that day's sets
    (inside the range) — or, on a step back for work without added load, one rep fewer,
    as the load steps back instead when there is one."""
    last = _one_a_day(sessions)[-1]
    done = [s.reps for s in last.sets if s.reps is not None]
    fewest = min(done) if done else low
    stay = max(low, min(high, fewest))
    loaded = exercise.kind == RESISTANCE and bool(sessions[-1].sets[-1].load)
    span = f"range {low}–{high}"
    if pain.call == PAIN_STEP_BACK and not loaded:
        goal = max(1, min(high, fewest) - 1)
        return goal, "reduce", f"{pain.reason}: one rep back, to {goal} reps a set ({span})."
    return stay, "hold", f"{pain.reason}: stay at {stay} reps a set ({span})."


def _session_hold(session: _Session) -> int | None:
    holds = [s.target_hold_s for s in session.sets if s.target_hold_s is not None]
    return max(holds) if holds else None


def _hold_target(
    exercise: ExerciseInfo, sessions: Sequence[_Session], planned: int | None
) -> tuple[int | None, TargetChange, str]:
    start = planned if planned is not None else exercise.hold_s
    if not sessions:
        if start is None:
            return None, "start", f"No hold time is set for {exercise.name}."
        return start, "start", f"First session: hold {start} s a set."
    days = _one_a_day(sessions)
    last = days[-1]
    current = _session_hold(last) or start
    if current is None:
        return None, "hold", f"No hold time is set for {exercise.name}."
    if exercise.kind != FOUNDATIONAL:
        return current, "hold", f"Hold {current} s; {exercise.name} progresses by load."
    pain = _latest_pain(sessions)
    if pain.call == PAIN_STEP_BACK:
        shorter = max(min(current, HOLD_STEP_S), current - HOLD_STEP_S)
        return shorter, "reduce", f"{pain.reason}: hold one step back, to {shorter} s."
    if pain.holds_back:
        return current, "hold", f"{pain.reason}: stay at {current} s."
    qualification = session_qualifies(last.sets)
    if not qualification.qualifies:
        reason = f"Last session did not qualify ({qualification.reason}) — stay at {current} s."
        return current, "hold", reason
    recent = days[-SESSIONS_TO_PROGRESS:]
    earned = len(recent) == SESSIONS_TO_PROGRESS and all(
        session_qualifies(s.sets).qualifies
        and not pain_verdict(s.sets).holds_back
        and (_session_hold(s) or 0) >= current
        for s in recent
    )
    if current >= HOLD_CAP_S:
        reason = f"{current} s is the ceiling for holds — keep it there and keep every set clean."
        return current, "hold", reason
    if not earned:
        reason = (
            f"Qualified at {current} s on {day_text(last.day)} — a qualifying session "
            f"at {current} s on another day adds {HOLD_STEP_S} s."
        )
        return current, "hold", reason
    longer = min(current + HOLD_STEP_S, HOLD_CAP_S)
    reason = (
        f"Qualified at {current} s on the last {SESSIONS_TO_PROGRESS} training days "
        f"({', '.join(day_text(d.day) for d in recent)}) — hold {longer} s now."
    )
    return longer, "increase", reason


# --- everything at once ----------------------------------------------------------------------


def decide(
    *,
    exercises: Mapping[str, ExerciseInfo],
    rules: Sequence[GateRule],
    history: Sequence[LoggedSet],
    today: date,
    overrides: Sequence[Override],
    planned_loads: Mapping[str, Decimal | None] | None = None,
) -> dict[str, ExerciseDecision]:
    """What this trainee may do today and what is prescribed, for every exercise, and why.

    Locked exercises still get a load and targets, so a page can show what unlocking leads
    to; whether to offer them is the gate's call.
    """
    planned = planned_loads or {}
    gates = _gate_decisions(
        exercises,
        rules=rules,
        history=history,
        today=today,
        overrides=overrides,
        exercises=exercises,
    )
    return {
        slug: ExerciseDecision(
            exercise=slug,
            gate=gates[slug],
            load=session_start_load(
                info, history=history, today=today, planned_load=planned.get(slug)
            ),
            targets=session_targets(info, history=history, today=today),
        )
        for slug, info in exercises.items()
    }
