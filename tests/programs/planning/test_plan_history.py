"""/plan/ shows history as it was and today's departures from what was written (issue #24,
item 3): a logged session keeps the prescription its sets were logged against; a session not
yet started shows the engine's hold or load beside the program's or coach's, and why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import PrescriptionAdjustment
from programs.planning.calendar import enrol, week_start
from programs.templatetags.dates import day as shown_day
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import SetLogFactory, log_holds
from tests.programs.planning.test_plan import EVERY_DAY, build_program

pytestmark = pytest.mark.django_db

PLAN = reverse("programs:plan")


@pytest.fixture
def bird_dog():
    return ExerciseFactory(slug="h-bird-dog", name="History bird-dog", hold=True)


@pytest.fixture
def enrolment(trainee, bird_dog):
    """Bird-dog 3 × 10 s holds every day, from six days ago."""
    today = trainee.local_today()
    return enrol(
        trainee=trainee,
        program=build_program([bird_dog], weeks=2, days_per_week=7),
        start_date=today - datetime.timedelta(days=6),
        training_days=EVERY_DAY,
    )


def plan_text(client, trainee, day: datetime.date) -> str:
    client.force_login(trainee)
    html = client.get(PLAN, {"week": week_start(day).isoformat()}).text
    return " ".join(html.split())


def day_card(text: str, day: datetime.date) -> str:
    """The plan's card of `day` (its heading starts with the date)."""
    start = text.index(f"{shown_day(day)} ·")
    return text[start : text.index("</section>", start)]


def test_a_session_logged_at_25_s_stays_25_s_on_the_plan_after_the_engine_moves_on(
    client, trainee, bird_dog, enrolment
):
    """The issue's case: a bridge done at 25 s shown as "3 × 30 s" once the engine raised
    the hold after it."""
    today = trainee.local_today()
    days = {s.scheduled_on: s for s in enrolment.sessions.all()}
    yesterday = today - datetime.timedelta(days=1)
    log_holds(days[today - datetime.timedelta(days=2)], bird_dog, target=25, held=25)
    log_holds(days[yesterday], bird_dog, target=25, held=25)

    card = day_card(plan_text(client, trainee, yesterday), yesterday)

    assert "3 × 25 s hold" in card
    assert "30 s" not in card


def test_a_logged_session_on_the_plan_keeps_its_hold_after_the_coach_changes_it(
    client, trainee, enrolment
):
    today = trainee.local_today()
    session = enrolment.sessions.get(scheduled_on=today)
    prescription = session.program_day.prescriptions.get()
    log_holds(session, prescription.exercise, target=10, held=10)
    PrescriptionAdjustment.objects.create(enrolment=enrolment, prescription=prescription, sets=2)

    card = day_card(plan_text(client, trainee, today), today)

    assert "3 × 10 s hold" in card
    assert "2 × " not in card


def test_the_plan_shows_the_written_hold_beside_the_engines_and_why(
    client, trainee, bird_dog, enrolment
):
    """The issue's case: the program says 10 s, the engine 8 s, and nothing said so."""
    today = trainee.local_today()
    before = enrolment.sessions.get(scheduled_on=today - datetime.timedelta(days=1))
    log_holds(before, bird_dog, target=8, held=8)

    card = day_card(plan_text(client, trainee, today), today)

    assert "3 × 8 s hold" in card
    assert "Program: 10 s. Today: 8 s</strong> — Qualified at 8 s on " in card


def test_a_session_logged_early_is_done_on_the_day_it_was_logged_in_the_plan(client, trainee):
    """The issue's case: Friday's session logged on Wednesday; the plan says so."""
    bridge = ExerciseFactory(slug="p-bridge", name="Plan bridge", hold=True)
    today = trainee.local_today()
    monday = week_start(today)
    enrolment = enrol(
        trainee=trainee,
        program=build_program([bridge], weeks=2, days_per_week=7),
        start_date=monday,
        training_days=EVERY_DAY,
    )
    early, later = monday + datetime.timedelta(days=2), monday + datetime.timedelta(days=4)
    session = enrolment.sessions.get(scheduled_on=later)
    SetLogFactory(session=session, exercise=bridge, set_number=1, performed_on=early)
    session.completed_at = timezone.now()
    session.save(update_fields=["completed_at"])

    client.force_login(trainee)
    response = client.get(reverse("programs:plan") + f"?week={monday.isoformat()}")

    text = " ".join(response.text.split())
    assert f"Done on {shown_day(early)}" in text
