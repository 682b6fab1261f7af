"""On a phone, a trainee sees where today's hold departs from the program's and why, right on
the form they log with; once logged, the session keeps the hold it was logged at, on the
session and on the plan (issue #24, items 3 and 6)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from exercises.models import Exercise
from programs.models import Enrolment, Prescription, PrescriptionAdjustment
from tests.browser.test_logging_journey import PHONE, _exercise, _log_set, log_in
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import (
    EnrolmentFactory,
    ProgramDayFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

DEPARTURE = "Program: 10 s. Today: 8 s"


def _held_8_s_last_time() -> None:
    """Wren's program says bird-dog 3 × 10 s; her last session held 8 s, as prescribed then."""
    wren = UserFactory(email="wren@example.com", display_name="Wren Walker")
    today = wren.local_today()
    enrolment = EnrolmentFactory(trainee=wren, start_date=today - datetime.timedelta(days=7))
    bird_dog = Exercise.objects.get(slug="bird-dog")
    before = TrainingSessionFactory(
        enrolment=enrolment, scheduled_on=today - datetime.timedelta(days=2)
    )
    for number in (1, 2, 3):
        SetLogFactory(
            session=before,
            exercise=bird_dog,
            set_number=number,
            target_sets=3,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=8,
            target_tempo="2-1-2-0",
            reps=None,
            hold_s=8,
            eccentric_s=2,
            checks_total=4,
        )
    program_day = ProgramDayFactory(week__program=enrolment.program, title="Activation")
    Prescription.objects.create(
        day=program_day, position=1, exercise=bird_dog, sets=3, hold_s=10, tempo="2-1-2-0"
    )
    TrainingSessionFactory(enrolment=enrolment, program_day=program_day, scheduled_on=today)


def test_the_set_form_says_why_todays_hold_is_not_the_programs_and_the_logged_session_keeps_it(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    _held_8_s_last_time()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    page.goto(live_server.url + "/today/")

    bird_dog = _exercise(page, "Bird-dog")
    form = bird_dog.locator("form.set-form")
    why = form.locator(".reason")
    expect(why).to_contain_text(DEPARTURE)
    expect(why).to_contain_text("Qualified at 8 s on ")
    expect(form.get_by_label("Held (seconds)")).to_have_value("8")
    box = why.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot("today-departure-phone")

    _log_set(bird_dog, 1)
    expect(bird_dog.locator(".prescription")).to_contain_text("3 × 8 s hold")
    expect(bird_dog.locator(".set-row").first).to_contain_text("held 8 s")

    page.goto(live_server.url + "/plan/")
    today_card = page.locator("section.plan-day.today")
    expect(today_card.locator(".dose")).to_contain_text("3 × 8 s hold")
    expect(today_card).not_to_contain_text("10 s")
    screenshot("plan-as-logged-phone")

    state = page.context.storage_state()
    check_a11y("/today/", storage_state=state)
    check_a11y("/plan/", storage_state=state)
    assert csp_violations == []


def test_the_coach_sees_their_hold_beside_todays_and_why_on_a_phone(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    _held_8_s_last_time()
    wren = Enrolment.objects.get().trainee
    coach = CoachFactory(email="cora@example.com", display_name="Cora Coach")
    CoachingFactory(coach=coach, client=wren)
    prescription = Prescription.objects.get(day__title="Activation")
    PrescriptionAdjustment.objects.create(
        enrolment=Enrolment.objects.get(), prescription=prescription, hold_s=10
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "cora@example.com")
    page.goto(live_server.url + f"/coach/clients/{wren.pk}/")

    why = page.locator("#plan .reason.departure")
    expect(why).to_contain_text("Coach: 10 s. Today: 8 s")
    expect(why).to_contain_text("Qualified at 8 s on ")
    box = why.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot("coach-departure-phone")

    check_a11y(f"/coach/clients/{wren.pk}/", storage_state=page.context.storage_state())
    assert csp_violations == []
