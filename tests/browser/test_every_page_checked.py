"""Every page of the site, found from the URL conf (`tests/url_sweep.py`), as a trainee, a coach
and someone signed out: no axe-core violation at all (WCAG 2 A and AA, WCAG 2.1 AA and axe's
best practices) in the light and the dark colour scheme on a 390 px phone and a 1280 px
desktop, and no error from the Nu HTML checker, save its complaints about htmx's `hx-*`
attributes. A page someone adds tomorrow is checked without anyone editing a list here.

The Nu checker reads the HTML each page was sent as (the same in every scheme and width),
all pages in one run: the JVM takes seconds to start.
"""

import datetime
import json
import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser

from tests.browser.conftest import AXE_JS
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramDayFactory,
    SetLogFactory,
    TrainingSessionFactory,
    log_holds,
)
from tests.url_sweep import World, html_pages

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMES = ("light", "dark")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# wcag22aa adds target-size, which Lighthouse counts in its accessibility score.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
# htmx's attributes are not HTML's; the checker says so for each one, and only that is let go.
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” (is )?not allowed")


def weeks_of_training(world: World) -> None:
    """Three weeks of the World trainee's training before today, so every chart, table and
    history on their pages (and their coach's) has something to show: a session every third
    day of holds and rows, one row with a failed form check, loads going up."""
    scope = world.scopes[world.trainee.pk]
    today = world.trainee.local_today()
    scope.enrolment.start_date = today - datetime.timedelta(days=21)
    scope.enrolment.save()
    for n in range(1, 7):
        day = ProgramDayFactory(week=scope.week, position=n + 1, title=f"Day {n + 1}")
        PrescriptionFactory(day=day, position=1, exercise=world.foundational, hold_s=10)
        row = PrescriptionFactory(
            day=day,
            position=2,
            exercise=world.resistance,
            reps_min=8,
            reps_max=12,
            hold_s=None,
            start_load_kg=Decimal("10"),
        )
        on = today - datetime.timedelta(days=3 * (7 - n))
        session = TrainingSessionFactory(
            enrolment=scope.enrolment,
            trainee=world.trainee,
            program_day=day,
            scheduled_on=on,
            completed_at=timezone.now() - datetime.timedelta(days=3 * (7 - n)),
        )
        log_holds(session, world.foundational, target=10, held=10, sets=2)
        for number in (1, 2):
            SetLogFactory(
                session=session,
                exercise=world.resistance,
                prescription=row,
                set_number=number,
                load=Decimal(10 + n),
                failed_checks=["Torso stayed still"] if (n, number) == (3, 2) else [],
            )


@pytest.fixture
def world(db):
    world = World()
    weeks_of_training(world)
    return world


def session_cookie(live_server, actor) -> list[dict]:
    if actor is None:
        return []
    client = Client()
    client.force_login(actor)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}]


def axe_violations(page) -> list[dict]:
    """Every axe-core violation on the page as it is now, whatever its impact. axe is put in
    each page by the context (`add_init_script`); only violations are gathered, which
    spares axe most of its work on a clean page."""
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "where": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def nu_errors(nu_checker: list[str], documents: dict[str, str]) -> dict[str, list[str]]:
    """The Nu HTML checker's errors in each document, hx-* attributes aside: one run over
    files (the checker reads a `file:` URL as an address to fetch, and finds nothing)."""
    with tempfile.TemporaryDirectory() as folder:
        files, names = [], {}
        for number, (where, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number}.html"
            path.write_text(html, encoding="utf-8")
            files.append(str(path))
            names[f"file:{path}"] = where  # as the checker names it in its messages
        run = subprocess.run(
            [*nu_checker, "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=600,
        )
    # 0: no errors, 1: errors, listed as JSON on stderr; anything else is the checker failing.
    assert run.returncode in {0, 1}, run.stderr[-2000:]
    errors: dict[str, list[str]] = {}
    for message in json.loads(run.stderr)["messages"]:
        if message["type"] == "error" and not HTMX_ATTRIBUTE.match(message["message"]):
            where = names.get(message.get("url", ""), message.get("url", "the checker"))
            line = message.get("lastLine", "?")
            errors.setdefault(where, []).append(f"line {line}: {message['message']}")
    return errors


def test_every_page_passes_axe_and_the_nu_html_checker(
    browser: Browser, live_server, world, nu_checker
):
    actors = {"trainee": world.trainee, "coach": world.coach, "signed out": None}
    pages = {who: html_pages(world, actor) for who, actor in actors.items()}
    documents: dict[str, str] = {}
    violations: dict[str, list[dict]] = {}
    for who, actor in actors.items():
        cookies = session_cookie(live_server, actor)
        for scheme in SCHEMES:
            for size, viewport in VIEWPORTS.items():
                context = browser.new_context(
                    bypass_csp=True, color_scheme=scheme, viewport=viewport
                )
                context.add_cookies(cookies)
                context.add_init_script(path=str(AXE_JS))
                page = context.new_page()
                for path in pages[who]:
                    response = page.goto(live_server.url + path)
                    assert response is not None and response.ok, (who, path, response.status)
                    documents.setdefault(f"{who} {path}", response.text())
                    found = axe_violations(page)
                    if found:
                        violations[f"{who} {path} ({scheme}, {size})"] = found
                context.close()

    print(f"Checked {sum(map(len, pages.values()))} pages, {len(documents)} documents")
    assert len(pages["trainee"]) > 20 and len(pages["coach"]) > 20, pages
    assert {"/", "/accounts/login/", "/exercises/", "/api/docs/"} <= set(pages["signed out"])
    assert violations == {}, json.dumps(violations, indent=1)
    assert nu_errors(nu_checker, documents) == {}


def test_the_checks_find_what_they_look_for(browser: Browser, nu_checker):
    """The sweep above can fail: axe finds an unlabelled field and low contrast, and the Nu
    checker a misplaced element while it lets htmx's attributes go."""
    html = (
        '<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>'
        '<h1 hx-get="/x">Bad</h1><input type="text"><p style="color:#bbb">faint</p>'
        "<figure><svg></svg><figcaption>c</figcaption><details><summary>s</summary>"
        "</details></figure></main></body></html>"
    )
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_content(html)
    found = {v["id"] for v in axe_violations(page)}
    context.close()

    assert {"label", "color-contrast"} <= found
    errors = nu_errors(nu_checker, {"bad": html})
    assert list(errors) == ["bad"]
    assert len(errors["bad"]) == 1 and "“details” not allowed" in errors["bad"][0]
