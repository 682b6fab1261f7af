"""A newcomer signs up, starts the starter program, reads the week's plan with its locked
loaded work, and writes a program of their own in the builder."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PASSWORD = "neutral-spine-2026"


def sign_up(page: Page, live_server) -> None:
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("piper@example.com")
    page.get_by_label("Your name").fill("Piper Plan")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Hello, Piper Plan")).to_be_visible()


def test_a_newcomer_starts_the_starter_program_and_sees_locked_work_explained(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    page.set_viewport_size(PHONE)
    sign_up(page, live_server)

    page.get_by_role("link", name="Choose a program").click()
    expect(page.get_by_role("heading", name="Choose a program")).to_be_visible()
    page.get_by_role("link", name="Start Inner Back Foundations").click()
    # Monday, Wednesday and Friday are ticked already; the start date is today.
    expect(page.get_by_label("Wednesday")).to_be_checked()
    expect(page.get_by_label("Tuesday")).not_to_be_checked()
    page.get_by_role("button", name="Start the program").click()

    expect(page.get_by_text("You are following Inner Back Foundations")).to_be_visible()
    # Starting today shows this week, the start date's week.
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")

    # Loaded work arrives in program week 3; walk forward (htmx swaps the week in place).
    locked = page.locator(".plan-item.locked")
    for _ in range(4):
        if locked.count():
            break
        heading = page.get_by_role("heading", level=1).inner_text()
        page.get_by_role("link", name="Next week").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)
    expect(locked.first).to_be_visible()
    expect(locked.first.locator(".reason.locked")).to_contain_text(
        "qualifying sessions in the last 14 days"
    )
    expect(locked.first).to_contain_text("Do this instead:")
    assert "?week=" in page.url
    screenshot("plan")

    state = page.context.storage_state()
    check_a11y("/plan/", storage_state=state)
    check_a11y("/programs/", storage_state=state)
    check_a11y("/plan/settings/", storage_state=state)
    assert csp_violations == []


def test_a_trainee_writes_a_program_in_the_builder_and_can_follow_it(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    page.set_viewport_size(PHONE)
    sign_up(page, live_server)

    page.get_by_role("link", name="Programs", exact=True).click()
    page.get_by_role("link", name="Write your own program").click()
    page.get_by_label("Program name").fill("Lunch break plan")
    page.get_by_label("Description").fill("Two short days at the office.")
    page.get_by_role("button", name="Create program").click()
    expect(page.get_by_role("heading", name="Edit Lunch break plan")).to_be_visible()

    page.get_by_label("Focus of the new week (optional)").fill("Control")
    page.get_by_role("button", name="Add the week").click()
    expect(page.get_by_role("heading", name="Week 1: Control")).to_be_visible()

    page.get_by_text("Add an exercise to day 1").click()
    page.get_by_label("Exercise").select_option(label="Pelvic tilt")
    page.get_by_label("Sets").fill("2")
    page.get_by_label("Reps, low end").fill("12")
    page.get_by_label("Reps, high end").fill("10")
    page.get_by_role("button", name="Add to day 1").click()
    # The day comes back in place with the message beside the field; nothing was added.
    expect(page.locator("[id$='_reps_min_errors']")).to_contain_text("low end of the rep range")
    expect(page.get_by_label("Sets")).to_have_value("2")

    page.get_by_label("Reps, high end").fill("15")
    page.get_by_role("button", name="Add to day 1").click()
    expect(page.locator(".builder-item")).to_contain_text("Pelvic tilt")
    expect(page.locator(".builder-item")).to_contain_text("2 × 12–15 reps")
    screenshot("builder")
    check_a11y(page.url.removeprefix(live_server.url), storage_state=page.context.storage_state())

    # The item is changed in place: its form opens inside the day, the exercise stays.
    page.get_by_role("link", name="Edit Pelvic tilt").click()
    item_form = page.locator(".builder-item form")
    item_form.get_by_label("Sets").fill("3")
    screenshot("builder-edit-item")
    item_form.get_by_role("button", name="Save Pelvic tilt").click()
    expect(page.locator(".builder-item")).to_contain_text("3 × 12–15 reps")

    page.get_by_role("link", name="Follow this program").click()
    page.get_by_role("button", name="Start the program").click()
    expect(page.get_by_text("You are following Lunch break plan")).to_be_visible()
    assert csp_violations == []
