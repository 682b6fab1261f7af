"""The browser journeys never go quietly untested in CI: there, a missing Chromium stops the
run with a usage error; on a developer's machine the journeys skip and say why."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JOURNEY = "tests/browser/test_accounts_journey.py"
MISSING = "/nonexistent/chromium"


def run_journeys(*, ci: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHROMIUM_PATH": MISSING, "CI": "true" if ci else ""}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", JOURNEY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


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
