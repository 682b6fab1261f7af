import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_signs_up_sees_the_dashboard_and_logs_out(
    page: Page, live_server, csp_violations, screenshot
):
    page.goto(live_server.url + "/")
    screenshot("landing")
    page.get_by_role("link", name="Start training").click()

    page.get_by_label("Email").fill("walker@example.com")
    page.get_by_label("Your name").fill("Wren Walker")
    page.get_by_label("Password", exact=True).fill("neutral-spine-2026")
    page.get_by_label("Password again").fill("neutral-spine-2026")
    screenshot("signup")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Hello, Wren Walker")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()
    assert csp_violations == []


def test_sign_up_with_mismatched_passwords_shows_the_error_beside_the_field(
    page: Page, live_server
):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("walker@example.com")
    page.get_by_label("Your name").fill("Wren Walker")
    page.get_by_label("Password", exact=True).fill("neutral-spine-2026")
    page.get_by_label("Password again").fill("neutral-spine-2027")
    page.get_by_role("button", name="Create account").click()

    expect(page.locator("#id_password2_errors")).to_contain_text("do not match")
    expect(page.get_by_label("Your name")).to_have_value("Wren Walker")


def test_landing_and_signup_pass_axe(check_a11y):
    check_a11y("/")
    check_a11y("/accounts/signup/")
    check_a11y("/accounts/login/")
