"""A trainee's two big journeys, each from a fresh database and through the UI only.

1. A newcomer signs up on a phone, starts the starter program, opens today and logs every set
   of a foundational session without a page load, and sees how far the first gate is.
2. Three qualifying bird-dog sessions on distinct days unlock the standing row; a row set
   with a failed form check lowers the next set's load at once, with the reason.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from playwright.sync_api import Locator, Page, expect

from innerback.accounts.models import User
from programs.templatetags.dates import day as shown_day
from programs.training.forms import FORM_HELD_LABEL

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "neutral-spine-2026"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ROW = "Standing bent-over dumbbell row"
MARKER = "no page load"


def long_date(day: datetime.date) -> str:
    """The date as every page writes it: "Mon 5 Jan"."""
    return shown_day(day)


def sign_up(page: Page, live_server, *, email: str, name: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Start training").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()


def start_the_starter_program_every_day(page: Page) -> None:
    """From the dashboard: the starter program from the form's own start date (today), on
    every weekday, so today is a training day and the sessions follow day after day."""
    page.get_by_role("link", name="Choose a program").click()
    page.get_by_role("link", name="Start Inner Back Foundations").click()
    for day in WEEKDAYS:
        page.get_by_label(day).check()
    page.get_by_role("button", name="Start the program").click()
    expect(page.get_by_text("You are following Inner Back Foundations")).to_be_visible()


def exercise_block(page: Page, name: str) -> Locator:
    return page.locator("section.exercise-block").filter(
        has=page.get_by_role("heading", name=name, level=2)
    )


def log_every_set(block: Locator) -> int:
    """Log the block's sets one by one as prescribed (the form comes pre-filled) with
    "Done — form held"; returns how many were logged."""
    logged = 0
    while (form := block.locator("form.set-form")).count():
        number = logged + 1
        form.get_by_role("button", name=FORM_HELD_LABEL).click()
        # Attached, not visible: after the last set the exercise folds its sets away.
        expect(block.locator(".set-row").filter(has_text=f"Set {number}")).to_have_count(1)
        logged = number
    return logged


def assert_touch_sized(page: Page, *, at_least: int = 10) -> None:
    """Every control in the page's main part a thumb aims at is at least 44 px tall, and
    nothing is wider than the phone."""
    controls = page.locator(
        "main button, main a.button, main summary, main label.check, main select, "
        "main input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
    )
    # Measured in one go, so a fragment htmx swaps in meanwhile cannot skew the count.
    heights = controls.evaluate_all(
        """controls => controls
            .filter(c => c.checkVisibility())
            .map(c => [c.outerHTML.slice(0, 80), c.getBoundingClientRect().height])"""
    )
    assert len(heights) >= at_least
    assert [(html, height) for html, height in heights if height < 44] == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone: {width} px"


def both_sizes(page: Page, screenshot, name: str) -> None:
    """Phone and desktop screenshots of the page as it is now; the phone size stays."""
    page.set_viewport_size(DESKTOP)
    screenshot(f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(f"{name}-phone")


def test_a_newcomer_signs_up_starts_the_program_and_logs_todays_session_without_a_page_load(
    page: Page, live_server, csp_violations, screenshot
):
    page.set_viewport_size(PHONE)
    sign_up(page, live_server, email="nell@example.com", name="Nell Newcomer")
    start_the_starter_program_every_day(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")
    expect(page.locator(".plan-day.today")).to_contain_text("Learn neutral")
    both_sizes(page, screenshot, "plan")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator(".session-meta")).to_have_text(
        "Inner Back Foundations · week 1 · Learn neutral"
    )
    assert_touch_sized(page)
    both_sizes(page, screenshot, "today")

    page.evaluate(f"window.__marker = '{MARKER}'")
    logged = {
        name: log_every_set(exercise_block(page, name))
        for name in ("Pelvic tilt", "Bird-dog", "Segmental bridge")
    }
    assert logged == {"Pelvic tilt": 2, "Bird-dog": 4, "Segmental bridge": 3}
    expect(exercise_block(page, "Bird-dog").get_by_text("All 4 sets logged")).to_be_visible()
    status = page.locator("#session-status")
    expect(status.get_by_text("9 of 9 sets logged.")).to_be_visible()
    # Finished exercises folded to one line each: what is left is still a thumb's size.
    assert_touch_sized(page, at_least=3)

    status.get_by_role("button", name="Finish session").click()
    expect(status.get_by_role("heading", name="Session summary")).to_be_visible()
    expect(status.get_by_text("9 of 9", exact=True)).to_be_visible()
    expect(status.get_by_text("Bird-dog: a qualifying session")).to_be_visible()
    # Week 1's 8 s holds meet the day's prescription but not the row's gate (3 × 10 s), and
    # the line toward unlocking says what does count.
    expect(
        status.get_by_text(
            f"0 of 3 — three more qualifying bird-dog sessions unlock {ROW}. Each needs at "
            "least 3 sets of 10 s held, lowering 2 s or more."
        )
    ).to_be_visible()
    assert page.evaluate("window.__marker") == MARKER, "logging reloaded the whole page"
    status.scroll_into_view_if_needed()
    screenshot("today-finished-phone")

    # The week's plan counts the day as done.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="This week").click()
    today_card = page.locator(".plan-day").filter(has_text="Learn neutral")
    expect(today_card.locator(".badge").first).to_have_text("Done")
    expect(today_card).to_contain_text("9 of 9 sets logged")
    assert csp_violations == []


@contextmanager
def days_ago(count: int) -> Iterator[None]:
    """Every trainee's "today" is `count` days earlier, the way a trainee who started then
    would have seen the app."""
    real = User.local_today
    with mock.patch.object(
        User, "local_today", lambda self: real(self) - datetime.timedelta(days=count)
    ):
        yield


def open_session_from_the_plan(page: Page, day: datetime.date) -> None:
    """This week's plan, a week back if the day is not in it, and the day's session link."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="This week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")
    link = page.get_by_role("link", name=f"Open the session of {long_date(day)}")
    if not link.count():
        page.get_by_role("link", name="Previous week").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text("This week")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session · {long_date(day)}")


def test_three_clean_bird_dog_sessions_unlock_the_row_and_a_failed_check_lowers_its_load(
    page: Page, live_server, csp_violations, screenshot
):
    sign_up(page, live_server, email="bea@example.com", name="Bea Backfill")
    bea = User.objects.get(email="bea@example.com")
    today = bea.local_today()
    # The enrol form only takes today or later, so Bea started six days ago: the program's
    # days lie one a day from then, and today is week 3, day 1 ("First row"). Week 2's
    # bird-dogs (5 × 10 s) meet the row's gate floor, week 1's 8 s holds do not: she logs
    # the three sessions of week 2.
    with days_ago(6):
        start_the_starter_program_every_day(page)
    first_three = [today - datetime.timedelta(days=n) for n in (3, 2, 1)]

    for number, day in enumerate(first_three, start=1):
        open_session_from_the_plan(page, day)
        expect(page.get_by_text(f"its sets are logged on {long_date(day)}")).to_be_visible()
        assert log_every_set(exercise_block(page, "Bird-dog")) == 5
        if number < 3:
            continue
        # Finishing the third shows the unlock it earned (once the status has caught up with
        # the last set: it refreshes itself after each one).
        status = page.locator("#session-status")
        expect(status.get_by_text("5 of 13 sets logged.")).to_be_visible()
        status.get_by_role("button", name="Finish session").click()
        expect(status.get_by_text(f"Unlocked: {ROW} — this session earned it.")).to_be_visible()
        screenshot("session-backfilled-unlock")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(page.locator(".session-meta")).to_have_text(
        "Inner Back Foundations · week 3 · First row"
    )
    row = exercise_block(page, ROW)
    expect(row.get_by_text("Locked", exact=True)).to_have_count(0)
    form = row.locator("form.set-form")
    expect(form.get_by_label("Load (kg)")).to_have_value("6")
    page.evaluate(f"window.__marker = '{MARKER}'")

    # The torso turned: "Something broke", and that check is unticked; the rest held.
    form.locator("details.set-broke > summary").click()
    checks = form.locator("label.check")
    expect(checks.first).to_contain_text("Torso stayed still")
    checks.first.click()
    form.get_by_role("button", name="Log set 1").click()

    expect(row.get_by_text("Missed: Torso stayed still")).to_be_visible()
    next_form = row.locator("form.set-form")
    expect(next_form.get_by_text("Set 2 of 2")).to_be_visible()
    expect(next_form.get_by_text("Load now: 5 kg.")).to_be_visible()
    expect(next_form.get_by_text("Form broke on set 1 at 6 kg — back to 5 kg")).to_be_visible()
    expect(next_form.get_by_label("Load (kg)")).to_have_value("5")
    assert page.evaluate("window.__marker") == MARKER, "logging reloaded the whole page"
    row.scroll_into_view_if_needed()
    screenshot("today-load-reduced")
    assert csp_violations == []
