from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from exercises.models import (
    Exercise,
    Measure,
    Prerequisite,
    describe_tempo,
    parse_tempo,
    tempo_eccentric_seconds,
    validate_tempo,
)


@pytest.mark.parametrize("tempo", ["3-1-1-0", "4-0-1-0", "10-2-1-1", "0-0-0-0"])
def test_tempo_accepts_four_numbers_of_seconds(tempo):
    validate_tempo(tempo)


@pytest.mark.parametrize(
    "tempo", ["", "3-1-1", "3-1-1-0-0", "3/1/1/0", "a-1-1-0", "3-1-1-X", "100-1-1-0", " 3-1-1-0"]
)
def test_tempo_rejects_anything_else_with_a_clear_message(tempo):
    with pytest.raises(ValidationError, match="four numbers of seconds"):
        validate_tempo(tempo)


def test_tempo_reads_in_words_lowering_first():
    assert describe_tempo("3-1-1-0") == "3 s lowering, 1 s pause, 1 s lifting, no pause"
    assert describe_tempo("4-0-2-1") == "4 s lowering, no pause, 2 s lifting, 1 s pause"
    assert describe_tempo("nonsense") == ""


def test_a_reps_prescription_reads_sets_range_and_tempo():
    exercise = Exercise(
        default_sets=3, measure=Measure.REPS, reps_min=8, reps_max=12, default_tempo="3-1-1-0"
    )

    assert exercise.prescription_text == "3 × 8–12 reps, tempo 3-1-1-0"


def test_a_fixed_rep_count_is_not_written_as_a_range():
    exercise = Exercise(default_sets=2, reps_min=5, reps_max=5, default_tempo="4-1-1-0")

    assert exercise.prescription_text == "2 × 5 reps, tempo 4-1-1-0"


def test_a_hold_prescription_reads_sets_and_seconds():
    exercise = Exercise(default_sets=3, measure=Measure.HOLD, hold_s=10, default_tempo="2-1-2-0")

    assert exercise.prescription_text == "3 × 10 s hold"


def test_a_tempo_reads_as_four_phases_lowering_first():
    assert parse_tempo("3-1-1-0") == (3, 1, 1, 0)
    assert parse_tempo("10-0-2-12") == (10, 0, 2, 12)


@pytest.mark.parametrize(
    "tempo", ["", None, "3-1-1", "3-1-1-0-0", "3-1-1-x", "100-1-1-0", "3 - 1 - 1 - 0", "3-1-1-0\n"]
)
def test_anything_but_four_numbers_of_seconds_is_not_a_tempo(tempo):
    assert parse_tempo(tempo) is None
    assert describe_tempo(tempo) == ""
    assert tempo_eccentric_seconds(tempo) == 0
    with pytest.raises(ValidationError):
        validate_tempo(tempo)


def test_the_lowering_of_a_tempo_is_its_first_phase():
    assert tempo_eccentric_seconds("4-1-2-0") == 4


def test_load_increments_read_without_trailing_zeros():
    exercise = Exercise(load_increment_kg=Decimal("2.50"), load_increment_lb=Decimal("10.00"))

    assert exercise.load_increment_text == "2.5 kg or 10 lb"


def test_a_gate_rule_reads_in_words_with_singular_and_plural():
    assert Prerequisite(sessions=3, window_days=14).rule_text == (
        "3 qualifying sessions on distinct days within 14 days"
    )
    assert Prerequisite(sessions=1, window_days=1).rule_text == (
        "1 qualifying session within 1 day"
    )


@pytest.mark.django_db
def test_a_bad_tempo_is_refused_when_the_exercise_is_validated():
    exercise = Exercise.objects.get(slug="bird-dog")
    exercise.default_tempo = "slow"

    with pytest.raises(ValidationError) as error:
        exercise.full_clean()

    assert "default_tempo" in error.value.message_dict
