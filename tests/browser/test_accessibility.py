"""axe-core on every main page, as the person who uses it, in the light and the dark colour
scheme: no serious or critical violation (colour contrast included) in either."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from innerback.accounts.models import User
from innerback.coaching.management.commands.seed_demo import DEMO_COACH, DEMO_PASSWORD, DEMO_TRAINEE
from programs.planning import calendar
from programs.training.forms import FORM_HELD_LABEL
from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

EVERY_DAY = list(range(7))


@pytest.fixture
def demo():
    """The demo coach and trainee with four weeks of history (a missed form check, a lowered
    load, a coach's comment), the trainee training every day from today on so that today
    has a session to log, with a locked exercise in the week ahead."""
    call_command("seed_demo", stdout=io.StringIO())
    trainee = User.objects.get(email=DEMO_TRAINEE[0])
    calendar.change_training_days(
        enrolment=calendar.current_enrolment(trainee),
        training_days=EVERY_DAY,
        today=trainee.local_today(),
    )
    return trainee


def signed_in_state(browser: Browser, live_server, email: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    if email == DEMO_TRAINEE[0]:
        # A logged set on today's page, so its edit and delete controls are scanned too.
        page.goto(live_server.url + "/today/")
        form = page.locator("form.set-form").first
        form.get_by_role("button", name=FORM_HELD_LABEL).click()
        expect(page.locator(".set-row").first).to_be_visible()
    state = context.storage_state()
    context.close()
    return state


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_main_page_passes_axe_for_its_user(
    browser: Browser, live_server, demo, screenshot, scheme
):
    client = demo.pk
    pages = {
        None: {
            "landing": "/",
            "signup": "/accounts/signup/",
            "login": "/accounts/login/",
            "exercises": "/exercises/",
            "exercise-detail": "/exercises/standing-dumbbell-row/",
        },
        DEMO_TRAINEE[0]: {
            "dashboard": "/",
            "plan": "/plan/",
            "today": "/today/",
            "progress": "/progress/",
            "print-week": "/plan/print/",
        },
        DEMO_COACH[0]: {
            "coach-roster": "/coach/",
            "client": f"/coach/clients/{client}/",
            "client-progress": f"/coach/clients/{client}/progress/",
            "client-print-week": f"/coach/clients/{client}/plan/print/",
        },
    }
    found: dict[str, list[dict]] = {}
    for email, paths in pages.items():
        state = signed_in_state(browser, live_server, email) if email else None
        context = browser.new_context(bypass_csp=True, storage_state=state, color_scheme=scheme)
        page = context.new_page()
        for name, path in paths.items():
            response = page.goto(live_server.url + path)
            assert response is not None and response.ok, (path, response and response.status)
            found[f"{name} {path}"] = serious_axe_violations(page)
            if scheme == "dark":
                screenshot(f"{name}-dark", page)
        context.close()

    assert len(found) == 14
    assert {page: issues for page, issues in found.items() if issues} == {}
