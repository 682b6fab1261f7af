"""Issue #24, "Training integrity": each case of its "Why" list, against the database and the
catalog's own gates (seeded with their floors by a migration)."""

import datetime

import pytest

from exercises.catalog import load_catalog
from exercises.models import Exercise, Prerequisite
from programs.engine import trainee_state
from programs.planning.weekplan import week_plan
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import (
    EnrolmentFactory,
    PrescriptionFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def _bird_dog_session(enrolment, day, *, sets, hold_s, tempo, eccentric_s):
    """A bird-dog session that met its own prescription: `sets` × `hold_s` s at `tempo`."""
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=day)
    bird_dog = Exercise.objects.get(slug="bird-dog")
    for number in range(1, sets + 1):
        SetLogFactory(
            session=session,
            exercise=bird_dog,
            set_number=number,
            target_sets=sets,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=hold_s,
            target_tempo=tempo,
            reps=None,
            hold_s=hold_s,
            eccentric_s=eccentric_s,
        )
    return session


def test_the_catalog_gates_carry_the_floors_of_their_prerequisites():
    rule = Prerequisite.objects.get(
        exercise__slug="standing-dumbbell-row", required__slug="bird-dog"
    )

    assert (rule.min_sets, rule.min_reps, rule.min_hold_s, rule.min_lowering_s) == (3, 0, 10, 2)


def test_self_prescribed_one_second_bird_dogs_do_not_unlock_the_loaded_row(trainee):
    enrolment = EnrolmentFactory(trainee=trainee)
    for days_ago in (1, 3, 5):
        day = TODAY - datetime.timedelta(days=days_ago)
        _bird_dog_session(enrolment, day, sets=1, hold_s=1, tempo="0-0-0-0", eccentric_s=None)

    gate = trainee_state(trainee, TODAY).gate("standing-dumbbell-row")

    assert not gate.unlocked
    assert "not the gate floor: at least 3 sets of 10 s held, lowering 2 s or more" in (gate.reason)


def test_bird_dogs_at_the_floor_unlock_the_loaded_row(trainee):
    enrolment = EnrolmentFactory(trainee=trainee)
    for days_ago in (1, 3, 5):
        day = TODAY - datetime.timedelta(days=days_ago)
        _bird_dog_session(enrolment, day, sets=3, hold_s=10, tempo="2-1-2-0", eccentric_s=2)

    assert trainee_state(trainee, TODAY).is_unlocked("standing-dumbbell-row")


def test_fridays_session_logged_on_wednesday_is_done_on_wednesday(trainee):
    wednesday, friday = datetime.date(2026, 3, 4), datetime.date(2026, 3, 6)
    enrolment = EnrolmentFactory(trainee=trainee)
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=friday)
    PrescriptionFactory(day=session.program_day, exercise=ExerciseFactory())
    SetLogFactory(session=session, performed_on=wednesday)

    plan = week_plan(trainee=trainee, monday=datetime.date(2026, 3, 2), today=wednesday)

    [day] = plan.days
    assert day.done_on == wednesday


def test_bird_dogs_logged_early_on_one_afternoon_keep_the_hold_at_ten_seconds(trainee):
    wednesday = datetime.date(2026, 3, 4)
    enrolment = EnrolmentFactory(trainee=trainee)
    for _ in range(4):
        _bird_dog_session(enrolment, wednesday, sets=3, hold_s=10, tempo="2-1-2-0", eccentric_s=2)

    targets = trainee_state(trainee, wednesday).decision("bird-dog").targets

    assert (targets.hold_s, targets.change) == (10, "hold")


def test_a_catalog_gate_created_again_gets_its_floor(trainee):
    Prerequisite.objects.filter(required__slug="bird-dog").delete()
    load_catalog()

    rule = Prerequisite.objects.get(
        exercise__slug="standing-dumbbell-row", required__slug="bird-dog"
    )
    assert (rule.min_sets, rule.min_hold_s, rule.min_lowering_s) == (3, 10, 2)
