"""Coaching end to end, with two people in two browsers: a coach invites, a trainee signs up
through the link and accepts, the coach assigns the starter program, the trainee logs a set,
the coach comments on it, and the trainee reads the comment on their next visit."""

import pytest
from playwright.sync_api import Browser, Page, expect

from innerback.accounts.models import User
from innerback.coaching.models import Coaching, Invitation
from programs.training.forms import FORM_HELD_LABEL
from tests.innerback.accounts.factories import PASSWORD as FACTORY_PASSWORD
from tests.innerback.accounts.factories import CoachFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "steady-spine-2026"


def sign_up(page: Page, *, email: str, name: str, coach: bool) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your name").fill(name)
    if coach:
        page.get_by_label("I coach other people").check()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def test_a_coach_invites_a_trainee_assigns_a_program_and_comments_on_their_session(
    page: Page, browser: Browser, live_server, csp_violations, screenshot, check_a11y
):
    # The coach signs up as a coach and creates an invitation.
    page.goto(live_server.url + "/accounts/signup/")
    sign_up(page, email="cora@example.com", name="Cora Coach", coach=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").click()
    expect(page.get_by_role("heading", name="Your clients")).to_be_visible()
    expect(page.get_by_text("No clients yet")).to_be_visible()
    page.get_by_label("Who is it for? (optional)").fill("Tess from Tuesday class")
    page.get_by_role("button", name="Create invitation").click()
    link = page.get_by_label("Link to share")
    expect(link).to_be_visible()
    invite_url = link.input_value()
    assert "/invite/" in invite_url

    # The trainee, in a browser of their own, follows the link, signs up and accepts.
    trainee_context = browser.new_context()
    trainee_errors: list[str] = []
    trainee = trainee_context.new_page()
    trainee.on(
        "console",
        lambda m: (
            trainee_errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    trainee.goto(invite_url)
    expect(
        trainee.get_by_role("heading", name="Cora Coach invites you to be coached")
    ).to_be_visible()
    trainee.get_by_role("link", name="Sign up to accept").click()
    sign_up(trainee, email="tess@example.com", name="Tess Trainee", coach=False)
    expect(trainee.get_by_role("heading", name="Cora Coach invites you")).to_be_visible()
    trainee.get_by_role("button", name="Accept Cora Coach as my coach").click()
    expect(trainee.get_by_text("Cora Coach is now your coach")).to_be_visible()

    # The coach sees the new client and assigns the starter program, training every day so
    # that today has a session.
    page.goto(live_server.url + "/coach/")
    expect(page.get_by_role("link", name="Tess Trainee")).to_be_visible()
    expect(page.get_by_text("Withdraw")).to_have_count(0)
    page.get_by_role("link", name="Tess Trainee").click()
    expect(page.get_by_role("heading", name="Tess Trainee", level=1)).to_be_visible()
    page.get_by_role("combobox", name="Program").select_option(
        label="Inner Back Foundations (built-in)"
    )
    for day in ("Tuesday", "Thursday", "Saturday", "Sunday"):
        page.get_by_label(day).check()
    page.get_by_role("button", name="Assign program").click()
    expect(page.get_by_text("Tess Trainee now follows Inner Back Foundations.")).to_be_visible()
    expect(page.get_by_role("heading", name="This week")).to_be_visible()

    # The trainee opens today's session and logs a clean first set.
    trainee.goto(live_server.url + "/today/")
    block = trainee.locator("section.exercise-block").first
    form = block.locator("form.set-form")
    form.get_by_role("button", name=FORM_HELD_LABEL).click()
    expect(block.locator(".set-row").filter(has_text="Set 1")).to_be_visible()

    # The coach finds the session on the client page and comments on it.
    page.reload()
    recent = page.locator("article.logged-session").first
    expect(recent).to_be_visible()
    expect(recent.get_by_text("clean")).to_be_visible()
    recent.get_by_label("Comment").fill("Slow and steady: exactly right for week one.")
    recent.get_by_role("button", name="Send comment").click()
    expect(recent.get_by_text("Slow and steady: exactly right for week one.")).to_be_visible()
    expect(recent.get_by_text("not read yet")).to_be_visible()
    screenshot("coach-client")

    page.goto(live_server.url + "/coach/")
    row = page.locator("table.roster tbody tr").filter(has_text="Tess Trainee")
    expect(row.get_by_text("Inner Back Foundations")).to_be_visible()
    expect(row.get_by_text("100% over 4 weeks")).to_be_visible()
    page.get_by_role("link", name="Last activity").click()
    expect(page).to_have_url(live_server.url + "/coach/?sort=last_activity")
    screenshot("coach-roster")

    # On their next visit the trainee reads the comment; it stays new until they say so.
    trainee.goto(live_server.url + "/")
    banner = trainee.locator("section.coach-comments")
    expect(banner.get_by_role("heading", name="New from your coach")).to_be_visible()
    expect(banner.get_by_text("Slow and steady: exactly right for week one.")).to_be_visible()
    trainee.reload()
    expect(banner.get_by_text("Slow and steady: exactly right for week one.")).to_be_visible()
    banner.get_by_role("button", name="Mark as read").click()
    expect(banner.get_by_text("Slow and steady: exactly right for week one.")).to_have_count(0)
    trainee.reload()
    expect(trainee.locator("section.coach-comments")).to_have_count(0)

    client_id = User.objects.get(email="tess@example.com").pk
    state = page.context.storage_state()
    check_a11y("/coach/", storage_state=state)
    check_a11y(f"/coach/clients/{client_id}/", storage_state=state)
    assert csp_violations == []
    assert trainee_errors == []
    trainee_context.close()


def test_a_trainee_turns_down_a_second_coach_until_they_end_the_first(
    page: Page, live_server, csp_violations
):
    tess = UserFactory(email="tess@example.com", display_name="Tess Trainee")
    Coaching.objects.create(coach=CoachFactory(display_name="Cora Coach"), client=tess)
    invitation = Invitation.objects.create(coach=CoachFactory(display_name="Nico New"))

    page.goto(live_server.url + f"/invite/{invitation.code}/")
    page.get_by_role("link", name="Log in to accept").click()
    page.get_by_label("Email").fill("tess@example.com")
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_text("You are coached by Cora Coach")).to_be_visible()
    expect(page.get_by_role("button", name="Accept Nico New as my coach")).to_have_count(0)
    page.get_by_role("button", name="End coaching with Cora Coach").click()
    expect(page.get_by_text("Cora Coach no longer coaches you")).to_be_visible()
    page.get_by_role("button", name="Accept Nico New as my coach").click()
    expect(page.get_by_text("Nico New is now your coach")).to_be_visible()
    assert csp_violations == []
