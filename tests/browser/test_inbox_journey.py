"""A coach on a phone opens the inbox from the nav's count and marks a flag handled with a
note: htmx swaps the lists in place, and the flag moves below as handled."""

import pytest
from playwright.sync_api import Page, expect

from innerback.inbox.models import Flag, Kind
from tests.innerback.accounts.factories import PASSWORD, CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.innerback.inbox.factories import FlagFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_coach_marks_a_flag_handled_on_a_phone(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    coach = CoachFactory(email="cora@example.com", display_name="Cora Coach")
    client = UserFactory(display_name="Tess Trainee")
    CoachingFactory(coach=coach, client=client)
    flag = FlagFactory(
        coach=coach,
        client=client,
        kind=Kind.PAIN,
        cause="morning-1",
        summary="Worse the morning after a session: pain 6/10, from 2/10.",
    )
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(coach.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Coach 1 open flags"
    ).click()
    page.get_by_role("link", name="Inbox: 1 open flag").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(page.get_by_text("pain 6/10, from 2/10")).to_be_visible()
    screenshot("inbox-phone")
    page.evaluate("window.__marker = 1")

    page.get_by_label("Note (optional)").fill("Called her; easing off the extensions.")
    button = page.get_by_role("button", name="Mark handled")
    assert button.bounding_box()["height"] >= 44
    button.click()

    expect(page.get_by_text("Nothing needs a look")).to_be_visible()
    expect(page.get_by_text("Called her; easing off the extensions.")).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "marking handled reloaded the whole page"
    flag.refresh_from_db()
    assert flag.handled_note == "Called her; easing off the extensions."
    assert Flag.objects.open().count() == 0
    assert not csp_violations
    state = page.context.storage_state()
    for scheme in ("light", "dark"):
        check_a11y("/coach/inbox/", storage_state=state, color_scheme=scheme)
