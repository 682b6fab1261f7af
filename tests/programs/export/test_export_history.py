"""The log CSV keeps history as it was (issue #24, item 3): a logged set exports the tempo that
was prescribed when it was logged and what was done, whatever the program, the coach or the
engine say since. No column is added or renamed (docs/export.md)."""

import datetime

import pytest

from programs.models import PrescriptionAdjustment
from tests.exercises.factories import ExerciseFactory
from tests.programs.export.test_export import HEADER, OWN, body, download, log, session_for
from tests.programs.factories import PrescriptionFactory

pytestmark = pytest.mark.django_db


def test_a_logged_hold_exports_as_logged_after_the_program_and_the_coach_change_it(client, trainee):
    session = session_for(trainee, datetime.date(2026, 2, 11))
    bridge = ExerciseFactory(name="Bridge", hold=True)
    prescription = PrescriptionFactory(
        day=session.program_day, exercise=bridge, sets=3, hold_s=25, tempo="2-1-2-0"
    )
    log(
        session,
        bridge,
        prescription=prescription,
        target_hold_s=25,
        target_tempo="2-1-2-0",
        target_reps_min=None,
        target_reps_max=None,
        reps=None,
        hold_s=25,
    )
    prescription.hold_s, prescription.tempo = 30, "4-0-4-0"
    prescription.save()
    PrescriptionAdjustment.objects.create(
        enrolment=session.enrolment, prescription=prescription, hold_s=35, tempo="5-0-5-0"
    )
    client.force_login(trainee)

    [row] = download(client, OWN)

    assert (row["hold_s"], row["reps"], row["tempo"]) == ("25", "", "2-1-2-0")
    assert body(client.get(OWN)).startswith(HEADER + "\r\n")
