from decimal import Decimal

import factory

from exercises.models import Exercise, Kind, Measure, Prerequisite


class ExerciseFactory(factory.django.DjangoModelFactory):
    """A foundational reps exercise by default; use the traits for holds and loaded work."""

    class Meta:
        model = Exercise
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Test exercise {n}")
    slug = factory.Sequence(lambda n: f"test-exercise-{n}")
    kind = Kind.FOUNDATIONAL
    summary = "A slow, controlled movement."
    setup = "Set up with a neutral spine."
    steps = "Brace the trunk.\nMove slowly.\nReturn under control."
    cues = "Pre-brace.\nNo momentum.\nStay neutral."
    faults = "Rushing the lowering.\nLetting the back arch."
    form_checks = "Torso stayed still\nLowered over 3 seconds\nSpine stayed neutral"
    measure = Measure.REPS
    default_tempo = "3-1-1-0"
    default_sets = 3
    reps_min = 8
    reps_max = 12
    hold_s = None
    rest_s = 60

    class Params:
        hold = factory.Trait(measure=Measure.HOLD, reps_min=None, reps_max=None, hold_s=10)
        resistance = factory.Trait(
            kind=Kind.RESISTANCE,
            load_increment_kg=Decimal("1"),
            load_increment_lb=Decimal("2"),
        )


class PrerequisiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prerequisite

    exercise = factory.SubFactory(ExerciseFactory, resistance=True)
    required = factory.SubFactory(ExerciseFactory)
    sessions = 3
    window_days = 14
