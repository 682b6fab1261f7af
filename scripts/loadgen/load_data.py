"""Rows for a large, realistic training history, as plain tuples: the load-test dataset.

No ORM and no clock here: `python manage.py seed_load` reads the program, hands its days to
`TraineeHistory` as plain specs, and writes the tuples this module yields in bulk (COPY on
PostgreSQL, `bulk_create` elsewhere). The same trainee (number and id), dates and program
always give the same rows, so a benchmark dataset can be rebuilt exactly.

What a history looks like, per trainee:

* The program is followed in back-to-back cycles, one enrolment each, from the first Monday
  of the history until the cycle that holds today, which stays the current enrolment with
  its later sessions still open.
* Most sessions are done and finished; some are missed (no sets), at a rate that differs
  from trainee to trainee.
* Every set keeps what was prescribed beside what was done. Most sets are clean; a sloppy
  session misses a form check on a set or two (fewer as the cycles go by), and a missed
  check on a loaded set lowers the next set's load by one increment, as the engine would.
* Loads rise by double progression: reps climb to the top of the range over clean sessions,
  then the load goes up one increment and the reps start again at the bottom.
* In the very first cycle the loaded exercises of weeks 3 and 4 are skipped: they were still
  locked behind their gates.
"""

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from exercises.models import tempo_eccentric_seconds

# Column order of the rows below; `seed_load` writes these columns, ids included.
SESSION_COLUMNS = (
    "id",
    "enrolment_id",
    "trainee_id",
    "program_day_id",
    "scheduled_on",
    "completed_at",
)
# `failed_checks` comes as JSON text, ready for COPY.
SET_COLUMNS = (
    "id",
    "trainee_id",
    "session_id",
    "exercise_id",
    "prescription_id",
    "set_number",
    "performed_on",
    "created_at",
    "client_token",
    "target_sets",
    "target_reps_min",
    "target_reps_max",
    "target_hold_s",
    "target_load",
    "target_tempo",
    "reps",
    "hold_s",
    "load",
    "unit",
    "eccentric_s",
    "checks_total",
    "failed_checks",
    "form_ok",
    "effort_rpe",
    "note",
    "deleted_at",
    "load_jump",
)

# Training-day patterns (Monday = 0): trainee n trains on pattern n % 7, so among any seven
# consecutive trainees every weekday is somebody's training day.
DAY_PATTERNS = tuple(tuple(sorted({start, (start + 2) % 7, (start + 4) % 7})) for start in range(7))

NOTES = (
    "Felt the left side work harder.",
    "Slept badly, kept it easy.",
    "Much steadier than last week.",
    "Gym was busy, short rests.",
    "Lower back a bit stiff at the start.",
)

# How long a set takes plus rest, for plausible timestamps within a session.
MINUTES_PER_SET = 2
SESSION_STARTS_AT = time(17, 30)


@dataclass(frozen=True)
class ItemSpec:
    """One prescription of a program day, as plain values."""

    prescription_id: int
    exercise_id: int
    resistance: bool
    hold: bool
    sets: int
    reps_min: int | None
    reps_max: int | None
    hold_s: int | None
    tempo: str
    start_load: Decimal | None
    increment: Decimal
    checks: tuple[str, ...]


@dataclass(frozen=True)
class DaySpec:
    """One program day: its id, its week number and its prescriptions in order."""

    program_day_id: int
    week: int
    items: tuple[ItemSpec, ...]


def day_pattern(trainee_number: int) -> list[int]:
    return list(DAY_PATTERNS[trainee_number % len(DAY_PATTERNS)])


def lay_out(start: date, training_days: list[int], count: int) -> list[date]:
    """The first `count` dates from `start` (inclusive) that fall on the training weekdays,
    as enrolling lays a program's days out."""
    dates = []
    day = start
    while len(dates) < count:
        if day.weekday() in training_days:
            dates.append(day)
        day += timedelta(days=1)
    return dates


@dataclass
class _Progress:
    """Where one trainee stands on one loaded exercise: load level and rep goal."""

    level: int = 0
    clean_tops: int = 0
    reps_step: int = 0


@dataclass
class Enrolled:
    """One cycle of the program: its start and whether it is the current one."""

    start_date: date
    current: bool
    sessions: list[tuple] = field(default_factory=list)


@dataclass
class TraineeHistory:
    """Generates one trainee's enrolments, sessions and sets from `first_monday` to `today`.

    Call `cycles()` for the enrolments; then, once each enrolment has an id, `sessions()` for
    every cycle and after that `sets()` for every cycle, in cycle order, with id counters
    from the caller.
    """

    trainee_number: int
    trainee_id: int
    days: list[DaySpec]
    first_monday: date
    today: date
    unit: str = "kg"
    rng: random.Random = field(init=False)
    training_days: list[int] = field(init=False)
    miss_rate: float = field(init=False)

    def __post_init__(self) -> None:
        # Seeded by both, so even two trainees given the same number get their own tokens.
        self.rng = random.Random(f"{self.trainee_number}:{self.trainee_id}")
        self.training_days = day_pattern(self.trainee_number)
        # Between very regular and fairly patchy.
        self.miss_rate = self.rng.uniform(0.03, 0.2)
        self._progress: dict[int, _Progress] = {}
        self._cycle_dates: list[list[date]] = []
        self._sessions: dict[int, list[tuple]] = {}

    def cycles(self) -> list[Enrolled]:
        """Back-to-back cycles from the first Monday; the one holding today is current."""
        cycles = []
        start = self.first_monday
        while True:
            dates = lay_out(start, self.training_days, len(self.days))
            current = dates[-1] >= self.today
            cycles.append(Enrolled(start_date=start, current=current))
            self._cycle_dates.append(dates)
            if current:
                return cycles
            # The next cycle starts on the Monday after this one's last session.
            start = dates[-1] + timedelta(days=7 - dates[-1].weekday())

    def sessions(self, cycle_index: int, enrolment_id: int, ids: Iterator[int]) -> list[tuple]:
        """The cycle's sessions as SESSION_COLUMNS rows; past ones are done (finished in the
        evening) or missed, today's and later ones are open."""
        rows = []
        for spec, on in zip(self.days, self._cycle_dates[cycle_index], strict=True):
            done = on < self.today and self.rng.random() >= self.miss_rate
            completed_at = _at(on, SESSION_STARTS_AT) + timedelta(hours=1) if done else None
            rows.append(
                (next(ids), enrolment_id, self.trainee_id, spec.program_day_id, on, completed_at)
            )
        self._sessions[cycle_index] = rows
        return rows

    def sets(self, cycle_index: int, ids: Iterator[int]) -> Iterator[tuple]:
        """SET_COLUMNS rows for the done sessions of a cycle whose `sessions()` were made."""
        sloppiness = max(0.06, 0.3 - 0.04 * cycle_index)
        rows = self._sessions[cycle_index]
        for (session_id, _, _, _, on, completed_at), spec in zip(rows, self.days, strict=True):
            if completed_at is None:
                continue
            sloppy = self.rng.random() < sloppiness
            started = _at(on, SESSION_STARTS_AT)
            minute = 0
            for item in spec.items:
                if item.resistance and cycle_index == 0 and spec.week < 5:
                    continue  # still locked behind its gate in the very first cycle
                for row in self._item_sets(item, session_id, on, started, minute, sloppy, ids):
                    minute += MINUTES_PER_SET
                    yield row

    def _item_sets(
        self,
        item: ItemSpec,
        session_id: int,
        on: date,
        started: datetime,
        minute: int,
        sloppy: bool,
        ids: Iterator[int],
    ) -> Iterator[tuple]:
        rng = self.rng
        # Progress belongs to the exercise, across days and cycles.
        progress = self._progress.setdefault(item.exercise_id, _Progress())
        eccentric = tempo_eccentric_seconds(item.tempo) or None
        load = None
        if item.resistance and item.start_load is not None:
            load = item.start_load + item.increment * progress.level
        reps_goal = None
        if not item.hold and item.reps_min is not None and item.reps_max is not None:
            reps_goal = min(item.reps_min + progress.reps_step, item.reps_max)
        all_clean = True
        for number in range(1, item.sets + 1):
            failed = sloppy and rng.random() < 0.35
            checks: list[str] = []
            if failed:
                checks = rng.sample(item.checks, k=1 if rng.random() < 0.8 else 2)
                all_clean = False
            if item.hold:
                reps, hold_s = None, item.hold_s if not failed else max(1, (item.hold_s or 5) - 2)
            else:
                reps, hold_s = (reps_goal if not failed else max(1, (reps_goal or 8) - 2)), None
            yield (
                next(ids),
                self.trainee_id,
                session_id,
                item.exercise_id,
                item.prescription_id,
                number,
                on,
                started + timedelta(minutes=minute + MINUTES_PER_SET * (number - 1)),
                uuid.UUID(int=rng.getrandbits(128), version=4),
                item.sets,
                item.reps_min,
                item.reps_max,
                item.hold_s,
                load,
                item.tempo,
                reps,
                hold_s,
                load,
                self.unit,
                (eccentric - 1 if failed and eccentric and eccentric > 1 else eccentric),
                len(item.checks),
                json.dumps(checks, ensure_ascii=False) if checks else "[]",
                not checks,
                rng.randint(5, 9) if rng.random() < 0.4 else None,
                rng.choice(NOTES) if rng.random() < 0.03 else "",
                None,
                False,  # the generated loads never rise above the prescribed one
            )
            if failed and load is not None:
                # Immediate load reduction: the next set is one increment lighter.
                load = max(Decimal("0"), load - item.increment)
        if reps_goal is not None and item.reps_max is not None:
            if not all_clean:
                progress.clean_tops = 0
            elif reps_goal >= item.reps_max:
                progress.clean_tops += 1
                if progress.clean_tops >= 2 and item.resistance:
                    # Double progression: top of the range twice, clean → one increment up.
                    progress.level += 1
                    progress.reps_step = 0
                    progress.clean_tops = 0
            else:
                progress.reps_step += 1


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=UTC)
