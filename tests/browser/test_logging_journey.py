"""A trainee logs a whole session on a phone without a page load, sees a failed form check
lower the next load, and sees how far the gate to the next exercise is."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from exercises.models import Exercise
from programs.models import Prescription, SetLog, TrainingSession
from programs.training.forms import FORM_HELD_LABEL
from tests.innerback.accounts.factories import PASSWORD, UserFactory
from tests.programs.factories import (
    EnrolmentFactory,
    ProgramDayFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
ROW = "Standing bent-over dumbbell row"


def _qualifying_bird_dog(enrolment, bird_dog: Exercise, on: datetime.date) -> None:
    session = TrainingSessionFactory(enrolment=enrolment, scheduled_on=on)
    for number in (1, 2, 3):
        SetLogFactory(
            session=session,
            exercise=bird_dog,
            set_number=number,
            target_sets=3,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=10,
            target_tempo="2-1-2-0",
            reps=None,
            hold_s=10,
            eccentric_s=2,
            checks_total=4,
        )


def _trainee_with_session_today(qualifying_days_ago: tuple[int, ...]):
    """Wren, with today's foundational session (bird-dog, pelvic tilt) and the standing row,
    after bird-dog qualified on the given days."""
    wren = UserFactory(email="wren@example.com", display_name="Wren Walker")
    today = wren.local_today()
    enrolment = EnrolmentFactory(trainee=wren, start_date=today - datetime.timedelta(days=14))
    bird_dog = Exercise.objects.get(slug="bird-dog")
    for days_ago in qualifying_days_ago:
        _qualifying_bird_dog(enrolment, bird_dog, today - datetime.timedelta(days=days_ago))
    program_day = ProgramDayFactory(week__program=enrolment.program, title="Activation")
    Prescription.objects.create(
        day=program_day,
        position=1,
        exercise=bird_dog,
        sets=3,
        hold_s=10,
        tempo="2-1-2-0",
        rest_s=20,
    )
    Prescription.objects.create(
        day=program_day,
        position=2,
        exercise=Exercise.objects.get(slug="pelvic-tilt"),
        sets=2,
        reps_min=10,
        reps_max=15,
        tempo="3-1-3-1",
        rest_s=30,
    )
    Prescription.objects.create(
        day=program_day,
        position=3,
        exercise=Exercise.objects.get(slug="standing-dumbbell-row"),
        sets=3,
        reps_min=8,
        reps_max=12,
        tempo="3-0-1-1",
        start_load_kg=Decimal("6"),
    )
    TrainingSessionFactory(enrolment=enrolment, program_day=program_day, scheduled_on=today)
    return wren


def log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _exercise(page: Page, name: str):
    return page.locator("section.exercise-block").filter(
        has=page.get_by_role("heading", name=name, level=2)
    )


def _log_set(block, number: int) -> None:
    """Log set `number` as prescribed with form held: one tap."""
    form = block.locator("form.set-form")
    expect(form.locator(".set-label")).to_contain_text(f"Set {number} of")
    form.get_by_role("button", name=FORM_HELD_LABEL).click()
    # Attached, not visible: after the last set the exercise folds its sets away.
    expect(block.locator(".set-row").filter(has_text=f"Set {number}")).to_have_count(1)


def _something_broke(form):
    """Open the form's "Something broke": its checks (all ticked) and numbers."""
    form.locator("details.set-broke > summary").click()
    return form


def _assert_tall_enough(locator) -> None:
    for element in locator.all():
        box = element.bounding_box()
        assert box is not None and box["height"] >= 44, (element.inner_text(), box)


def test_a_trainee_logs_a_whole_session_on_a_phone_without_a_page_load_and_sees_the_gate(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    _trainee_with_session_today(qualifying_days_ago=(2,))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()

    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    bird_dog = _exercise(page, "Bird-dog")
    tilt = _exercise(page, "Pelvic tilt")
    row = _exercise(page, ROW)
    expect(row.get_by_text("Locked", exact=True)).to_be_visible()
    expect(
        row.get_by_text("Bird-dog: 1 of 3 qualifying sessions in the last 14 days")
    ).to_be_visible()
    expect(row.locator("form")).to_have_count(0)
    _assert_tall_enough(page.locator("form.set-form button.log-button"))
    _assert_tall_enough(page.locator("form.set-form details.set-broke > summary"))
    screenshot("today")

    page.evaluate("window.__marker = 'no page load'")
    _log_set(bird_dog, 1)
    # The pressed button is gone: focus moves on to the next set, not back to the page.
    expect(bird_dog.locator("form.set-form .set-label")).to_be_focused()
    for number in (2, 3):
        _log_set(bird_dog, number)
    expect(bird_dog.get_by_text("All 3 sets logged")).to_be_visible()
    # The rest timer started by itself after the last set.
    expect(bird_dog.locator(".rest-timer.is-running")).to_be_visible()
    for number in (1, 2):
        _log_set(tilt, number)
    expect(page.locator("#session-status").get_by_text("5 of 5 sets logged.")).to_be_visible()

    page.get_by_role("button", name="Finish session").click()
    summary = page.locator("#session-status")
    expect(summary.get_by_role("heading", name="Session summary")).to_be_visible()
    expect(summary.get_by_text("Bird-dog: a qualifying session")).to_be_visible()
    expect(
        summary.get_by_text(f"2 of 3 — one more qualifying bird-dog session unlocks {ROW}.")
    ).to_be_visible()
    assert page.evaluate("window.__marker") == "no page load"
    summary.scroll_into_view_if_needed()
    screenshot("session-summary")

    check_a11y("/today/", storage_state=page.context.storage_state())
    assert csp_violations == []


def test_a_failed_form_check_lowers_the_next_load_at_once_and_an_edit_brings_it_back(
    page: Page, live_server, csp_violations
):
    _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    page.goto(live_server.url + "/today/")
    page.evaluate("window.__marker = 'no page load'")
    row = _exercise(page, ROW)
    form = row.locator("form.set-form")
    expect(form.get_by_label("Load (kg)")).to_have_value("6")

    # Something broke: the torso moved, so that check is unticked.
    _something_broke(form).locator("label.check").first.click()
    form.get_by_role("button", name="Log set 1").click()

    expect(row.get_by_text("Missed: Torso stayed still — no rotation or shift")).to_be_visible()
    expect(row.get_by_text("Load now: 5 kg.")).to_be_visible()
    expect(row.get_by_text("Form broke on set 1 at 6 kg — back to 5 kg")).to_be_visible()
    expect(row.locator("form.set-form").get_by_label("Load (kg)")).to_have_value("5")

    # On second thought the torso was fine: tick it in the edit form, and the load is back.
    row.get_by_role("link", name="Edit set 1").click()
    edit = row.locator("form.edit-form")
    edit.locator("label.check").first.click()
    edit.get_by_role("button", name="Save set 1").click()
    expect(row.get_by_text("Load now: 6 kg.")).to_be_visible()

    # Delete it, then undo.
    row.get_by_role("button", name="Delete set 1").click()
    expect(row.get_by_text("Set 1 deleted")).to_be_visible()
    row.get_by_role("button", name="Undo delete of set 1").click()
    expect(row.locator(".set-row").filter(has_text="Set 1")).to_be_visible()

    assert page.evaluate("window.__marker") == "no page load"
    assert csp_violations == []


def test_the_tempo_guide_paces_the_lowering_and_the_sound_choice_is_remembered(
    page: Page, live_server, csp_violations
):
    _trainee_with_session_today(qualifying_days_ago=())
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    page.goto(live_server.url + "/today/")
    tilt = _exercise(page, "Pelvic tilt")

    tilt.get_by_role("button", name="Pace my reps").click()
    guide = tilt.locator(".tempo-guide")
    expect(guide).to_have_class("tempo-guide is-running")
    expect(guide.locator(".tempo-phase")).to_have_text("Lower 3 s")
    expect(guide.locator(".tempo-count")).to_have_text("rep 1 of 10")
    expect(guide.locator(".tempo-phase")).to_have_text("Pause 1 s", timeout=5000)
    tilt.get_by_role("button", name="Stop").click()
    expect(guide).to_have_class("tempo-guide")

    sound = page.get_by_label("Beep with the rest timer and tempo guide")
    expect(sound).not_to_be_checked()
    sound.check()
    page.reload()
    expect(page.get_by_label("Beep with the rest timer and tempo guide")).to_be_checked()
    assert csp_violations == []


def test_a_session_deleted_meanwhile_is_explained_beside_the_form_and_nothing_typed_is_lost(
    page: Page, live_server
):
    wren = _trainee_with_session_today(qualifying_days_ago=())
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    page.goto(live_server.url + "/today/")
    tilt = _exercise(page, "Pelvic tilt")
    form = _something_broke(tilt.locator("form.set-form"))
    form.get_by_label("Reps").fill("14")
    form.locator("label.check").first.click()
    # Another tab paused the plan: today's untouched session left the calendar.
    TrainingSession.objects.filter(trainee=wren, scheduled_on=wren.local_today()).delete()

    form.get_by_role("button", name="Log set 1").click()

    expect(form.get_by_role("status")).to_have_text(
        "This session or set is no longer there (deleted, or not yours). Nothing was saved; "
        "what you typed is still here."
    )
    expect(form.get_by_label("Reps")).to_have_value("14")
    expect(form.locator("input[type=checkbox]").first).not_to_be_checked()
    assert not SetLog.objects.exists()
