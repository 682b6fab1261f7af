"""Logging a set works out only the exercise it is for, and says the same as the whole page."""

import datetime
import re

import pytest

from programs.templatetags.plan_format import load_text
from programs.training.logging import SessionLog
from tests.conftest import HTMX
from tests.programs.factories import PrescriptionFactory
from tests.programs.training.logging_setup import (
    live_sets,
    log_url,
    make_day,
    qualify_bird_dog,
    row_post,
    year_of_history,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(trainee, today):
    """The row unlocked by three qualifying bird-dog sessions, with a year of history."""
    day = make_day(trainee, today)
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    year_of_history(day, today)
    return day


def _block_facts(block) -> tuple:
    item = block.item
    return (
        item.locked,
        item.reason,
        item.load,
        item.reps_goal,
        item.hold_s,
        block.next_number,
        block.next_load,
        block.last_time_on,
        [(s.number, s.logged_text, s.last_time, s.deleted_text) for s in block.slots],
    )


def test_one_exercises_log_plans_it_exactly_as_the_whole_session_page(trainee, day):
    whole = SessionLog(trainee=trainee, session=day.session)

    for prescription in (day.hold, day.reps, day.row):
        one = SessionLog(trainee=trainee, session=day.session, prescription_id=prescription.pk)

        assert [b.key for b in one.blocks] == [prescription.pk]
        assert _block_facts(one.blocks[0]) == _block_facts(whole.block(prescription.pk))


def test_a_prescription_of_another_day_gives_no_block(trainee, day):
    other = PrescriptionFactory(exercise=day.row.exercise)

    assert SessionLog(trainee=trainee, session=day.session, prescription_id=other.pk).blocks == []


def test_after_a_failed_form_check_the_one_exercise_log_lowers_the_load_like_the_page(
    signed_in_client, trainee, day
):
    response = signed_in_client.post(
        log_url(day.session, day.row), row_post(load="8", checks=[]), headers=HTMX
    )
    assert response.status_code == 200

    whole = SessionLog(trainee=trainee, session=day.session).block(day.row.pk)
    one = SessionLog(trainee=trainee, session=day.session, prescription_id=day.row.pk).blocks[0]
    assert whole.next_load.change == "reduce"
    assert one.next_load == whole.next_load
    assert f"Load now: {load_text(whole.next_load.load, 'kg')}." in response.content.decode()


def test_a_set_logged_and_deleted_many_times_keeps_only_the_latest_for_undo(
    signed_in_client, trainee, day, django_assert_max_num_queries
):
    # 8 kg: the history's working load is 7 kg, and 10 kg would be a jump to confirm.
    for _ in range(5):
        response = signed_in_client.post(
            log_url(day.session, day.row), row_post(load="8"), headers=HTMX
        )
        logged = max(re.findall(r"/sets/(\d+)/delete/", response.content.decode()), key=int)
        signed_in_client.post(f"/sets/{logged}/delete/", headers=HTMX)

    log = SessionLog(trainee=trainee, session=day.session)
    assert [s.pk for s in log.sets] == [int(logged)]
    assert log.block(day.row.pk).slots[0].deleted.pk == int(logged)

    # 20 outside a test, whose transaction makes the write a savepoint (two queries more);
    # one of them reads the session's pain ratings, shown in the block; two keep the coach's
    # inbox up to date (`innerback.inbox.refresh`: no coach, so nothing more).
    with django_assert_max_num_queries(22):
        response = signed_in_client.post(
            log_url(day.session, day.row), row_post(load="8"), headers=HTMX
        )
    assert response.status_code == 200
    assert live_sets(day.session).count() == 1


@pytest.fixture
def signed_in_client(client, trainee):
    client.force_login(trainee)
    return client
