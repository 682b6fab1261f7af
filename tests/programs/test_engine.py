"""The database side of the engine: history loading, plan items, query bounds."""

import datetime
from decimal import Decimal

import pytest

from exercises.models import Prerequisite
from programs.engine import next_set_load, planned_items, read_prescriptions, trainee_state
from programs.models import PrescriptionAdjustment
from programs.training.logging import delete_set
from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory
from tests.programs.factories import (
    EnrolmentFactory,
    GateOverrideFactory,
    PrescriptionFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def gate():
    bird_dog = ExerciseFactory(slug="t-bird-dog", name="T bird-dog", hold=True)
    row = ExerciseFactory(slug="t-row", name="T row", resistance=True)
    PrerequisiteFactory(exercise=row, required=bird_dog, sessions=3, window_days=14)
    return bird_dog, row


def _qualifying_session(trainee, enrolment, exercise, day, sets=3):
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=day)
    for number in range(1, sets + 1):
        SetLogFactory(
            session=session,
            exercise=exercise,
            set_number=number,
            target_sets=sets,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=10,
            reps=None,
            hold_s=10,
            target_tempo="2-1-2-0",
            eccentric_s=2,
        )
    return session


def test_locked_resistance_item_carries_the_gate_reason_and_the_work_to_do_instead(trainee, gate):
    bird_dog, row = gate
    enrolment = EnrolmentFactory(trainee=trainee)
    _qualifying_session(trainee, enrolment, bird_dog, TODAY - datetime.timedelta(days=2))
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=TODAY)
    PrescriptionFactory(day=session.program_day, exercise=row, start_load_kg=Decimal("6"))

    state = trainee_state(trainee, TODAY)
    [item] = planned_items(trainee=trainee, sessions=[session], state=state)[session.pk]

    assert item.locked
    assert "T bird-dog: 1 of 3 qualifying sessions in the last 14 days" in item.reason
    assert item.substitutes == [bird_dog]


def test_three_qualifying_days_unlock_the_row_at_the_planned_load(trainee, gate):
    bird_dog, row = gate
    enrolment = EnrolmentFactory(trainee=trainee)
    for days_ago in (1, 3, 5):
        _qualifying_session(trainee, enrolment, bird_dog, TODAY - datetime.timedelta(days_ago))
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=TODAY)
    PrescriptionFactory(day=session.program_day, exercise=row, start_load_kg=Decimal("6"))

    state = trainee_state(trainee, TODAY)
    [item] = planned_items(trainee=trainee, sessions=[session], state=state)[session.pk]

    assert not item.locked
    assert item.load == Decimal("6")
    assert item.change == "start"


def test_an_override_unlocks_for_that_trainee_only(trainee, other_trainee, gate):
    _, row = gate
    GateOverrideFactory(
        trainee=trainee,
        exercise=row,
        reason="Physio cleared it",
        created_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )

    assert trainee_state(trainee, TODAY).is_unlocked(row)
    assert not trainee_state(other_trainee, TODAY).is_unlocked(row)
    assert "Physio cleared it" in trainee_state(trainee, TODAY).decision(row).gate.reason


def test_planned_load_follows_the_trainees_unit_and_plate_step(trainee, gate):
    _, row = gate
    trainee.load_unit = "lb"
    trainee.save()
    GateOverrideFactory(
        trainee=trainee, exercise=row, created_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    )
    session = TrainingSessionFactory(enrolment=EnrolmentFactory(trainee=trainee))
    PrescriptionFactory(day=session.program_day, exercise=row, start_load_kg=Decimal("6"))

    state = trainee_state(trainee, TODAY)
    [item] = planned_items(trainee=trainee, sessions=[session], state=state)[session.pk]

    # 6 kg is 13.2 lb; the row's 2 lb step rounds it down to 12 lb.
    assert (item.load, item.unit) == (Decimal("12"), "lb")


def test_a_coach_adjustment_changes_the_item_for_that_client(trainee, gate):
    bird_dog, _ = gate
    enrolment = EnrolmentFactory(trainee=trainee)
    session = TrainingSessionFactory(enrolment=enrolment)
    prescription = PrescriptionFactory(day=session.program_day, exercise=bird_dog, sets=3)
    PrescriptionAdjustment.objects.create(
        enrolment=enrolment, prescription=prescription, sets=2, note="Two sets this week"
    )

    state = trainee_state(trainee, TODAY)
    [item] = planned_items(trainee=trainee, sessions=[session], state=state)[session.pk]

    assert (item.sets, item.notes, item.adjusted) == (2, "Two sets this week", True)


def test_failed_form_check_lowers_the_next_set_load(trainee, gate):
    _, row = gate
    session = TrainingSessionFactory(
        enrolment=EnrolmentFactory(trainee=trainee), scheduled_on=TODAY
    )
    SetLogFactory(session=session, exercise=row, set_number=1, load=Decimal("10"))
    SetLogFactory(
        session=session,
        exercise=row,
        set_number=2,
        load=Decimal("12"),
        failed_checks=["Torso stayed still"],
    )

    decision = next_set_load(
        trainee=trainee, session=session, exercise=row, planned_load=Decimal("10")
    )

    assert (decision.load, decision.change) == (Decimal("10"), "reduce")
    assert "Form broke on set 2" in decision.reason


def test_deleted_sets_do_not_count(trainee, gate):
    bird_dog, row = gate
    enrolment = EnrolmentFactory(trainee=trainee)
    for days_ago in (1, 3, 5):
        session = _qualifying_session(
            trainee, enrolment, bird_dog, TODAY - datetime.timedelta(days_ago)
        )
    for set_log in session.sets.all():
        delete_set(set_log)

    assert not trainee_state(trainee, TODAY).is_unlocked(row)


def test_state_and_plan_take_the_same_queries_for_short_and_long_histories(
    trainee, gate, django_assert_num_queries
):
    bird_dog, row = gate
    enrolment = EnrolmentFactory(trainee=trainee)
    _qualifying_session(trainee, enrolment, bird_dog, TODAY - datetime.timedelta(days=1))
    sessions = [TrainingSessionFactory(enrolment=enrolment, scheduled_on=TODAY)]
    PrescriptionFactory(day=sessions[0].program_day, exercise=row)

    def measure() -> None:
        state = trainee_state(trainee, TODAY)
        planned_items(trainee=trainee, sessions=sessions, state=state)

    with django_assert_num_queries(6):
        measure()
    for week in range(52):
        _qualifying_session(trainee, enrolment, bird_dog, TODAY - datetime.timedelta(7 * week))
    with django_assert_num_queries(6):
        measure()


def _fresh(user):
    user.refresh_from_db()
    return user


def test_a_catalog_edit_is_decided_afresh(trainee, gate):
    bird_dog, row = gate
    enrolment = EnrolmentFactory(trainee=trainee)
    _qualifying_session(trainee, enrolment, bird_dog, TODAY - datetime.timedelta(days=1))
    assert not trainee_state(_fresh(trainee), TODAY).is_unlocked(row)

    rule = Prerequisite.objects.get(exercise=row)
    rule.sessions = 1
    rule.save()

    assert trainee_state(trainee, TODAY).is_unlocked(row)


def test_prescriptions_are_read_in_program_order_with_catalog_exercises(
    django_assert_num_queries,
):
    first_day = PrescriptionFactory(position=2).day
    later = PrescriptionFactory(day=first_day, position=1)
    earlier_added_last = PrescriptionFactory(day=first_day, position=0)
    other_day = PrescriptionFactory()
    elsewhere = PrescriptionFactory()

    catalog = [p.exercise for p in (later, earlier_added_last, other_day)]
    catalog.append(PrescriptionFactory._meta.model.objects.get(day=first_day, position=2).exercise)
    with django_assert_num_queries(1):
        read = read_prescriptions([other_day.day_id, first_day.pk], catalog)
        assert read[0].exercise.slug

    assert [p.day_id for p in read] == sorted(p.day_id for p in read)
    on_first_day = [p for p in read if p.day_id == first_day.pk]
    assert [p.position for p in on_first_day] == [0, 1, 2]
    assert on_first_day[:2] == [earlier_added_last, later]
    assert elsewhere not in read
    assert read[0].exercise.slug
    assert read_prescriptions([first_day.pk], catalog, pk=later.pk) == [later]
    assert read_prescriptions([other_day.day_id], catalog, pk=later.pk) == []
    assert read_prescriptions([], catalog) == []
