"""A log form's inputs are kept once rendered, and never shown for a form they do not fit."""

import re
from decimal import Decimal

import pytest
from django.template.loader import get_template

from programs.forms import SetLogForm
from tests.exercises.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


def _form(exercise, *, unit="kg", data=None, auto_id="id_7_%s", **initial):
    return SetLogForm(
        data,
        initial={
            "client_token": "0f3c2b7e-6d8f-4a19-9c51-2f0d6e1b8a44",
            "set_number": 1,
            **initial,
        },
        exercise=exercise,
        unit=unit,
        sets=3,
        auto_id=auto_id,
    )


def _rendered(form) -> str:
    return get_template("programs/session.html#set-inputs").render({"form": form})


def test_kept_inputs_are_the_markup_the_template_renders():
    exercise = ExerciseFactory(resistance=True)
    first = _form(exercise, reps=10, load="8", eccentric_s=3).inputs_html()
    again = _form(exercise, reps=10, load="8", eccentric_s=3).inputs_html()

    assert first == again == _rendered(_form(exercise, reps=10, load="8", eccentric_s=3))
    assert 'value="8"' in first and "Load (kg)" in first


@pytest.mark.parametrize(
    "change",
    [
        {"load": "9"},
        {"unit": "lb"},
        {"auto_id": "id_8_%s"},
        {"reps": 12},
        {"note": 'a "note" <b>'},
    ],
)
def test_inputs_are_rendered_afresh_for_anything_they_show(change):
    exercise = ExerciseFactory(resistance=True)
    before = {"reps": 10, "load": "8", "eccentric_s": 3, "unit": "kg", "auto_id": "id_7_%s"}
    _form(exercise, **before).inputs_html()

    after = {**before, **change}
    shown = _form(exercise, **after).inputs_html()

    assert shown == _rendered(_form(exercise, **after))
    assert shown != _form(exercise, **before).inputs_html()


def test_an_exercise_edited_since_shows_its_new_checks():
    exercise = ExerciseFactory()
    _form(exercise, reps=10).inputs_html()

    exercise.form_checks = "Hips stayed level\nBreathed out on the effort"
    exercise.save()
    shown = _form(exercise, reps=10).inputs_html()

    assert "Hips stayed level" in shown and "Torso stayed still" not in shown


def test_a_form_sent_back_with_errors_shows_them_and_the_typed_values():
    exercise = ExerciseFactory(resistance=True)
    _form(exercise, reps=10, load="8").inputs_html()

    sent = _form(
        exercise,
        data={
            "client_token": "0f3c2b7e-6d8f-4a19-9c51-2f0d6e1b8a44",
            "set_number": "1",
            "reps": "abc",
            "load": "8.5",
        },
        reps=10,
        load="8",
    )
    sent.is_valid()
    shown = sent.inputs_html()

    assert "Enter the reps as a whole number" in shown
    assert 'value="8.5"' in shown
    assert shown == _rendered(sent)
    assert Decimal("8.5") == sent.cleaned_data["load"]


def test_forms_built_one_after_another_each_fit_their_own_exercise_and_unit():
    """Forms of one set-up share their fields; no form's set-up reaches another's."""
    barbell = ExerciseFactory(resistance=True, form_checks="Neutral spine\nHips level")
    plank = ExerciseFactory(hold=True, form_checks="Ribs down")

    sent = {"client_token": "0f3c2b7e-6d8f-4a19-9c51-2f0d6e1b8a44", "set_number": "1"}
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


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"client_token": "0f3c2b7e-6d8f-4a19-9c51-2f0d6e1b8a44", "set_number": "2", "reps": "9"},
        {"client_token": 'not "a" <token>', "set_number": "x"},
        {},
    ],
    ids=["unbound", "bound", "invalid", "empty"],
)
def test_hidden_inputs_render_as_django_renders_each_field(data):
    form = _form(ExerciseFactory(), data=data)
    editing = SetLogForm(data, exercise=ExerciseFactory(), unit="kg", editing=True)

    assert form.hidden_html() == "".join(str(field) for field in form.hidden_fields())
    assert 'type="hidden" name="set_number"' in form.hidden_html()
    assert editing.hidden_html() == ""
