import pytest

from tests.programs.factories import (
    GateOverrideFactory,
    PrescriptionFactory,
    SessionCommentFactory,
    SetLogFactory,
)


@pytest.mark.django_db
def test_factories_build_consistent_objects():
    log = SetLogFactory()
    assert log.trainee == log.session.trainee == log.session.enrolment.trainee
    assert log.session.program_day.week.program == log.session.enrolment.program
    assert PrescriptionFactory().day.week.program
    assert SessionCommentFactory().session
    assert GateOverrideFactory().exercise.is_resistance
