"""A set logged right after another write to the same exercise of the same session, in the
same process with nothing written in between, starts from what that write request knew:
the session, its sets and the prescription are not read again. Anything else reads afresh."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innerback.models import User
from tests.programs.factories import SetLogFactory, TrainingSessionFactory
from tests.programs.logging_setup import hold_post, live_sets, log_url, make_day, reps_post

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def log(client, day, prescription, post, **fields):
    response = client.post(log_url(day.session, prescription), post(**fields), headers=HTMX)
    assert response.status_code == 200
    return response


def reads_of_the_session(queries) -> list[str]:
    """The queries that read the session, its sets, its prescriptions or their adjustments."""
    tables = (
        '"programs_trainingsession"',
        '"programs_setlog"',
        '"programs_prescription"',
        '"programs_prescriptionadjustment"',
    )
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        and any(table in query["sql"] for table in tables)
    ]


def test_the_next_set_logged_reads_neither_session_nor_sets_nor_prescription(
    signed_in, trainee, today
):
    day = make_day(trainee, today)
    log(signed_in, day, day.hold, hold_post, set_number=1, note="first hold")

    with CaptureQueriesContext(connection) as queries:
        response = log(signed_in, day, day.hold, hold_post, set_number=2, note="second hold")

    assert reads_of_the_session(queries) == []
    html = response.content.decode()
    assert "first hold" in html and "second hold" in html and "Set 3 of 3" in html
    assert live_sets(day.session).count() == 2


def test_after_a_delete_the_next_set_starts_from_what_the_delete_knew(signed_in, trainee, today):
    day = make_day(trainee, today)
    first = log(signed_in, day, day.hold, hold_post, set_number=1)
    logged = re.search(r"/sets/(\d+)/delete/", first.content.decode()).group(1)
    signed_in.post(f"/sets/{logged}/delete/", headers=HTMX)

    with CaptureQueriesContext(connection) as queries:
        response = log(signed_in, day, day.hold, hold_post, set_number=1, note="again")

    assert reads_of_the_session(queries) == []
    assert "again" in response.content.decode()
    assert live_sets(day.session).count() == 1


def test_a_set_logged_elsewhere_in_between_is_read_and_shown(signed_in, trainee, today):
    day = make_day(trainee, today)
    log(signed_in, day, day.hold, hold_post, set_number=1)
    SetLogFactory(session=day.session, exercise=day.bird_dog, set_number=2, note="other phone")

    with CaptureQueriesContext(connection) as queries:
        response = log(signed_in, day, day.hold, hold_post, set_number=3)

    assert reads_of_the_session(queries) != []
    assert "other phone" in response.content.decode()
    assert live_sets(day.session).count() == 3


def test_another_exercise_of_the_session_reads_its_own_block(signed_in, trainee, today):
    day = make_day(trainee, today)
    log(signed_in, day, day.hold, hold_post, set_number=1, note="a hold")

    with CaptureQueriesContext(connection) as queries:
        response = log(signed_in, day, day.reps, reps_post, set_number=1, note="some reps")

    assert reads_of_the_session(queries) != []
    html = response.content.decode()
    assert "some reps" in html
    assert "a hold" not in html


def test_nobody_elses_session_is_reached_through_what_was_carried(signed_in, trainee, today):
    day = make_day(trainee, today)
    log(signed_in, day, day.hold, hold_post, set_number=1)
    stranger = TrainingSessionFactory(scheduled_on=today, program_day=day.session.program_day)

    response = signed_in.post(log_url(stranger, day.hold), hold_post(set_number=2), headers=HTMX)

    assert response.status_code == 404
    assert live_sets(stranger).count() == 0


def test_a_catalog_edit_in_between_shows_the_new_catalog(signed_in, trainee, today):
    day = make_day(trainee, today)
    log(signed_in, day, day.hold, hold_post, set_number=1)
    day.bird_dog.name = "Renamed bird dog"
    day.bird_dog.save()

    response = log(signed_in, day, day.hold, hold_post, set_number=2)

    assert "Renamed bird dog" in response.content.decode()


def test_a_stamp_moved_by_someone_else_reads_afresh(signed_in, trainee, today):
    day = make_day(trainee, today)
    log(signed_in, day, day.hold, hold_post, set_number=1)
    User.objects.filter(pk=trainee.pk).update(training_stamp=10_000)

    with CaptureQueriesContext(connection) as queries:
        log(signed_in, day, day.hold, hold_post, set_number=2)

    assert reads_of_the_session(queries) != []
