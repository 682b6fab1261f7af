import re
from unittest import mock

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from playwright.sync_api import Browser, Page, expect

from exercises.catalog import load_catalog

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def collected_static_is_served():
    # With DEBUG off, pages link to hashed static names, which live_server's
    # StaticFilesHandler looks up through the finders by source name and answers with 404:
    # no CSS, no htmx. Passing /static/ through lets WhiteNoise serve the collected files.
    with mock.patch.object(StaticFilesHandler, "_should_handle", lambda self, path: False):
        yield


@pytest.fixture
def catalog(transactional_db):
    # Transactional tests empty the tables after each test, so the migration's rows may be gone.
    load_catalog()


def test_a_visitor_filters_the_catalog_in_place_and_reads_an_exercise(
    page: Page, live_server, catalog, csp_violations, screenshot
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/exercises/")
    expect(page.locator(".exercise-card")).to_have_count(8)
    page.evaluate("window.__marker = 1")

    page.get_by_label("Kind").select_option("resistance")

    expect(page.locator("#result-count")).to_have_text("Showing 4 of 8 exercises.")
    expect(page.locator(".exercise-card")).to_have_count(4)
    expect(page).to_have_url(re.compile(r"/exercises/\?kind=resistance"))
    assert page.evaluate("window.__marker") == 1, "the filter reloaded the whole page"

    page.get_by_label("Name contains").fill("single")

    expect(page.locator(".exercise-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"kind=resistance.*q=single"))
    assert page.evaluate("window.__marker") == 1
    screenshot("exercises")

    page.get_by_role("link", name="Single-leg bent-over dumbbell row").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Single-leg bent-over dumbbell row")
    expect(page.locator("ol.steps > li")).to_have_count(5)
    unlocks_after = page.locator(".gate-list").first
    expect(unlocks_after).to_contain_text(
        "Bird-dog — 3 qualifying sessions on distinct days within 14 days"
    )
    screenshot("exercise-detail")

    page.go_back()
    expect(page.get_by_label("Kind")).to_have_value("resistance")
    expect(page.locator(".exercise-card")).to_have_count(1)
    assert csp_violations == []


def test_an_empty_filter_result_offers_a_way_back(page: Page, live_server, catalog):
    page.goto(live_server.url + "/exercises/")
    page.get_by_label("Equipment").select_option("barbell")
    expect(page.locator(".exercise-card")).to_have_count(1)

    page.get_by_label("Kind").select_option("foundational")

    expect(page.get_by_role("heading", name="No exercises match these filters")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Clear filters").last.click()
    expect(page).to_have_url(live_server.url + "/exercises/")
    expect(page.locator(".exercise-card")).to_have_count(8)


def test_the_filters_work_without_javascript(browser: Browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/exercises/")
        page.get_by_label("Target muscle").select_option("obliques")
        page.get_by_role("button", name="Show exercises").click()

        expect(page).to_have_url(re.compile(r"muscle=obliques"))
        expect(page.locator(".exercise-card")).to_have_count(2)
        expect(page.get_by_label("Target muscle")).to_have_value("obliques")
    finally:
        context.close()


def test_the_catalog_and_an_exercise_pass_axe(catalog, check_a11y):
    check_a11y("/exercises/")
    check_a11y("/exercises/?kind=foundational&equipment=barbell")
    check_a11y("/exercises/back-extension-45/")
