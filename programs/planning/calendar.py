"""Laying a program onto a trainee's calendar.

A program is an ordered list of training days (week 1 day 1, week 1 day 2, ..., week 2 day 1,
...). Enrolling lays those days, in order, onto the trainee's chosen weekdays from the start
date: one `TrainingSession` per program day. Dates are calendar dates in the trainee's own
time zone; callers pass the trainee's local "today" (`user.local_today()`).

The rest of the plan is re-laid when the training days change or the plan is paused and
resumed. Only *open* sessions move: not completed, no live logged set, dated today or later.
Everything already logged, and every past date, stays where it is, so no log is ever lost.

Changes to one trainee's calendar happen one at a time: starting a program locks the
trainee, and every other change locks the enrolment it lays out, so a double tap, or the
trainee starting a program while their coach assigns one, never lays one day twice.
"""

import uuid
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from programs import once
from programs.models import Enrolment, Program, ProgramDay, SetLog, TrainingSession

DEFAULT_TRAINING_DAYS = [0, 2, 4]  # Monday, Wednesday, Friday


def clean_training_days(training_days: Iterable[int]) -> list[int]:
    """Weekday numbers (Monday = 0 … Sunday = 6), sorted and without repeats; at least one."""
    days = sorted({int(day) for day in training_days})
    if not days:
        raise ValueError("Choose at least one training day.")
    if days[0] < 0 or days[-1] > 6:
        raise ValueError("Training days are weekday numbers from 0 (Monday) to 6 (Sunday).")
    return days


def current_enrolment(trainee) -> Enrolment | None:
    """The program the trainee follows now (with it loaded), or None."""
    return Enrolment.objects.filter(trainee=trainee).current().select_related("program").first()


def week_start(day: date) -> date:
    """The Monday of the week `day` falls in: plan weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def program_days(program: Program) -> list[ProgramDay]:
    """The program's training days in the order they are done: by week, then by position."""
    return list(
        ProgramDay.objects.filter(week__program=program).order_by("week__number", "position", "pk")
    )


def training_dates(start: date, training_days: list[int], skip: set[date]) -> Iterator[date]:
    """Successive dates from `start` (inclusive) that fall on a training weekday, leaving out
    dates in `skip` (days that already hold a kept session)."""
    day = start
    while True:
        if day.weekday() in training_days and day not in skip:
            yield day
        day += timedelta(days=1)


def _with_logged_flag(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.annotate(has_logs=Exists(SetLog.objects.live().filter(session=OuterRef("pk"))))


def open_sessions(enrolment: Enrolment, today: date) -> QuerySet[TrainingSession]:
    """Sessions that may still move: not completed, nothing logged, dated today or later."""
    return (
        _with_logged_flag(enrolment.sessions.all())
        .filter(completed_at__isnull=True, scheduled_on__gte=today)
        .filter(has_logs=False)
    )


def _locked(enrolment: Enrolment) -> Enrolment:
    """The enrolment read again and locked for the rest of the transaction: what it says now
    (ended, paused, its weekdays) is what the change builds on."""
    enrolment.refresh_from_db(
        fields=["ended_at", "paused_on", "training_days", "start_date"],
        from_queryset=Enrolment.objects.select_for_update(no_key=True),
    )
    return enrolment


def _relay(enrolment: Enrolment, from_date: date) -> None:
    """Lay every program day without a kept session onto the training weekdays from
    `from_date`, in program order. Open sessions are moved (they keep their id); days with no
    session yet (a new enrolment, a resumed pause, weeks added to the program) get one.
    Callers hold the enrolment's lock (`_locked`), or created it in this transaction."""
    sessions = list(_with_logged_flag(enrolment.sessions.all()))
    kept = [
        s
        for s in sessions
        if s.completed_at is not None or s.has_logs or s.scheduled_on < from_date
    ]
    kept_day_ids = {s.program_day_id for s in kept}
    movable = {s.program_day_id: s for s in sessions if s.program_day_id not in kept_day_ids}
    occupied = {s.scheduled_on for s in kept if s.scheduled_on >= from_date}
    dates = training_dates(from_date, enrolment.training_days, occupied)

    to_update: list[TrainingSession] = []
    to_create: list[TrainingSession] = []
    for program_day in program_days(enrolment.program):
        if program_day.pk in kept_day_ids:
            continue
        on = next(dates)
        session = movable.get(program_day.pk)
        if session is None:
            to_create.append(
                TrainingSession(
                    enrolment=enrolment,
                    trainee_id=enrolment.trainee_id,
                    program_day=program_day,
                    scheduled_on=on,
                )
            )
        elif session.scheduled_on != on:
            session.scheduled_on = on
            to_update.append(session)
    TrainingSession.objects.bulk_update(to_update, ["scheduled_on"])
    TrainingSession.objects.bulk_create(to_create)


def _relay_from(enrolment: Enrolment, today: date) -> date:
    # A plan that starts in the future is laid from its start, not from today.
    return max(today, enrolment.start_date)


@transaction.atomic
def enrol(
    *,
    trainee,
    program: Program,
    start_date: date,
    training_days: list[int],
    assigned_by=None,
    client_token: uuid.UUID | None = None,
) -> Enrolment:
    """Start `trainee` on `program` from `start_date` on `training_days` (Monday = 0).

    The previous current enrolment ends (`ended_at` is set); its logged and completed
    sessions stay in the trainee's history, while its open sessions from the new start (or
    today, if earlier) on are removed so two plans never share the calendar. Every program
    day gets a session, laid in order onto the chosen weekdays from `start_date`.

    The trainee is locked first, so starts (theirs, their coach's) go one after the other,
    the later one ending the earlier; the same form sent again gives back its enrolment.
    """
    days = clean_training_days(training_days)
    once.locked(trainee)
    earlier = once.earlier(Enrolment.objects.filter(trainee=trainee), client_token)
    if earlier is not None:
        return earlier
    previous = Enrolment.objects.select_for_update().filter(trainee=trainee).current().first()
    if previous is not None:
        previous.ended_at = timezone.now()
        previous.save(update_fields=["ended_at"])
        open_sessions(previous, min(start_date, trainee.local_today())).delete()
    enrolment = Enrolment.objects.create(
        trainee=trainee,
        program=program,
        start_date=start_date,
        training_days=days,
        assigned_by=assigned_by,
        client_token=client_token,
    )
    _relay(enrolment, start_date)
    return enrolment


@transaction.atomic
def change_training_days(*, enrolment: Enrolment, training_days: list[int], today: date) -> None:
    """Train on other weekdays from now on: the rest of the plan is re-laid onto them from
    `today`; logged and completed sessions and past dates stay. While paused, only the
    choice is stored; resuming lays the plan onto it."""
    enrolment = _locked(enrolment)
    if enrolment.ended_at is not None:
        raise ValueError("This plan has ended; start a new one instead.")
    enrolment.training_days = clean_training_days(training_days)
    enrolment.save(update_fields=["training_days"])
    if enrolment.paused_on is None:
        _relay(enrolment, _relay_from(enrolment, today))


@transaction.atomic
def pause(*, enrolment: Enrolment, today: date) -> None:
    """Stop the plan from `today`: its open sessions come off the calendar (nothing logged
    is touched) until the trainee resumes. Pausing a paused plan changes nothing."""
    enrolment = _locked(enrolment)
    if enrolment.ended_at is not None:
        raise ValueError("This plan has ended; start a new one instead.")
    if enrolment.paused_on is not None:
        return
    enrolment.paused_on = today
    enrolment.save(update_fields=["paused_on"])
    open_sessions(enrolment, today).delete()


@transaction.atomic
def resume(*, enrolment: Enrolment, today: date) -> None:
    """Carry on where the trainee left off: the program days not yet done are laid onto the
    training weekdays from `today` (or the start date, if that is later)."""
    enrolment = _locked(enrolment)
    if enrolment.ended_at is not None:
        raise ValueError("This plan has ended; start a new one instead.")
    if enrolment.paused_on is None:
        return
    enrolment.paused_on = None
    enrolment.save(update_fields=["paused_on"])
    _relay(enrolment, _relay_from(enrolment, today))


def relay_followers(*, program: Program) -> None:
    """After a program's days change (added, or removed), re-lay the calendar of everyone
    following it (paused plans catch up when they resume). Each trainee's open sessions are
    re-laid from their own today: new days land after the ones already planned, and later
    days move up into a removed day's place."""
    enrolments = (
        Enrolment.objects.current()
        .filter(program=program, paused_on__isnull=True)
        .select_related("trainee", "program")
    )
    for enrolment in enrolments:
        with transaction.atomic():
            enrolment = _locked(enrolment)
            # Ended or paused since it was listed: its open sessions are gone, and stay so.
            if enrolment.ended_at is None and enrolment.paused_on is None:
                _relay(enrolment, _relay_from(enrolment, enrolment.trainee.local_today()))


def sessions_between(*, trainee, first: date, last: date) -> QuerySet[TrainingSession]:
    """The trainee's sessions from `first` to `last` (both included), in date order, from
    any of their enrolments (an ended plan's logged sessions stay in their history)."""
    return (
        TrainingSession.objects.filter(
            trainee=trainee,
            scheduled_on__gte=first,
            scheduled_on__lte=last,
        )
        .select_related("program_day__week__program", "enrolment")
        .order_by("scheduled_on", "program_day__week__number", "program_day__position", "pk")
    )


def sessions_in_week(*, trainee, monday: date) -> QuerySet[TrainingSession]:
    """The trainee's sessions from `monday` to the Sunday after (`sessions_between`)."""
    return sessions_between(trainee=trainee, first=monday, last=monday + timedelta(days=6))


def session_for_day(*, trainee, day: date) -> TrainingSession | None:
    """The current enrolment's session scheduled on `day`; if there are several, the first
    one not yet completed (else the first)."""
    sessions = list(
        TrainingSession.objects.filter(
            trainee=trainee,
            scheduled_on=day,
            enrolment__ended_at__isnull=True,
        )
        .select_related("program_day__week__program", "enrolment")
        .order_by("program_day__week__number", "program_day__position", "pk")
    )
    for session in sessions:
        if session.completed_at is None:
            return session
    return sessions[0] if sessions else None


def next_session(*, enrolment_id: int, after: date) -> TrainingSession | None:
    """The enrolment's next session still to do, scheduled after `after`, with its week (the
    one the rest day offers to open early, and the one a phone keeps for offline use)."""
    return (
        TrainingSession.objects.filter(
            enrolment_id=enrolment_id, scheduled_on__gt=after, completed_at__isnull=True
        )
        .select_related("program_day__week")
        .order_by("scheduled_on", "pk")
        .first()
    )
