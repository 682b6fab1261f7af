"""The /today/ page: today's session ready to log, a kind rest day, or the way to a program."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Enrolment
from programs.planning import calendar
from programs.templatetags.dates import day as shown_day
from tests.programs.factories import (
    EnrolmentFactory,
    ProgramFactory,
    SetLogFactory,
    TrainingSessionFactory,
)
from tests.programs.training.logging_setup import another_session, make_day, year_of_history

pytestmark = pytest.mark.django_db

TODAY_URL = "/today/"


def test_the_contract_url_is_today():
    assert reverse("programs:today") == TODAY_URL


def test_todays_session_opens_ready_to_log_every_exercise(signed_in, trainee):
    day = make_day(trainee, trainee.local_today())

    response = signed_in.get(TODAY_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Today" in html
    for prescription in (day.hold, day.reps):
        assert (
            f'action="{reverse("programs:log_set", args=[day.session.pk, prescription.pk])}"'
            in html
        )
    assert "Test standing row" in html and "Locked" in html
    assert "Finish session" in html
    assert 'src="/static/js/timer.' in html


def test_sets_logged_or_deleted_between_visits_show_on_every_later_visit(signed_in, trainee):
    day = make_day(trainee, trainee.local_today())

    def visits(times=2):
        # The first visit after a change decides afresh; the next ones read what it kept.
        return [signed_in.get(TODAY_URL).text for _ in range(times)]

    visits()
    logged = SetLogFactory(
        trainee=trainee,
        session=day.session,
        exercise=day.reps.exercise,
        prescription=day.reps,
        set_number=1,
        reps=9,
        performed_on=trainee.local_today(),
    )
    assert all("Set 1</span> 9 reps" in html for html in visits())

    logged.deleted_at = timezone.now()
    logged.save()
    assert all("Set 1 deleted (9 reps" in html for html in visits())


def test_a_change_to_the_program_shows_on_every_later_visit(signed_in, trainee):
    day = make_day(trainee, trainee.local_today())
    [signed_in.get(TODAY_URL) for _ in range(2)]  # the second from what the first kept

    program = day.enrolment.program
    program.name = "Renamed program"
    program.save()
    day.session.program_day.title = "Anti-rotation"
    day.session.program_day.save()
    day.reps.sets = 5
    day.reps.save()

    for html in [signed_in.get(TODAY_URL).text for _ in range(2)]:
        assert "Renamed program" in html and "Anti-rotation" in html
        assert "5 ×" in html


def test_today_follows_the_trainees_own_time_zone(client):
    from tests.innerback.accounts.factories import UserFactory

    # Whatever the server's clock says, "today" is the date where the trainee lives.
    far_east = UserFactory(time_zone="Pacific/Kiritimati")
    far_west = UserFactory(time_zone="Pacific/Pago_Pago")
    assert far_east.local_today() != far_west.local_today()
    east_day = make_day(far_east, far_east.local_today())

    client.force_login(far_east)
    assert f"/sessions/{east_day.session.pk}/" in client.get(TODAY_URL).content.decode()


def test_a_rest_day_says_so_kindly_and_offers_the_next_session_early(signed_in, trainee):
    today = trainee.local_today()
    enrolment = EnrolmentFactory(trainee=trainee, start_date=today - datetime.timedelta(days=7))
    upcoming = TrainingSessionFactory(
        enrolment=enrolment, scheduled_on=today + datetime.timedelta(days=2)
    )

    html = signed_in.get(TODAY_URL).content.decode()

    assert "Rest day" in html
    assert "Nothing is scheduled for today" in html
    session_url = reverse("programs:session", args=[upcoming.pk])
    assert f'<a class="button" href="{session_url}">Open it early</a>' in html
    assert shown_day(upcoming.scheduled_on) in html


def test_a_session_opened_early_can_be_logged(signed_in, trainee):
    today = trainee.local_today()
    day = make_day(trainee, today + datetime.timedelta(days=1))

    html = signed_in.get(reverse("programs:session", args=[day.session.pk])).content.decode()

    assert "This session is planned for" in html
    assert "Sets you log now count for" in html
    assert "Log set 1" in html


def test_a_past_session_says_it_is_being_filled_in(signed_in, trainee):
    day = make_day(trainee, trainee.local_today())
    past = another_session(day, trainee.local_today() - datetime.timedelta(days=2))

    html = signed_in.get(reverse("programs:session", args=[past.pk])).content.decode()

    assert "You are filling in a past session" in html


def test_without_a_program_today_leads_to_choosing_one(signed_in):
    html = signed_in.get(TODAY_URL).content.decode()

    assert "Start with a program" in html
    assert f'href="{reverse("programs:choose")}"' in html


def test_at_the_end_of_a_program_today_offers_the_next_one(signed_in, trainee):
    EnrolmentFactory(trainee=trainee, program=ProgramFactory(name="Gentle Start"))

    html = signed_in.get(TODAY_URL).content.decode()

    assert "There are no more sessions in Gentle Start" in html
    assert "Choose your next program" in html


def test_a_paused_plan_says_it_is_paused(signed_in, trainee):
    today = trainee.local_today()
    EnrolmentFactory(trainee=trainee, start_date=today, paused_on=today)

    html = signed_in.get(TODAY_URL).content.decode()

    assert "Your plan has been paused since" in html
    assert reverse("programs:plan") in html


def test_an_ended_enrolments_session_today_is_not_todays_session(signed_in, trainee):
    day = make_day(trainee, trainee.local_today())
    Enrolment.objects.filter(pk=day.enrolment.pk).update(ended_at=timezone.now())

    html = signed_in.get(TODAY_URL).content.decode()

    assert "Start with a program" in html


def test_an_enrolment_made_through_the_calendar_shows_its_first_session_today(signed_in, trainee):
    from programs.models import Prescription, ProgramDay, ProgramWeek
    from tests.exercises.factories import ExerciseFactory

    today = trainee.local_today()
    program = ProgramFactory()
    week = ProgramWeek.objects.create(program=program, number=1)
    program_day = ProgramDay.objects.create(week=week, position=1, title="Activation")
    Prescription.objects.create(
        day=program_day,
        exercise=ExerciseFactory(name="Calendar tilt", slug="calendar-tilt"),
        sets=2,
        reps_min=8,
        reps_max=10,
        tempo="3-1-1-0",
    )
    calendar.enrol(
        trainee=trainee, program=program, start_date=today, training_days=[today.weekday()]
    )

    html = signed_in.get(TODAY_URL).content.decode()

    assert "Calendar tilt" in html and "Set 1 of 2" in html


def test_today_needs_a_bounded_number_of_queries_with_a_year_of_history(
    signed_in, trainee, django_assert_max_num_queries
):
    today = trainee.local_today()
    day = make_day(trainee, today)
    assert year_of_history(day, today) > 1000

    with django_assert_max_num_queries(15):
        response = signed_in.get(TODAY_URL)

    assert response.status_code == 200
    assert "Last time" in response.content.decode()


def test_a_rest_day_needs_few_queries(signed_in, trainee, django_assert_max_num_queries):
    today = trainee.local_today()
    enrolment = EnrolmentFactory(trainee=trainee)
    TrainingSessionFactory(enrolment=enrolment, scheduled_on=today + datetime.timedelta(days=1))

    with django_assert_max_num_queries(6):
        assert signed_in.get(TODAY_URL).status_code == 200


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get(TODAY_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
