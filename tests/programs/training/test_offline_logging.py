"""What the session pages give a phone that loses its signal: each set form carries the
engine's next load both ways it can go, and a set sent later is told apart — stored, already
had, or refused with the reason beside it."""

import datetime
import html
import json
import re

import pytest

from programs.models import SetLog
from programs.training.views import SET_OUTCOME
from tests.programs.training.logging_setup import (
    live_sets,
    log_url,
    qualify_bird_dog,
    row_post,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
OUTCOMES = re.compile(r'data-outcomes="([^"]*)"')


def _outcomes(page: str, exercise: str) -> dict:
    """The outcomes carried by the set form of the exercise whose log URL is `exercise`."""
    block = page[page.index(f'data-log-url="{exercise}"') :]
    return json.loads(html.unescape(OUTCOMES.search(block)[1]))


def _next_load(page: str, exercise: str) -> tuple[str, str]:
    """The load field's value and the reason shown in the exercise's set form."""
    block = page[page.index(f'data-log-url="{exercise}"') :]
    load = re.search(r'name="load" value="([^"]*)"', block)[1]
    reason = re.search(r'class="reason [a-z]+ next-load">(.*?)</p>', block, re.S)[1]
    return load, html.unescape(re.sub(r"<[^>]+>", "", reason))


@pytest.fixture
def open_row(day, today):
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    return log_url(day.session, day.row)


def test_the_set_form_carries_the_next_load_if_form_holds_and_if_it_breaks(signed_in, open_row):
    outcomes = _outcomes(signed_in.get("/today/").content.decode(), open_row)

    assert outcomes["held"]["load"] == "10"
    assert outcomes["held"]["reason"] == "Form held on set 1 at 10 kg."
    assert outcomes["broke"]["load"] == "9"
    assert outcomes["broke"]["shown"] == "9 kg"
    assert outcomes["broke"]["change"] == "reduce"
    assert outcomes["broke"]["reason"].startswith("Form broke on set 1 at 10 kg — back to 9 kg")
    # And from each, the set after: three sets, so two decisions deep.
    assert outcomes["broke"]["next"]["held"]["load"] == "9"
    assert outcomes["broke"]["next"]["broke"]["next"] is None


@pytest.mark.parametrize("broke", [False, True], ids=["held", "broke"])
def test_the_outcome_a_page_picks_offline_is_what_the_server_decides_online(
    signed_in, open_row, broke
):
    first = signed_in.get("/today/").content.decode()
    expected = _outcomes(first, open_row)["broke" if broke else "held"]
    data = row_post(1, checks=["Spine stayed neutral"]) if broke else row_post(1, form_held="on")

    signed_in.post(open_row, data, headers=HX)

    page = signed_in.get("/today/").content.decode()
    load, reason = _next_load(page, open_row)
    assert load == expected["load"]
    assert expected["reason"] in reason
    assert _outcomes(page, open_row) == expected["next"]


def test_a_set_sent_twice_is_stored_once_and_the_second_answer_says_so(signed_in, day, open_row):
    data = row_post(1, form_held="on")

    first = signed_in.post(open_row, data, headers=HX)
    again = signed_in.post(open_row, data, headers=HX)

    assert first[SET_OUTCOME] == "stored"
    assert again[SET_OUTCOME] == "already-had"
    assert live_sets(day.session).filter(exercise=day.row_exercise).count() == 1


def test_a_set_number_taken_meanwhile_is_a_conflict_with_the_values_kept(signed_in, day, open_row):
    signed_in.post(open_row, row_post(1, form_held="on"), headers=HX)

    response = signed_in.post(open_row, row_post(1, reps="12", form_held="on"), headers=HX)

    assert response[SET_OUTCOME] == "conflict"
    page = response.content.decode()
    assert "Set 1 was already logged" in page
    assert 'name="reps" value="12"' in page
    assert live_sets(day.session).filter(exercise=day.row_exercise).count() == 1


def test_a_locked_exercise_is_a_conflict_and_a_bad_value_is_invalid(signed_in, day):
    locked = signed_in.post(log_url(day.session, day.row), row_post(1), headers=HX)
    assert locked[SET_OUTCOME] == "conflict"
    assert "is locked, so nothing was saved" in locked.content.decode()

    bad = signed_in.post(log_url(day.session, day.reps), {"set_number": "1"}, headers=HX)
    assert bad[SET_OUTCOME] == "invalid"
    assert not SetLog.objects.filter(session=day.session).exists()


def test_logged_sets_carry_their_token_so_a_page_can_tell_which_synced(signed_in, day, open_row):
    data = row_post(1, form_held="on")

    page = signed_in.post(open_row, data, headers=HX).content.decode()

    assert f'data-token="{data["client_token"]}"' in page


def test_today_names_todays_and_the_next_session_for_the_phone_to_keep(
    signed_in, trainee, day, today
):
    ahead = qualify_bird_dog(day, today + datetime.timedelta(days=2))
    ahead.completed_at = None
    ahead.save()
    SetLog.objects.filter(session=ahead).delete()

    page = signed_in.get("/today/").content.decode()

    assert f'data-offline-pages="/sessions/{day.session.pk}/ /sessions/{ahead.pk}/"' in page


def test_today_runs_a_fixed_number_of_queries(signed_in, open_row, django_assert_num_queries):
    # The page's own 15 at most (test_today.py), one of them for the next session to keep.
    with django_assert_num_queries(14):
        signed_in.get("/today/")
