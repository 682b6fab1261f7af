"""One calendar week of a trainee's plan: each training day with what the engine prescribes,
what is already logged, and what comes next. Loaded in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from programs import as_logged
from programs.engine import PlannedItem, TraineeState, planned_items, trainee_state
from programs.models import TrainingSession
from programs.planning.calendar import sessions_in_week


@dataclass(frozen=True)
class PlanEntry:
    """A planned item and how many of its sets are logged in that session; once one is, the
    item is as prescribed when they were logged (`programs.as_logged`)."""

    planned: PlannedItem
    logged: int

    @property
    def done(self) -> bool:
        return self.logged >= self.planned.sets


@dataclass(frozen=True)
class PlanDay:
    session: TrainingSession
    entries: list[PlanEntry]
    today: date
    # The trainee's date its sets were logged on, when any are: a session opened early is
    # done on that day, not on the day it was scheduled for.
    done_on: date | None = None

    @property
    def prescribed_sets(self) -> int:
        """Sets the trainee can do today: a locked item's sets are replaced by the
        foundational work it points to, so they are not counted against the day."""
        return sum(e.planned.sets for e in self.entries if not e.planned.locked)

    @property
    def logged_sets(self) -> int:
        return sum(min(e.logged, e.planned.sets) for e in self.entries if not e.planned.locked)

    @property
    def status(self) -> str:
        """done, today, started (past with some sets logged), missed, or upcoming."""
        on = self.session.scheduled_on
        if self.session.completed_at is not None:
            return "done"
        if on == self.today:
            return "today"
        if on < self.today:
            return "started" if self.logged_sets else "missed"
        return "upcoming"


@dataclass(frozen=True)
class WeekPlan:
    monday: date
    today: date
    days: list[PlanDay]
    next_session: TrainingSession | None

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous_monday(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_monday(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def is_current(self) -> bool:
        return self.monday <= self.today <= self.sunday

    @property
    def completed(self) -> int:
        return sum(1 for day in self.days if day.status == "done")


def next_session(*, trainee, today: date) -> TrainingSession | None:
    """The first session of the current plan, from today on, that is not completed."""
    return (
        TrainingSession.objects.filter(
            trainee=trainee,
            enrolment__ended_at__isnull=True,
            completed_at__isnull=True,
            scheduled_on__gte=today,
        )
        .select_related("program_day__week")
        .order_by("scheduled_on", "program_day__week__number", "program_day__position", "pk")
        .first()
    )


def plan_days(
    *, trainee, sessions: list[TrainingSession], today: date, state: TraineeState | None = None
) -> list[PlanDay]:
    """These sessions of the trainee's as the engine sees them on `today`: locks and loads
    are today's decisions, because the engine reads only history up to today, except for
    what is already logged, which shows what was prescribed when it was logged. A fixed
    number of queries for any number of sessions (none for none)."""
    if not sessions:
        return []
    state = state or trainee_state(trainee, today)
    items = planned_items(trainee=trainee, sessions=sessions, state=state)
    logged = as_logged.read(session.pk for session in sessions)
    logged_on: dict[int, date] = {}
    for (session_id, _), found in logged.items():
        logged_on[session_id] = min(logged_on.get(session_id, found.logged_on), found.logged_on)
    days = []
    for session in sessions:
        entries = []
        for item in items[session.pk]:
            found = logged.get((session.pk, item.exercise.pk))
            entries.append(
                PlanEntry(
                    as_logged.as_logged(item, found, trainee.load_unit),
                    found.logged if found else 0,
                )
            )
        days.append(
            PlanDay(
                session=session,
                entries=entries,
                today=today,
                done_on=logged_on.get(session.pk),
            )
        )
    return days


def week_plan(*, trainee, monday: date, today: date, state: TraineeState | None = None) -> WeekPlan:
    """The week starting `monday` as the engine sees it on `today` (`plan_days`)."""
    sessions = list(sessions_in_week(trainee=trainee, monday=monday))
    days = plan_days(trainee=trainee, sessions=sessions, today=today, state=state)
    upcoming = None
    if monday <= today < monday + timedelta(days=7):
        # This week's list holds every session from today to Sunday, in the same order as
        # `next_session`, so the next one is the first open one there if there is one.
        upcoming = next(
            (
                session
                for session in sessions
                if session.scheduled_on >= today
                and session.completed_at is None
                and session.enrolment.ended_at is None
            ),
            None,
        )
    return WeekPlan(
        monday=monday,
        today=today,
        days=days,
        next_session=upcoming or next_session(trainee=trainee, today=today),
    )
