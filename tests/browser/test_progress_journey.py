import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.innerback.accounts.factories import PASSWORD, CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import EnrolmentFactory
from tests.programs.progress.progress_history import gated_pair, log_session

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wren():
    """Four weeks of training: bird-dog three times a week opens the row in week one, the
    row climbs from 6 to 8 kg, and one set breaks form at 9 kg and comes back down."""
    person = UserFactory(email="wren@example.com", display_name="Wren Walker")
    enrolment = EnrolmentFactory(trainee=person)
    bird_dog, row = gated_pair()
    today = person.local_today()
    # Four whole weeks before this one.
    first = today - datetime.timedelta(days=today.weekday(), weeks=4)
    load = Decimal(6)
    for week in range(4):
        for offset in (0, 2, 4):
            day = first + datetime.timedelta(weeks=week, days=offset)
            sets = {bird_dog: [{"hold_s": 10 + 2 * week}] * 3}
            if week >= 1:
                sets[row] = [{"load": load}] * 3
                if week == 3 and offset == 2:
                    sets[row] = [
                        {"load": load + 1, "failed_checks": ["Torso stayed still"]},
                        {"load": load},
                        {"load": load},
                    ]
            log_session(enrolment, day, sets)
        if week >= 1:
            load += 1
    coach = CoachFactory(email="cora@example.com", display_name="Cora Coach")
    CoachingFactory(coach=coach, client=person)
    return person


def log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_trainee_sees_their_loads_form_and_gates_as_charts(
    page: Page, live_server, wren, csp_violations, screenshot, check_a11y
):
    log_in(page, live_server, "wren@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()

    expect(page.get_by_role("heading", name="Your progress", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Trial row: working load per session (kg)")).to_be_visible()
    expect(page.get_by_text("Trial row: 6 kg → 8 kg over")).to_be_visible()
    expect(page.get_by_text("1 reduction.")).to_be_visible()
    gates = page.locator("section", has=page.get_by_role("heading", name="Gates"))
    expect(gates.locator("li", has_text="Trial row")).to_contain_text("Unlocked on")
    screenshot("progress")

    page.get_by_text("Data: Trial row load by session").click()
    table = page.get_by_role("region", name="Trial row load by session")
    expect(table).to_contain_text("Form broke at 9 kg — reduced to 8 kg")

    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("img", name="Form pass rate per week (%)")).to_be_visible()
    screenshot("progress-phone")
    assert csp_violations == []
    check_a11y("/progress/", storage_state=page.context.storage_state())


def test_a_coach_opens_a_clients_progress(
    page: Page, live_server, wren, csp_violations, screenshot, check_a11y
):
    log_in(page, live_server, "cora@example.com")
    page.goto(f"{live_server.url}/coach/clients/{wren.pk}/progress/")

    expect(page.get_by_role("heading", name="Wren Walker: progress")).to_be_visible()
    expect(page.get_by_role("img", name="Trial row: working load per session (kg)")).to_be_visible()
    page.get_by_role("link", name="All time").click()
    expect(page.get_by_role("link", name="All time")).to_have_attribute("aria-current", "true")
    screenshot("client-progress")
    assert csp_violations == []
    check_a11y(f"/coach/clients/{wren.pk}/progress/", storage_state=page.context.storage_state())
