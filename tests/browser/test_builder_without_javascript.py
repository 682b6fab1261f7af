"""The builder with JavaScript off, end to end: every form posts with its CSRF token and comes
back to the week it changed. Adding a week and a day, adding exercises, editing one, moving
and removing them, removing a day and a week: all saved, nothing answered with 403."""

import pytest
from playwright.sync_api import Browser, Page, expect

from programs.models import Program
from tests.innerback.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def add_exercise(page: Page, day: int, name: str, **fields: str) -> None:
    """Open the day's "Add an exercise" (a <details>, which opens without JavaScript) and
    add `name` with these fields, by their labels."""
    page.get_by_text(f"Add an exercise to day {day}", exact=True).click()
    form = page.locator("form").filter(has=page.get_by_role("button", name=f"Add to day {day}"))
    form.get_by_label("Exercise").select_option(label=name)
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_role("button", name=f"Add to day {day}").click()


def items(page: Page, day_heading: str) -> list[str]:
    day = page.locator(".builder-day").filter(has=page.get_by_role("heading", name=day_heading))
    return [text.strip() for text in day.locator(".builder-item strong").all_inner_texts()]


def test_a_program_is_written_with_javascript_off(browser: Browser, live_server):
    person = UserFactory(email="nojs@example.com")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    statuses: list[int] = []
    page.on("response", lambda response: statuses.append(response.status))

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/programs/mine/")
    page.get_by_label("Program name").fill("Quiet plan")
    page.get_by_role("button", name="Create program").click()
    expect(page.get_by_role("heading", name="Edit Quiet plan")).to_be_visible()

    # A week (with its first day) and a second day.
    page.get_by_label("Focus of the new week (optional)").fill("Control")
    page.get_by_role("button", name="Add the week").click()
    expect(page.get_by_role("heading", name="Week 1: Control")).to_be_visible()
    assert "?week=1" in page.url
    page.get_by_label("Title of the new day (optional)").fill("Hinge day")
    page.get_by_role("button", name="Add a day to week 1").click()
    expect(page.get_by_role("heading", name="Day 2: Hinge day")).to_be_visible()

    # Exercises: a refused one keeps what was typed, then three are added.
    add_exercise(
        page, 1, "Pelvic tilt", **{"Sets": "2", "Reps, low end": "15", "Reps, high end": "10"}
    )
    expect(page.locator("[id$='_reps_min_errors']")).to_contain_text("low end of the rep range")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add to day 1"))
    form.get_by_label("Reps, low end").fill("10")
    form.get_by_role("button", name="Add to day 1").click()
    add_exercise(page, 1, "Bird-dog", **{"Sets": "2", "Hold (seconds)": "10"})
    add_exercise(page, 1, "Segmental bridge", **{"Sets": "2", "Hold (seconds)": "8"})
    assert items(page, "Day 1") == ["Pelvic tilt", "Bird-dog", "Segmental bridge"]

    # Edit one: its form opens on the page, the change is saved in place.
    page.get_by_role("link", name="Edit Bird-dog").click()
    item_form = page.locator(".builder-item form")
    item_form.get_by_label("Sets").fill("3")
    item_form.get_by_role("button", name="Save Bird-dog").click()
    expect(page.locator(".builder-item").filter(has_text="Bird-dog")).to_contain_text("3 × 10 s")

    # Reorder and remove.
    page.get_by_role("button", name="move Bird-dog up").click()
    assert items(page, "Day 1") == ["Bird-dog", "Pelvic tilt", "Segmental bridge"]
    page.get_by_role("button", name="move Pelvic tilt down").click()
    assert items(page, "Day 1") == ["Bird-dog", "Segmental bridge", "Pelvic tilt"]
    page.get_by_role("button", name="Remove Segmental bridge").click()
    assert items(page, "Day 1") == ["Bird-dog", "Pelvic tilt"]

    # A second week opens on its own; the first is a line in the list, a link back to it.
    page.get_by_role("button", name="Duplicate week 1").click()
    expect(page.get_by_role("heading", name="Week 2: Control")).to_be_visible()
    assert "?week=2" in page.url
    page.get_by_role("navigation", name="All 2 weeks").get_by_role(
        "link", name="Week 1: Control"
    ).click()
    expect(page.get_by_role("heading", name="Week 1: Control")).to_be_visible()

    # Remove a day and a week (their confirmations need JavaScript; without it they post).
    page.get_by_text("Rename or remove day 2", exact=True).click()
    page.get_by_role("button", name="Remove day 2").click()
    expect(page.get_by_role("heading", name="Day 2: Hinge day")).to_have_count(0)
    page.get_by_role("link", name="Week 2", exact=True).click()
    page.get_by_text("Rename or remove week 2", exact=True).click()
    page.get_by_role("button", name="Remove week 2").click()
    expect(page.get_by_role("heading", name="Week 1: Control")).to_be_visible()
    context.close()

    program = Program.objects.get(owner=person)
    week = program.weeks.get()
    assert [day.title for day in week.days.order_by("position")] == [""]
    day = week.days.get()
    assert [(p.exercise.name, p.sets) for p in day.prescriptions.order_by("position")] == [
        ("Bird-dog", 3),
        ("Pelvic tilt", 2),
    ]
    assert 403 not in statuses and 500 not in statuses
