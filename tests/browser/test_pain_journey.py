"""A trainee on a phone answers the morning check and rates pain during an exercise with one
tap — with JavaScript (no page load) and without it (plain forms)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from programs.models import MorningCheck, PainFlag, PainRating
from tests.browser.test_logging_journey import (
    PHONE,
    _assert_tall_enough,
    _exercise,
    _trainee_with_session_today,
    log_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "How is your back this morning compared with before that session?"


def test_on_a_phone_the_morning_check_and_a_pain_rating_save_without_a_page_load(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    # Bird-dog qualified yesterday: that session is the one the morning check asks about.
    _trainee_with_session_today(qualifying_days_ago=(1,))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    page.goto(live_server.url + "/today/")
    page.evaluate("window.__marker = 'no page load'")

    check = page.locator("#morning-check")
    expect(check.get_by_role("group", name=QUESTION)).to_be_visible()
    _assert_tall_enough(check.locator("label.check"))
    check.get_by_label("About the same").check()
    check.get_by_label("Pain now, 0–10").fill("2")
    check.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Thank you: your answer is saved.")).to_be_visible()

    tilt = _exercise(page, "Pelvic tilt")
    scale = tilt.locator(".pain-scale button")
    expect(scale).to_have_count(11)
    _assert_tall_enough(scale)
    tilt.get_by_role("button", name="Pain 3", exact=True).click()
    expect(tilt.get_by_text("Saved: 3/10.")).to_be_visible()
    expect(tilt.get_by_role("button", name="Pain 3", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot("today-pain-phone")

    assert page.evaluate("window.__marker") == "no page load"
    assert MorningCheck.objects.get().pain_now == 2
    assert PainRating.objects.get().rating == 3
    assert csp_violations == []
    state = page.context.storage_state()
    for scheme in ("light", "dark"):
        check_a11y("/today/", storage_state=state, color_scheme=scheme)


def test_without_javascript_pain_and_the_morning_check_are_plain_forms(
    browser: Browser, live_server
):
    _trainee_with_session_today(qualifying_days_ago=(1,))
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, "wren@example.com")
        page.goto(live_server.url + "/today/")

        tilt = _exercise(page, "Pelvic tilt")
        tilt.get_by_role("button", name="Pain 6", exact=True).click()
        tilt = _exercise(page, "Pelvic tilt")
        expect(tilt.get_by_text("Saved: 6/10.")).to_be_visible()
        expect(tilt.get_by_text("At 6 or more the next session steps back")).to_be_visible()

        # The tap went back to the session's page; the morning check is on /today/.
        assert "/sessions/" in page.url and page.url.endswith("-pain")
        page.goto(live_server.url + "/today/")
        page.get_by_label("Worse").check()
        page.get_by_label("Pain now, 0–10").fill("4")
        page.get_by_role("button", name="Save my answer").click()

        expect(page).to_have_url(live_server.url + "/today/")
        expect(page.get_by_text("Thank you: your answer is saved.")).to_be_visible()
        assert MorningCheck.objects.get().answer == "worse"
        assert PainFlag.objects.count() == 1  # 6/10 during today's pelvic tilt
    finally:
        context.close()
