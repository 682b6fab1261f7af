"""On a phone, a coach chooses which mail they get and when, is told beside the field when
a value is wrong, and later stops one kind from a mail's unsubscribe link."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from innerback.notifications.mail import unsubscribe_token
from innerback.notifications.models import Kind, Preferences
from tests.innerback.accounts.factories import PASSWORD, CoachFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_coach_sets_mail_hours_and_quiet_hours_on_a_phone_then_unsubscribes(
    page: Page, live_server, csp_violations, check_a11y, screenshot
):
    coach = CoachFactory(email="mara@example.com", display_name="Mara Coach")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(coach.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/accounts/settings/")

    page.get_by_label("Digest at").select_option("06:00")
    page.get_by_label("Training-day reminder").uncheck()
    page.get_by_label("Quiet from").fill("22:00")
    page.get_by_role("button", name="Save settings").click()

    expect(page.locator("#id_mail-quiet_end_errors")).to_have_text(
        "Give both ends of your quiet hours, or neither."
    )
    expect(page.get_by_label("Quiet from")).to_have_value("22:00")
    assert not Preferences.objects.filter(user=coach).exists()
    screenshot("mail-settings-phone-error")

    page.get_by_label("Quiet until").fill("07:00")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    saved = Preferences.objects.get(user=coach)
    assert (saved.digest_hour, saved.reminder) == (6, False)
    assert (saved.quiet_start, saved.quiet_end) == (datetime.time(22), datetime.time(7))
    expect(page.get_by_label("Digest at")).to_have_value("6")
    # Nothing runs off the side of a 390 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each checkbox's label, its tap target, is at least 44 px high.
    for box in ["Daily digest of new flags", "Notice when your coach comments"]:
        label = page.locator(".field-check label", has_text=box).bounding_box()
        assert label is not None and label["height"] >= 44
    screenshot("mail-settings-phone")
    state = page.context.storage_state()
    check_a11y("/accounts/settings/", storage_state=state)
    check_a11y("/accounts/settings/", storage_state=state, color_scheme="dark")

    page.goto(
        live_server.url + f"/notifications/unsubscribe/{unsubscribe_token(coach, Kind.DIGEST)}/"
    )
    expect(page.get_by_role("heading", name="Unsubscribe")).to_be_visible()
    assert Preferences.objects.get(user=coach).digest is True
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_text("you will get no more mail of this kind")).to_be_visible()
    assert Preferences.objects.get(user=coach).digest is False
    assert csp_violations == []
