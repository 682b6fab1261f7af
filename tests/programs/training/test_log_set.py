"""Logging, editing, deleting and restoring sets, with and without htmx."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import SetLog
from programs.training import logging
from tests.conftest import HTMX
from tests.innerback.accounts.factories import UserFactory
from tests.programs.factories import SetLogFactory, TrainingSessionFactory
from tests.programs.training.logging_setup import (
    another_session,
    hold_post,
    live_sets,
    log_url,
    make_day,
    qualify_bird_dog,
    reps_post,
    row_post,
    year_of_history,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlocked_day(day, today):
    """The row unlocked: three qualifying bird-dog sessions in the last week."""
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    return day


# --- logging ---------------------------------------------------------------------------------


def test_logging_a_set_with_htmx_swaps_in_the_logged_set_and_the_next_sets_form(signed_in, day):
    response = signed_in.post(log_url(day.session, day.hold), hold_post(), headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card exercise-block"')
    assert f'id="ex-{day.hold.pk}"' in html
    assert "held 10 s, form clean" in html
    assert "Set 2 of 3" in html
    assert 'name="set_number" value="2"' in html
    assert "<html" not in html
    assert response.headers["HX-Trigger"] == '{"setLogged": {}}'
    assert live_sets(day.session).count() == 1


def test_logging_without_javascript_redirects_to_the_exercise_on_the_session_page(signed_in, day):
    response = signed_in.post(log_url(day.session, day.reps), reps_post())

    assert response.status_code == 302
    assert response.url == reverse("programs:session", args=[day.session.pk]) + f"#ex-{day.reps.pk}"
    page = signed_in.get(response.url).content.decode()
    assert "10 reps, form clean" in page
    assert "Set 2 of 3" in page


def test_a_logged_set_keeps_what_was_prescribed_beside_what_was_done(
    signed_in, unlocked_day, today
):
    day = unlocked_day
    signed_in.post(
        log_url(day.session, day.row),
        row_post(
            reps="9",
            load="10",
            eccentric_s="2",
            checks=["Spine stayed neutral"],
            effort_rpe="7",
            note="Left side shaky",
        ),
    )

    logged = SetLog.objects.get(session=day.session)
    assert logged.exercise == day.row_exercise
    assert logged.prescription == day.row
    assert (logged.target_sets, logged.target_reps_min, logged.target_reps_max) == (3, 8, 12)
    assert logged.target_hold_s is None
    assert logged.target_tempo == "3-0-1-1"
    assert logged.target_load == Decimal("10")
    assert (logged.reps, logged.load, logged.eccentric_s) == (9, Decimal("10"), 2)
    assert logged.failed_checks == ["Torso stayed still"]
    assert logged.checks_total == 2
    assert logged.form_ok is False
    assert (logged.effort_rpe, logged.note) == (7, "Left side shaky")
    assert logged.performed_on == today
    assert logged.unit == "kg"


def test_a_hold_set_stores_the_hold_and_its_prescription(signed_in, day):
    signed_in.post(log_url(day.session, day.hold), hold_post(hold_s="12"))

    logged = SetLog.objects.get(session=day.session)
    assert (logged.hold_s, logged.reps, logged.target_hold_s) == (12, None, 10)
    assert logged.failed_checks == [] and logged.checks_total == 3


def test_loads_are_logged_in_the_trainees_own_unit(client, today):
    pounds = UserFactory(load_unit="lb")
    day = make_day(pounds, pounds.local_today())
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    client.force_login(pounds)

    page = client.get(reverse("programs:session", args=[day.session.pk])).content.decode()
    assert "Load (lb)" in page
    # 10 kg planned, converted and rounded down to the 2 lb dumbbell step.
    assert 'name="load" value="22' in page

    client.post(log_url(day.session, day.row), row_post(load="22"))
    logged = SetLog.objects.get(session=day.session)
    assert (logged.load, logged.unit, logged.target_load) == (Decimal("22"), "lb", Decimal("22"))


def test_the_form_is_prefilled_with_the_tempos_lowering_and_the_engines_load(
    signed_in, unlocked_day
):
    html = signed_in.get(
        reverse("programs:session", args=[unlocked_day.session.pk])
    ).content.decode()

    row = unlocked_day.row.pk
    eccentric = html[html.index(f'id="id_{row}_eccentric_s"') - 120 :]
    assert 'name="eccentric_s" value="3"' in eccentric[:200]
    assert 'name="load" value="10" inputmode="decimal"' in html
    assert "Start at the planned 10 kg." in html


def test_backfilling_a_past_session_logs_on_its_scheduled_date(signed_in, day, today):
    past = another_session(day, today - datetime.timedelta(days=3))
    hold = past.program_day.prescriptions.get(exercise=day.bird_dog)

    signed_in.post(log_url(past, hold), hold_post())

    assert SetLog.objects.get(session=past).performed_on == past.scheduled_on


def test_a_session_opened_early_logs_on_today(signed_in, day, today):
    ahead = another_session(day, today + datetime.timedelta(days=2))
    hold = ahead.program_day.prescriptions.get(exercise=day.bird_dog)

    signed_in.post(log_url(ahead, hold), hold_post())

    assert SetLog.objects.get(session=ahead).performed_on == today


def test_performed_on_keeps_a_sessions_sets_on_one_day():
    session = TrainingSessionFactory.build(scheduled_on=datetime.date(2026, 3, 2))
    earlier = SetLogFactory.build(performed_on=datetime.date(2026, 3, 2))
    after_midnight = datetime.date(2026, 3, 3)

    assert logging.performed_on_for(session, today=after_midnight, live_sets=[earlier]) == (
        datetime.date(2026, 3, 2)
    )
    assert logging.performed_on_for(session, today=after_midnight, live_sets=[]) == (
        datetime.date(2026, 3, 2)
    )
    assert logging.performed_on_for(session, today=datetime.date(2026, 3, 1), live_sets=[]) == (
        datetime.date(2026, 3, 1)
    )


# --- bad input -------------------------------------------------------------------------------


# (exercise, posted data, field with the error, part of its message, a typed value shown again)
BAD_INPUT = [
    pytest.param(
        "reps", reps_post(reps="-3"), "reps", "at least 1 rep", 'value="-3"', id="negative reps"
    ),
    pytest.param(
        "reps", reps_post(reps="500"), "reps", "looks like a typo", 'value="500"', id="absurd reps"
    ),
    pytest.param("reps", reps_post(reps=""), "reps", "how many reps", None, id="missing reps"),
    pytest.param(
        "reps",
        reps_post(reps="", hold_s="20"),
        "reps",
        "counted in reps, not held",
        None,
        id="hold on a reps exercise",
    ),
    pytest.param(
        "hold",
        hold_post(hold_s="", reps="10"),
        "hold_s",
        "held, not counted",
        None,
        id="reps on a hold exercise",
    ),
    pytest.param(
        "hold", hold_post(hold_s="9000"), "hold_s", "looks like a typo", 'value="9000"', id="hold"
    ),
    pytest.param(
        "reps",
        reps_post(eccentric_s="-1"),
        "eccentric_s",
        "cannot be negative",
        'value="-1"',
        id="negative lowering",
    ),
    pytest.param(
        "reps", reps_post(effort_rpe="11"), "effort_rpe", "from 1 (easy)", 'value="11"', id="rpe"
    ),
    pytest.param(
        "row", row_post(load="-5"), "load", "cannot be negative", 'value="-5"', id="negative load"
    ),
    pytest.param(
        "row", row_post(load="5000"), "load", "looks like a typo", 'value="5000"', id="absurd load"
    ),
    pytest.param("row", row_post(load=""), "load", "Enter the load you used", None, id="no load"),
    pytest.param("row", row_post(load="ten"), "load", "as a number", 'value="ten"', id="text load"),
]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(("which", "data", "field", "message", "kept"), BAD_INPUT)
def test_bad_input_is_explained_beside_its_field_and_nothing_is_saved_or_lost(
    signed_in, unlocked_day, which, data, field, message, kept, htmx
):
    day = unlocked_day
    prescription = {"reps": day.reps, "hold": day.hold, "row": day.row}[which]
    data = {**data, "note": "felt my hips shift"}

    response = signed_in.post(
        log_url(day.session, prescription), data, headers=HTMX if htmx else {}
    )

    assert response.status_code == 200
    html = response.content.decode()
    errors_id = f'id="id_{prescription.pk}_{field}_errors"'
    assert errors_id in html
    error_block = html[html.index(errors_id) :][:400]
    assert message in error_block
    assert 'value="felt my hips shift"' in html
    if kept:
        assert kept in html
    assert f'name="client_token" value="{data["client_token"]}"' in html
    assert ("<html" in html) is not htmx
    assert not SetLog.objects.filter(session=day.session).exists()


def test_unticked_form_checks_stay_unticked_after_an_error(signed_in, day):
    data = reps_post(reps="-1", checks=["Spine stayed neutral"])

    html = signed_in.post(log_url(day.session, day.reps), data, headers=HTMX).content.decode()

    assert f'value="Spine stayed neutral" id="id_{day.reps.pk}_checks_2" checked' in html
    assert f'value="Torso stayed still" id="id_{day.reps.pk}_checks_0">' in html


def test_a_set_number_logged_from_another_tab_saves_nothing_and_keeps_the_values(signed_in, day):
    signed_in.post(log_url(day.session, day.reps), reps_post(set_number=1))
    stale = reps_post(set_number=1, reps="11", note="second tab")

    response = signed_in.post(log_url(day.session, day.reps), stale, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Set 1 was already logged, perhaps from another tab. Nothing was saved." in html
    assert "These values are now for set 2" in html
    assert 'name="set_number" value="2"' in html
    assert 'value="11"' in html and 'value="second tab"' in html
    assert f'value="{stale["client_token"]}"' not in html  # the retry gets a token of its own
    assert live_sets(day.session).count() == 1


def test_a_set_beyond_the_prescription_is_refused_when_every_set_is_logged(signed_in, day):
    for number in (1, 2, 3):
        signed_in.post(log_url(day.session, day.reps), reps_post(set_number=number))

    response = signed_in.post(
        log_url(day.session, day.reps), reps_post(set_number=4, reps="12"), headers=HTMX
    )

    html = response.content.decode()
    assert "has 3 prescribed sets and all of them are logged" in html
    assert 'value="12"' in html
    assert live_sets(day.session).count() == 3


def test_a_tampered_set_number_is_refused(signed_in, day):
    response = signed_in.post(log_url(day.session, day.reps), reps_post(set_number=0), headers=HTMX)

    assert "does not say which set it is" in response.content.decode()
    assert not live_sets(day.session).exists()


def test_a_locked_item_has_no_form_and_a_posted_set_is_refused(signed_in, day):
    html = signed_in.get(reverse("programs:session", args=[day.session.pk])).content.decode()
    row_block = html[html.index(f'id="ex-{day.row.pk}"') :]
    row_block = row_block[: row_block.index("</section>")]
    assert "Locked" in row_block
    assert "Test bird-dog: 0 of 3 qualifying sessions in the last 14 days" in row_block
    assert "Test bird-dog</a>" in row_block  # the work to do instead
    assert "<form" not in row_block

    response = signed_in.post(log_url(day.session, day.row), row_post(), headers=HTMX)

    assert "Test standing row is locked, so nothing was saved." in response.content.decode()
    assert not live_sets(day.session).exists()


def test_a_prescription_from_another_program_day_is_404(signed_in, day, today):
    other = another_session(day, today + datetime.timedelta(days=1))
    foreign = other.program_day.prescriptions.get(exercise=day.bird_dog)

    response = signed_in.post(log_url(day.session, foreign), hold_post())

    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_a_deleted_session_is_404_and_saves_nothing(signed_in, day):
    url = log_url(day.session, day.hold)
    day.session.delete()

    response = signed_in.post(url, hold_post(), headers=HTMX)

    assert response.status_code == 404
    assert not SetLog.objects.exists()


# --- one set per tap -------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_the_same_form_sent_twice_logs_one_set(signed_in, day, htmx):
    data = hold_post()
    headers = HTMX if htmx else {}

    first = signed_in.post(log_url(day.session, day.hold), data, headers=headers)
    second = signed_in.post(log_url(day.session, day.hold), data, headers=headers)

    assert first.status_code == second.status_code == (200 if htmx else 302)
    assert live_sets(day.session).count() == 1
    if htmx:
        assert "held 10 s, form clean" in second.content.decode()
        assert "Set 2 of 3" in second.content.decode()


def test_each_new_set_form_carries_a_fresh_token_that_sorts_after_the_last(signed_in, day):
    """Time-ordered (UUIDv7), so a logged set's token goes at the end of the unique index."""
    token_in = re.compile(r'name="client_token" value="([0-9a-f-]+)"')
    page = signed_in.get(reverse("programs:session", args=[day.session.pk])).content.decode()
    first = uuid.UUID(token_in.search(page)[1])

    logged = signed_in.post(log_url(day.session, day.hold), hold_post(), headers=HTMX)
    second = uuid.UUID(token_in.search(logged.content.decode())[1])

    assert first.version == second.version == 7
    assert second.int > first.int


def test_a_duplicate_token_meets_the_unique_constraint_and_returns_the_set_already_logged(
    day, trainee
):
    token = uuid.uuid4()
    first = SetLogFactory(
        session=day.session, exercise=day.bird_dog, set_number=1, client_token=token
    )
    twin = SetLogFactory.build(
        session=day.session, exercise=day.bird_dog, set_number=1, client_token=token
    )

    saved, created = logging.log_set(set_log=twin)

    assert (saved.pk, created) == (first.pk, False)
    assert SetLog.objects.filter(session=day.session).count() == 1


def test_a_racing_set_number_clash_raises_set_number_taken(day):
    SetLogFactory(session=day.session, exercise=day.bird_dog, set_number=1)
    clash = SetLogFactory.build(session=day.session, exercise=day.bird_dog, set_number=1)

    with pytest.raises(logging.SetNumberTaken):
        logging.log_set(set_log=clash)

    assert SetLog.objects.filter(session=day.session).count() == 1


# --- the engine follows ----------------------------------------------------------------------


def test_a_failed_form_check_lowers_the_next_load_with_its_reason(signed_in, unlocked_day):
    day = unlocked_day

    response = signed_in.post(
        log_url(day.session, day.row), row_post(checks=["Torso stayed still"]), headers=HTMX
    )

    html = response.content.decode()
    assert "10 reps at 10 kg, 1 form check missed" in html
    assert "Missed: Spine stayed neutral" in html
    assert 'class="reason reduce next-load"' in html
    assert "Load now: 9 kg." in html
    assert "Form broke on set 1 at 10 kg — back to 9 kg, 10 % lighter" in html
    assert 'name="load" value="9" inputmode="decimal"' in html


def test_the_reduced_load_is_recorded_as_the_next_sets_prescription(signed_in, unlocked_day):
    day = unlocked_day
    signed_in.post(log_url(day.session, day.row), row_post(checks=[]))

    signed_in.post(log_url(day.session, day.row), row_post(set_number=2, load="9"))

    second = SetLog.objects.get(session=day.session, set_number=2)
    assert second.target_load == Decimal("9")


def test_last_time_is_shown_beside_each_set(signed_in, unlocked_day, today):
    day = unlocked_day
    earlier = another_session(day, today - datetime.timedelta(days=1))
    for number, failed in ((1, []), (2, ["Spine stayed neutral"])):
        SetLogFactory(
            session=earlier,
            exercise=day.row_exercise,
            set_number=number,
            reps=10,
            load=Decimal("8"),
            failed_checks=failed,
        )

    html = signed_in.get(reverse("programs:session", args=[day.session.pk])).content.decode()

    when = (today - datetime.timedelta(days=1)).strftime("%a %-d %b")
    assert f"Last time ({when}): 10 reps at 8 kg, form clean" in html
    assert f"Last time ({when}): 10 reps at 8 kg, 1 form check missed" in html


def test_last_time_reads_a_history_logged_in_the_other_unit_in_the_trainees_unit(
    signed_in, unlocked_day, today
):
    day = unlocked_day
    earlier = another_session(day, today - datetime.timedelta(days=1))
    SetLogFactory(
        session=earlier,
        exercise=day.row_exercise,
        set_number=1,
        reps=10,
        load=Decimal("20"),
        unit="lb",
    )

    html = signed_in.get(reverse("programs:session", args=[day.session.pk])).content.decode()

    assert "10 reps at 9.07 kg, form clean" in html


# --- edit, delete, undo ----------------------------------------------------------------------


def _log_row_set(client, day, **overrides) -> SetLog:
    client.post(log_url(day.session, day.row), row_post(**overrides))
    return SetLog.objects.filter(session=day.session).latest("created_at")


def test_the_edit_form_comes_in_place_with_htmx_and_as_the_page_without(signed_in, unlocked_day):
    logged = _log_row_set(signed_in, unlocked_day)
    url = reverse("programs:edit_set", args=[logged.pk])

    fragment = signed_in.get(url, headers=HTMX)
    page = signed_in.get(url)

    assert "Edit set 1" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "Edit set 1" in page.content.decode() and "<html" in page.content.decode()
    assert fragment.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_editing_a_set_changes_what_was_done_and_the_next_load_follows(
    signed_in, unlocked_day, htmx
):
    day = unlocked_day
    logged = _log_row_set(signed_in, day, checks=["Torso stayed still"])
    edit = {
        "reps": "11",
        "load": "10",
        "eccentric_s": "3",
        "checks": ["Torso stayed still", "Spine stayed neutral"],
    }

    response = signed_in.post(
        reverse("programs:edit_set", args=[logged.pk]), edit, headers=HTMX if htmx else {}
    )

    logged.refresh_from_db()
    assert (logged.reps, logged.failed_checks, logged.form_ok) == (11, [], True)
    assert logged.target_load == Decimal("10") and logged.set_number == 1
    html = response.content.decode() if htmx else signed_in.get(response.url).content.decode()
    assert "Form held on set 1 at 10 kg." in html
    assert "Load now: 10 kg." in html


def test_an_invalid_edit_keeps_the_typed_values_and_changes_nothing(signed_in, unlocked_day):
    logged = _log_row_set(signed_in, unlocked_day)

    response = signed_in.post(
        reverse("programs:edit_set", args=[logged.pk]),
        {"reps": "11", "load": "-2", "eccentric_s": "3", "note": "typo"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert f'id="id_edit{logged.pk}_load_errors"' in html
    assert 'value="-2"' in html and 'value="typo"' in html
    logged.refresh_from_db()
    assert (logged.reps, logged.load) == (10, Decimal("10"))


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_deleting_a_set_stops_it_counting_and_undo_brings_it_back(signed_in, unlocked_day, htmx):
    day = unlocked_day
    logged = _log_row_set(signed_in, day, checks=[])
    headers = HTMX if htmx else {}

    deleted = signed_in.post(reverse("programs:delete_set", args=[logged.pk]), headers=headers)

    logged.refresh_from_db()
    assert logged.deleted_at is not None
    assert not live_sets(day.session).exists()
    html = deleted.content.decode() if htmx else signed_in.get(deleted.url).content.decode()
    assert "Set 1 deleted (10 reps at 10 kg, 2 form checks missed)." in html
    assert "Undo" in html
    # With the failed set gone, the engine is back to the planned load for set 1.
    assert "Set 1 of 3" in html and "Start at the planned 10 kg." in html

    restored = signed_in.post(reverse("programs:undo_delete", args=[logged.pk]), headers=headers)

    logged.refresh_from_db()
    assert logged.deleted_at is None
    html = restored.content.decode() if htmx else signed_in.get(restored.url).content.decode()
    assert "Set 2 of 3" in html and "Load now: 9 kg." in html


def test_undo_after_the_set_number_was_logged_again_explains_and_changes_nothing(
    signed_in, unlocked_day
):
    day = unlocked_day
    first = _log_row_set(signed_in, day)
    signed_in.post(reverse("programs:delete_set", args=[first.pk]))
    again = _log_row_set(signed_in, day, reps="12")

    response = signed_in.post(reverse("programs:undo_delete", args=[first.pk]), headers=HTMX)

    assert "has been logged again since it was deleted" in response.content.decode()
    first.refresh_from_db()
    assert first.deleted_at is not None
    assert list(live_sets(day.session)) == [again]


def test_deleted_sets_are_not_counted_by_the_engine_or_the_progress(signed_in, day):
    for number in (1, 2):
        signed_in.post(log_url(day.session, day.hold), hold_post(set_number=number))
    second = SetLog.objects.get(session=day.session, set_number=2)
    signed_in.post(reverse("programs:delete_set", args=[second.pk]))

    status = signed_in.get(
        reverse("programs:session_status", args=[day.session.pk]), headers=HTMX
    ).content.decode()

    assert "1 of 6 sets logged." in status
    page = signed_in.get(reverse("programs:session", args=[day.session.pk])).content.decode()
    assert 'name="set_number" value="2"' in page


def test_deleting_twice_and_undoing_twice_is_harmless(signed_in, unlocked_day):
    logged = _log_row_set(signed_in, unlocked_day)
    for _ in range(2):
        assert signed_in.post(reverse("programs:delete_set", args=[logged.pk])).status_code == 302
    for _ in range(2):
        assert signed_in.post(reverse("programs:undo_delete", args=[logged.pk])).status_code == 302
    assert live_sets(unlocked_day.session).count() == 1


# --- other people's logs ---------------------------------------------------------------------


def test_another_trainee_gets_404_for_every_session_and_set_view(client, day, other_trainee):
    logged = SetLogFactory(session=day.session, exercise=day.bird_dog, set_number=1)
    client.force_login(other_trainee)
    session = day.session.pk

    gets = [
        reverse("programs:session", args=[session]),
        reverse("programs:session_status", args=[session]),
        reverse("programs:edit_set", args=[logged.pk]),
    ]
    posts = [
        (log_url(day.session, day.hold), hold_post(set_number=2)),
        (reverse("programs:edit_set", args=[logged.pk]), {"hold_s": "30"}),
        (reverse("programs:delete_set", args=[logged.pk]), {}),
        (reverse("programs:undo_delete", args=[logged.pk]), {}),
        (reverse("programs:finish_session", args=[session]), {}),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers=HTMX).status_code == 404, url
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
        assert client.post(url, data, headers=HTMX).status_code == 404, url

    logged.refresh_from_db()
    day.session.refresh_from_db()
    assert (logged.hold_s, logged.deleted_at) == (None, None)
    assert day.session.completed_at is None
    assert SetLog.objects.count() == 1


def test_signed_out_visitors_are_sent_to_log_in(client, day):
    response = client.get(reverse("programs:session", args=[day.session.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- bounded queries -------------------------------------------------------------------------


def test_logging_a_set_takes_a_bounded_number_of_queries_with_a_year_of_history(
    signed_in, day, today, django_assert_max_num_queries
):
    assert year_of_history(day, today) > 1000

    # One of them reads the session's pain ratings, shown in the block; two keep the coach's
    # inbox up to date (`innerback.inbox.refresh`: no coach, so nothing more).
    with django_assert_max_num_queries(23):
        # 8 kg: the history's working load is 7 kg, and 10 kg would be a jump to confirm.
        response = signed_in.post(log_url(day.session, day.row), row_post(load="8"), headers=HTMX)

    assert response.status_code == 200
    assert live_sets(day.session).count() == 1
