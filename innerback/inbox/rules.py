"""When a coach should look at a client, and when a flag is raised or cleared: pure functions
over figures already read from the database (`innerback.inbox.figures`). No Django, no
clock: the same figures give the same causes, so they are tested like the engine.

A **cause** is one reason to look, told apart from others of its kind by `cause` (the
exercise, the session) and said in numbers by `summary`:

- **Adherence dropped**: the share of planned sessions done over the last 7 days is 20 points
  or more below the client's rate over the last 30 days.
- **Form check failed twice running**: an exercise's two latest sessions each had a set with
  a failed form check.
- **Gate still locked**: 21 days or more into the current program, an exercise of it is
  still locked by its gate.
- **No session logged**: a plan is active (not paused) and nothing was logged for 7 days or
  more since it started.
- **Unlocked by another coach**: a live unlock was granted by someone other than the current
  coach (a former coach, or an account since deleted).
- **Pain**: in the last 7 days, a session's pain called for a step back (a pain flag) or the
  next morning was worse.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

ADHERENCE_DROP_POINTS = 20
ADHERENCE_RECENT_DAYS = 7
ADHERENCE_USUAL_DAYS = 30
FORM_SESSIONS_RUNNING = 2
GATE_STUCK_DAYS = 21
SILENT_DAYS = 7
PAIN_DAYS = 7

# The kinds, spelled as `innerback.inbox.models.Kind` stores them (this module imports no
# Django, so it cannot import the choices).
ADHERENCE_DROP = "adherence_drop"
FORM_FAILING = "form_failing"
GATE_STUCK = "gate_stuck"
INACTIVE = "inactive"
FOREIGN_OVERRIDE = "foreign_override"
PAIN = "pain"


@dataclass(frozen=True)
class Adherence:
    """Planned sessions done over a span of days, and the rate (None: nothing planned)."""

    done: int
    planned: int
    rate: int | None


@dataclass(frozen=True)
class ExerciseSession:
    """One session's sets of one exercise: how many, how many with a failed form check."""

    day: date
    session_id: int
    sets: int
    failed: int


@dataclass(frozen=True)
class PainNote:
    """A step back that pain called for on one exercise of a session (a pain flag)."""

    session_id: int
    slug: str
    exercise: str  # the exercise's name
    day: date
    reason: str


@dataclass(frozen=True)
class WorseMorning:
    """A next-morning answer "worse" after a session."""

    session_id: int
    day: date
    pain_now: int
    pain_before: int | None


@dataclass(frozen=True)
class ClientFigures:
    """What the rules read of one client on their `today`."""

    today: date
    recent: Adherence = Adherence(0, 0, None)
    usual: Adherence = Adherence(0, 0, None)
    # By exercise slug: (its name, its sessions of the last weeks, oldest first).
    sessions: Mapping[str, tuple[str, Sequence[ExerciseSession]]] = field(default_factory=dict)
    # The current plan's first day, or None without one; paused plans ask nothing.
    plan_start: date | None = None
    plan_paused: bool = False
    # Slug → name of each exercise of the current program that its gate keeps locked.
    locked: Mapping[str, str] = field(default_factory=dict)
    last_logged: date | None = None
    # Slug → (exercise name, who granted it, on which day) of each live unlock not granted
    # by the current coach.
    foreign_overrides: Mapping[str, tuple[str, str, date]] = field(default_factory=dict)
    pain: Sequence[PainNote] = ()
    worse_mornings: Sequence[WorseMorning] = ()


@dataclass(frozen=True)
class Cause:
    kind: str
    cause: str
    summary: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.cause)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def adherence_drop(figures: ClientFigures) -> Cause | None:
    """Adherence over the last 7 days is 20 points or more below the 30-day rate."""
    recent, usual = figures.recent, figures.usual
    if recent.rate is None or usual.rate is None:
        return None
    if usual.rate - recent.rate < ADHERENCE_DROP_POINTS:
        return None
    return Cause(
        ADHERENCE_DROP,
        "",
        f"{recent.done} of {recent.planned} planned sessions done in the last "
        f"{ADHERENCE_RECENT_DAYS} days ({recent.rate}%), against {usual.rate}% over "
        f"{ADHERENCE_USUAL_DAYS} days ({usual.done} of {usual.planned}).",
    )


def form_failing(figures: ClientFigures) -> list[Cause]:
    """An exercise whose two latest sessions each had a set with a failed form check."""
    found = []
    for slug, (name, sessions) in sorted(figures.sessions.items()):
        latest = sorted(sessions, key=lambda s: (s.day, s.session_id))[-FORM_SESSIONS_RUNNING:]
        if len(latest) == FORM_SESSIONS_RUNNING and all(s.failed for s in latest):
            counts = ", then ".join(f"{s.failed} of {s.sets} sets" for s in latest)
            found.append(
                Cause(
                    FORM_FAILING,
                    slug,
                    f"{name}: a form check failed in {FORM_SESSIONS_RUNNING} sessions running "
                    f"({counts}, the last on {latest[-1].day.isoformat()}).",
                )
            )
    return found


def gate_stuck(figures: ClientFigures) -> list[Cause]:
    """21 days or more into the current program, an exercise of it is still locked."""
    if figures.plan_start is None:
        return []
    on_plan = (figures.today - figures.plan_start).days
    if on_plan < GATE_STUCK_DAYS:
        return []
    return [
        Cause(GATE_STUCK, slug, f"{name} is still locked after {on_plan} days on the program.")
        for slug, name in sorted(figures.locked.items())
    ]


def inactive(figures: ClientFigures) -> Cause | None:
    """A plan is active and nothing was logged for 7 days or more since it started."""
    if figures.plan_start is None or figures.plan_paused or figures.plan_start > figures.today:
        return None
    since = figures.plan_start
    if figures.last_logged is not None and figures.last_logged > since:
        since = figures.last_logged
    silent = (figures.today - since).days
    if silent < SILENT_DAYS:
        return None
    if figures.last_logged is not None and figures.last_logged >= figures.plan_start:
        told = f"the last on {figures.last_logged.isoformat()}"
    else:
        told = f"none since the program started on {figures.plan_start.isoformat()}"
    return Cause(INACTIVE, "", f"No set logged for {_days(silent)} ({told}).")


def foreign_overrides(figures: ClientFigures) -> list[Cause]:
    """A live unlock granted by someone other than the current coach."""
    return [
        Cause(
            FOREIGN_OVERRIDE,
            slug,
            f"{name} was unlocked by {granted_by} on {on.isoformat()}, not by you; its gate "
            "stays open while the unlock stands.",
        )
        for slug, (name, granted_by, on) in sorted(figures.foreign_overrides.items())
    ]


def pain(figures: ClientFigures) -> list[Cause]:
    """In the last 7 days, pain called for a step back, or a next morning was worse."""

    def recent(day: date) -> bool:
        return 0 <= (figures.today - day).days < PAIN_DAYS

    found = [
        Cause(
            PAIN,
            f"session-{note.session_id}-{note.slug}"[:100],
            f"{note.exercise} on {note.day.isoformat()}: {note.reason}",
        )
        for note in figures.pain
        if recent(note.day)
    ]
    for morning in figures.worse_mornings:
        if recent(morning.day):
            before = "" if morning.pain_before is None else f", from {morning.pain_before}/10"
            found.append(
                Cause(
                    PAIN,
                    f"morning-{morning.session_id}",
                    f"Worse the morning after a session: pain {morning.pain_now}/10"
                    f"{before}, answered on {morning.day.isoformat()}.",
                )
            )
    return found


def causes(figures: ClientFigures) -> dict[tuple[str, str], Cause]:
    """Every cause that holds for the client now, by (kind, cause)."""
    found: list[Cause] = [
        *filter(None, [adherence_drop(figures), inactive(figures)]),
        *form_failing(figures),
        *gate_stuck(figures),
        *foreign_overrides(figures),
        *pain(figures),
    ]
    return {cause.key: cause for cause in found}


# --- the flags' states -----------------------------------------------------------------------


@dataclass(frozen=True)
class Transitions[K]:
    """What to write: flags to raise (their causes hold and none stands) and standing flags
    to clear (their causes are gone)."""

    raise_: frozenset[K]
    clear: frozenset[K]


def transitions[K](standing: Iterable[K], holding: Iterable[K]) -> Transitions[K]:
    """A cause that holds with no standing flag raises one; a standing flag whose cause is
    gone is cleared. A standing flag whose cause still holds stays as it is, handled or not,
    so a lasting cause never raises a second flag; only a cause that returns after its flag
    was cleared raises a new one."""
    standing, holding = frozenset(standing), frozenset(holding)
    return Transitions(raise_=holding - standing, clear=standing - holding)
