"""A load far above the prescribed one asks for confirmation beside the field and saves
nothing until confirmed; a confirmed jump is marked and never becomes the working load."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from programs import engine
from programs.models import SetLog
from programs.progression import JUMP_MARK
from programs.training.forms import CONFIRM_LOAD_LABEL, SetLogForm
from tests.conftest import HTMX
from tests.exercises.factories import ExerciseFactory
from tests.programs.training.logging_setup import (
    another_session,
    live_sets,
    log_url,
    qualify_bird_dog,
    row_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlocked_day(day, today):
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    return day


def test_a_row_logged_at_400_kg_when_10_kg_was_prescribed_saves_nothing_until_confirmed(
    signed_in, unlocked_day
):
    day = unlocked_day

    response = signed_in.post(log_url(day.session, day.row), row_post(load="400"))

    assert response.status_code == 200
    assert not live_sets(day.session).exists()
    html = response.content.decode()
    assert "400 kg is more than 1.5 × the prescribed 10 kg — check it." in html
    assert 'name="confirm_load"' in html
    assert CONFIRM_LOAD_LABEL in html


def test_a_confirmed_jump_is_marked_and_the_next_set_and_session_stay_at_the_working_load(
    signed_in, unlocked_day, trainee, today
):
    day = unlocked_day

    response = signed_in.post(
        log_url(day.session, day.row), row_post(load="400", confirm_load="on"), headers=HTMX
    )

    jump = SetLog.objects.get(session=day.session)
    assert (jump.load, jump.load_jump) == (Decimal("400"), True)
    html = response.content.decode()
    assert "Load now: 10 kg." in html
    assert "Set 1 was a confirmed jump above the prescribed 10 kg" in html
    # The logged set itself says so, on the trainee's session page and the coach's table.
    session_page = signed_in.get(reverse("programs:session", args=[day.session.pk])).text
    assert f"{JUMP_MARK[0].upper()}{JUMP_MARK[1:]}." in session_page
    tomorrow = today + datetime.timedelta(days=1)
    next_session = another_session(day, tomorrow)
    state = engine.trainee_state(trainee, tomorrow)
    [*_, row] = engine.planned_items(trainee=trainee, sessions=[next_session], state=state)[
        next_session.pk
    ]
    assert row.load == Decimal("10")


def test_a_load_within_two_steps_logs_without_asking(signed_in, unlocked_day):
    day = unlocked_day

    signed_in.post(log_url(day.session, day.row), row_post(load="12"))

    assert SetLog.objects.get(session=day.session).load_jump is False


def test_editing_a_confirmed_jumps_note_does_not_ask_again(signed_in, unlocked_day):
    day = unlocked_day
    signed_in.post(log_url(day.session, day.row), row_post(load="400", confirm_load="on"))
    jump = SetLog.objects.get(session=day.session)
    edit = row_post(load="400", note="New belt")
    del edit["client_token"], edit["set_number"]

    signed_in.post(reverse("programs:edit_set", args=[jump.pk]), edit)

    jump.refresh_from_db()
    assert (jump.note, jump.load_jump) == ("New belt", True)


@settings(max_examples=60, deadline=None)
@given(
    working=st.integers(min_value=0, max_value=100).map(Decimal),
    load=st.integers(min_value=0, max_value=800).map(lambda halves: Decimal(halves) / 2),
    confirmed=st.booleans(),
)
def test_an_unconfirmed_jump_is_never_accepted(working, load, confirmed):
    row = ExerciseFactory.build(resistance=True, form_checks="Torso stayed still")
    data = {"client_token": "0190c1d2-0000-7000-8000-000000000000", "set_number": "1"}
    data |= {"reps": "10", "load": str(load), "checks": ["Torso stayed still"]}
    if confirmed:
        data["confirm_load"] = "on"
    form = SetLogForm(data, exercise=row, unit="kg", sets=3, working_load=working)

    is_jump = load > working * Decimal("1.5") or load > working + 2 * row.load_increment_kg

    assert form.is_valid() == (confirmed or not is_jump)
    assert form.asks_load_confirmation == is_jump
