"""Writing programs: creating them, adding weeks and days, ordering prescriptions, deep copies.

Positions are 1, 2, 3 ... within their parent, unique there; each change to a day's items
renumbers the whole list, so a list that came in with gaps (older data, factories) comes out
clean. Every change to a program's weeks, days or items locks the program first, so two
changes to one program (two tabs, a double tap) happen one after the other: each takes the
next free number, and none moves a row the other is removing. A create sent twice with the
same form token makes one row (`programs.once`). A program grows only up to the caps in
`programs.limits`; past one, the addition is refused (`ProgramFull`), counted under the lock.
"""

import uuid

from django.db import transaction
from django.db.models import Count, F, Max, Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from programs import once
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


def _lock_program(program_id: int) -> Program:
    """The program, locked until the transaction ends (see the module's docstring)."""
    return Program.objects.select_for_update(no_key=True).get(pk=program_id)


def _still_there[M: Model](rows: QuerySet[M], pk: int) -> M:
    """A row of the locked program, read again under the lock: one removed meanwhile (by
    another tab) is a 404, as if the click had come after."""
    return get_object_or_404(rows, pk=pk)


@transaction.atomic
def create_program(
    *, owner, name: str, description: str = "", client_token: uuid.UUID | None = None
) -> Program:
    """A new, empty program of `owner`'s; the same form sent again gives back the first.
    The owner is locked so the check for the token and the insert are one step."""
    once.locked(owner)
    earlier = once.earlier(Program.objects.filter(owner=owner), client_token)
    if earlier is not None:
        return earlier
    return Program.objects.create(
        owner=owner, name=name, description=description, client_token=client_token
    )


@transaction.atomic
def add_week(
    *, program: Program, focus: str = "", client_token: uuid.UUID | None = None
) -> ProgramWeek:
    """A new week after the last one, with its first (empty) day: a week is trained by its
    days, and the builder adds days to a week that has one. ProgramFull at
    MAX_WEEKS_PER_PROGRAM."""
    program = _lock_program(program.pk)
    earlier = once.earlier(program.weeks.all(), client_token)
    if earlier is not None:
        return earlier
    number = _next_number(
        program.weeks.all(), "number", cap=MAX_WEEKS_PER_PROGRAM, refusal=WEEKS_FULL
    )
    week = ProgramWeek.objects.create(
        program=program, number=number, focus=focus, client_token=client_token
    )
    ProgramDay.objects.create(week=week, position=1)
    return week


@transaction.atomic
def add_day(
    *, week: ProgramWeek, title: str = "", client_token: uuid.UUID | None = None
) -> ProgramDay:
    """A new, empty training day at the end of the week; ProgramFull at MAX_DAYS_PER_WEEK."""
    program = _lock_program(week.program_id)
    week = _still_there(program.weeks.all(), week.pk)
    earlier = once.earlier(week.days.all(), client_token)
    if earlier is not None:
        return earlier
    position = _next_number(week.days.all(), "position", cap=MAX_DAYS_PER_WEEK, refusal=DAYS_FULL)
    return ProgramDay.objects.create(
        week=week, position=position, title=title, client_token=client_token
    )


@transaction.atomic
def append_prescription(prescription: Prescription) -> Prescription:
    """Save a new prescription (its form's `client_token` on it) as the last item of its
    day; the same form sent again gives back the item it saved. ProgramFull at
    MAX_ITEMS_PER_DAY, or at MAX_ITEMS_PER_PROGRAM in the whole program."""
    program = _lock_program(prescription.day.week.program_id)
    day = _still_there(ProgramDay.objects.all(), prescription.day_id)
    earlier = once.earlier(day.prescriptions.all(), prescription.client_token)
    if earlier is not None:
        return earlier
    prescription.position = _next_number(
        day.prescriptions.all(), "position", cap=MAX_ITEMS_PER_DAY, refusal=ITEMS_FULL
    )
    _check_program_items(program.pk, 1)
    prescription.save()
    return prescription


def _renumber(items: list[Prescription]) -> None:
    """Give a day's items (all of them, in their new order) positions 1, 2, 3 ...

    Positions are unique in a day, and the database checks that row by row, so the items
    first move above every position in use, then each into its place: no step lands on a
    place another item still holds."""
    if all(item.position == n for n, item in enumerate(items, start=1)):
        return
    above = max(len(items), *(item.position for item in items)) + 1
    Prescription.objects.filter(pk__in=[item.pk for item in items]).update(
        position=F("position") + above
    )
    for position, item in enumerate(items, start=1):
        item.position = position
    Prescription.objects.bulk_update(items, ["position"])


@transaction.atomic
def move_prescription(*, prescription: Prescription, offset: int) -> None:
    """Move an item up (offset -1) or down (+1) in its day; at either end it stays put."""
    _lock_program(prescription.day.week.program_id)
    items = list(prescription.day.prescriptions.order_by("position", "pk"))
    index = next((i for i, item in enumerate(items) if item.pk == prescription.pk), None)
    if index is None:
        return  # removed meanwhile (another tab): nothing left to move
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items)


@transaction.atomic
def remove_prescription(*, prescription: Prescription) -> None:
    """Remove an item; sets already logged against it keep their prescribed values."""
    _lock_program(prescription.day.week.program_id)
    day = prescription.day
    Prescription.objects.filter(pk=prescription.pk).delete()
    _renumber(list(day.prescriptions.order_by("position", "pk")))


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
    calendars afterwards (`calendar.relay_followers`) so their later days close the gap.
    A day removed meanwhile (the same click twice) is removed once."""
    _lock_program(day.week.program_id)
    day = ProgramDay.objects.select_related("week").filter(pk=day.pk).first()
    if day is None:
        return
    days = ProgramDay.objects.filter(pk=day.pk)
    _check_not_trained(days)
    _drop_sessions(days)
    week, position = day.week, day.position
    day.delete()
    _move_up(week.days.filter(position__gt=position), "position")


@transaction.atomic
def remove_week(*, week: ProgramWeek) -> None:
    """Remove a week nobody has trained on any of its days, with its days and their
    prescriptions; later weeks move up one number. Raises DayInUse otherwise. A week
    removed meanwhile (the same click twice) is removed once."""
    program = _lock_program(week.program_id)
    week = program.weeks.filter(pk=week.pk).first()
    if week is None:
        return
    days = ProgramDay.objects.filter(week=week)
    _check_not_trained(days)
    _drop_sessions(days)
    number = week.number
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
            item.client_token = None  # a copy was made by no form of its own
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
def duplicate_week(*, week: ProgramWeek, client_token: uuid.UUID | None = None) -> ProgramWeek:
    """A deep copy of the week, its days and their prescriptions, added after the last week;
    the same form sent again gives back the first copy. ProgramFull when the program has all
    its weeks or the copy's items would take it past MAX_ITEMS_PER_PROGRAM. The copy is no
    bigger than the week, so its days and each day's items are within their caps when the
    week's are."""
    program = _lock_program(week.program_id)
    earlier = once.earlier(program.weeks.all(), client_token)
    if earlier is not None:
        return earlier
    source = _still_there(ProgramWeek.objects.prefetch_related(_days_with_prescriptions()), week.pk)
    days = list(source.days.all())
    _check_program_items(program.pk, sum(len(day.prescriptions.all()) for day in days))
    copy = ProgramWeek.objects.create(
        program=program,
        number=_next_number(
            program.weeks.all(), "number", cap=MAX_WEEKS_PER_PROGRAM, refusal=WEEKS_FULL
        ),
        focus=source.focus,
        client_token=client_token,
    )
    _copy_days(days, copy)
    return copy


@transaction.atomic
def duplicate_program(*, program: Program, owner, client_token: uuid.UUID | None = None) -> Program:
    """A deep copy that `owner` can edit: built-in programs are read-only, copies are not.
    The same form sent again gives back the first copy."""
    once.locked(owner)
    earlier = once.earlier(Program.objects.filter(owner=owner), client_token)
    if earlier is not None:
        return earlier
    copy = Program.objects.create(
        name=f"{program.name} (my copy)"[: Program._meta.get_field("name").max_length],
        description=program.description,
        owner=owner,
        client_token=client_token,
    )
    weeks = program.weeks.order_by("number").prefetch_related(_days_with_prescriptions())
    for week in weeks:
        new_week = ProgramWeek.objects.create(program=copy, number=week.number, focus=week.focus)
        _copy_days(list(week.days.all()), new_week)
    return copy
