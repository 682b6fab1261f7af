"""Shared set-up for the logging tests: a trainee's session with a foundational hold, a
foundational reps exercise and a resistance exercise gated behind the hold."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from exercises.models import Exercise
from programs.models import Enrolment, ExerciseProgress, Prescription, SetLog, TrainingSession
from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory
from tests.programs.factories import (
    EnrolmentFactory,
    PrescriptionFactory,
    ProgramDayFactory,
    SetLogFactory,
    TrainingSessionFactory,
)


@dataclass
class Day:
    enrolment: Enrolment
    session: TrainingSession
    hold: Prescription  # bird-dog style hold, 3 × 10 s, tempo 2-1-2-0
    reps: Prescription  # foundational reps, 3 × 8–12, tempo 3-1-1-0
    row: Prescription  # resistance, 3 × 8–12 at 10 kg, gated behind the hold

    @property
    def bird_dog(self) -> Exercise:
        return self.hold.exercise

    @property
    def row_exercise(self) -> Exercise:
        return self.row.exercise


def catalog() -> tuple[Exercise, Exercise, Exercise]:
    bird_dog = ExerciseFactory(
        slug="log-bird-dog",
        name="Test bird-dog",
        hold=True,
        default_tempo="2-1-2-0",
        form_checks="Torso stayed still\nHips stayed level\nNeck stayed long",
    )
    tilt = ExerciseFactory(slug="log-pelvic-tilt", name="Test pelvic tilt")
    row = ExerciseFactory(
        slug="log-row",
        name="Test standing row",
        resistance=True,
        default_tempo="3-0-1-1",
        form_checks="Torso stayed still\nSpine stayed neutral",
    )
    PrerequisiteFactory(exercise=row, required=bird_dog, sessions=3, window_days=14)
    return bird_dog, tilt, row


def make_day(trainee, on: datetime.date, enrolment: Enrolment | None = None) -> Day:
    bird_dog, tilt, row = catalog()
    enrolment = enrolment or EnrolmentFactory(trainee=trainee, start_date=on)
    program_day = ProgramDayFactory(week__program=enrolment.program)
    session = TrainingSessionFactory(enrolment=enrolment, program_day=program_day, scheduled_on=on)
    hold = PrescriptionFactory(
        day=program_day, position=1, exercise=bird_dog, sets=3, hold_s=10, tempo="2-1-2-0"
    )
    reps = PrescriptionFactory(day=program_day, position=2, exercise=tilt, sets=3, tempo="3-1-1-0")
    row_item = PrescriptionFactory(
        day=program_day,
        position=3,
        exercise=row,
        sets=3,
        tempo="3-0-1-1",
        start_load_kg=Decimal("10"),
    )
    return Day(enrolment, session, hold, reps, row_item)


def another_session(day: Day, on: datetime.date) -> TrainingSession:
    """A session of the same program day on another date (the factories allow it for tests)."""
    program_day = ProgramDayFactory(week__program=day.enrolment.program)
    for prescription in (day.hold, day.reps, day.row):
        PrescriptionFactory(
            day=program_day,
            position=prescription.position,
            exercise=prescription.exercise,
            sets=prescription.sets,
            hold_s=prescription.hold_s,
            tempo=prescription.tempo,
            start_load_kg=prescription.start_load_kg,
        )
    return TrainingSessionFactory(enrolment=day.enrolment, program_day=program_day, scheduled_on=on)


def qualify_bird_dog(day: Day, on: datetime.date) -> TrainingSession:
    """A past session with three clean, full bird-dog holds."""
    session = TrainingSessionFactory(enrolment=day.enrolment, scheduled_on=on)
    for number in (1, 2, 3):
        SetLogFactory(
            session=session,
            exercise=day.bird_dog,
            set_number=number,
            target_sets=3,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=10,
            target_tempo="2-1-2-0",
            reps=None,
            hold_s=10,
            eccentric_s=2,
        )
    return session


def log_url(session: TrainingSession, prescription: Prescription) -> str:
    return reverse("programs:log_set", args=[session.pk, prescription.pk])


def hold_post(set_number: int = 1, **overrides) -> dict:
    data = {
        "client_token": str(uuid.uuid4()),
        "set_number": str(set_number),
        "hold_s": "10",
        "eccentric_s": "2",
        "checks": ["Torso stayed still", "Hips stayed level", "Neck stayed long"],
        "effort_rpe": "",
        "note": "",
    }
    data.update(overrides)
    return data


def reps_post(set_number: int = 1, **overrides) -> dict:
    data = {
        "client_token": str(uuid.uuid4()),
        "set_number": str(set_number),
        "reps": "10",
        "eccentric_s": "3",
        "checks": ["Torso stayed still", "Lowered over 3 seconds", "Spine stayed neutral"],
    }
    data.update(overrides)
    return data


def row_post(set_number: int = 1, **overrides) -> dict:
    data = {
        "client_token": str(uuid.uuid4()),
        "set_number": str(set_number),
        "reps": "10",
        "load": "10",
        "eccentric_s": "3",
        "checks": ["Torso stayed still", "Spine stayed neutral"],
    }
    data.update(overrides)
    return data


def live_sets(session: TrainingSession):
    return SetLog.objects.live().filter(session=session)


def year_of_history(day: Day, today: datetime.date, weeks: int = 52) -> int:
    """Three sessions a week for `weeks` weeks before `today`, each with every set of the
    three exercises logged (the row at 8 kg, one set with a missed check). Returns the number
    of sets created."""
    from programs.models import ProgramDay, ProgramWeek

    week = ProgramWeek.objects.create(program=day.enrolment.program, number=900)
    dates = [
        today - datetime.timedelta(days=7 * w + offset)
        for w in range(1, weeks + 1)
        for offset in (0, 2, 4)
    ]
    program_days = ProgramDay.objects.bulk_create(
        ProgramDay(week=week, position=i + 1, title="History") for i in range(len(dates))
    )
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            enrolment=day.enrolment,
            trainee=day.enrolment.trainee,
            program_day=program_day,
            scheduled_on=on,
        )
        for program_day, on in zip(program_days, dates, strict=True)
    )
    sets = []
    for session in sessions:
        for number in (1, 2, 3):
            common = {
                "trainee": day.enrolment.trainee,
                "session": session,
                "set_number": number,
                "performed_on": session.scheduled_on,
                "target_sets": 3,
                "eccentric_s": 3,
                "checks_total": 3,
            }
            sets.append(
                SetLog(
                    exercise=day.bird_dog,
                    target_hold_s=10,
                    target_tempo="2-1-2-0",
                    hold_s=10,
                    **common,
                )
            )
            sets.append(
                SetLog(
                    exercise=day.reps.exercise,
                    target_reps_min=8,
                    target_reps_max=12,
                    target_tempo="3-1-1-0",
                    reps=10,
                    **common,
                )
            )
            sets.append(
                SetLog(
                    exercise=day.row_exercise,
                    target_reps_min=8,
                    target_reps_max=12,
                    target_tempo="3-0-1-1",
                    target_load=Decimal("8"),
                    reps=10,
                    load=Decimal("8"),
                    failed_checks=["Spine stayed neutral"] if number == 3 else [],
                    **common,
                )
            )
    SetLog.objects.bulk_create(sets)
    # Bulk inserts skip SetLog.save, which keeps the stored progress.
    ExerciseProgress.objects.refresh_trainees({s.trainee_id for s in sets})
    return len(sets)
