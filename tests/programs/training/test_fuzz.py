"""Hostile input for the two busiest forms: logging a set and the program builder.

Whatever is posted — huge, negative, non-numeric, unicode, missing or extra fields, repeated
keys — the answer is never a server error, and a request either saves exactly the one row it
is for, with values the models accept, or saves nothing at all.
"""

import uuid
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from programs.models import Prescription, Program, ProgramDay, ProgramWeek, SetLog
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import (
    GateOverrideFactory,
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
    SetLogFactory,
)
from tests.programs.training.logging_setup import make_day

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a person (or a script) might send where a number or a word is expected.
_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
_awkward = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "-0",
        "1",
        "10",
        "3.5",
        "12,5",
        "1e309",
        "1e-7",
        "NaN",
        "Infinity",
        "-Infinity",
        "9" * 40,
        "١٢",  # Arabic-Indic digits
        "１０",  # full-width digits
        "10kg",
        "0x10",
        "\x00",
        "null",
        "[]",
        "<script>alert(1)</script>",
        "x" * 5000,
    ]
)
_scalar = st.one_of(
    _awkward,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    _text,
)
# A field sent once, several times, or as a list of values.
_value = st.one_of(_scalar, st.lists(_scalar, min_size=0, max_size=3))


def _mutated(base: dict, fields: list[str], extras: list[str]):
    """A plausible form with a few fields replaced, dropped or added."""
    return st.tuples(
        st.dictionaries(st.sampled_from(fields + extras), _value, max_size=3),
        st.sets(st.sampled_from(fields), max_size=2),
    ).map(
        lambda change: {
            **{key: value for key, value in base.items() if key not in change[1]},
            **change[0],
        }
    )


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _changes(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {label: after[label] - before[label] for label in after if after[label] != before[label]}


@contextmanager
def examples_apart():
    """Roll each example back, so every one starts from the same data: a set logged by one
    example does not make the next one's set number taken."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _post(client, url: str, data: dict, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, data, headers=headers)


# -- Logging a set ---------------------------------------------------------------------------

SET_FIELDS = [
    "client_token",
    "set_number",
    "reps",
    "hold_s",
    "load",
    "eccentric_s",
    "checks",
    "effort_rpe",
    "note",
]
# Fields a form never has, which must never reach the saved row.
SET_EXTRAS = ["trainee", "trainee_id", "session", "form_ok", "deleted_at", "target_load", "id"]


@pytest.fixture
def logging_day(trainee, other_trainee):
    day = make_day(trainee, trainee.local_today())
    # Unlock the loaded row so its branch of the form is fuzzed too.
    GateOverrideFactory(trainee=trainee, exercise=day.row_exercise)
    others = SetLogFactory(trainee=other_trainee, session__enrolment__trainee=other_trainee)
    return day, others.client_token


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_logging_a_set_survives_any_input(client, trainee, logging_day, data, htmx):
    day, someone_elses_token = logging_day
    client.force_login(trainee)
    item = data.draw(st.sampled_from([day.hold, day.reps, day.row]), label="item")
    token = data.draw(
        st.one_of(st.uuids().map(str), st.just(str(someone_elses_token)), _scalar), label="token"
    )
    base = {
        "client_token": token,
        "set_number": str(data.draw(st.integers(1, 3), label="set number")),
        "eccentric_s": "3",
        "checks": item.exercise.form_check_list,
        "effort_rpe": "7",
        "note": "steady",
    }
    # A valid form for this exercise to start from: held seconds or reps, and a load.
    base.update({"hold_s": "10"} if item.exercise.is_hold else {"reps": "10"})
    base.update({"load": "10"} if item.exercise.is_resistance else {})
    form = data.draw(
        st.one_of(_mutated(base, SET_FIELDS, SET_EXTRAS), st.dictionaries(st.text(), _value)),
        label="form",
    )
    url = reverse("programs:log_set", args=[day.session.pk, item.pk])
    with examples_apart():
        before = _row_counts()
        latest = SetLog.objects.order_by("-pk").values_list("pk", flat=True).first()
        response = _post(client, url, form, htmx)
        _check_logged(response, before, latest, trainee, day, item)


def _check_logged(response, before, latest, trainee, day, item) -> None:
    """Either exactly one set was saved, for this trainee and exercise, with sane values,
    or nothing at all was."""
    assert response.status_code in {200, 302}
    changes = _changes(before, _row_counts())
    assert changes in (
        {},
        {"programs.SetLog": 1},
        {"programs.SetLog": 1, "programs.ExerciseProgress": 1},
    ), changes
    event("saved" if changes else "refused")
    if changes:
        saved = SetLog.objects.filter(pk__gt=latest or 0).get()
        saved.full_clean()  # every model rule holds, max lengths included
        assert (saved.trainee, saved.session, saved.prescription) == (trainee, day.session, item)
        assert saved.deleted_at is None
        assert saved.reps is None or 1 <= saved.reps <= 100
        assert saved.hold_s is None or 1 <= saved.hold_s <= 600
        assert saved.load is None or Decimal("0") <= saved.load <= Decimal("400")
        assert saved.eccentric_s is None or 0 <= saved.eccentric_s <= 30
        assert saved.effort_rpe is None or 1 <= saved.effort_rpe <= 10


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_editing_a_set_survives_any_input(client, trainee, logging_day, data, htmx):
    day, _ = logging_day
    client.force_login(trainee)
    base = {"reps": "10", "load": "12.5", "eccentric_s": "3", "effort_rpe": "8", "note": "ok"}
    base["checks"] = day.row_exercise.form_check_list
    form = data.draw(_mutated(base, [*SET_FIELDS], SET_EXTRAS), label="form")
    with examples_apart():
        logged = SetLogFactory(
            trainee=trainee,
            session=day.session,
            exercise=day.row_exercise,
            prescription=day.row,
            set_number=1,
            load=Decimal("10"),
            note="",
        )
        before = _row_counts()
        response = _post(client, reverse("programs:edit_set", args=[logged.pk]), form, htmx)
        assert response.status_code in {200, 302}
        # An edit keeps its history (issue #24): one SetEdit when it changed anything.
        assert _changes(before, _row_counts()) in ({}, {"programs.SetEdit": 1})
        edited = SetLog.objects.get(pk=logged.pk)
        edited.full_clean()
        assert (edited.trainee, edited.session, edited.set_number) == (trainee, day.session, 1)
        assert (edited.client_token, edited.deleted_at) == (logged.client_token, None)
        event("changed" if (edited.load, edited.note) != (logged.load, "") else "kept")


# -- The program builder ---------------------------------------------------------------------


@pytest.fixture
def own_program(trainee):
    hold = ExerciseFactory(slug="fuzz-hold", name="Fuzz hold", hold=True)
    reps = ExerciseFactory(slug="fuzz-reps", name="Fuzz row", resistance=True)
    program = ProgramFactory(owner=trainee, name="Fuzz plan")
    week = ProgramWeekFactory(program=program, number=1)
    day = ProgramDayFactory(week=week, position=1)
    PrescriptionFactory(day=day, position=1, exercise=hold)
    PrescriptionFactory(day=day, position=2, exercise=reps)
    return program, week, day, [hold.pk, reps.pk]


PRESCRIPTION_FIELDS = [
    "exercise",
    "sets",
    "reps_min",
    "reps_max",
    "hold_s",
    "tempo",
    "start_load_kg",
    "rest_s",
    "notes",
]
BUILDER_EXTRAS = ["owner", "owner_id", "program", "day", "week", "position", "id", "slug"]


def _builder_action(draw, program, week, day, exercise_ids):
    """One builder form, as (url name, url argument, form, what a save adds)."""
    action = draw(st.sampled_from(["create", "rename", "week", "day", "prescription", "move"]))
    if action == "create":
        base = {"name": "Plan B", "description": "Slow work"}
        form = draw(_mutated(base, ["name", "description"], BUILDER_EXTRAS))
        return "programs:mine", None, form, {"programs.Program": 1}
    if action == "rename":
        base = {"name": "Plan C", "description": "Slower"}
        form = draw(_mutated(base, ["name", "description"], BUILDER_EXTRAS))
        return "programs:edit", program.pk, form, {}
    if action == "week":
        form = draw(_mutated({"focus": "Control"}, ["focus"], BUILDER_EXTRAS))
        # A new week comes with its first day.
        return (
            "programs:add_week",
            program.pk,
            form,
            {"programs.ProgramWeek": 1, "programs.ProgramDay": 1},
        )
    if action == "day":
        form = draw(_mutated({"title": "Slow day"}, ["title"], BUILDER_EXTRAS))
        return "programs:add_day", week.pk, form, {"programs.ProgramDay": 1}
    if action == "move":
        item = draw(st.sampled_from(list(day.prescriptions.order_by("position"))))
        form = draw(_mutated({"direction": "up"}, ["direction"], BUILDER_EXTRAS))
        return "programs:move_prescription", item.pk, form, {}
    exercise = draw(st.one_of(st.sampled_from(exercise_ids).map(str), _scalar))
    base = {
        "exercise": exercise,
        "sets": "3",
        "reps_min": "8",
        "reps_max": "12",
        "hold_s": "10",
        "tempo": "3-1-1-0",
        "start_load_kg": "10",
        "rest_s": "60",
        "notes": "brace first",
    }
    form = draw(_mutated(base, PRESCRIPTION_FIELDS, BUILDER_EXTRAS))
    return "programs:add_prescription", day.pk, form, {"programs.Prescription": 1}


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_the_program_builder_survives_any_input(client, trainee, own_program, data, htmx):
    program, week, day, exercise_ids = own_program
    client.force_login(trainee)
    name, argument, form, adds = _builder_action(data.draw, program, week, day, exercise_ids)
    url = reverse(name, args=[argument] if argument else [])
    with examples_apart():
        before = _row_counts()
        newest = {
            model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            for model in (Program, ProgramWeek, ProgramDay, Prescription)
        }
        response = _post(client, url, form, htmx)
        _check_built(response, before, newest, name, adds, program, trainee)


def _check_built(response, before, newest, name, adds, program, trainee) -> None:
    """Either nothing was added or exactly what the form is for, and every row written
    keeps the models' rules and belongs to the trainee."""

    # 303: without htmx the builder sends the browser back to the week it changed.
    assert response.status_code in {200, 302, 303}
    changes = _changes(before, _row_counts())
    assert changes in ({}, adds), (name, changes)
    event(f"{name}: {'changed' if changes else 'nothing added'}")
    # Whatever was written — new rows or the renamed program — keeps every model rule.
    for model in (Program, ProgramWeek, ProgramDay, Prescription):
        for row in model.objects.filter(pk__gt=newest[model]):
            row.full_clean()
            assert getattr(row, "owner", trainee) == trainee
    program.refresh_from_db()
    program.full_clean()
    assert program.owner == trainee


def test_a_program_name_too_long_for_the_database_is_refused_with_a_message(client, trainee):
    """The hand-written case behind the fuzzing: SQLite would store it, PostgreSQL would not."""
    client.force_login(trainee)

    response = client.post(reverse("programs:mine"), {"name": "x" * 500, "description": ""})

    assert response.status_code == 200
    assert "at most 120 characters" in response.text
    assert not Program.objects.filter(owner=trainee).exists()


def test_a_set_for_someone_elses_token_is_not_saved_over_theirs(client, trainee, logging_day):
    day, someone_elses_token = logging_day
    client.force_login(trainee)
    before = SetLog.objects.count()

    response = client.post(
        reverse("programs:log_set", args=[day.session.pk, day.hold.pk]),
        {
            "client_token": str(someone_elses_token),
            "set_number": "1",
            "hold_s": "10",
            "checks": day.bird_dog.form_check_list,
        },
    )

    assert response.status_code in {200, 302}
    assert SetLog.objects.count() == before
    assert SetLog.objects.get(client_token=someone_elses_token).trainee != trainee
    assert uuid.UUID(str(someone_elses_token))
