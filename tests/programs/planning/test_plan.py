"""This week's plan at /plan/: days, prescriptions, progress, locks and week navigation."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.engine import trainee_state
from programs.models import ExerciseProgress, Prescription, ProgramDay, ProgramWeek, SetLog
from programs.planning.calendar import change_training_days, enrol, pause, week_start
from programs.templatetags.dates import day as shown_day
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import ProgramFactory, SetLogFactory

pytestmark = pytest.mark.django_db

PLAN = reverse("programs:plan")
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]


def build_program(exercises, *, weeks=2, days_per_week=3, owner=None, name="Back basics"):
    """A program whose every day prescribes `exercises` in order (bulk, for long plans)."""
    program = ProgramFactory(name=name, owner=owner)
    week_rows = ProgramWeek.objects.bulk_create(
        [ProgramWeek(program=program, number=n, focus=f"Focus {n}") for n in range(1, weeks + 1)]
    )
    day_rows = ProgramDay.objects.bulk_create(
        [
            ProgramDay(week=week, position=p, title=f"Day {week.number}.{p}")
            for week in week_rows
            for p in range(1, days_per_week + 1)
        ]
    )
    Prescription.objects.bulk_create(
        [
            Prescription(
                day=day,
                position=i,
                exercise=exercise,
                sets=3,
                reps_min=None if exercise.is_hold else 8,
                reps_max=None if exercise.is_hold else 12,
                hold_s=10 if exercise.is_hold else None,
                tempo="2-1-2-0",
                start_load_kg=Decimal("6") if exercise.is_resistance else None,
            )
            for day in day_rows
            for i, exercise in enumerate(exercises, start=1)
        ]
    )
    return program


def test_plan_needs_a_signed_in_person(client):
    response = client.get(PLAN)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_without_a_program_the_plan_points_to_the_program_chooser(client, trainee):
    client.force_login(trainee)
    response = client.get(PLAN)
    assert response.status_code == 200
    assert "You are not following a program" in response.text
    assert reverse("programs:choose") in response.text


def test_plan_shows_each_training_day_with_its_prescriptions(client, trainee, gated):
    bird_dog, row = gated
    program = build_program([bird_dog, row])
    today = trainee.local_today()
    enrol(trainee=trainee, program=program, start_date=week_start(today), training_days=[0, 2, 4])
    client.force_login(trainee)

    response = client.get(PLAN)

    week = response.context["week"]
    assert [d.session.program_day.title for d in week.days] == ["Day 1.1", "Day 1.2", "Day 1.3"]
    assert "This week" in response.text
    assert "Back basics" in response.text
    assert "3 × 10 s hold · tempo 2-1-2-0" in response.text
    assert "Plan row" in response.text
    session = week.days[0].session
    assert f"/sessions/{session.pk}/" in response.text


def test_a_locked_item_shows_the_gate_reason_and_the_work_to_do_instead(client, trainee, gated):
    bird_dog, row = gated
    program = build_program([bird_dog, row])
    enrol(
        trainee=trainee,
        program=program,
        start_date=trainee.local_today(),
        training_days=EVERY_DAY,
    )
    client.force_login(trainee)

    response = client.get(PLAN)

    item = response.context["week"].days[0].entries[1].planned
    assert item.exercise == row and item.locked
    assert "Locked" in response.text
    assert "Plan bird-dog: 0 of 3 qualifying sessions in the last 14 days" in response.text
    assert "Do this instead:" in response.text
    assert bird_dog.get_absolute_url() in response.text
    # A locked item shows no load to lift.
    assert "6 kg" not in response.text


def test_an_unlocked_item_shows_the_engines_load(client, trainee, gated):
    bird_dog, row = gated
    program = build_program([bird_dog, row], weeks=3)
    today = trainee.local_today()
    enrolment = enrol(
        trainee=trainee,
        program=program,
        start_date=today - datetime.timedelta(days=6),
        training_days=EVERY_DAY,
    )
    # Three clean bird-dog sessions on distinct recent days open the row's gate.
    for session in enrolment.sessions.filter(scheduled_on__lt=today).order_by("scheduled_on")[:3]:
        for number in (1, 2, 3):
            SetLogFactory(
                session=session,
                exercise=bird_dog,
                set_number=number,
                target_reps_min=None,
                target_reps_max=None,
                target_hold_s=10,
                reps=None,
                hold_s=10,
                target_tempo="2-1-2-0",
                eccentric_s=2,
            )
    client.force_login(trainee)

    response = client.get(PLAN)

    today_entry = next(d for d in response.context["week"].days if d.status == "today")
    row_item = today_entry.entries[1].planned
    assert not row_item.locked
    assert "<strong>6 kg</strong>" in response.text


def _every_day_from_monday(trainee, *, weeks: int):
    """A one-exercise program on every day of `weeks` weeks, started on this week's Monday:
    the enrolment and the exercise."""
    exercise = ExerciseFactory()
    program = build_program([exercise], weeks=weeks, days_per_week=7)
    start = week_start(trainee.local_today())
    enrolment = enrol(trainee=trainee, program=program, start_date=start, training_days=EVERY_DAY)
    return enrolment, exercise


def test_plan_counts_logged_sets_and_marks_done_and_next(client, trainee):
    enrolment, exercise = _every_day_from_monday(trainee, weeks=2)
    today = trainee.local_today()
    sessions = {s.scheduled_on: s for s in enrolment.sessions.all()}
    if today.weekday() > 0:
        earlier = sessions[week_start(today)]
        earlier.completed_at = timezone.now()
        earlier.save()
    SetLogFactory(session=sessions[today], exercise=exercise, set_number=1)
    client.force_login(trainee)

    response = client.get(PLAN)

    week = response.context["week"]
    today_day = next(d for d in week.days if d.session.scheduled_on == today)
    assert (today_day.logged_sets, today_day.prescribed_sets) == (1, 3)
    assert today_day.status == "today"
    assert week.next_session == sessions[today]
    assert "1 of 3 sets logged" in response.text
    assert "Next" in response.text
    if today.weekday() > 0:
        assert week.days[0].status == "done"
        assert week.completed == 1


def test_a_set_logged_or_deleted_after_a_visit_shows_in_the_counts_of_the_next(client, trainee):
    enrolment, exercise = _every_day_from_monday(trainee, weeks=1)
    session = enrolment.sessions.get(scheduled_on=trainee.local_today())
    client.force_login(trainee)

    def visits() -> list[str]:
        # The first visit after a change reads afresh; the next one from what it kept.
        return [client.get(PLAN).text for _ in range(2)]

    assert all("0 of 3 sets logged" in html for html in visits())

    logged = SetLogFactory(session=session, exercise=exercise, set_number=1)
    assert all("1 of 3 sets logged" in html for html in visits())

    logged.deleted_at = timezone.now()
    logged.save()
    assert all("0 of 3 sets logged" in html for html in visits())


def test_a_change_to_the_program_shows_on_every_later_visit(client, trainee):
    program = _every_day_from_monday(trainee, weeks=1)[0].program
    client.force_login(trainee)
    [client.get(PLAN) for _ in range(2)]  # the second from what the first kept

    program.name = "Renamed program"
    program.save()
    for day in ProgramDay.objects.filter(week__program=program):
        day.title = "Anti-rotation"
        day.save()
    for prescription in Prescription.objects.filter(day__week__program=program):
        prescription.sets = 5
        prescription.save()

    for html in [client.get(PLAN).text for _ in range(2)]:
        assert "Renamed program" in html and "Anti-rotation" in html
        assert "0 of 5 sets logged" in html


def test_the_next_session_is_found_beyond_this_week_once_this_weeks_are_done(client, trainee):
    exercise = ExerciseFactory()
    program = build_program([exercise], weeks=3)
    today = trainee.local_today()
    monday = week_start(today)
    enrolment = enrol(trainee=trainee, program=program, start_date=monday, training_days=[0])
    enrolment.sessions.filter(scheduled_on__lt=monday + datetime.timedelta(days=7)).update(
        completed_at=timezone.now()
    )
    client.force_login(trainee)

    week = client.get(PLAN).context["week"]

    assert week.next_session.scheduled_on == monday + datetime.timedelta(days=7)


def test_week_navigation_links_to_the_previous_and_next_weeks(client, trainee):
    exercise = ExerciseFactory()
    program = build_program([exercise], weeks=3)
    today = trainee.local_today()
    monday = week_start(today)
    enrol(trainee=trainee, program=program, start_date=monday, training_days=[0, 2, 4])
    client.force_login(trainee)

    this_week = client.get(PLAN)
    next_monday = monday + datetime.timedelta(days=7)
    assert f'href="?week={next_monday:%Y-%m-%d}"' in this_week.text
    assert f'href="?week={monday - datetime.timedelta(days=7):%Y-%m-%d}"' in this_week.text

    # Any day of the wanted week selects it.
    response = client.get(PLAN, {"week": (next_monday + datetime.timedelta(days=3)).isoformat()})
    week = response.context["week"]
    assert week.monday == next_monday
    assert not week.is_current
    assert [d.session.program_day.title for d in week.days] == ["Day 2.1", "Day 2.2", "Day 2.3"]
    assert f"Week of {shown_day(next_monday)}" in response.text
    assert 'href="/plan/"' in response.text  # back to this week


def test_a_mangled_week_shows_this_week(client, trainee):
    client.force_login(trainee)
    response = client.get(PLAN, {"week": "next tuesday"})
    assert response.status_code == 200
    assert response.context["week"].monday == week_start(trainee.local_today())


def test_htmx_week_navigation_returns_only_the_week(client, trainee):
    program = build_program([ExerciseFactory()], weeks=2)
    monday = week_start(trainee.local_today())
    enrol(trainee=trainee, program=program, start_date=monday, training_days=[0, 2, 4])
    client.force_login(trainee)
    next_week = (monday + datetime.timedelta(days=7)).isoformat()

    fragment = client.get(PLAN, {"week": next_week}, headers={"HX-Request": "true"})
    page = client.get(PLAN, {"week": next_week})

    assert fragment.status_code == 200
    assert "Day 2.1" in fragment.text
    assert "<html" not in fragment.text
    assert "<html" in page.text and "Day 2.1" in page.text
    assert "HX-Request" in fragment["Vary"]


def test_plan_shows_only_the_signed_in_persons_sessions(client, trainee, other_trainee):
    program = build_program([ExerciseFactory()])
    monday = week_start(trainee.local_today())
    enrol(trainee=other_trainee, program=program, start_date=monday, training_days=[0, 2, 4])
    client.force_login(trainee)

    response = client.get(PLAN)

    assert response.context["week"].days == []
    assert "No training is scheduled this week." in response.text


@pytest.fixture
def paused(trainee):
    """A plan on Mondays, paused today."""
    today = trainee.local_today()
    program = build_program([ExerciseFactory()])
    enrolment = enrol(trainee=trainee, program=program, start_date=today, training_days=[0])
    pause(enrolment=enrolment, today=today)
    return enrolment


def test_a_paused_plan_says_so_and_offers_to_resume(client, trainee, paused):
    client.force_login(trainee)

    response = client.get(PLAN)

    assert "Paused since" in response.text
    assert reverse("programs:plan_resume") in response.text


def test_training_days_changed_while_paused_show_on_every_later_visit(client, trainee, paused):
    client.force_login(trainee)
    trainee.refresh_from_db()
    trainee_state(trainee)  # decided by another page already: the plan keeps its reads with it
    [client.get(PLAN) for _ in range(2)]

    change_training_days(enrolment=paused, training_days=[2, 4], today=trainee.local_today())

    for html in [client.get(PLAN).text for _ in range(2)]:
        assert "Wednesday and Friday" in html


def _year_of_history(trainee, gated) -> None:
    bird_dog, row = gated
    program = build_program([bird_dog, row], weeks=60, days_per_week=3)
    today = trainee.local_today()
    enrolment = enrol(
        trainee=trainee,
        program=program,
        start_date=today - datetime.timedelta(days=364),
        training_days=[0, 2, 4],
    )
    past = list(enrolment.sessions.filter(scheduled_on__lt=today))
    logs = []
    for session in past:
        for exercise in (bird_dog, row):
            for number in (1, 2, 3):
                logs.append(
                    SetLog(
                        trainee=trainee,
                        session=session,
                        exercise=exercise,
                        set_number=number,
                        performed_on=session.scheduled_on,
                        target_sets=3,
                        target_hold_s=10 if exercise.is_hold else None,
                        target_reps_min=None if exercise.is_hold else 8,
                        target_reps_max=None if exercise.is_hold else 12,
                        target_tempo="2-1-2-0",
                        target_load=Decimal("6") if exercise.is_resistance else None,
                        reps=None if exercise.is_hold else 10,
                        hold_s=10 if exercise.is_hold else None,
                        load=Decimal("6") if exercise.is_resistance else None,
                        eccentric_s=2,
                        checks_total=3,
                    )
                )
    SetLog.objects.bulk_create(logs)
    # Bulk inserts skip SetLog.save, which keeps the stored progress.
    ExerciseProgress.objects.refresh_trainees({s.trainee_id for s in logs})
    assert len(past) > 150


def test_plan_page_queries_stay_bounded_with_a_year_of_history(
    client, trainee, gated, django_assert_max_num_queries
):
    _year_of_history(trainee, gated)
    client.force_login(trainee)

    with django_assert_max_num_queries(12):
        response = client.get(PLAN)
    assert response.status_code == 200
    assert len(response.context["week"].days) >= 2
    with django_assert_max_num_queries(12):
        client.get(PLAN)
    with django_assert_max_num_queries(12):
        client.get(PLAN, {"week": (trainee.local_today() - datetime.timedelta(days=200))})
