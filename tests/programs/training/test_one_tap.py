"""One tap logs a set as prescribed: "Done — form held" logs the values shown with every
form check held; "Something broke" opens the checks and numbers to log what happened."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import SetLog
from programs.training.forms import CONFIRM_LOAD_LABEL, FORM_HELD_LABEL
from tests.conftest import HTMX
from tests.programs.training.logging_setup import (
    hold_post,
    live_sets,
    log_url,
    qualify_bird_dog,
    reps_post,
    row_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlocked_day(day, today):
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    return day


def _page(client, day) -> str:
    return client.get(reverse("programs:session", args=[day.session.pk])).content.decode()


def _form_of(html: str, prescription) -> str:
    """The log form of one exercise on a page or fragment."""
    match = re.search(
        rf'<form class="set-form" method="post" action="[^"]*/{prescription.pk}/[^"]*".*?</form>',
        html,
        re.S,
    )
    assert match, "no log form for this exercise"
    return match.group(0)


def _held(post: dict) -> dict:
    """What the one-tap button sends: the form as drawn, checks as they stand, and its name."""
    return {**post, "form_held": "on"}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["without htmx", "with htmx"])
def test_done_form_held_logs_a_clean_set_whatever_the_boxes_say(signed_in, day, headers):
    signed_in.post(log_url(day.session, day.hold), _held(hold_post(checks=[])), headers=headers)

    logged = SetLog.objects.get(session=day.session)
    assert logged.failed_checks == [] and logged.checks_total == 3
    assert logged.hold_s == 10


def test_log_set_without_the_one_tap_button_still_fails_the_unticked_checks(signed_in, day):
    signed_in.post(log_url(day.session, day.hold), hold_post(checks=["Torso stayed still"]))

    logged = SetLog.objects.get(session=day.session)
    assert logged.failed_checks == ["Hips stayed level", "Neck stayed long"]


def test_the_one_tap_button_is_a_submit_in_the_form_and_something_broke_needs_no_script(
    signed_in, day
):
    form = _form_of(_page(signed_in, day), day.hold)

    assert (
        f'<button type="submit" class="log-button" name="form_held" value="on">{FORM_HELD_LABEL}'
        in form
    )
    broke = form[form.index('<details class="set-broke">') :]
    assert "<summary>Something broke" in broke
    assert 'name="hold_s"' in broke and 'name="checks"' in broke
    assert "Log set 1" in broke
    # Every check starts ticked: "Something broke" asks only to untick what broke.
    assert broke.count('name="checks"') == broke.count("checked")


def test_the_first_set_lists_what_form_held_means_and_later_sets_do_not(signed_in, day):
    first = _form_of(_page(signed_in, day), day.hold)
    assert "Form held means all of these:" in first
    assert "<li>Hips stayed level</li>" in first

    signed_in.post(log_url(day.session, day.hold), _held(hold_post()))

    second = _form_of(_page(signed_in, day), day.hold)
    assert "Set 2 of 3" in second
    assert "Form held means" not in second


def test_the_next_form_follows_what_was_done_on_the_previous_set_not_the_target(signed_in, day):
    signed_in.post(log_url(day.session, day.reps), reps_post(reps="7", eccentric_s="4"))

    form = _form_of(_page(signed_in, day), day.reps)
    assert 'name="reps" value="7"' in form
    assert 'name="eccentric_s" value="4"' in form
    assert 'Set 2 of 3 <span class="set-plan">· 7 reps, lowering 4 s</span>' in form


def test_the_next_forms_load_stays_the_engines_after_a_failed_check(signed_in, unlocked_day):
    day = unlocked_day
    signed_in.post(log_url(day.session, day.row), row_post(reps="9", checks=[]))

    form = _form_of(_page(signed_in, day), day.row)
    assert 'name="reps" value="9"' in form
    assert 'name="load" value="9"' in form
    assert "9 reps at 9 kg" in form


def test_one_tap_on_a_load_jump_saves_nothing_and_opens_the_confirmation(signed_in, unlocked_day):
    day = unlocked_day

    response = signed_in.post(
        log_url(day.session, day.row), _held(row_post(load="400")), headers=HTMX
    )

    assert not live_sets(day.session).exists()
    form = _form_of(response.content.decode(), day.row)
    assert '<details class="set-broke" open>' in form
    assert CONFIRM_LOAD_LABEL in form

    signed_in.post(
        log_url(day.session, day.row), _held(row_post(load="400", confirm_load="on")), headers=HTMX
    )
    logged = SetLog.objects.get(session=day.session)
    assert (logged.load, logged.failed_checks) == (Decimal("400"), [])


def test_a_double_tapped_done_logs_one_set(signed_in, day):
    post = _held(hold_post(checks=[]))

    signed_in.post(log_url(day.session, day.hold), post, headers=HTMX)
    signed_in.post(log_url(day.session, day.hold), post, headers=HTMX)

    assert live_sets(day.session).count() == 1


def test_a_finished_exercise_folds_to_one_line_with_its_sets_a_tap_away(signed_in, day):
    for number in (1, 2):
        signed_in.post(log_url(day.session, day.hold), _held(hold_post(number)))
    before = _page(signed_in, day)

    response = signed_in.post(log_url(day.session, day.hold), _held(hold_post(3)), headers=HTMX)

    block = response.content.decode()
    assert block.lstrip().startswith('<section class="card exercise-block is-done"')
    assert '<details class="done-sets">' in block
    assert "All 3 sets logged" in block
    assert 'class="set-form"' not in block
    assert "Set 3</span> held 10 s, form clean" in block
    assert len(_page(signed_in, day)) < len(before)


def test_each_exercises_buttons_and_form_name_say_which_exercise(signed_in, day):
    html = _page(signed_in, day)

    for prescription in (day.hold, day.reps):
        form = _form_of(html, prescription)
        name = prescription.exercise.name
        assert f'<span class="visually-hidden">{name}: </span>Set 1 of 3' in form
        assert f'{FORM_HELD_LABEL}<span class="visually-hidden">: {name}, set 1</span>' in form
