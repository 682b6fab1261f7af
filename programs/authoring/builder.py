"""Writing programs: adding weeks and days, ordering prescriptions, deep copies.

Positions are 1, 2, 3 ... within their parent; each change renumbers the whole list, so a
list that came in with gaps or ties (older data, factories) comes out clean. A program grows
only up to the caps in `programs.limits`; past one, the addition is refused (`ProgramFull`).
"""

from django.db import transaction
from django.db.models import Count, Max, Prefetch, QuerySet

from programs.limits import (
    MAX_DAYS_PER_WEEK,
    MAX_ITEMS_PER_DAY,
    MAX_ITEMS_PER_PROGRAM,
    MAX_WEEKS_PER_PROGRAM,
)
from programs.models import (
    Prescription,
    Program,
    ProgramDay,
    ProgramWeek,
    SetLog,
    TrainingSession,
)


class DayInUse(Exception):
    """A program day someone has trained cannot be removed: their log points at it."""


class ProgramFull(Exception):
    """A week, day or item past the program's size caps; the message says which cap and
    what to do instead."""


WEEKS_FULL = (
    f"A program has at most {MAX_WEEKS_PER_PROGRAM} weeks, and this one has them all. "
    "Remove a week first, or start a new program for what comes next."
)
DAYS_FULL = (
    f"A week has at most {MAX_DAYS_PER_WEEK} training days, and this one has them all. "
    "Remove a day first."
)
ITEMS_FULL = (
    f"A day has at most {MAX_ITEMS_PER_DAY} exercises, and this one has them all. "
    "Remove one first, or put it on another day."
)


PROGRAM_ITEMS_FULL = (
    f"A program has at most {MAX_ITEMS_PER_PROGRAM} exercises in all its days, and this "
    "would make {count}. Remove some first, or start a new program for what comes next."
)


def _check_program_items(program_id: int, adding: int) -> None:
    """ProgramFull when `adding` more items would take the program past
    MAX_ITEMS_PER_PROGRAM. One query."""
    count = Prescription.objects.filter(day__week__program_id=program_id).count() + adding
    if count > MAX_ITEMS_PER_PROGRAM:
        raise ProgramFull(PROGRAM_ITEMS_FULL.format(count=count))


def _next_number(queryset, field: str, *, cap: int, refusal: str) -> int:
    """The number after the last of `queryset`, or ProgramFull when it already holds `cap`
    rows. One query for both."""
    found = queryset.aggregate(top=Max(field), count=Count("pk"))
    if found["count"] >= cap:
        raise ProgramFull(refusal)
    return (found["top"] or 0) + 1


def add_week(*, program: Program, focus: str = "") -> ProgramWeek:
    """A new, empty week after the last one; ProgramFull at MAX_WEEKS_PER_PROGRAM."""
    number = _next_number(
        program.weeks.all(), "number", cap=MAX_WEEKS_PER_PROGRAM, refusal=WEEKS_FULL
    )
    return ProgramWeek.objects.create(program=program, number=number, focus=focus)


def add_day(*, week: ProgramWeek, title: str = "") -> ProgramDay:
    """A new, empty training day at the end of the week; ProgramFull at MAX_DAYS_PER_WEEK."""
    position = _next_number(week.days.all(), "position", cap=MAX_DAYS_PER_WEEK, refusal=DAYS_FULL)
    return ProgramDay.objects.create(week=week, position=position, title=title)


def append_prescription(prescription: Prescription) -> Prescription:
    """Save a new prescription as the last item of its day; ProgramFull at
    MAX_ITEMS_PER_DAY, or at MAX_ITEMS_PER_PROGRAM in the whole program."""
    day = prescription.day
    prescription.position = _next_number(
        day.prescriptions.all(), "position", cap=MAX_ITEMS_PER_DAY, refusal=ITEMS_FULL
    )
    _check_program_items(day.week.program_id, 1)
    prescription.save()
    return prescription


@transaction.atomic
def move_prescription(*, prescription: Prescription, offset: int) -> None:
    """Move an item up (offset -1) or down (+1) in its day; at either end it stays put."""
    items = list(prescription.day.prescriptions.select_for_update().order_by("position", "pk"))
    index = next(i for i, item in enumerate(items) if item.pk == prescription.pk)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    Prescription.objects.bulk_update(items, ["position"])


@transaction.atomic
def remove_prescription(*, prescription: Prescription) -> None:
    """Remove an item; sets already logged against it keep their prescribed values."""
    day = prescription.day
    prescription.delete()
    items = list(day.prescriptions.order_by("position", "pk"))
    for position, item in enumerate(items, start=1):
        item.position = position
    Prescription.objects.bulk_update(items, ["position"])


def _check_not_trained(days) -> None:
    """Refuse if anyone completed or logged a set in a session of these days (soft-deleted
    sets too: they can still be undone). The sessions are locked first, so a set logged
    while this runs waits, and is not deleted along with an open session."""
    sessions = TrainingSession.objects.filter(program_day__in=days)
    list(sessions.select_for_update().values_list("pk", flat=True))
    if sessions.filter(completed_at__isnull=False).exists() or (
        SetLog.objects.filter(session__in=sessions).exists()
    ):
        raise DayInUse


def _drop_sessions(days) -> None:
    """Take the days off every calendar they were laid on; none of these sessions holds a
    log (checked first), so nothing anyone did is lost."""
    TrainingSession.objects.filter(program_day__in=days).delete()


@transaction.atomic
def remove_day(*, day: ProgramDay) -> None:
    """Remove a day nobody has trained, with its prescriptions; the later days of its week
    move up one place. Raises DayInUse if anyone logged on it. Callers re-lay followers'
    calendars afterwards (`calendar.relay_followers`) so their later days close the gap."""
    days = ProgramDay.objects.filter(pk=day.pk)
    _check_not_trained(days)
    _drop_sessions(days)
    week, position = day.week, day.position
    day.delete()
    _move_up(week.days.filter(position__gt=position), "position")


@transaction.atomic
def remove_week(*, week: ProgramWeek) -> None:
    """Remove a week nobody has trained on any of its days, with its days and their
    prescriptions; later weeks move up one number. Raises DayInUse otherwise."""
    days = ProgramDay.objects.filter(week=week)
    _check_not_trained(days)
    _drop_sessions(days)
    program, number = week.program, week.number
    week.delete()
    _move_up(program.weeks.filter(number__gt=number), "number")


def _move_up(later: QuerySet, field: str) -> None:
    """Close the gap a removed row left: each later row's `field` goes down by one.
    One at a time, lowest first: each step moves into the place just freed, so the
    uniqueness of (parent, `field`) holds after every row on every database."""
    for row in later.order_by(field):
        setattr(row, field, getattr(row, field) - 1)
        row.save(update_fields=[field])


def _copy_days(days, week: ProgramWeek) -> None:
    new_days = ProgramDay.objects.bulk_create(
        [ProgramDay(week=week, position=day.position, title=day.title) for day in days]
    )
    copies = []
    for original, copy in zip(days, new_days, strict=True):
        for item in original.prescriptions.all():
            item.pk = None
            item.id = None
            item._state.adding = True
            item.day = copy
            copies.append(item)
    Prescription.objects.bulk_create(copies)


def _days_with_prescriptions():
    return Prefetch(
        "days",
        queryset=ProgramDay.objects.order_by("position").prefetch_related(
            Prefetch("prescriptions", queryset=Prescription.objects.order_by("position", "pk"))
        ),
    )


@transaction.atomic
def duplicate_week(*, week: ProgramWeek) -> ProgramWeek:
    """A deep copy of the week, its days and their prescriptions, added after the last week;
    ProgramFull when the program has all its weeks or the copy's items would take it past
    MAX_ITEMS_PER_PROGRAM. The copy is no bigger than the week, so its days and each day's
    items are within their caps when the week's are."""
    source = ProgramWeek.objects.prefetch_related(_days_with_prescriptions()).get(pk=week.pk)
    days = list(source.days.all())
    _check_program_items(week.program_id, sum(len(day.prescriptions.all()) for day in days))
    copy = add_week(program=week.program, focus=source.focus)
    _copy_days(days, copy)
    return copy


@transaction.atomic
def duplicate_program(*, program: Program, owner) -> Program:
    """A deep copy that `owner` can edit: built-in programs are read-only, copies are not."""
    copy = Program.objects.create(
        name=f"{program.name} (my copy)"[: Program._meta.get_field("name").max_length],
        description=program.description,
        owner=owner,
    )
    weeks = program.weeks.order_by("number").prefetch_related(_days_with_prescriptions())
    for week in weeks:
        new_week = ProgramWeek.objects.create(program=copy, number=week.number, focus=week.focus)
        _copy_days(list(week.days.all()), new_week)
    return copy
