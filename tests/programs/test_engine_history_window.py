"""How far back the engine reads: 120 days, the longest a gate may look back."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.engine import planned_items, trainee_state
from programs.models import HISTORY_DAYS
from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory
from tests.programs.factories import (
    EnrolmentFactory,
    PrescriptionFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def row():
    return ExerciseFactory(slug="w-row", name="W row", resistance=True)


def _row_session(trainee, enrolment, row, days_ago: int, load: str):
    session = TrainingSessionFactory(
        enrolment=enrolment, scheduled_on=TODAY - datetime.timedelta(days=days_ago)
    )
    for number in (1, 2, 3):
        SetLogFactory(session=session, exercise=row, set_number=number, load=Decimal(load))
    return session


def _start_load(trainee, enrolment, row) -> Decimal | None:
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=TODAY)
    PrescriptionFactory(day=session.program_day, exercise=row, start_load_kg=Decimal("6"))
    state = trainee_state(trainee, TODAY)
    [item] = planned_items(trainee=trainee, sessions=[session], state=state)[session.pk]
    return item.load


def test_the_last_working_load_carries_over_within_120_days(trainee, row):
    enrolment = EnrolmentFactory(trainee=trainee)
    _row_session(trainee, enrolment, row, days_ago=HISTORY_DAYS - 1, load="12")

    assert _start_load(trainee, enrolment, row) == Decimal("12")


def test_after_a_break_of_more_than_120_days_the_planned_load_applies_again(trainee, row):
    enrolment = EnrolmentFactory(trainee=trainee)
    _row_session(trainee, enrolment, row, days_ago=HISTORY_DAYS, load="12")

    assert trainee_state(trainee, TODAY).history == []
    assert _start_load(trainee, enrolment, row) == Decimal("6")


def test_a_gate_may_look_back_no_further_than_the_engine_reads(row):
    required = ExerciseFactory(slug="w-bird-dog", name="W bird-dog", hold=True)
    rule = PrerequisiteFactory(exercise=row, required=required, sessions=1, window_days=200)

    with pytest.raises(ValidationError, match="120"):
        rule.full_clean()
