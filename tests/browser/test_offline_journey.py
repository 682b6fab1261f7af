"""Training with no signal: sets logged offline wait on the device, the next set's load
follows the engine's rules there, and everything syncs once, in order, when the signal is
back — in one tab or two. The service worker keeps signed-in pages only for the person they
were drawn for, and signing out wipes them with the queue."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from programs.models import SetLog, TrainingSession
from programs.training.forms import FORM_HELD_LABEL
from scripts.installable import installability_errors
from tests.browser.test_logging_journey import (
    PHONE,
    ROW,
    _exercise,
    _something_broke,
    _trainee_with_session_today,
    log_in,
)
from tests.innerback.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TORSO = "Torso stayed still — no rotation or shift"
BROKE_REASON = "Form broke on set 2 at 6 kg — back to 5 kg"


def _ready_for_offline(page: Page, live_server, path: str = "/today/") -> None:
    """Open `path` and wait until the service worker has kept it for offline use."""
    page.goto(live_server.url + path)
    expect(page.locator("body[data-offline-ready]")).to_have_count(1)


def _queued(block) -> object:
    return block.locator(".set-row.is-queued")


def _log_held(block, number: int) -> None:
    form = block.locator("form.set-form")
    expect(form.locator(".set-label")).to_contain_text(f"Set {number} of 3")
    form.get_by_role("button", name=FORM_HELD_LABEL).click()


def _log_broke(block, number: int) -> None:
    form = block.locator("form.set-form")
    expect(form.locator(".set-label")).to_contain_text(f"Set {number} of 3")
    _something_broke(form).locator("label.check").filter(has_text=TORSO).click()
    form.get_by_role("button", name=f"Log set {number}").click()


def _rows_in_database(trainee) -> list[tuple]:
    return list(
        SetLog.objects.filter(trainee=trainee, exercise__slug="standing-dumbbell-row")
        .order_by("set_number")
        .values_list("set_number", "reps", "load", "target_load", "failed_checks")
    )


EXPECTED = [
    (1, 8, Decimal("6.00"), Decimal("6.00"), []),
    (2, 8, Decimal("6.00"), Decimal("6.00"), [TORSO]),
    (3, 8, Decimal("5.00"), Decimal("5.00"), []),
]


def test_three_sets_logged_offline_survive_a_reload_and_sync_once_when_back_online(
    page: Page, context: BrowserContext, live_server, csp_violations
):
    wren = _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    _ready_for_offline(page, live_server)

    context.set_offline(True)
    status = page.locator("[data-offline-status]")
    expect(status).to_contain_text("Offline.")
    row = _exercise(page, ROW)
    _log_held(row, 1)
    expect(_queued(row)).to_have_count(1)
    expect(_queued(row).first).to_contain_text("Set 1 8 reps at 6 kg, form clean")
    expect(_queued(row).first).to_contain_text("Waiting to sync")
    form = row.locator("form.set-form")
    expect(form.get_by_label("Load (kg)")).to_have_value("6")
    expect(form.locator(".next-load")).to_contain_text("Form held on set 1 at 6 kg.")

    _log_broke(row, 2)
    # The failed check lowers the next load at once, exactly as the server would.
    form = row.locator("form.set-form")
    expect(form.get_by_label("Load (kg)")).to_have_value("5")
    expect(form.locator(".next-load")).to_contain_text("Load now: 5 kg.")
    expect(form.locator(".next-load")).to_contain_text(BROKE_REASON)
    _log_held(row, 3)
    expect(_queued(row)).to_have_count(3)
    expect(status).to_contain_text("3 sets waiting to sync.")
    assert _rows_in_database(wren) == []

    page.reload()
    row = _exercise(page, ROW)
    expect(_queued(row)).to_have_count(3)
    expect(_queued(row).nth(1)).to_contain_text("1 form check missed")
    expect(row.locator("form.set-form")).to_have_count(0)

    context.set_offline(False)
    expect(status).to_contain_text("3 sets logged offline synced.")
    expect(row.locator(".sync-state.is-synced")).to_have_count(3)
    expect(row.locator(".set-row.is-queued")).to_have_count(0)
    assert _rows_in_database(wren) == EXPECTED
    # Coming back online again sends nothing twice.
    page.reload()
    expect(_exercise(page, ROW).locator(".set-row")).to_have_count(3)
    assert _rows_in_database(wren) == EXPECTED
    assert csp_violations == []


def test_two_tabs_share_the_queue_offline_and_the_sets_sync_once(
    page: Page, context: BrowserContext, live_server, csp_violations
):
    wren = _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    _ready_for_offline(page, live_server)
    other = context.new_page()
    other.set_viewport_size(PHONE)
    other.goto(live_server.url + "/today/")
    expect(other.locator("body[data-offline-ready]")).to_have_count(1)

    context.set_offline(True)
    first, second = _exercise(page, ROW), _exercise(other, ROW)
    _log_held(first, 1)
    _log_broke(first, 2)
    expect(_queued(first)).to_have_count(2)
    # The other tab shows them too, and offers set 3 at the lowered load.
    expect(_queued(second)).to_have_count(2)
    expect(second.locator("form.set-form").get_by_label("Load (kg)")).to_have_value("5")
    _log_held(second, 3)
    expect(_queued(first)).to_have_count(3)
    other.reload()
    expect(_queued(_exercise(other, ROW))).to_have_count(3)

    context.set_offline(False)
    for tab in (page, other):
        expect(_exercise(tab, ROW).locator(".sync-state.is-synced")).to_have_count(3)
        expect(_exercise(tab, ROW).locator(".set-row.is-queued")).to_have_count(0)
    assert _rows_in_database(wren) == EXPECTED
    assert csp_violations == []


def test_a_set_the_server_refuses_stays_in_view_with_what_happened(
    page: Page, context: BrowserContext, live_server
):
    wren = _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "wren@example.com")
    _ready_for_offline(page, live_server)
    context.set_offline(True)
    row = _exercise(page, ROW)
    _log_broke(row, 1)
    expect(_queued(row)).to_have_count(1)
    # Meanwhile, on another device, the plan was paused: today's session left the calendar.
    TrainingSession.objects.filter(trainee=wren, scheduled_on=wren.local_today()).delete()

    context.set_offline(False)

    told = (
        f"{ROW}, set 1 logged offline (8 reps at 6 kg, 1 form check missed) was not saved: "
        "This session or exercise is no longer in your plan"
    )
    expect(row.locator(".sync-problem")).to_contain_text(told)
    # The session is gone from today: what was typed is still told, at the top of the page,
    # until it is dismissed.
    page.reload()
    problem = page.locator(".sync-problem")
    expect(problem).to_contain_text(told)
    problem.get_by_role("button", name="Remove this notice").click()
    expect(page.locator(".sync-problem")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator(".sync-problem")).to_have_count(0)
    assert _rows_in_database(wren) == []


def _storage(page: Page) -> dict:
    return page.evaluate(
        """async () => ({
            caches: await caches.keys(),
            databases: (await indexedDB.databases()).map((db) => db.name),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
        })"""
    )


def test_signing_out_wipes_the_kept_pages_and_the_queue(
    page: Page, context: BrowserContext, live_server
):
    wren = _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    log_in(page, live_server, "wren@example.com")
    _ready_for_offline(page, live_server)
    context.set_offline(True)
    _log_broke(_exercise(page, ROW), 1)
    TrainingSession.objects.filter(trainee=wren, scheduled_on=wren.local_today()).delete()
    context.set_offline(False)
    expect(page.locator(".sync-problem")).to_have_count(1)
    before = _storage(page)
    assert any(name.startswith("innerback-pages-") for name in before["caches"])
    assert any(name.startswith("innerback-offline-") for name in before["databases"])

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()

    after = _storage(page)
    assert not any(name.startswith("innerback-pages-") for name in after["caches"]), after
    assert not any(name.startswith("innerback-offline-") for name in after["databases"]), after


def test_a_page_kept_for_one_person_is_never_shown_to_the_next(
    page: Page, context: BrowserContext, live_server
):
    _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    UserFactory(email="bea@example.com", display_name="Bea Baker")
    log_in(page, live_server, "wren@example.com")
    _ready_for_offline(page, live_server)
    # The session ends without a sign-out (it expired, or the cookie was cleared), and
    # someone else signs in on the same phone.
    context.clear_cookies()
    log_in(page, live_server, "bea@example.com")

    context.set_offline(True)
    page.goto(live_server.url + "/today/")

    expect(page.get_by_role("heading", name="You are offline", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Go to today")).to_have_attribute("href", "/today/")
    expect(page.get_by_text("Wren")).to_have_count(0)
    expect(page.locator("section.exercise-block")).to_have_count(0)


def test_a_page_never_opened_says_plainly_it_is_not_available_offline(
    page: Page, context: BrowserContext, live_server
):
    _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    log_in(page, live_server, "wren@example.com")
    _ready_for_offline(page, live_server)
    context.set_offline(True)

    page.goto(live_server.url + "/progress/")

    expect(page.get_by_role("heading", name="You are offline", level=1)).to_be_visible()
    page.get_by_role("link", name="Go to today").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def test_the_app_is_installable(browser_type, browser_type_launch_args, live_server, tmp_path):
    # A normal profile: Chromium never installs from incognito (scripts/installable.py).
    context = browser_type.launch_persistent_context(tmp_path, **browser_type_launch_args)
    try:
        errors, manifest = installability_errors(context, live_server.url + "/")
    finally:
        context.close()

    assert errors == []
    assert manifest["errors"] == [], manifest["errors"]
    assert manifest["url"].endswith("/manifest.webmanifest")


def test_a_day_without_training_keeps_the_next_session_for_offline_use(
    page: Page, context: BrowserContext, live_server
):
    wren = _trainee_with_session_today(qualifying_days_ago=(2, 4, 6))
    today = wren.local_today()
    session = TrainingSession.objects.get(trainee=wren, scheduled_on=today)
    session.scheduled_on = today + datetime.timedelta(days=1)
    session.save()
    log_in(page, live_server, "wren@example.com")
    _ready_for_offline(page, live_server)
    context.set_offline(True)

    page.goto(live_server.url + f"/sessions/{session.pk}/")

    expect(_exercise(page, ROW).locator("form.set-form")).to_have_count(1)
