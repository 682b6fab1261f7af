"""The printable week at /plan/print/ and a coach's copy of a client's: every session with
what to do, boxes to fill in, and a code that opens the session to log it later."""

import datetime

import pytest
from django.urls import reverse

from exercises.models import Exercise
from programs.planning.calendar import week_start
from programs.planning.printing import session_code
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session
from tests.programs.planning.test_plan import _year_of_history

pytestmark = pytest.mark.django_db

PRINT = reverse("programs:print_week")


@pytest.fixture
def enrolled(trainee):
    return enrol_on_starter(trainee, weeks_ago=0)


def this_weeks_sessions(enrolment):
    monday = week_start(enrolment.trainee.local_today())
    return list(
        enrolment.sessions.filter(
            scheduled_on__gte=monday, scheduled_on__lt=monday + datetime.timedelta(days=7)
        ).order_by("scheduled_on")
    )


def test_printing_needs_a_signed_in_person(client):
    response = client.get(PRINT)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_each_session_of_the_week_gets_its_own_sheet_with_a_code_to_log_it(
    client, trainee, enrolled
):
    client.force_login(trainee)
    response = client.get(PRINT)
    html = response.content.decode()

    sessions = this_weeks_sessions(enrolled)
    assert len(sessions) == 3
    assert html.count('class="print-session"') == 3
    for session in sessions:
        url = f"http://testserver/sessions/{session.pk}/"
        assert url in html
        assert session_code(url) in html


def test_a_sheet_has_a_box_for_every_form_check_of_every_set(client, trainee, enrolled):
    client.force_login(trainee)
    response = client.get(PRINT)

    day = response.context["sessions"][0].day
    open_items = [entry.planned for entry in day.entries if not entry.planned.locked]
    boxes = sum(item.sets * len(item.exercise.form_check_list) for item in open_items)
    first_sheet = response.content.decode().split('class="print-session"')[1]
    assert first_sheet.count('class="tick-box"') == boxes
    for item in open_items:
        for check in item.exercise.form_check_list:
            assert f"<li>{check}</li>" in first_sheet


def test_a_sheet_shows_the_drawings_the_dose_and_the_safety_note(client, trainee, enrolled):
    client.force_login(trainee)
    html = client.get(PRINT).content.decode()

    bird_dog = Exercise.objects.get(slug="bird-dog")
    assert bird_dog.pictures[0].url in html
    assert "tempo " in html
    assert "see a clinician" in html


def test_locked_work_prints_its_reason_instead_of_boxes(client, trainee, enrolled):
    client.force_login(trainee)
    response = client.get(PRINT, {"week": (trainee.local_today() + datetime.timedelta(weeks=4))})
    locked = [
        entry.planned
        for printed in response.context["sessions"]
        for entry in printed.day.entries
        if entry.planned.locked
    ]
    assert locked, "the starter program's later weeks prescribe gated work"
    assert locked[0].reason in response.content.decode()


def test_a_week_without_training_says_there_is_nothing_to_print(client, trainee):
    client.force_login(trainee)
    response = client.get(PRINT)
    assert "nothing to print" in response.content.decode()


def test_printing_shows_only_the_persons_own_sessions(client, trainee, other_trainee, enrolled):
    others = enrol_on_starter(other_trainee, weeks_ago=0)
    client.force_login(trainee)
    html = client.get(PRINT).content.decode()
    for session in this_weeks_sessions(others):
        assert f"/sessions/{session.pk}/" not in html


def test_a_coach_prints_a_clients_week_with_the_clients_name(client, coach, coached_trainee):
    enrolment = enrol_on_starter(coached_trainee, weeks_ago=0, coach=coach)
    log_session(this_weeks_sessions(enrolment)[0])
    client.force_login(coach)

    response = client.get(reverse("coach:client_print", args=[coached_trainee.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"for {coached_trainee.display_name}" in html
    assert html.count('class="print-session"') == 3
    client_page = client.get(reverse("coach:client", args=[coached_trainee.pk])).content.decode()
    assert reverse("coach:client_print", args=[coached_trainee.pk]) in client_page


def test_the_plan_links_to_its_printable_week(client, trainee, enrolled):
    client.force_login(trainee)
    html = client.get(reverse("programs:plan")).content.decode()
    monday = week_start(trainee.local_today()).isoformat()
    assert f'href="{PRINT}?week={monday}"' in html


def test_printing_a_week_stays_bounded_with_a_year_of_history(
    client, trainee, gated, django_assert_max_num_queries
):
    _year_of_history(trainee, gated)
    client.force_login(trainee)
    with django_assert_max_num_queries(12):
        response = client.get(PRINT)
    assert len(response.context["sessions"]) >= 2
