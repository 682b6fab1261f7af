"""A trainee prints the week: from the plan to the printable page, one session a sheet on A4
and on Letter, with the site's header and buttons left off the paper."""

import re

import pytest
from playwright.sync_api import Browser, expect

from innerback.coaching.management.commands.seed_demo import DEMO_TRAINEE
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import demo, signed_in_state  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_a_trainee_prints_the_week_one_session_a_sheet(browser: Browser, live_server, demo):  # noqa: F811
    state = signed_in_state(browser, live_server, DEMO_TRAINEE[0])
    context = browser.new_context(
        storage_state=state, viewport={"width": 390, "height": 844}, color_scheme="dark"
    )
    page = context.new_page()
    page.goto(live_server.url + "/plan/")
    page.get_by_role("link", name="Print this week").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Week of")
    sheets = page.locator(".print-session")
    expect(sheets.first).to_be_visible()
    sessions = sheets.count()
    assert sessions >= 3
    expect(page.get_by_role("button", name="Print this week")).to_be_visible()
    expect(sheets.first.locator("img[src^='data:image/svg+xml']")).to_have_count(1)

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".print-intro")).to_be_hidden()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        (SCREENSHOTS / f"print-week-{paper.lower()}.pdf").write_bytes(pdf)
        # A starter-program day fits on one sheet, so each session is a page of its own.
        assert pdf_pages(pdf) == sessions, paper
    context.close()
