"""Through nginx, a trainee and their coach use two app servers at once, request after request
alternating between them, and nothing depends on which one answers: sessions, CSRF tokens,
messages, login throttling, and what a logged set decides.

The world (a coach, their new client on a one-day program with the Romanian deadlift at
20 kg, still locked behind its gate) is made with the project's factories in the cluster's
database; every step after that is a request to nginx."""

import itertools
import re
import sys
from decimal import Decimal

import psycopg
import pytest

from tests.cluster.visitor import Forms, Visitor

sys.path.insert(0, "scripts")
import cluster

WORLD = """
import json
import uuid
from decimal import Decimal

from exercises.models import Exercise
from tests.innerback.accounts.factories import PASSWORD, CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import (
    EnrolmentFactory, PrescriptionFactory, ProgramDayFactory, ProgramFactory,
    TrainingSessionFactory,
)

run = uuid.uuid4().hex[:8]
coach = CoachFactory(email=f"coach-{run}@cluster.example.com", display_name=f"Coach {run}")
trainee = UserFactory(email=f"trainee-{run}@cluster.example.com", display_name=f"Trainee {run}")
CoachingFactory(coach=coach, client=trainee)
rdl = Exercise.objects.get(slug="romanian-deadlift")
today = trainee.local_today()
program = ProgramFactory(owner=coach, name=f"Cluster check {run}")
enrolment = EnrolmentFactory(trainee=trainee, program=program, start_date=today)
day = ProgramDayFactory(week__program=program)
item = PrescriptionFactory(
    day=day, position=1, exercise=rdl, sets=3, reps_min=8, reps_max=10, hold_s=None,
    tempo="4-1-1-0", start_load_kg=Decimal("20"),
)
session = TrainingSessionFactory(enrolment=enrolment, program_day=day, scheduled_on=today)
print(json.dumps({
    "password": PASSWORD,
    "coach": coach.email,
    "trainee": trainee.email,
    "trainee_id": trainee.pk,
    "trainee_name": trainee.display_name,
    "session": session.pk,
    "rdl": rdl.pk,
    "rdl_name": rdl.name,
    "rdl_checks": rdl.form_check_list,
}))
"""


@pytest.fixture(scope="module")
def world(state):
    """One world for the module: each takes seconds (real password hashing)."""
    return cluster.django_json(WORLD, state)


@pytest.fixture
def forgotten_failures(state):
    """Failed logins this test makes are forgotten afterwards: every request comes from
    127.0.0.1, and the per-address limit would soon pause it for everyone."""
    usernames: list[str] = []
    yield usernames
    with psycopg.connect(state["database_url"]) as conn:
        conn.execute("DELETE FROM axes_accessattempt WHERE username = ANY(%s)", [usernames])


def alternating(served_by: list[str]) -> bool:
    return all(a != b for a, b in itertools.pairwise(served_by)) and all(served_by)


def test_consecutive_requests_land_on_different_app_servers(state):
    visitor = Visitor(state["address"])

    for _ in range(6):
        assert visitor.get("/healthz").status == 200

    assert alternating(visitor.served_by), visitor.served_by
    assert set(visitor.served_by) == set(state["app_servers"])


def test_static_files_come_from_nginx_not_an_app_server(state):
    visitor = Visitor(state["address"])
    page = visitor.get("/accounts/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)[1]

    answer = visitor.get(stylesheet)

    assert answer.status == 200
    assert answer.served_by == ""
    assert answer.headers["Server"] == "nginx"
    assert "immutable" in answer.headers["Cache-Control"]


def test_a_set_logged_on_one_server_decides_the_next_load_on_the_other_and_the_coach_sees_it(
    state, world
):
    coach, trainee = Visitor(state["address"]), Visitor(state["address"])
    session_url = f"/sessions/{world['session']}/"

    # The coach logs in (the form's page from one server, its POST to the other) and
    # unlocks the deadlift; the success message, set by the server that took the POST,
    # is shown by the other one.
    assert coach.log_in(world["coach"], world["password"]).status == 302
    client_page = f"/coach/clients/{world['trainee_id']}/"
    override = Forms(coach.get(client_page).text).aimed_at(r"/overrides/$")
    answer = coach.post(
        override.action,
        override.with_values(
            exercise=str(world["rdl"]), reason="Cleared by the physio; start light and slow."
        ),
    )
    assert answer.status == 302, answer.text[:500]
    page = coach.get(answer.location)
    assert f"{world['rdl_name']} unlocked for {world['trainee_name']}." in page.text
    assert alternating(coach.served_by), coach.served_by

    # The trainee logs the first set at 20 kg with the first form check missed.
    assert trainee.log_in(world["trainee"], world["password"]).status == 302
    form = Forms(trainee.get(session_url).text).aimed_at(r"/items/\d+/sets/$")
    assert form.value("load") == "20"
    missed = world["rdl_checks"][0]
    fields = [(k, v) for k, v in form.with_values(reps="8") if (k, v) != ("checks", missed)]
    logged = trainee.post(form.action, fields)
    assert logged.status == 302, logged.text[:500]

    # At once, on the other server: set 1 is there, and set 2 is prescribed lighter.
    page = trainee.get(session_url)
    assert page.served_by != logged.served_by
    next_form = Forms(page.text).aimed_at(r"/items/\d+/sets/$")
    assert next_form.value("set_number") == "2"
    assert Decimal(next_form.value("load")) < 20
    assert alternating(trainee.served_by), trainee.served_by

    # The coach, on whichever server is next, sees the set and the missed check.
    page = coach.get(client_page)
    assert page.status == 200
    assert f"missed: {missed}" in page.text


def test_a_form_without_its_csrf_token_is_refused_by_every_server(state, world):
    trainee = Visitor(state["address"])
    trainee.log_in(world["trainee"], world["password"])
    form = Forms(trainee.get(f"/sessions/{world['session']}/").text).aimed_at(r"/finish/$")
    forged = [(k, v) for k, v in form.fields if k != "csrfmiddlewaretoken"]

    answers = [trainee.post(form.action, forged) for _ in range(2)]

    assert [a.status for a in answers] == [403, 403]
    assert {a.served_by for a in answers} == set(state["app_servers"])


def test_login_throttling_counts_failures_on_every_server_together(
    state, world, forgotten_failures
):
    guesser = Visitor(state["address"])
    forgotten_failures.append(world["trainee"])

    # Five wrong passwords from one login form, the POSTs alternating between the servers:
    # the fifth is refused with the pause, and so is the right password afterwards, on
    # either server.
    form = Forms(guesser.get("/accounts/login/").text).holding("password")

    def attempt(password: str):
        return guesser.post(
            "/accounts/login/", form.with_values(username=world["trainee"], password=password)
        )

    answers = [attempt("not-the-password") for _ in range(5)]
    then_right = [attempt(world["password"]) for _ in range(2)]

    assert [a.status for a in answers] == [200, 200, 200, 200, 429]
    assert [a.status for a in then_right] == [429, 429]
    assert alternating(guesser.served_by), guesser.served_by
    assert "paused for 15 minutes" in then_right[-1].text
