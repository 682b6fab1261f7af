"""Importing a Strong export in a browser: upload, check the preview and change a match,
import, see it in the CSV, undo. Then an API token made and revoked. No CSP violation, no
serious accessibility finding, light and dark."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from programs.imports.models import ImportedSet
from tests.innerback.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

STRONG = Path(__file__).parent.parent / "programs" / "imports" / "fixtures" / "strong.csv"


def log_in(page: Page, live_server, email: str) -> None:
    from tests.innerback.accounts.factories import PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_strong_export_is_previewed_imported_and_undone(
    page: Page, live_server, csp_violations, check_a11y, screenshot
):
    person = UserFactory(email="ida@example.com", display_name="Ida Import")
    log_in(page, live_server, person.email)

    page.goto(live_server.url + "/accounts/settings/")
    page.get_by_role("link", name="Import a CSV file").click()
    page.get_by_label("CSV file").set_input_files(STRONG)
    page.get_by_role("button", name="Read the file").click()

    expect(page.get_by_role("heading", name="What this Strong file holds")).to_be_visible()
    bird_dog = page.get_by_label("Bird Dog (1 set)")
    expect(bird_dog).to_have_value(
        bird_dog.locator("option", has_text="Bird-dog").get_attribute("value")
    )
    page.get_by_label("Bent Over Row (Dumbbell) (2 sets)").select_option(
        label="Standing bent-over dumbbell row"
    )
    screenshot("import-preview-phone")
    for scheme in ("light", "dark"):
        check_a11y(page.url.removeprefix(live_server.url), page.context.storage_state(), scheme)
    page.get_by_role("button", name="Import 5 sets").click()

    expect(page.get_by_text("Imported 5 sets.")).to_be_visible()
    assert (
        ImportedSet.objects.filter(trainee=person, exercise__slug="standing-dumbbell-row").count()
        == 2
    )
    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_text("Import undone: 5 sets removed.")).to_be_visible()
    assert not ImportedSet.objects.exists()

    page.goto(live_server.url + "/accounts/api-tokens/")
    page.get_by_label("What the token is for").fill("Sheets")
    page.get_by_label("read and write").check()
    page.get_by_role("button", name="Make the token").click()
    secret = page.get_by_label("Token “Sheets” (read and write)").input_value()
    assert secret.startswith("ib_")
    page.get_by_role("button", name="Revoke Sheets").click()
    expect(page.get_by_text("You have no tokens.")).to_be_visible()

    assert csp_violations == []
