"""The built-in starter program ships with the schema and loads idempotently."""

import copy

import pytest

from exercises.models import Kind
from programs.authoring.starter import load_starter_program
from programs.authoring.starter_program import STARTER_PROGRAM
from programs.models import Prescription, Program, ProgramDay

pytestmark = pytest.mark.django_db


def starter() -> Program:
    return Program.objects.get(slug=STARTER_PROGRAM["slug"])


def test_a_migrated_database_has_the_built_in_starter_program_with_eight_weeks():
    program = starter()
    assert program.is_builtin
    assert program.name == STARTER_PROGRAM["name"]
    assert list(program.weeks.values_list("number", flat=True)) == list(range(1, 9))
    assert all(week.days.count() >= 1 for week in program.weeks.all())


def test_every_starter_day_opens_with_foundational_work():
    days = ProgramDay.objects.filter(week__program=starter()).prefetch_related(
        "prescriptions__exercise"
    )
    assert days
    for day in days:
        first = day.prescriptions.all()[0]
        assert first.exercise.kind == Kind.FOUNDATIONAL, f"{day} starts with {first.exercise}"


def test_starter_prescriptions_match_the_shipped_content():
    first_day = STARTER_PROGRAM["weeks"][0]["days"][0]
    day = ProgramDay.objects.get(week__program=starter(), week__number=1, position=1)
    assert day.title == first_day["title"]
    assert [p.exercise.slug for p in day.prescriptions.select_related("exercise")] == [
        item["exercise"] for item in first_day["items"]
    ]
    total = sum(len(d["items"]) for w in STARTER_PROGRAM["weeks"] for d in w["days"])
    assert Prescription.objects.filter(day__week__program=starter()).count() == total


def test_loading_the_starter_program_again_changes_nothing():
    before = list(
        Prescription.objects.filter(day__week__program=starter())
        .order_by("pk")
        .values_list("pk", "day_id", "position", "exercise_id", "sets", "tempo", "start_load_kg")
    )

    load_starter_program()

    after = list(
        Prescription.objects.filter(day__week__program=starter())
        .order_by("pk")
        .values_list("pk", "day_id", "position", "exercise_id", "sets", "tempo", "start_load_kg")
    )
    assert after == before
    assert Program.objects.filter(slug=STARTER_PROGRAM["slug"]).count() == 1


def test_reloading_trims_a_day_to_the_shipped_items():
    data = copy.deepcopy(STARTER_PROGRAM)
    data["weeks"][0]["days"][0]["items"] = data["weeks"][0]["days"][0]["items"][:1]

    load_starter_program(data=data)

    day = ProgramDay.objects.get(week__program=starter(), week__number=1, position=1)
    assert day.prescriptions.count() == 1
