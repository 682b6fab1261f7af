import datetime

import factory

from programs.models import (
    CalendarFeed,
    Enrolment,
    GateOverride,
    Prescription,
    Program,
    ProgramDay,
    ProgramWeek,
    SessionComment,
    SetLog,
    TrainingSession,
)
from tests.exercises.factories import ExerciseFactory
from tests.innerback.accounts.factories import CoachFactory, UserFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    description = "A test program."
    owner = None


class ProgramWeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramWeek

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    focus = "Control"


class ProgramDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramDay

    week = factory.SubFactory(ProgramWeekFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = "Activation"


class PrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prescription

    day = factory.SubFactory(ProgramDayFactory)
    position = factory.Sequence(lambda n: n)
    exercise = factory.SubFactory(ExerciseFactory)
    sets = 3
    reps_min = factory.LazyAttribute(lambda p: p.exercise.reps_min)
    reps_max = factory.LazyAttribute(lambda p: p.exercise.reps_max)
    hold_s = factory.LazyAttribute(lambda p: p.exercise.hold_s)
    tempo = "3-1-1-0"
    start_load_kg = None
    rest_s = 60


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    trainee = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    start_date = datetime.date(2026, 1, 5)
    training_days = [0, 2, 4]


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    enrolment = factory.SubFactory(EnrolmentFactory)
    trainee = factory.SelfAttribute("enrolment.trainee")
    program_day = factory.SubFactory(
        ProgramDayFactory, week__program=factory.SelfAttribute("...enrolment.program")
    )
    scheduled_on = datetime.date(2026, 1, 5)


class SetLogFactory(factory.django.DjangoModelFactory):
    """A clean, fully-met set of the session's day's first prescription by default."""

    class Meta:
        model = SetLog

    session = factory.SubFactory(TrainingSessionFactory)
    trainee = factory.SelfAttribute("session.trainee")
    exercise = factory.SubFactory(ExerciseFactory)
    set_number = factory.Sequence(lambda n: n + 1)
    performed_on = factory.SelfAttribute("session.scheduled_on")
    target_sets = 3
    target_reps_min = 8
    target_reps_max = 12
    target_hold_s = None
    target_load = None
    target_tempo = "3-1-1-0"
    reps = 10
    hold_s = None
    load = None
    unit = "kg"
    eccentric_s = 3
    checks_total = 3
    failed_checks = factory.LazyFunction(list)


class SessionCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionComment

    session = factory.SubFactory(TrainingSessionFactory)
    author = factory.SubFactory(CoachFactory)
    body = "Nice steady tempo."


class GateOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateOverride

    trainee = factory.SubFactory(UserFactory)
    exercise = factory.SubFactory(ExerciseFactory, resistance=True)
    granted_by = factory.SubFactory(CoachFactory)
    reason = "Cleared by physio after assessment."


def log_holds(session, exercise, *, target: int, held: int, sets: int = 3) -> None:
    """`sets` clean holds of `held` s logged in `session` against a prescription of `target` s
    (tempo 2-1-2-0, lowering 2 s)."""
    for number in range(1, sets + 1):
        SetLogFactory(
            session=session,
            exercise=exercise,
            set_number=number,
            target_sets=sets,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=target,
            target_tempo="2-1-2-0",
            reps=None,
            hold_s=held,
            eccentric_s=2,
        )


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    owner = factory.SubFactory(UserFactory)
