"""The browser journeys never go quietly untested in CI: there, a missing Chromium stops the
run with a usage error; on a developer's machine the journeys skip and say why."""

import subprocess

import pytest

from tests.pytest_in_a_subprocess import run_pytest

JOURNEY = "tests/browser/test_accounts_journey.py"
MISSING = "/nonexistent/chromium"


def run_journeys(*, ci: bool) -> subprocess.CompletedProcess:
    return run_pytest(JOURNEY, ci=ci, CHROMIUM_PATH=MISSING)


def test_in_ci_a_missing_browser_fails_the_run_instead_of_skipping():
    result = run_journeys(ci=True)

    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert f"Browser tests cannot run in CI; missing: Chromium at {MISSING}" in result.stderr
    assert "skipped" not in result.stdout


def test_outside_ci_a_missing_browser_skips_the_journeys_and_says_why():
    result = run_journeys(ci=False)

    assert result.returncode == pytest.ExitCode.OK, result.stdout + result.stderr
    assert f"browser tests need Chromium at {MISSING}" in result.stdout
    assert " passed" not in result.stdout
