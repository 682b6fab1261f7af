"""Logged histories for the progress pages: a few sessions by hand, or years of them in bulk."""

import datetime
from decimal import Decimal

from programs.models import ExerciseProgress, ProgramDay, ProgramWeek, SetLog, TrainingSession
from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory
from tests.programs.factories import SetLogFactory, TrainingSessionFactory


def gated_pair():
    """A foundational hold (the prerequisite) and a resistance row behind it: 3 qualifying
    sessions within 14 days open the row."""
    bird_dog = ExerciseFactory(slug="p-bird-dog", name="Trial bird-dog", hold=True)
    row = ExerciseFactory(slug="p-row", name="Trial row", resistance=True)
    PrerequisiteFactory(exercise=row, required=bird_dog, sessions=3, window_days=14)
    return bird_dog, row


def log_session(enrolment, day, sets_by_exercise, *, completed=False):
    """One session on `day`; `sets_by_exercise` maps an exercise to a list of per-set
    overrides (dicts), e.g. {row: [{"load": 6}, {"load": 6, "failed_checks": ["x"]}]}."""
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=day)
    if completed:
        session.completed_at = datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
        session.save()
    for exercise, sets in sets_by_exercise.items():
        for number, fields in enumerate(sets, start=1):
            SetLogFactory(
                session=session,
                exercise=exercise,
                set_number=number,
                target_sets=len(sets),
                **{**set_defaults(exercise), **fields},
            )
    return session


def set_defaults(exercise) -> dict:
    if exercise.is_hold:
        return {
            "target_reps_min": None,
            "target_reps_max": None,
            "target_hold_s": 10,
            "reps": None,
            "hold_s": 10,
            "target_tempo": "2-1-2-0",
            "eccentric_s": 2,
        }
    return {"target_tempo": "3-1-1-0", "reps": 10, "eccentric_s": 3}


def bulk_history(enrolment, *, exercises, first_day, last_day, weekdays=(0, 2, 4)):
    """Three sessions a week of three sets per exercise from `first_day` to `last_day`, made
    with bulk inserts so years of history take seconds. Loads of resistance work climb by one
    kg every two weeks; every tenth session's last set breaks form at a higher load first."""
    week = ProgramWeek.objects.create(program=enrolment.program, number=900)
    days = []
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            days.append(day)
        day += datetime.timedelta(days=1)
    program_days = ProgramDay.objects.bulk_create(
        ProgramDay(week=week, position=index + 1) for index in range(len(days))
    )
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            enrolment=enrolment,
            trainee=enrolment.trainee,
            program_day=program_day,
            scheduled_on=day,
        )
        for program_day, day in zip(program_days, days, strict=True)
    )
    sets = []
    for index, session in enumerate(sessions):
        for exercise in exercises:
            load = Decimal(6 + index // 6) if exercise.is_resistance else None
            for number in range(1, 4):
                broken = exercise.is_resistance and index % 10 == 9 and number == 2
                sets.append(
                    SetLog(
                        trainee=enrolment.trainee,
                        session=session,
                        exercise=exercise,
                        set_number=number,
                        performed_on=session.scheduled_on,
                        target_sets=3,
                        checks_total=3,
                        load=load + 1 if broken else load,
                        failed_checks=["Torso stayed still"] if broken else [],
                        form_ok=not broken,
                        **{"target_reps_min": 8, "target_reps_max": 12, **set_defaults(exercise)},
                    )
                )
    SetLog.objects.bulk_create(sets)
    # Bulk inserts skip SetLog.save, which keeps the stored progress.
    ExerciseProgress.objects.refresh_trainees({s.trainee_id for s in sets})
    return sessions
