"""What the training pages say: a coach's override and its reason where the client trains,
"bodyweight" for no added load, a dose without "10–10", and a coach's home."""

import datetime

import pytest
from django.urls import reverse

from programs.templatetags.dates import day as shown_day
from tests.programs.factories import GateOverrideFactory, PrescriptionFactory
from tests.programs.training.logging_setup import qualify_bird_dog

pytestmark = pytest.mark.django_db


def test_an_unlock_by_override_shows_its_reason_on_today_and_the_plan(signed_in, day, coach, today):
    GateOverrideFactory(
        trainee=day.enrolment.trainee,
        exercise=day.row_exercise,
        granted_by=coach,
        reason="Cleared by physio after assessment.",
    )
    expected = f"Unlocked by Cora Coach on {shown_day(today)}: Cleared by physio after assessment."

    for url in (reverse("programs:today"), reverse("programs:plan")):
        html = signed_in.get(url).content.decode()
        assert f'<p class="reason increase override-reason">{expected}</p>' in html, url


def test_a_gate_opened_by_the_trainees_own_work_shows_no_override(signed_in, day, today):
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))

    html = signed_in.get(reverse("programs:today")).content.decode()
    assert "override-reason" not in html


def test_a_zero_load_reads_bodyweight_and_a_single_rep_count_reads_once(signed_in, day, today):
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    day.row.start_load_kg = 0
    day.row.save()
    PrescriptionFactory(
        day=day.session.program_day, position=4, exercise=day.bird_dog, reps_min=10, reps_max=10
    )

    html = signed_in.get(reverse("programs:today")).content.decode()
    assert "start at bodyweight" in html
    assert "0 kg" not in html
    assert "10–10" not in html


def test_a_coach_without_a_program_is_sent_to_their_clients_not_to_choose_a_program(client, coach):
    client.force_login(coach)

    html = client.get("/").content.decode()
    assert f'<a class="button" href="{reverse("coach:home")}">Go to your clients</a>' in html
    assert '<a class="button" href="/programs/choose/">Choose a program</a>' not in html
