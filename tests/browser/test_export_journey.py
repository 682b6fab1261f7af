import csv
import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from playwright.sync_api import Page, expect

from tests.exercises.factories import ExerciseFactory
from tests.innerback.accounts.factories import PASSWORD, CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import EnrolmentFactory, SetLogFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def collected_static_is_served():
    # With DEBUG off, pages link to hashed static names that live_server's StaticFilesHandler
    # answers with 404; passing /static/ through lets WhiteNoise serve the collected files.
    with mock.patch.object(StaticFilesHandler, "_should_handle", lambda self, path: False):
        yield


@pytest.fixture
def wren(transactional_db):
    """A trainee with three logged sets over two weeks, one of them with a tricky note."""
    person = UserFactory(email="wren@example.com", display_name="Wren Walker")
    enrolment = EnrolmentFactory(trainee=person, program__name="Deep Back Basics")
    reach = ExerciseFactory(name="Journey reach", slug="journey-reach")
    row = ExerciseFactory(name="Journey row", slug="journey-row", resistance=True)
    first = TrainingSessionFactory(
        enrolment=enrolment,
        program_day__week__number=1,
        scheduled_on=datetime.date(2026, 1, 5),
    )
    second = TrainingSessionFactory(
        enrolment=enrolment,
        program_day__week__number=2,
        scheduled_on=datetime.date(2026, 1, 12),
    )
    SetLogFactory(session=first, exercise=reach, set_number=1, note='=steady, "slow"\nback')
    SetLogFactory(session=first, exercise=reach, set_number=2)
    SetLogFactory(
        session=second,
        exercise=row,
        set_number=1,
        load=Decimal("8"),
        failed_checks=["Torso stayed still"],
    )
    return person


def log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def read_csv(download) -> list[dict[str, str]]:
    with open(download.path(), encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_a_trainee_downloads_their_logs_as_csv_from_the_account_page(
    page: Page, live_server, wren, csp_violations, screenshot, check_a11y
):
    log_in(page, live_server, "wren@example.com")
    page.get_by_role("link", name="Account").click()
    export = page.locator("section", has=page.get_by_role("heading", name="Export your logs"))
    screenshot("account-export")

    with page.expect_download() as download_info:
        export.get_by_role("button", name="Download CSV").click()
    download = download_info.value

    assert download.suggested_filename == "innerback-wren-walker-2026-01-05-to-2026-01-12.csv"
    rows = read_csv(download)
    assert [(row["date"], row["exercise"], row["set"]) for row in rows] == [
        ("2026-01-05", "Journey reach", "1"),
        ("2026-01-05", "Journey reach", "2"),
        ("2026-01-12", "Journey row", "1"),
    ]
    assert rows[0]["note"] == '\'=steady, "slow"\nback'
    assert (rows[2]["load"], rows[2]["form_ok"], rows[2]["form_failed_checks"]) == (
        "8",
        "false",
        "Torso stayed still",
    )
    assert csp_violations == []
    check_a11y("/accounts/settings/", storage_state=page.context.storage_state())


def test_a_trainee_picks_a_date_range_and_a_reversed_one_is_explained_beside_the_field(
    page: Page, live_server, wren, screenshot
):
    log_in(page, live_server, "wren@example.com")
    page.goto(live_server.url + "/accounts/settings/")

    page.get_by_label("From", exact=True).fill("2026-01-10")
    page.get_by_label("To", exact=True).fill("2026-01-31")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value

    assert download.suggested_filename == "innerback-wren-walker-2026-01-10-to-2026-01-31.csv"
    assert [row["exercise"] for row in read_csv(download)] == ["Journey row"]

    page.get_by_label("From", exact=True).fill("2026-02-01")
    page.get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Download CSV").click()

    expect(page.locator("#id_to_errors")).to_have_text("The end date is before the start date.")
    expect(page.get_by_label("From", exact=True)).to_have_value("2026-02-01")
    expect(page.get_by_label("To", exact=True)).to_have_value("2026-01-01")
    screenshot("export-bad-range")

    page.get_by_label("To", exact=True).fill("2026-02-28")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    assert read_csv(download_info.value) == []


def test_a_coach_downloads_all_clients_logs_and_one_clients_logs(
    page: Page, live_server, wren, csp_violations
):
    cora = CoachFactory(email="cora@example.com", display_name="Cora Coach")
    CoachingFactory(coach=cora, client=wren)
    ash = UserFactory(email="ash@example.com", display_name="Ash Other")
    CoachingFactory(coach=cora, client=ash)
    SetLogFactory(
        session=TrainingSessionFactory(
            enrolment=EnrolmentFactory(trainee=ash), scheduled_on=datetime.date(2026, 1, 7)
        ),
        exercise=ExerciseFactory(name="Journey tilt", slug="journey-tilt"),
        set_number=1,
    )
    # A stranger's sets stay out of Cora's files.
    SetLogFactory(session__enrolment__trainee=UserFactory(display_name="Sam Stranger"))
    log_in(page, live_server, "cora@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").click()
    export = page.locator("section", has=page.get_by_role("heading", name="Export"))

    with page.expect_download() as download_info:
        export.get_by_role("button", name="Download all clients' logs").click()
    download = download_info.value

    assert (
        download.suggested_filename == "innerback-cora-coach-clients-2026-01-05-to-2026-01-12.csv"
    )
    rows = read_csv(download)
    assert sorted((row["date"], row["trainee"], row["exercise"]) for row in rows) == [
        ("2026-01-05", "Wren Walker", "Journey reach"),
        ("2026-01-05", "Wren Walker", "Journey reach"),
        ("2026-01-07", "Ash Other", "Journey tilt"),
        ("2026-01-12", "Wren Walker", "Journey row"),
    ]

    page.get_by_role("link", name="Wren Walker").click()
    expect(page.get_by_role("heading", name="Wren Walker", level=1)).to_be_visible()
    client_export = page.locator(
        "section", has=page.get_by_role("heading", name="Export", exact=True)
    )
    with page.expect_download() as download_info:
        client_export.get_by_role("button", name="Download CSV").click()
    download = download_info.value

    assert download.suggested_filename == "innerback-wren-walker-2026-01-05-to-2026-01-12.csv"
    rows = read_csv(download)
    assert {row["trainee"] for row in rows} == {"Wren Walker"}
    assert [(row["date"], row["exercise"], row["set"]) for row in rows] == [
        ("2026-01-05", "Journey reach", "1"),
        ("2026-01-05", "Journey reach", "2"),
        ("2026-01-12", "Journey row", "1"),
    ]
    with open(download.path(), encoding="utf-8") as file:
        assert file.readline().rstrip("\r\n") == (
            "date,trainee,program,week,day,exercise,exercise_kind,set,reps,hold_s,load,unit,"
            "tempo,eccentric_s,form_ok,form_failed_checks,effort_rpe,note,pain"
        )
    assert csp_violations == []
