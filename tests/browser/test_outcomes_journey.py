"""A trainee answers the weekly check-in on a phone, with htmx and without JavaScript, and
sees it on their progress page."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from innerback.outcomes.models import Answer, name_activities
from tests.innerback.accounts.factories import UserFactory
from tests.innerback.outcomes.factories import PainAnswerFactory
from tests.programs.factories import EnrolmentFactory

from .test_progress_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def nell():
    """On a program, with two activities named and last week's back pain answered."""
    person = UserFactory(email="nell@example.com", display_name="Nell North")
    EnrolmentFactory(trainee=person)
    name_activities(trainee=person, names=["Carrying the shopping", "Sitting through a film"])
    today = person.local_today()
    PainAnswerFactory(
        trainee=person, week=today - datetime.timedelta(days=today.weekday() + 7), score=6
    )
    return person


def test_a_trainee_answers_the_weekly_check_in_on_a_phone(
    page: Page, live_server, nell, csp_violations, screenshot, check_a11y
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "nell@example.com")
    card = page.locator("#weekly-check")
    expect(card.get_by_role("heading", name="Weekly check-in")).to_be_visible()
    expect(card).to_contain_text("does not diagnose")
    screenshot("weekly-check-in-phone")

    card.get_by_label("Your back pain on average over the past 7 days").fill("12")
    card.get_by_label("Carrying the shopping").fill("5")
    card.get_by_label("Sitting through a film").fill("7")
    card.get_by_role("button", name="Save this week's answers").click()
    expect(card.get_by_text("Enter a whole number from 0 to 10.")).to_be_visible()
    assert Answer.objects.filter(trainee=nell).count() == 1  # last week's alone

    card.get_by_label("Your back pain on average over the past 7 days").fill("3")
    card.get_by_role("button", name="Save this week's answers").click()
    expect(card.get_by_text("Back pain on average: 3 of 10")).to_be_visible()
    expect(card.get_by_text("Carrying the shopping: 5 of 10")).to_be_visible()
    assert page.url == live_server.url + "/"  # swapped in place, no page load

    box = card.get_by_role("link", name="Change this week's answers").bounding_box()
    assert box["height"] >= 44
    assert csp_violations == []
    check_a11y("/", storage_state=page.context.storage_state())

    page.goto(live_server.url + "/progress/")
    expect(page.get_by_role("img", name="Back pain per week (0–10)")).to_be_visible()
    expect(
        page.get_by_text("3 points lower than at the start (a meaningful change, better)").first
    ).to_be_visible()
    screenshot("progress-outcomes-phone")


def test_the_check_in_works_without_javascript(browser, live_server, nell):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, "nell@example.com")
        card = page.locator("#weekly-check")
        card.get_by_label("Your back pain on average over the past 7 days").fill("4")
        card.get_by_label("Carrying the shopping").fill("6")
        card.get_by_label("Sitting through a film").fill("6")
        card.get_by_role("button", name="Save this week's answers").click()

        expect(
            page.get_by_text("Saved. You can change these answers until Sunday.")
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Weekly check-in", level=1)).to_be_visible()
        assert Answer.objects.filter(trainee=nell).count() == 4
    finally:
        context.close()
