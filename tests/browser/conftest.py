"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live_server.

Outside CI a machine without Chromium (or npm's axe-core) skips these tests with a reason;
in CI (CI=true) a missing browser fails the run instead, so the journeys can never go quietly
untested.
"""

import json
import os
import shutil
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A busy 2-core CI machine can take longer than Playwright's 5 s default to answer; a
# journey that is really broken still fails, just later.
expect.set_options(timeout=15_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing() -> list[str]:
    missing = []
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE_JS.exists():
        missing.append("axe-core (npm ci)")
    return missing


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    missing = _missing()
    if not browser_items or not missing:
        return
    if IN_CI:
        raise pytest.UsageError("Browser tests cannot run in CI; missing: " + ", ".join(missing))
    skip = pytest.mark.skip(reason="browser tests need " + ", ".join(missing))
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def collected_static_is_served():
    # With DEBUG off, pages link to hashed static names, which live_server's
    # StaticFilesHandler looks up through the finders by source name and answers with 404:
    # no CSS, no htmx. Passing /static/ through lets WhiteNoise serve the collected files.
    with mock.patch.object(StaticFilesHandler, "_should_handle", lambda self, path: False):
        yield


@pytest.fixture(autouse=True)
def shipped_data(request):
    """The catalog and starter program that migrations load. Transactional tests empty the
    tables after each test, so each browser test puts the shipped rows back first."""
    if "live_server" not in request.fixturenames:
        return
    from exercises.catalog import load_catalog
    from programs.authoring.starter import load_starter_program

    request.getfixturevalue("transactional_db")
    load_catalog()
    load_starter_program()


@pytest.fixture
def nu_checker() -> list[str]:
    """The command that runs the Nu HTML checker (npm's vnu-jar on the system's Java).
    Without either, the test that needs it is skipped with the reason, and fails in CI."""
    java = shutil.which("java")
    missing = [
        what
        for what, there in [
            ("Java (apt-get install default-jre-headless)", java),
            ("vnu-jar (npm ci)", VNU_JAR.exists()),
        ]
        if not there
    ]
    if missing:
        reason = "the Nu HTML checker needs " + ", ".join(missing)
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def csp_violations(page):
    """Console errors that report a Content-Security-Policy violation on any page."""
    violations: list[str] = []

    def record(message) -> None:
        text = message.text
        if message.type == "error" and "Content Security Policy" in text:
            violations.append(text)

    page.on("console", record)
    return violations


def serious_axe_violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now, each with the
    first few elements it found them on. The page's context must bypass CSP (axe is
    injected as a script)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": len(v["nodes"]),
            "where": [node["target"] for node in v["nodes"][:3]],
        }
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def check_a11y(browser, live_server):
    """Scan a URL with axe-core in its own CSP-bypassing context, in the light or dark
    colour scheme; fail on serious issues."""

    def run(path: str, storage_state=None, color_scheme: str = "light") -> None:
        context = browser.new_context(
            bypass_csp=True, storage_state=storage_state, color_scheme=color_scheme
        )
        try:
            page = context.new_page()
            page.goto(live_server.url + path)
            serious = serious_axe_violations(page)
            assert not serious, f"{path} ({color_scheme}): " + json.dumps(serious, indent=1)
        finally:
            context.close()

    return run


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot into artifacts/screenshots for CI to keep; with
    `full_page=False`, just what the screen shows."""

    def take(name: str, target=None, *, full_page: bool = True) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (target or page).screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return take
