"""On a 390×844 phone one tap logs a set done as prescribed with form held, and the next
set's form, its rest countdown and the tempo guide are on screen together."""

import pytest
from playwright.sync_api import Page, expect

from programs.models import SetLog
from programs.training.forms import FORM_HELD_LABEL
from tests.browser.test_logging_journey import (
    PHONE,
    _exercise,
    _trainee_with_session_today,
    log_in,
)
from tests.innerback.accounts.factories import CoachFactory
from tests.innerback.coaching.factories import CoachingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _page_height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_one_tap_logs_a_set_as_prescribed_and_the_next_set_and_rest_timer_share_the_screen(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    wren = _trainee_with_session_today(qualifying_days_ago=(2,))
    todays_sets = SetLog.objects.filter(trainee=wren, performed_on=wren.local_today())
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    page.goto(live_server.url + "/today/")
    bird_dog = _exercise(page, "Bird-dog")
    form = bird_dog.locator("form.set-form")
    # The first set says what "form held" means before it is claimed.
    expect(form.get_by_text("Form held means all of these:")).to_be_visible()
    expect(form.locator(".held-means li").first).to_be_visible()
    expect(page.locator(".site-header")).to_be_in_viewport()
    screenshot("today-phone-before-set", full_page=False)
    height_before = _page_height(page)

    form.get_by_role("button", name=FORM_HELD_LABEL).click()

    expect(bird_dog.locator(".set-row").filter(has_text="Set 1")).to_contain_text("form clean")
    logged = todays_sets.get()
    assert (logged.hold_s, logged.failed_checks) == (10, [])
    next_form = bird_dog.locator("form.set-form")
    expect(next_form.get_by_text("Set 2 of 3")).to_be_in_viewport()
    expect(next_form.get_by_role("button", name=FORM_HELD_LABEL)).to_be_in_viewport()
    expect(next_form.locator(".tempo-guide")).to_be_in_viewport()
    timer = page.locator(".rest-timer.is-running")
    expect(timer).to_be_in_viewport()
    expect(timer.locator(".timer-left")).not_to_have_text("20 s")
    # The header stays reachable after scrolling, in one row.
    expect(page.locator(".site-header")).to_be_in_viewport()
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    screenshot("today-phone-after-set", full_page=False)

    for number in (2, 3):
        expect(bird_dog.locator("form.set-form").get_by_text(f"Set {number} of 3")).to_be_visible()
        bird_dog.locator("form.set-form").get_by_role("button", name=FORM_HELD_LABEL).click()
    expect(bird_dog.get_by_text("All 3 sets logged")).to_be_visible()
    assert _page_height(page) < height_before
    # The next exercise's first set is on screen, with the rest countdown still running.
    expect(
        _exercise(page, "Pelvic tilt").locator("form.set-form").get_by_text("Set 1 of 2")
    ).to_be_in_viewport()
    expect(page.locator(".rest-timer.is-running")).to_be_in_viewport()
    assert [s.failed_checks for s in todays_sets] == [[], [], []]

    check_a11y("/today/", storage_state=page.context.storage_state())
    check_a11y("/today/", storage_state=page.context.storage_state(), color_scheme="dark")
    assert csp_violations == []


def test_on_a_phone_the_roster_is_cards_with_pass_rate_and_trend_in_view(
    page: Page, live_server, csp_violations
):
    coach = CoachFactory(email="cora@example.com", display_name="Cora Coach")
    wren = _trainee_with_session_today(qualifying_days_ago=(2, 4))
    CoachingFactory(coach=coach, client=wren)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "cora@example.com")
    page.goto(live_server.url + "/coach/")

    card = page.locator("table.roster tbody tr").filter(has_text="Wren Walker")
    expect(card.get_by_text("% over 4 weeks")).to_be_visible()
    expect(card.locator(".trend")).to_be_visible()
    card.scroll_into_view_if_needed()
    expect(card.locator(".trend")).to_be_in_viewport()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the roster scrolls sideways on a phone: {width} px"
    # The pages left out of the phone's header are one tap away, at the foot.
    page.get_by_role("link", name="More").click()
    expect(
        page.get_by_role("navigation", name="More pages").get_by_role("link", name="Account")
    ).to_be_in_viewport()
    assert csp_violations == []
