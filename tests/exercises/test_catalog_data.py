"""The shipped catalog: what the data migration leaves in a fresh database, and its loader."""

import pytest
from django.core.exceptions import ValidationError

from exercises import catalog_data
from exercises.catalog import load_catalog
from exercises.models import (
    Equipment,
    Exercise,
    Muscle,
    Prerequisite,
    UniversalCue,
    depends_on,
    requirement_map,
    validate_tempo,
)

pytestmark = pytest.mark.django_db

SEED_SLUGS = {
    "bird-dog",
    "prone-back-extension",
    "pelvic-tilt",
    "segmental-bridge",
    "standing-dumbbell-row",
    "single-leg-dumbbell-row",
    "back-extension-45",
    "romanian-deadlift",
}
RESISTANCE = {
    "standing-dumbbell-row",
    "single-leg-dumbbell-row",
    "back-extension-45",
    "romanian-deadlift",
}


def catalog_counts() -> dict[str, int]:
    return {
        "exercises": Exercise.objects.count(),
        "muscles": Muscle.objects.count(),
        "equipment": Equipment.objects.count(),
        "cues": UniversalCue.objects.count(),
        "gates": Prerequisite.objects.count(),
        "progressions": Exercise.progressions.through.objects.count(),
        "muscle_links": Exercise.muscles.through.objects.count(),
        "equipment_links": Exercise.equipment.through.objects.count(),
    }


def test_a_migrated_database_holds_every_seed_exercise_with_the_right_kind():
    exercises = {exercise.slug: exercise for exercise in Exercise.objects.all()}

    assert set(exercises) == SEED_SLUGS
    assert {slug for slug, exercise in exercises.items() if exercise.is_resistance} == RESISTANCE


@pytest.mark.parametrize("slug", sorted(SEED_SLUGS))
def test_each_exercise_is_complete_enough_to_teach(slug):
    exercise = Exercise.objects.get(slug=slug)

    assert exercise.summary and exercise.setup
    assert len(exercise.step_list) >= 3
    assert len(exercise.cue_list) >= 3
    assert len(exercise.fault_list) >= 2
    assert len(exercise.form_check_list) >= 3
    assert exercise.muscles.exists()
    assert exercise.equipment.exists()
    validate_tempo(exercise.default_tempo)
    exercise.full_clean()  # rep range or hold time, tempo, and every other field rule


@pytest.mark.parametrize("slug", sorted(RESISTANCE))
def test_resistance_work_has_a_load_increment_in_both_units(slug):
    exercise = Exercise.objects.get(slug=slug)

    assert exercise.load_increment_kg > 0
    assert exercise.load_increment_lb > 0


def test_lists_keep_their_order_one_item_per_line():
    bird_dog = Exercise.objects.get(slug="bird-dog")
    source = next(entry for entry in catalog_data.EXERCISES if entry["slug"] == "bird-dog")

    assert bird_dog.step_list == source["steps"]
    assert bird_dog.form_check_list == source["form_checks"]


def test_every_resistance_exercise_sits_behind_a_gate_and_foundational_work_does_not():
    gated = set(Prerequisite.objects.values_list("exercise__slug", flat=True))

    assert gated == RESISTANCE
    assert Prerequisite.objects.count() == len(catalog_data.GATES) >= 4


def test_gates_chain_single_leg_row_behind_the_standing_row():
    rule = Prerequisite.objects.get(
        exercise__slug="single-leg-dumbbell-row", required__slug="standing-dumbbell-row"
    )

    assert (rule.sessions, rule.window_days) == (3, 14)


def test_the_gates_form_no_cycle():
    requirements = requirement_map(
        Prerequisite.objects.values_list("exercise__slug", "required__slug")
    )

    for slug in SEED_SLUGS:
        for required in requirements.get(slug, ()):
            assert not depends_on(requirements, required, slug), f"{slug} ↔ {required}"


def test_progressions_follow_the_gates_and_regressions_read_them_backwards():
    gate_pairs = set(Prerequisite.objects.values_list("required__slug", "exercise__slug"))
    progression_pairs = {
        (exercise.slug, progression.slug)
        for exercise in Exercise.objects.prefetch_related("progressions")
        for progression in exercise.progressions.all()
    }

    assert progression_pairs == gate_pairs
    standing_row = Exercise.objects.get(slug="standing-dumbbell-row")
    assert set(standing_row.regressions.values_list("slug", flat=True)) == {"bird-dog"}


def test_universal_cues_are_present_in_order():
    assert list(UniversalCue.objects.values_list("text", flat=True)) == (
        catalog_data.UNIVERSAL_CUES
    )


def test_loading_the_catalog_again_changes_no_counts():
    before = catalog_counts()

    load_catalog()
    load_catalog()

    assert catalog_counts() == before
    assert before["exercises"] == 8


def test_loading_restores_shipped_text_but_keeps_what_staff_added():
    Exercise.objects.filter(slug="bird-dog").update(summary="Reworded by staff")
    UniversalCue.objects.create(position=99, text="A gym's own house rule")

    load_catalog()

    assert Exercise.objects.get(slug="bird-dog").summary.startswith("On hands and knees")
    assert UniversalCue.objects.filter(text="A gym's own house rule").exists()


def test_loading_restores_deleted_gates_cues_and_links():
    before = catalog_counts()
    Prerequisite.objects.all().delete()
    UniversalCue.objects.all().delete()
    Exercise.progressions.through.objects.all().delete()
    Exercise.muscles.through.objects.all().delete()

    load_catalog()

    assert catalog_counts() == before


def test_a_gate_that_would_close_a_loop_is_refused():
    # Bird-dog already unlocks the standing row; making bird-dog wait for the row would
    # lock both forever.
    loop = Prerequisite(
        exercise=Exercise.objects.get(slug="bird-dog"),
        required=Exercise.objects.get(slug="single-leg-dumbbell-row"),
    )

    with pytest.raises(ValidationError) as error:
        loop.full_clean()

    assert "already depends on this one" in str(error.value)


def test_an_exercise_cannot_gate_itself():
    bird_dog = Exercise.objects.get(slug="bird-dog")

    with pytest.raises(ValidationError, match="its own prerequisite"):
        Prerequisite(exercise=bird_dog, required=bird_dog).full_clean()


def test_an_existing_gate_still_validates_when_edited():
    rule = Prerequisite.objects.get(
        exercise__slug="single-leg-dumbbell-row", required__slug="standing-dumbbell-row"
    )
    rule.sessions = 4

    rule.full_clean()
