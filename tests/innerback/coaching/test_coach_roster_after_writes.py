"""The roster shows every write at once, whatever looked before: each test looks once,
writes, and looks again (the roster keeps nothing between looks)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from innerback.coaching.roster import RosterRow, roster
from programs.authoring import builder
from programs.models import Enrolment, GateOverride, Prescription, TrainingSession
from programs.planning import calendar
from programs.training.logging import finish_session
from tests.innerback.coaching.factories import CoachingFactory
from tests.innerback.coaching.test_coach_roster import long_program, sets_on

pytestmark = pytest.mark.django_db

EVERY_DAY = list(range(7))


def look(coach) -> RosterRow:
    [row] = roster(coach)
    return row


@pytest.fixture
def today(coached_trainee):
    return coached_trainee.local_today()


@pytest.fixture
def every_day(coached_trainee, today):
    """Tess on a nine-day program from this Monday, every day: seven sessions this week."""
    program, _ = long_program(weeks=3)
    return calendar.enrol(
        trainee=coached_trainee,
        program=program,
        start_date=calendar.week_start(today),
        training_days=EVERY_DAY,
    )


def test_enrolling_lays_the_week_out(coach, coached_trainee, today):
    assert look(coach).figures.week_planned == 0
    program, _ = long_program(weeks=3)

    calendar.enrol(
        trainee=coached_trainee,
        program=program,
        start_date=calendar.week_start(today),
        training_days=EVERY_DAY,
    )

    # Every day up to and including today counts; the rest of the week is still to come.
    row = look(coach)
    assert row.figures.week_planned == today.weekday() + 1
    assert row.program == "Long block"


def test_finishing_a_session_counts_it_done(coach, coached_trainee, every_day, today):
    assert look(coach).figures.week_done == 0

    finish_session(TrainingSession.objects.get(trainee=coached_trainee, scheduled_on=today))

    assert look(coach).figures.week_done == 1


def test_pausing_takes_today_off_and_resuming_lays_it_back(coach, every_day, today):
    assert look(coach).figures.week_planned == today.weekday() + 1

    calendar.pause(enrolment=every_day, today=today)
    assert look(coach).figures.week_planned == today.weekday()

    calendar.resume(enrolment=every_day, today=today)
    assert look(coach).figures.week_planned == today.weekday() + 1


def test_other_training_days_move_todays_session_off(coach, every_day, today):
    assert look(coach).figures.week_planned == today.weekday() + 1

    tomorrow = (today.weekday() + 1) % 7
    calendar.change_training_days(enrolment=every_day, training_days=[tomorrow], today=today)

    assert look(coach).figures.week_planned == today.weekday()


def test_a_day_removed_from_a_program_leaves_an_ended_plan_too(coach, coached_trainee, today):
    program, days = long_program(weeks=1)
    last_monday = calendar.week_start(today) - timedelta(weeks=1)
    ended = Enrolment.objects.create(
        trainee=coached_trainee,
        program=program,
        start_date=last_monday,
        training_days=[0],
        ended_at=timezone.now(),
    )
    TrainingSession.objects.create(
        enrolment=ended, trainee=coached_trainee, program_day=days[1], scheduled_on=last_monday
    )
    assert look(coach).figures.month_planned == 1

    builder.remove_day(day=days[1])
    calendar.relay_followers(program=program)

    assert look(coach).figures.month_planned == 0


def test_a_logged_set_and_an_override_show_at_once(coach, coached_trainee, every_day, today):
    before = look(coach)
    assert (before.figures.last_activity, before.figures.pass_rate) == (None, None)
    session = TrainingSession.objects.get(trainee=coached_trainee, scheduled_on=today)

    sets_on(session, today, clean=1, failed=0)
    GateOverride.objects.create(
        trainee=coached_trainee,
        exercise=Exercise.objects.get(slug="standing-dumbbell-row"),
        granted_by=coach,
        reason="Physio cleared it.",
    )

    after = look(coach)
    assert (after.figures.last_activity, after.figures.pass_rate) == (today, 100)
    assert after.unlocked == before.unlocked + 1


def test_a_program_edit_shows_at_once(coach, every_day):
    before = look(coach)
    program = every_day.program

    program.name = "Renamed block"
    program.save()
    builder.append_prescription(
        Prescription(
            day=program.weeks.get(number=1).days.get(position=1),
            exercise=Exercise.objects.get(slug="romanian-deadlift"),
            sets=3,
            reps_min=8,
            reps_max=10,
            tempo="3-1-1-0",
        )
    )

    after = look(coach)
    assert after.program == "Renamed block"
    assert (after.unlocked, after.locked) == (before.unlocked, before.locked + 1)


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_each_change_since_the_last_look(
    client, coach, coached_trainee, every_day, today
):
    client.force_login(coach)
    so_far = today.weekday() + 1
    assert f"This week: 0/{so_far}" in client.get(reverse("coach:home")).text

    finish_session(TrainingSession.objects.get(trainee=coached_trainee, scheduled_on=today))
    every_day.program.name = "Renamed block"
    every_day.program.save()

    html = client.get(reverse("coach:home")).text
    assert f"This week: 1/{so_far}" in html
    assert "Renamed block" in html


def test_clients_with_the_same_figures_keep_rows_of_their_own(
    client, coach, coached_trainee, other_trainee
):
    CoachingFactory(coach=coach, client=other_trainee)
    client.force_login(coach)

    html = client.get(reverse("coach:home")).text

    for trainee in (coached_trainee, other_trainee):
        assert trainee.display_name in html
        assert reverse("coach:client", args=[trainee.pk]) in html
