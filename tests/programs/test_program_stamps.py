"""Every change to a program moves the stamp of everyone with a plan of it, and nobody else's:
their pages keep what they show of the program with that stamp (`programs.stamps`)."""

import pytest
from django.utils import timezone

from programs import builder
from tests.programs.factories import (
    EnrolmentFactory,
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramWeekFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(trainee, other_trainee):
    """A program day with a prescription; `trainee` follows the program, and `other_trainee`
    followed it once (an ended plan) and follows another one now."""
    prescription = PrescriptionFactory()
    program = prescription.day.week.program
    EnrolmentFactory(trainee=trainee, program=program)
    EnrolmentFactory(trainee=other_trainee, program=program, ended_at=timezone.now())
    EnrolmentFactory(trainee=other_trainee)
    return prescription


def _stamps(*people) -> list[int]:
    for person in people:
        person.refresh_from_db()
    return [person.training_stamp for person in people]


def _moves(people, change) -> list[bool]:
    before = _stamps(*people)
    change()
    return [after > was for after, was in zip(_stamps(*people), before, strict=True)]


@pytest.mark.parametrize(
    "change",
    [
        lambda p: setattr(p, "sets", 5) or p.save(),
        lambda p: p.delete(),
        lambda p: PrescriptionFactory(day=p.day, position=9),
        lambda p: setattr(p.day, "title", "Anti-rotation") or p.day.save(),
        lambda p: ProgramDayFactory(week=p.day.week, position=9),
        lambda p: setattr(p.day.week, "focus", "Endurance") or p.day.week.save(),
        lambda p: ProgramWeekFactory(program=p.day.week.program, number=9),
        lambda p: setattr(p.day.week.program, "name", "Renamed") or p.day.week.program.save(),
    ],
    ids=[
        "prescription edited",
        "prescription removed",
        "prescription added",
        "day renamed",
        "day added",
        "week edited",
        "week added",
        "program renamed",
    ],
)
def test_a_change_to_a_program_moves_the_stamp_of_its_followers_only(
    followed, trainee, other_trainee, coach, change
):
    assert _moves([trainee, other_trainee, coach], lambda: change(followed)) == [
        True,
        True,
        False,
    ]


def test_removing_a_whole_week_moves_the_stamp_of_its_followers(followed, trainee, coach):
    week = followed.day.week

    assert _moves([trainee, coach], week.delete) == [True, False]


def test_days_copied_in_bulk_move_the_stamp_of_the_programs_followers(followed, trainee, coach):
    target = ProgramWeekFactory(program=followed.day.week.program, number=5)
    days = list(followed.day.week.days.prefetch_related("prescriptions"))

    assert _moves([trainee, coach], lambda: builder._copy_days(days, target)) == [True, False]


def test_a_new_program_moves_nobodys_stamp(trainee, coach):
    assert _moves([trainee, coach], lambda: PrescriptionFactory()) == [False, False]


def test_reordering_a_day_moves_the_stamp_of_the_programs_followers(followed, trainee, coach):
    second = PrescriptionFactory(day=followed.day, position=2)

    assert _moves(
        [trainee, coach], lambda: builder.move_prescription(prescription=second, offset=-1)
    ) == [True, False]
