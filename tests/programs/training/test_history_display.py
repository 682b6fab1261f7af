"""A session page shows history as it was: a logged exercise keeps the prescription its sets
were logged against, and what the engine asks for today says where it departs from what the
program or the coach wrote, and why (issue #24, items 3 and 6)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import PrescriptionAdjustment
from tests.programs.factories import SetLogFactory
from tests.programs.training.logging_setup import another_session, make_day

pytestmark = pytest.mark.django_db


def session_url(session) -> str:
    return reverse("programs:session", args=[session.pk])


def block_html(html: str, prescription) -> str:
    """The exercise block of `prescription` on a session page."""
    match = re.search(rf'<section[^>]*id="ex-{prescription.pk}".*?</section>', html, re.DOTALL)
    assert match, f"no block for prescription {prescription.pk}"
    return " ".join(match.group().split())


def set_form_html(html: str, prescription) -> str:
    """The log form of `prescription`'s next set."""
    match = re.search(
        r'<form class="set-form".*?</form>', block_html(html, prescription), re.DOTALL
    )
    assert match, "no set form"
    return match.group()


def log_holds(session, exercise, *, target: int, held: int, on: datetime.date, sets: int = 3):
    """Every set of a bird-dog hold in `session`, clean, at `target` s prescribed."""
    return [
        SetLogFactory(
            session=session,
            exercise=exercise,
            set_number=number,
            performed_on=on,
            target_sets=sets,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=target,
            target_tempo="2-1-2-0",
            reps=None,
            hold_s=held,
            eccentric_s=2,
        )
        for number in range(1, sets + 1)
    ]


def log_rows(session, exercise, *, load: str, on: datetime.date, failed=()):
    """Three sets of the row at the top of the range (12 reps) at `load` kg."""
    return [
        SetLogFactory(
            session=session,
            exercise=exercise,
            set_number=number,
            performed_on=on,
            target_sets=3,
            target_tempo="3-0-1-1",
            target_load=Decimal(load),
            reps=12,
            load=Decimal(load),
            eccentric_s=3,
            checks_total=2,
            failed_checks=list(failed) if number == 3 else [],
        )
        for number in (1, 2, 3)
    ]


# --- item 3: a logged session keeps its prescription -----------------------------------------


def test_a_session_logged_before_later_ones_on_the_same_day_keeps_its_hold(
    signed_in, trainee, today
):
    """The issue's case: upcoming sessions logged early one afternoon raised the hold
    10 → 15 → 20 s, and the first session then read "20 s hold" above sets held 10 s."""
    day = make_day(trainee, today)
    later = another_session(day, today + datetime.timedelta(days=2))
    latest = another_session(day, today + datetime.timedelta(days=4))
    log_holds(day.session, day.bird_dog, target=10, held=10, on=today)
    log_holds(later, day.bird_dog, target=15, held=15, on=today)
    log_holds(latest, day.bird_dog, target=20, held=20, on=today)

    html = signed_in.get(session_url(day.session)).text

    block = block_html(html, day.hold)
    assert "3 × 10 s hold" in block
    assert "20 s hold" not in block and "15 s hold" not in block
    # Nor is a session logged after it that day its "last time".
    assert "held 20 s" not in block and "held 15 s" not in block


def test_a_logged_session_keeps_its_hold_after_the_coach_changes_the_prescription(
    signed_in, trainee, today
):
    day = make_day(trainee, today - datetime.timedelta(days=1))
    log_holds(day.session, day.bird_dog, target=10, held=10, on=day.session.scheduled_on)
    PrescriptionAdjustment.objects.create(
        enrolment=day.enrolment, prescription=day.hold, hold_s=20, sets=2
    )

    block = block_html(signed_in.get(session_url(day.session)).text, day.hold)

    assert "3 × 10 s hold" in block
    assert "20 s" not in block


def test_a_logged_row_keeps_the_start_load_it_was_logged_at(signed_in, trainee, today):
    day = make_day(trainee, today - datetime.timedelta(days=1))
    # Open the gate, then log the row at 10 kg; the program later says 20 kg.
    for back in (3, 5, 7):
        earlier = another_session(day, today - datetime.timedelta(days=back))
        log_holds(earlier, day.bird_dog, target=10, held=10, on=earlier.scheduled_on)
    log_rows(day.session, day.row_exercise, load="10", on=day.session.scheduled_on)
    day.row.start_load_kg = Decimal("20")
    day.row.save()
    day.row.tempo = "4-0-1-0"
    day.row.save()

    block = block_html(signed_in.get(session_url(day.session)).text, day.row)

    assert "start at 10 kg" in block
    assert "tempo <abbr" in block and ">3-0-1-1</abbr>" in block
    assert "20 kg" not in block


# --- item 3: where today's target departs from what was written, both and why ----------------


def test_a_hold_the_engine_keeps_below_the_coachs_shows_both_and_why(signed_in, trainee, today):
    """The issue's case: a coach writes 10 s holds; the client sees 8 s from the engine with
    nothing saying it differs from the coach's prescription or why."""
    day = make_day(trainee, today)
    PrescriptionAdjustment.objects.create(enrolment=day.enrolment, prescription=day.hold, hold_s=10)
    before = another_session(day, today - datetime.timedelta(days=2))
    log_holds(before, day.bird_dog, target=8, held=8, on=before.scheduled_on)

    block = block_html(signed_in.get("/today/").text, day.hold)

    assert "8 s hold" in block
    assert "Coach: 10 s." in block
    assert "Today: 8 s" in block
    assert "Qualified at 8 s on " in block


def test_a_program_hold_the_engine_raised_shows_both_and_why_on_the_session_page(
    signed_in, trainee, today
):
    day = make_day(trainee, today)
    for back in (2, 4):
        before = another_session(day, today - datetime.timedelta(days=back))
        log_holds(before, day.bird_dog, target=10, held=10, on=before.scheduled_on)

    block = block_html(signed_in.get(session_url(day.session)).text, day.hold)

    assert "Program: 10 s." in block
    assert "Today: 15 s" in block
    assert "hold 15 s now" in block


def test_a_hold_as_written_says_nothing_about_a_difference(signed_in, trainee, today):
    day = make_day(trainee, today)

    block = block_html(signed_in.get(session_url(day.session)).text, day.hold)

    assert "Program:" not in block and "Coach:" not in block


# --- item 6: the reason for an increase or a drop sits on the set form -----------------------


def open_row_gate(day, today):
    for back in (3, 5, 7):
        earlier = another_session(day, today - datetime.timedelta(days=back))
        log_holds(earlier, day.bird_dog, target=10, held=10, on=earlier.scheduled_on)


def test_the_set_form_on_today_says_why_the_load_went_up(signed_in, trainee, today):
    day = make_day(trainee, today)
    open_row_gate(day, today)
    for back in (2, 4):
        before = another_session(day, today - datetime.timedelta(days=back))
        log_rows(before, day.row_exercise, load="10", on=before.scheduled_on)

    form = set_form_html(signed_in.get("/today/").text, day.row)

    assert "Every set reached the top of the range" in form
    assert "up 1 kg to 11 kg" in form or "to 11" in form


def test_the_set_form_on_a_session_page_says_why_the_load_went_down(signed_in, trainee, today):
    day = make_day(trainee, today)
    open_row_gate(day, today)
    before = another_session(day, today - datetime.timedelta(days=2))
    log_rows(before, day.row_exercise, load="10", on=before.scheduled_on, failed=["Spine"])

    form = set_form_html(signed_in.get(session_url(day.session)).text, day.row)

    assert "Form broke on the last set" in form


def test_the_set_form_says_why_the_hold_went_up(signed_in, trainee, today):
    day = make_day(trainee, today)
    for back in (2, 4):
        before = another_session(day, today - datetime.timedelta(days=back))
        log_holds(before, day.bird_dog, target=10, held=10, on=before.scheduled_on)

    form = set_form_html(signed_in.get("/today/").text, day.hold)

    assert "hold 15 s now" in form


def test_an_exercise_locked_since_it_was_logged_still_shows_its_sets_as_prescribed_then(
    signed_in, trainee, today
):
    """A gate that closes later (a stricter rule, a qualifying set deleted) must not hide
    what was done in a session already logged, nor let more sets in."""
    day = make_day(trainee, today - datetime.timedelta(days=1))
    open_row_gate(day, today)
    log_rows(day.session, day.row_exercise, load="10", on=day.session.scheduled_on)
    day.row_exercise.prerequisites.update(sessions=5)

    block = block_html(signed_in.get(session_url(day.session)).text, day.row)

    assert "Locked" in block
    assert "3 × 8–12 reps" in block
    assert "12 reps at 10 kg, form clean" in block
    assert '<form class="set-form"' not in block and "Edit" not in block
