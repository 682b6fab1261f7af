"""A coach's view of a client's week shows history as it was and today's departures from what
was written (issue #24, item 3): a logged session keeps the prescription its sets were logged
against; a session not yet started shows the engine's hold beside the written one, and why."""

import datetime

import pytest
from django.urls import reverse

from programs.models import PrescriptionAdjustment
from programs.planning import calendar
from programs.templatetags.dates import day as shown_day
from tests.conftest import HTMX
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import SetLogFactory, log_holds
from tests.programs.planning.test_plan import EVERY_DAY, build_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def bridge():
    return ExerciseFactory(slug="c-bridge", name="Coach bridge", hold=True)


@pytest.fixture
def enrolment(coached_trainee, coach, bridge):
    """The coach's client on 3 × 10 s bridge holds every day, from six days ago."""
    today = coached_trainee.local_today()
    return calendar.enrol(
        trainee=coached_trainee,
        program=build_program([bridge], weeks=2, days_per_week=7),
        start_date=today - datetime.timedelta(days=6),
        training_days=EVERY_DAY,
        assigned_by=coach,
    )


def plan_of(client, coach, trainee, *, fragment: bool = False) -> dict[datetime.date, str]:
    """The coach's view of the client's week, each session's text by its date."""
    client.force_login(coach)
    if fragment:
        response = client.get(reverse("coach:client_plan", args=[trainee.pk]), headers=HTMX)
    else:
        response = client.get(reverse("coach:client", args=[trainee.pk]))
    assert response.status_code == 200
    text = " ".join(response.text.split())
    found = {}
    for session in response.context["week"]:
        on = session.scheduled_on
        start = text.index(f"{shown_day(on)} · week")
        found[session.scheduled_on] = text[start : text.index("</details>", start)]
    return found


@pytest.mark.parametrize("fragment", [False, True], ids=["page", "htmx-fragment"])
def test_a_bridge_done_at_25_s_reads_25_s_for_the_coach_after_the_engine_moves_on(
    client, coach, coached_trainee, bridge, enrolment, fragment
):
    """The issue's case: the coach saw a bridge done at 25 s as "3 × 30 s"."""
    today = coached_trainee.local_today()
    days = {s.scheduled_on: s for s in enrolment.sessions.all()}
    for back in (2, 1, 0):
        log_holds(days[today - datetime.timedelta(days=back)], bridge, target=25, held=25)

    week = plan_of(client, coach, coached_trainee, fragment=fragment)

    assert "3 × 25 s hold" in week[today]
    assert "30 s" not in week[today]


def test_the_coach_sees_a_logged_session_as_logged_after_adjusting_it(
    client, coach, coached_trainee, enrolment
):
    today = coached_trainee.local_today()
    session = enrolment.sessions.get(scheduled_on=today)
    prescription = session.program_day.prescriptions.get()
    log_holds(session, prescription.exercise, target=10, held=10)
    PrescriptionAdjustment.objects.create(enrolment=enrolment, prescription=prescription, sets=2)

    week = plan_of(client, coach, coached_trainee)

    assert "3 × 10 s hold" in week[today]


def test_the_coach_sees_their_hold_beside_the_engines_and_why(
    client, coach, coached_trainee, bridge, enrolment
):
    """The issue's case: a coach writes 10 s holds; the engine asks for 8 s."""
    today = coached_trainee.local_today()
    session = enrolment.sessions.get(scheduled_on=today)
    PrescriptionAdjustment.objects.create(
        enrolment=enrolment, prescription=session.program_day.prescriptions.get(), hold_s=10
    )
    before = enrolment.sessions.get(scheduled_on=today - datetime.timedelta(days=1))
    log_holds(before, bridge, target=8, held=8)

    week = plan_of(client, coach, coached_trainee)

    assert "3 × 8 s hold" in week[today]
    assert "Coach: 10 s. Today: 8 s</strong> — Qualified at 8 s on " in week[today]


def test_a_session_logged_early_reads_done_on_the_day_it_was_logged(
    client, coach, coached_trainee, bridge, enrolment
):
    """The issue's case: Friday's session logged on Wednesday read "done" on Friday."""
    today = coached_trainee.local_today()
    ahead = enrolment.sessions.filter(scheduled_on__gt=today).order_by("scheduled_on").first()
    for number in (1, 2):
        SetLogFactory(session=ahead, exercise=bridge, set_number=number, performed_on=today)

    client.force_login(coach)
    response = client.get(reverse("coach:client", args=[coached_trainee.pk]))
    if calendar.week_start(ahead.scheduled_on) == calendar.week_start(today):
        week = plan_of(client, coach, coached_trainee)
        assert f"done on {shown_day(today)}" in week[ahead.scheduled_on]

    text = " ".join(response.text.split())
    assert f"(logged on {shown_day(today)})" in text
