"""Laying a program onto the trainee's calendar, and re-laying it without losing logs."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from programs.models import Enrolment, TrainingSession
from programs.planning.calendar import (
    change_training_days,
    enrol,
    pause,
    relay_followers,
    resume,
    session_for_day,
    sessions_in_week,
    week_start,
)
from tests.innerback.accounts.factories import UserFactory
from tests.programs.factories import (
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
    SetLogFactory,
)

pytestmark = pytest.mark.django_db

MON = datetime.date(2026, 3, 2)  # a Monday
MWF = [0, 2, 4]


def make_program(weeks: int = 2, days_per_week: int = 3, name: str = "Plan"):
    program = ProgramFactory(name=name)
    for number in range(1, weeks + 1):
        week = ProgramWeekFactory(program=program, number=number)
        for position in range(1, days_per_week + 1):
            ProgramDayFactory(week=week, position=position, title=f"W{number}D{position}")
    return program


def layout(enrolment: Enrolment) -> list[tuple[str, datetime.date]]:
    return [
        (s.program_day.title, s.scheduled_on)
        for s in enrolment.sessions.select_related("program_day").order_by("scheduled_on")
    ]


def day(offset: int) -> datetime.date:
    return MON + datetime.timedelta(days=offset)


def test_week_start_is_the_monday_of_the_week():
    assert week_start(MON) == MON
    assert week_start(day(6)) == MON  # Sunday
    assert week_start(day(7)) == day(7)


def test_enrol_lays_program_days_in_order_onto_chosen_weekdays_across_weeks(trainee):
    program = make_program(weeks=2, days_per_week=3)

    enrolment = enrol(trainee=trainee, program=program, start_date=MON, training_days=MWF)

    assert layout(enrolment) == [
        ("W1D1", day(0)),
        ("W1D2", day(2)),
        ("W1D3", day(4)),
        ("W2D1", day(7)),
        ("W2D2", day(9)),
        ("W2D3", day(11)),
    ]
    assert enrolment.training_days == MWF
    assert all(s.trainee == trainee for s in enrolment.sessions.all())


def test_odd_weekday_choices_and_a_midweek_start_spill_program_weeks_over_calendar_weeks(
    trainee,
):
    program = make_program(weeks=2, days_per_week=3)

    # Tuesdays and Sundays only, starting on a Thursday; given out of order with a repeat.
    enrolment = enrol(trainee=trainee, program=program, start_date=day(3), training_days=[6, 1, 6])

    assert enrolment.training_days == [1, 6]
    assert layout(enrolment) == [
        ("W1D1", day(6)),
        ("W1D2", day(8)),
        ("W1D3", day(13)),
        ("W2D1", day(15)),
        ("W2D2", day(20)),
        ("W2D3", day(22)),
    ]


def test_enrol_needs_at_least_one_valid_training_day(trainee):
    program = make_program()
    with pytest.raises(ValueError, match="at least one"):
        enrol(trainee=trainee, program=program, start_date=MON, training_days=[])
    with pytest.raises(ValueError):
        enrol(trainee=trainee, program=program, start_date=MON, training_days=[7])
    assert not Enrolment.objects.exists()


def test_enrol_ends_the_previous_enrolment_and_keeps_its_logs(trainee, coach):
    old = enrol(
        trainee=trainee, program=make_program(name="Old"), start_date=MON, training_days=MWF
    )
    logged = old.sessions.order_by("scheduled_on").first()
    SetLogFactory(session=logged)
    new_program = make_program(name="New")

    with mock.patch("innerback.accounts.models.User.local_today", return_value=day(1)):
        new = enrol(
            trainee=trainee,
            program=new_program,
            start_date=day(1),
            training_days=[1, 3],
            assigned_by=coach,
        )

    old.refresh_from_db()
    assert old.ended_at is not None
    assert list(Enrolment.objects.filter(trainee=trainee).current()) == [new]
    assert new.assigned_by == coach
    # The logged session stays with its set; the old plan's open sessions are gone.
    assert list(old.sessions.all()) == [logged]
    assert logged.sets.count() == 1
    assert layout(new)[0] == ("W1D1", day(1))


def test_changing_training_days_relays_the_rest_and_keeps_logged_and_past_sessions(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    wednesday = enrolment.sessions.order_by("scheduled_on")[1]
    SetLogFactory(session=wednesday)  # logged on Wednesday; Monday was missed

    change_training_days(enrolment=enrolment, training_days=[1, 3], today=day(2))

    assert layout(enrolment) == [
        ("W1D1", day(0)),  # past, missed: stays where it was
        ("W1D2", day(2)),  # logged: stays
        ("W1D3", day(3)),  # the rest moves onto Tuesdays and Thursdays from today
        ("W2D1", day(8)),
        ("W2D2", day(10)),
        ("W2D3", day(15)),
    ]
    assert wednesday.sets.count() == 1
    enrolment.refresh_from_db()
    assert enrolment.training_days == [1, 3]


def test_relaying_moves_sessions_instead_of_replacing_them(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    ids = set(enrolment.sessions.values_list("pk", flat=True))

    change_training_days(enrolment=enrolment, training_days=[5], today=MON)

    assert set(enrolment.sessions.values_list("pk", flat=True)) == ids
    assert [on.weekday() for _, on in layout(enrolment)] == [5] * 6


def test_relaying_does_not_double_book_a_day_that_already_holds_a_completed_session(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    first = enrolment.sessions.order_by("scheduled_on").first()
    first.completed_at = timezone.now()
    first.save()

    change_training_days(enrolment=enrolment, training_days=[0, 1], today=MON)

    assert layout(enrolment)[:3] == [("W1D1", day(0)), ("W1D2", day(1)), ("W1D3", day(7))]


def test_pause_takes_open_sessions_off_the_calendar_and_resume_lays_them_from_that_day(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    SetLogFactory(session=enrolment.sessions.order_by("scheduled_on").first())

    pause(enrolment=enrolment, today=day(1))

    enrolment.refresh_from_db()
    assert enrolment.paused_on == day(1)
    assert layout(enrolment) == [("W1D1", day(0))]

    resume(enrolment=enrolment, today=day(14))

    enrolment.refresh_from_db()
    assert enrolment.paused_on is None
    assert layout(enrolment) == [
        ("W1D1", day(0)),
        ("W1D2", day(14)),
        ("W1D3", day(16)),
        ("W2D1", day(18)),
        ("W2D2", day(21)),
        ("W2D3", day(23)),
    ]


def test_pausing_twice_or_resuming_a_running_plan_changes_nothing(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    before = layout(enrolment)
    resume(enrolment=enrolment, today=day(3))
    assert layout(enrolment) == before

    pause(enrolment=enrolment, today=day(1))
    pause(enrolment=enrolment, today=day(5))
    enrolment.refresh_from_db()
    assert enrolment.paused_on == day(1)


def test_changing_days_while_paused_only_stores_them_until_resume(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    pause(enrolment=enrolment, today=MON)

    change_training_days(enrolment=enrolment, training_days=[5, 6], today=day(1))
    assert layout(enrolment) == []

    resume(enrolment=enrolment, today=day(7))
    assert [on for _, on in layout(enrolment)][:3] == [day(12), day(13), day(19)]


def test_a_plan_starting_later_is_relaid_from_its_start_not_from_today(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=day(7), training_days=MWF)

    change_training_days(enrolment=enrolment, training_days=[1], today=MON)

    assert layout(enrolment)[0] == ("W1D1", day(8))


def test_an_ended_enrolment_cannot_be_changed(trainee):
    old = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    old.refresh_from_db()
    with pytest.raises(ValueError):
        change_training_days(enrolment=old, training_days=[1], today=MON)
    with pytest.raises(ValueError):
        pause(enrolment=old, today=MON)


def test_sessions_in_week_are_only_that_weeks_sessions_of_that_trainee(trainee, other_trainee):
    program = make_program()
    enrol(trainee=trainee, program=program, start_date=MON, training_days=MWF)
    enrol(trainee=other_trainee, program=program, start_date=MON, training_days=MWF)

    week_two = list(sessions_in_week(trainee=trainee, monday=day(7)))

    assert [(s.program_day.title, s.scheduled_on) for s in week_two] == [
        ("W2D1", day(7)),
        ("W2D2", day(9)),
        ("W2D3", day(11)),
    ]
    assert {s.trainee for s in week_two} == {trainee}


def test_session_for_day_prefers_the_first_unfinished_session_of_the_current_plan(trainee):
    enrolment = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=[0])
    assert session_for_day(trainee=trainee, day=day(1)) is None
    first = session_for_day(trainee=trainee, day=MON)
    assert first.program_day.title == "W1D1"

    # Two sessions on one day: once the first is completed, the second is the one to do.
    second = enrolment.sessions.get(program_day__title="W1D2")
    second.scheduled_on = MON
    second.save()
    first.completed_at = timezone.now()
    first.save()
    assert session_for_day(trainee=trainee, day=MON) == second


def test_session_for_day_ignores_an_ended_plan(trainee):
    old = enrol(trainee=trainee, program=make_program(), start_date=MON, training_days=MWF)
    SetLogFactory(session=old.sessions.get(scheduled_on=MON))
    enrol(trainee=trainee, program=make_program(), start_date=day(1), training_days=[1])

    assert session_for_day(trainee=trainee, day=MON) is None
    assert session_for_day(trainee=trainee, day=day(1)).enrolment.ended_at is None


def test_the_trainees_own_time_zone_decides_which_day_is_today():
    # Sunday 1 March 2026 at 20:00 UTC is already Monday 2 March in Auckland.
    instant = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    auckland = UserFactory(time_zone="Pacific/Auckland")
    london = UserFactory(time_zone="UTC")
    program = make_program()
    with mock.patch("django.utils.timezone.now", return_value=instant):
        for person in (auckland, london):
            enrol(
                trainee=person,
                program=program,
                start_date=person.local_today(),
                training_days=[0, 6],
            )
        auckland_today = session_for_day(trainee=auckland, day=auckland.local_today())
        london_today = session_for_day(trainee=london, day=london.local_today())

    assert auckland_today.scheduled_on == MON
    assert london_today.scheduled_on == datetime.date(2026, 3, 1)
    assert auckland_today.program_day.title == london_today.program_day.title == "W1D1"
    assert TrainingSession.objects.filter(trainee=auckland, scheduled_on__lt=MON).count() == 0


def test_days_added_to_a_followed_program_are_laid_after_the_planned_ones(trainee, other_trainee):
    program = make_program(weeks=1, days_per_week=2)
    enrolment = enrol(trainee=trainee, program=program, start_date=MON, training_days=MWF)
    paused = enrol(trainee=other_trainee, program=program, start_date=MON, training_days=MWF)
    pause(enrolment=paused, today=MON)
    week = ProgramWeekFactory(program=program, number=2)
    ProgramDayFactory(week=week, position=1, title="W2D1")

    with mock.patch("innerback.accounts.models.User.local_today", return_value=MON):
        relay_followers(program=program)

    assert layout(enrolment) == [("W1D1", day(0)), ("W1D2", day(2)), ("W2D1", day(4))]
    assert layout(paused) == []
