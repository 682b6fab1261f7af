"""A log form's inputs fit its own exercise and unit, and show what was typed and what is
wrong beside it."""

import re
from decimal import Decimal

import pytest
from django.template.loader import get_template

from programs.training.forms import SetLogForm
from tests.exercises.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

TOKEN = "0f3c2b7e-6d8f-4a19-9c51-2f0d6e1b8a44"


def _form(exercise, *, unit="kg", data=None, auto_id="id_7_%s", **initial):
    return SetLogForm(
        data,
        initial={"client_token": TOKEN, "set_number": 1, **initial},
        exercise=exercise,
        unit=unit,
        sets=3,
        auto_id=auto_id,
    )


def _rendered(form) -> str:
    return get_template("programs/session.html#set-fields").render({"form": form})


def test_a_new_form_shows_the_prescribed_values_under_the_exercises_labels():
    shown = _rendered(_form(ExerciseFactory(resistance=True), reps=10, load="8", eccentric_s=3))

    assert 'value="8"' in shown and "Load (kg)" in shown
    assert '<label for="id_7_reps">' in shown
    assert re.search(r'<input type="number" name="reps" value="10"[^>]* id="id_7_reps"', shown)


def test_a_form_sent_back_with_errors_shows_them_and_the_typed_values():
    exercise = ExerciseFactory(resistance=True)
    sent = _form(
        exercise,
        data={"client_token": TOKEN, "set_number": "1", "reps": "abc", "load": "8.5"},
        reps=10,
        load="8",
    )
    sent.is_valid()
    shown = _rendered(sent)

    assert "Enter the reps as a whole number" in shown
    assert 'value="8.5"' in shown
    assert Decimal("8.5") == sent.cleaned_data["load"]
    # The error sits beside its input, which points at it.
    reps = re.search(r'<input [^>]*name="reps"[^>]*>', shown).group(0)
    assert 'aria-invalid="true"' in reps
    assert 'aria-describedby="id_7_reps_error"' in reps
    assert '<div id="id_7_reps_error"><ul class="errors" id="id_7_reps_errors">' in shown


def test_forms_built_one_after_another_each_fit_their_own_exercise_and_unit():
    """Each form sets up its own copy of the fields; no form's set-up reaches another's."""
    barbell = ExerciseFactory(resistance=True, form_checks="Neutral spine\nHips level")
    plank = ExerciseFactory(hold=True, form_checks="Ribs down")

    sent = {"client_token": TOKEN, "set_number": "1"}
    kg = _form(barbell, data={**sent, "reps": "10", "load": "500", "checks": ["Ribs down"]})
    lb = _form(barbell, unit="lb", data={**sent, "reps": "10", "load": "500"})
    held = _form(plank, unit="lb", data={**sent, "hold_s": "20", "checks": ["Ribs down"]})
    kg_again = _form(barbell, data={**sent, "reps": "10", "load": "8", "checks": ["Hips level"]})

    assert set(kg.errors) == {"load", "checks"}  # 400 kg at most; not one of its checks
    assert lb.is_valid(), lb.errors  # 880 lb at most
    assert held.is_valid(), held.errors
    assert kg_again.is_valid(), kg_again.errors
    assert "Load (kg)" in _rendered(kg_again) and "Added load (lb, optional)" in _rendered(held)
    assert re.search(r'<input [^>]*name="hold_s"[^>]* required', _rendered(held))
    assert re.search(r'<input [^>]*name="reps"[^>]* required', _rendered(kg_again))
    assert not re.search(r'<input [^>]*name="reps"[^>]* required', _rendered(held))


def test_a_new_set_carries_its_token_and_number_and_an_edited_one_neither():
    exercise = ExerciseFactory()
    new = _rendered(_form(exercise))
    editing = SetLogForm(None, exercise=exercise, unit="kg", editing=True, auto_id="id_e_%s")

    token = f'<input type="hidden" name="client_token" value="{TOKEN}" id="id_7_client_token">'
    assert token in new
    assert '<input type="hidden" name="set_number" value="1" id="id_7_set_number">' in new
    assert 'type="hidden"' not in _rendered(editing)
