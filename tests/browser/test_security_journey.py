"""In a real browser, with attack strings in every field a person types: every page a trainee
or a coach can open loads without a Content-Security-Policy violation and without a script
dialog; repeated wrong passwords end on the lockout page."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.innerback.accounts.factories import PASSWORD, UserFactory
from tests.innerback.accounts.test_security import attack
from tests.url_sweep import World, html_pages

pytestmark = pytest.mark.django_db(transaction=True)


def watch(page: Page) -> tuple[list[str], list[str]]:
    """Collect CSP violations from the console and any dialog a script tries to open."""
    violations: list[str] = []
    dialogs: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    def on_dialog(dialog) -> None:
        dialogs.append(f"{page.url}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("dialog", on_dialog)
    return violations, dialogs


def log_in(page: Page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("who", ["trainee", "coach"])
def test_every_page_loads_without_csp_violations_or_dialogs(
    browser: Browser, live_server, screenshot, who
):
    world = World(texts=attack)
    actor = {"trainee": world.trainee, "coach": world.coach}[who]
    pages = html_pages(world, actor)
    context = browser.new_context()
    page = context.new_page()
    violations, dialogs = watch(page)
    log_in(page, live_server, actor.email)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    for path in pages:
        page.goto(live_server.url + path)
        # Let htmx finish starting up (it would add its indicator style then).
        page.wait_for_load_state("networkidle")
    screenshot(f"security-{who}-last-page", page)
    context.close()

    assert len(pages) > 15, pages
    assert "/" in pages and "/accounts/settings/" in pages
    assert violations == []
    assert dialogs == []


def test_repeated_wrong_passwords_end_on_the_lockout_page(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    person = UserFactory(email="locked@example.com")
    for attempt in range(5):
        log_in(page, live_server, person.email, password=f"guess-{attempt}")
    expect(page.get_by_role("heading", name="Logging in is paused")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("paused for 15 minutes")
    screenshot("login-locked-out")

    # The right password does not get through while the pause lasts.
    log_in(page, live_server, person.email)
    expect(page.get_by_role("heading", name="Logging in is paused")).to_be_visible()
    assert csp_violations == []


def test_a_trainee_downloads_their_data_and_deletes_their_account(
    page: Page, live_server, csp_violations, screenshot, check_a11y
):
    person = UserFactory(email="leaving@example.com", display_name="Lee Leaving")
    log_in(page, live_server, person.email)
    page.get_by_role("link", name="Account").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download all my data").click()
    assert download.value.suggested_filename.startswith("innerback-data-")

    page.get_by_role("link", name="Delete my account").click()
    state = page.context.storage_state()
    check_a11y("/accounts/delete/", storage_state=state)
    check_a11y("/accounts/delete/", storage_state=state, color_scheme="dark")
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.locator("#id_password_errors")).to_contain_text("Nothing was deleted")
    screenshot("delete-account")

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_text("Your account and everything in it are deleted")).to_be_visible()
    assert csp_violations == []
