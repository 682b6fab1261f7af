"""A trainee sets their training time, turns on the calendar feed in account settings,
copies its address, reads the plan from it as a calendar program would, gives it a new
address and turns it off — on a phone-sized screen."""

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from programs.models import Program
from programs.planning import calendar
from tests.innerback.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
TAP = 44


@pytest.fixture
def ivy(transactional_db):
    person = UserFactory(email="ivy@example.com", display_name="Ivy Ical", time_zone="Europe/Paris")
    today = person.local_today()
    calendar.enrol(
        trainee=person,
        program=Program.objects.get(slug="inner-back-foundations"),
        start_date=today,
        training_days=[0, 1, 2, 3, 4, 5, 6],
    )
    return person


def log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def feed_events(page: Page, url: str) -> list:
    """The feed as a calendar program reads it: no cookies, just the address."""
    response = page.context.request.get(url, headers={"Cookie": ""})
    assert response.ok, response.status
    return Calendar.from_ical(response.body()).walk("VEVENT")


def assert_tappable(locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["height"] >= TAP and box["width"] >= TAP, box


def test_a_trainee_subscribes_to_their_plan_and_changes_the_address(
    page: Page, live_server, ivy, csp_violations, screenshot, check_a11y
):
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server, "ivy@example.com")

    # The training time sits with the training days; an empty one is refused beside it.
    page.goto(live_server.url + "/plan/settings/")
    page.get_by_label("Usual training time").fill("")
    page.get_by_role("button", name="Save training time").click()
    expect(page.locator("#id_training_time_error")).to_contain_text("like 18:00")
    page.get_by_label("Usual training time").fill("07:15")
    page.get_by_role("button", name="Save training time").click()
    expect(page.get_by_text("Saved: your sessions are at 07:15")).to_be_visible()

    page.goto(live_server.url + "/accounts/settings/")
    turn_on = page.get_by_role("button", name="Turn on the calendar feed")
    assert_tappable(turn_on)
    turn_on.click()
    expect(page.get_by_text("Your calendar feed is on")).to_be_visible()
    address = page.get_by_label("Your plan")
    url = address.input_value()
    assert url.startswith(live_server.url + "/calendar/") and url.endswith("/plan.ics")

    copy = page.get_by_role("button", name="Copy the address of your plan")
    assert_tappable(copy)
    copy.click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    screenshot("calendar-feed-settings")

    events = feed_events(page, url)
    assert events
    first = min(events, key=lambda event: event.decoded("DTSTART"))
    assert first.decoded("DTSTART").time() == datetime.time(7, 15)
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert " × " in str(first["DESCRIPTION"])

    regenerate = page.get_by_role("button", name="Regenerate the address")
    assert_tappable(regenerate)
    regenerate.click()
    expect(page.get_by_text("the old one no longer works")).to_be_visible()
    new_url = page.get_by_label("Your plan").input_value()
    assert new_url != url
    assert page.context.request.get(url).status == 404
    assert feed_events(page, new_url)

    state = page.context.storage_state()
    check_a11y("/accounts/settings/", storage_state=state)
    check_a11y("/accounts/settings/", storage_state=state, color_scheme="dark")
    check_a11y("/plan/settings/", storage_state=state)

    page.get_by_role("button", name="Turn off the calendar feed").click()
    expect(page.get_by_text("Your calendar feed is off")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on the calendar feed")).to_be_visible()
    assert page.context.request.get(new_url).status == 404
    assert csp_violations == []


def test_the_feed_settings_work_without_javascript(browser, live_server, ivy):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, "ivy@example.com")
    page.goto(live_server.url + "/accounts/settings/")

    page.get_by_role("button", name="Turn on the calendar feed").click()

    address = page.get_by_label("Your plan")
    expect(address).to_be_visible()
    # Without script there is no Copy button: the address is selected and copied as text.
    expect(page.get_by_role("button", name="Copy the address of your plan")).to_be_hidden()
    page.get_by_role("button", name="Turn off the calendar feed").click()
    expect(page.get_by_role("button", name="Turn on the calendar feed")).to_be_visible()
    context.close()
