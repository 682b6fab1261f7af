"""Choosing a program, starting it, changing training days, pausing, and the dashboard."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from programs.authoring.starter_program import STARTER_PROGRAM
from programs.models import Enrolment, Program
from programs.planning.calendar import enrol, pause, week_start
from tests.programs.factories import (
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
    SetLogFactory,
)

pytestmark = pytest.mark.django_db

CHOOSE = reverse("programs:choose")
SETTINGS = reverse("programs:plan_settings")


def small_program(owner=None, name="Small plan", days=3):
    program = ProgramFactory(name=name, owner=owner, description=f"{name} description.")
    week = ProgramWeekFactory(program=program, number=1)
    for position in range(1, days + 1):
        ProgramDayFactory(week=week, position=position, title=f"Day {position}")
    return program


def enrol_url(program: Program) -> str:
    return reverse("programs:enrol", args=[program.pk])


def starter() -> Program:
    return Program.objects.get(slug=STARTER_PROGRAM["slug"])


def test_the_chooser_lists_built_in_and_own_programs_with_their_length(
    client, trainee, other_trainee
):
    mine = small_program(owner=trainee, name="My own plan")
    theirs = small_program(owner=other_trainee, name="Otto's plan")
    client.force_login(trainee)

    response = client.get(CHOOSE)

    assert response.status_code == 200
    assert STARTER_PROGRAM["name"] in response.text
    assert "8 weeks" in response.text
    assert "My own plan" in response.text and "My own plan description." in response.text
    assert "1 week · 3 training days" in response.text
    assert enrol_url(mine) in response.text
    assert theirs.name not in response.text


def test_the_enrol_form_defaults_to_local_today_and_monday_wednesday_friday(client):
    from tests.innerback.accounts.factories import UserFactory

    # 20:00 UTC on Sunday 1 March is already Monday 2 March in Auckland.
    instant = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    auckland = UserFactory(time_zone="Pacific/Auckland")
    client.force_login(auckland)
    with mock.patch("django.utils.timezone.now", return_value=instant):
        response = client.get(enrol_url(starter()))

    assert 'value="2026-03-02"' in response.text
    assert 'min="2026-03-02"' in response.text
    form = response.context["form"]
    assert form["training_days"].value() == [0, 2, 4]


def test_starting_a_program_lays_the_plan_and_shows_that_week(client, trainee):
    program = small_program()
    start = trainee.local_today() + datetime.timedelta(days=7)
    client.force_login(trainee)

    response = client.post(
        enrol_url(program), {"start_date": start.isoformat(), "training_days": ["1", "3"]}
    )

    enrolment = Enrolment.objects.current().get(trainee=trainee)
    assert enrolment.program == program
    assert enrolment.start_date == start
    assert enrolment.training_days == [1, 3]
    assert enrolment.sessions.count() == 3
    assert {s.scheduled_on.weekday() for s in enrolment.sessions.all()} <= {1, 3}
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('programs:plan')}?week={week_start(start)}"


def test_enrolling_without_a_training_day_keeps_the_date_and_says_why(client, trainee):
    program = small_program()
    start = trainee.local_today().isoformat()
    client.force_login(trainee)

    response = client.post(enrol_url(program), {"start_date": start})

    assert response.status_code == 200
    assert 'id="id_training_days_errors"' in response.text
    assert "Choose at least one training day." in response.text
    assert f'value="{start}"' in response.text
    assert not Enrolment.objects.exists()


def test_a_start_date_in_the_past_is_refused_beside_the_field(client, trainee):
    program = small_program()
    client.force_login(trainee)
    yesterday = trainee.local_today() - datetime.timedelta(days=1)

    response = client.post(
        enrol_url(program), {"start_date": yesterday.isoformat(), "training_days": ["0"]}
    )

    assert 'id="id_start_date_errors"' in response.text
    assert "or later" in response.text
    assert not Enrolment.objects.exists()


def test_starting_a_new_program_ends_the_old_one_and_keeps_its_logs(client, trainee):
    today = trainee.local_today()
    old = enrol(
        trainee=trainee, program=small_program(name="Old"), start_date=today, training_days=[0]
    )
    log = SetLogFactory(session=old.sessions.first())
    new_program = small_program(name="New")
    client.force_login(trainee)

    page = client.get(enrol_url(new_program))
    assert "Starting this ends" in page.text and "Old" in page.text
    client.post(
        enrol_url(new_program),
        {"start_date": (today + datetime.timedelta(days=1)).isoformat(), "training_days": ["6"]},
    )

    old.refresh_from_db()
    assert old.ended_at is not None
    assert Enrolment.objects.current().get(trainee=trainee).program == new_program
    log.refresh_from_db()
    assert log.session.enrolment == old


def test_someone_elses_program_cannot_be_started(client, trainee, other_trainee):
    theirs = small_program(owner=other_trainee)
    client.force_login(trainee)
    assert client.get(enrol_url(theirs)).status_code == 404
    response = client.post(
        enrol_url(theirs),
        {"start_date": trainee.local_today().isoformat(), "training_days": ["0"]},
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_a_program_without_days_cannot_be_started(client, trainee):
    empty = ProgramFactory(owner=trainee, name="Empty")
    client.force_login(trainee)
    response = client.post(
        enrol_url(empty), {"start_date": trainee.local_today().isoformat(), "training_days": ["0"]}
    )
    assert response.status_code == 200
    assert "no training days yet" in response.text
    assert not Enrolment.objects.exists()


def test_changing_training_days_moves_the_rest_of_the_plan(client, trainee):
    today = trainee.local_today()
    enrolment = enrol(
        trainee=trainee, program=small_program(), start_date=today, training_days=[0, 2, 4]
    )
    client.force_login(trainee)

    page = client.get(SETTINGS)
    assert page.context["form"]["training_days"].value() == [0, 2, 4]
    response = client.post(SETTINGS, {"training_days": ["5", "6"]})

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.training_days == [5, 6]
    assert {s.scheduled_on.weekday() for s in enrolment.sessions.all()} == {5, 6}


def test_changing_training_days_to_none_is_refused(client, trainee):
    enrolment = enrol(
        trainee=trainee,
        program=small_program(),
        start_date=trainee.local_today(),
        training_days=[0],
    )
    client.force_login(trainee)

    response = client.post(SETTINGS, {})

    assert response.status_code == 200
    assert "Choose at least one training day." in response.text
    enrolment.refresh_from_db()
    assert enrolment.training_days == [0]


def test_training_days_page_without_a_program_leads_to_the_chooser(client, trainee):
    client.force_login(trainee)
    response = client.get(SETTINGS)
    assert "You are not following a program" in response.text
    assert CHOOSE in response.text
    assert client.post(SETTINGS, {"training_days": ["0"]}).status_code == 200


def test_pause_and_resume_from_the_training_days_page(client, trainee):
    today = trainee.local_today()
    enrolment = enrol(
        trainee=trainee, program=small_program(), start_date=today, training_days=[0, 2, 4]
    )
    client.force_login(trainee)

    client.post(reverse("programs:plan_pause"))
    enrolment.refresh_from_db()
    assert enrolment.paused_on == today
    assert not enrolment.sessions.exists()
    assert "Resume my plan" in client.get(SETTINGS).text

    client.post(reverse("programs:plan_resume"))
    enrolment.refresh_from_db()
    assert enrolment.paused_on is None
    assert enrolment.sessions.count() == 3
    assert min(s.scheduled_on for s in enrolment.sessions.all()) >= today


def test_pause_and_resume_need_a_current_program_and_a_post(client, trainee):
    client.force_login(trainee)
    assert client.post(reverse("programs:plan_pause")).status_code == 404
    assert client.post(reverse("programs:plan_resume")).status_code == 404
    assert client.get(reverse("programs:plan_pause")).status_code == 405


def test_dashboard_without_a_program_invites_choosing_one(client, trainee):
    client.force_login(trainee)
    response = client.get("/")
    assert "You have no program yet" in response.text
    assert f'href="{CHOOSE}"' in response.text
    assert "Choose a program" in response.text


def test_dashboard_shows_the_program_this_weeks_progress_and_links(client, trainee):
    today = trainee.local_today()
    enrol(
        trainee=trainee,
        program=small_program(name="Steady spine", days=7),
        start_date=week_start(today),
        training_days=[0, 1, 2, 3, 4, 5, 6],
    )
    client.force_login(trainee)

    response = client.get("/")

    assert "Steady spine" in response.text
    assert "0 of 7</strong> training days done this week" in response.text
    assert 'href="/today/"' in response.text
    assert reverse("programs:plan") in response.text
    assert response.context["today_session"].scheduled_on == today


def test_dashboard_mentions_a_paused_plan(client, trainee):
    enrolment = enrol(
        trainee=trainee,
        program=small_program(),
        start_date=trainee.local_today(),
        training_days=[0],
    )
    pause(enrolment=enrolment, today=trainee.local_today())
    client.force_login(trainee)
    assert "Paused since" in client.get("/").text


def test_dashboard_queries_are_bounded(client, trainee, django_assert_max_num_queries):
    enrol(
        trainee=trainee,
        program=starter(),
        start_date=trainee.local_today() - datetime.timedelta(days=50),
        training_days=[0, 2, 4],
    )
    client.force_login(trainee)
    # Session, user, enrolment, this week, today, the unread coach comments in the layout,
    # the weekly check-in card (the trainee's named activities and this week's answers), and
    # the morning check (the latest session trained, with its answer).
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200
