#!/usr/bin/env python
"""`make audit`: Lighthouse (npm's, run with npx on Debian's Chromium) over the main pages as
their users meet them, scores written to docs/quality.md. Not run by CI: it takes minutes and
its performance score depends on the machine.

On a scratch SQLite database (the demo data from `seed_demo`, plus the demo coach's copy of
the 8-week starter program and a 52-week program of 468 exercises), gunicorn with the
production settings (DEBUG off) on 127.0.0.1, and Lighthouse's default mobile run: a
mid-range phone on a slow 4G connection, simulated. Each page is run `--runs` times and its
median scores kept. Targets (issue #27): performance ≥ 95 on every page, accessibility and
best practices 100, SEO ≥ 95 on the public pages. Then whether Chromium would install the
app (issue #29), asked of Chromium itself: Lighthouse 12 and later have no PWA category
(`scripts/installable.py`).

Run from anywhere: `python scripts/audit.py [--runs N] [--no-doc]`.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import HOST, ROOT, Checkout, fail, machine
from installable import installability_errors

LIGHTHOUSE = "lighthouse@13.5.0"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
DOC = ROOT / "docs" / "quality.md"
REPORTS = ROOT / "artifacts" / "lighthouse"
TRAINEE, COACH = "trainee@example.com", "coach@example.com"

# The demo coach's two programs for the builder, and the ids the page list needs.
SETUP_CODE = """
import json
from django.contrib.auth import get_user_model
from exercises.models import Exercise
from programs.authoring import builder
from programs.authoring.starter_program import STARTER_PROGRAM
from programs.models import Prescription, Program, ProgramDay, ProgramWeek, TrainingSession

User = get_user_model()
coach = User.objects.get(email=COACH)
trainee = User.objects.get(email=TRAINEE)
starter = Program.objects.get(slug=STARTER_PROGRAM["slug"])
eight = builder.duplicate_program(program=starter, owner=coach)
year = Program.objects.create(owner=coach, name="A year of control", description="52 weeks.")
exercises = list(Exercise.objects.order_by("name"))
weeks = ProgramWeek.objects.bulk_create(
    ProgramWeek(program=year, number=n, focus=f"Block {(n - 1) // 4 + 1}") for n in range(1, 53)
)
days = ProgramDay.objects.bulk_create(
    ProgramDay(week=week, position=p, title=f"Session {p}") for week in weeks for p in (1, 2, 3)
)
Prescription.objects.bulk_create(
    Prescription(
        day=day, position=p, exercise=exercise, sets=3, tempo=exercise.default_tempo,
        reps_min=None if exercise.is_hold else 8, reps_max=None if exercise.is_hold else 12,
        hold_s=10 if exercise.is_hold else None, rest_s=60,
    )
    for day in days
    for p, exercise in enumerate(exercises[day.position % 3 :][:3], start=1)
)
session = TrainingSession.objects.filter(trainee=trainee, sets__isnull=False).latest("scheduled_on")
print(json.dumps({
    "eight": eight.pk,
    "year": year.pk,
    "client": trainee.pk,
    "session": session.pk,
    "exercise": "bird-dog",
}))
"""


def pages(ids: dict) -> list[tuple[str, str | None, str]]:
    """(name, who, path): who is None for the public pages."""
    client = f"/coach/clients/{ids['client']}/"
    return [
        ("landing", None, "/"),
        ("sign up", None, "/accounts/signup/"),
        ("log in", None, "/accounts/login/"),
        ("password reset", None, "/accounts/password/reset/"),
        ("exercises", None, "/exercises/"),
        ("an exercise", None, f"/exercises/{ids['exercise']}/"),
        ("API reference", None, "/api/docs/"),
        ("dashboard", TRAINEE, "/"),
        ("this week", TRAINEE, "/plan/"),
        ("printable week", TRAINEE, "/plan/print/"),
        ("today", TRAINEE, "/today/"),
        ("a session", TRAINEE, f"/sessions/{ids['session']}/"),
        ("progress", TRAINEE, "/progress/"),
        ("programs", TRAINEE, "/programs/"),
        ("my programs", TRAINEE, "/programs/mine/"),
        ("plan settings", TRAINEE, "/plan/settings/"),
        ("account", TRAINEE, "/accounts/settings/"),
        ("delete account", TRAINEE, "/accounts/delete/"),
        ("change password", TRAINEE, "/accounts/password/"),
        ("roster", COACH, "/coach/"),
        ("inbox", COACH, "/coach/inbox/"),
        ("client", COACH, client),
        ("client progress", COACH, client + "progress/"),
        ("builder, 8 weeks", COACH, f"/programs/{ids['eight']}/edit/"),
        ("builder, 8 weeks at week 8", COACH, f"/programs/{ids['eight']}/edit/?week=8"),
        ("builder, 52 weeks", COACH, f"/programs/{ids['year']}/edit/"),
        ("builder, 52 weeks at week 52", COACH, f"/programs/{ids['year']}/edit/?week=52"),
    ]


def lighthouse(url: str, cookies: dict[str, str], report: Path) -> dict[str, int]:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    # Lighthouse now and then loses the trace of a load on a busy machine (NO_NAVSTART):
    # that run is tried again, twice at most.
    for attempt in range(3):
        run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
        if run.returncode == 0:
            break
        print(f"Lighthouse failed on {url} (attempt {attempt + 1} of 3)", flush=True)
    else:
        fail(f"Lighthouse failed three times on {url}.")
    found = json.loads(report.read_text())
    if found.get("runtimeError"):
        fail(f"Lighthouse could not load {url}: {found['runtimeError']}")
    if found["finalDisplayedUrl"].rstrip("/") != url.rstrip("/"):
        fail(f"{url} ended at {found['finalDisplayedUrl']}: not signed in?")
    scores = {name: round(found["categories"][name]["score"] * 100) for name in CATEGORIES}
    # Lighthouse's measure of the machine's speed at the time (a quiet desktop is ~1,500+);
    # its simulated phone is slowed from this, so a busy machine scores lower.
    scores["benchmark"] = round(found["environment"]["benchmarkIndex"])
    return scores


def misses(who: str | None, scores: dict[str, int]) -> list[str]:
    missed = []
    if scores["performance"] < 95:
        missed.append("performance")
    missed += [name for name in ("accessibility", "best-practices") if scores[name] < 100]
    if who is None and scores["seo"] < 95:
        missed.append("SEO")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page.")
    parser.add_argument("--no-doc", action="store_true", help="Leave docs/quality.md.")
    args = parser.parse_args()
    if not shutil.which("npx"):
        fail("npx not found: install npm (Lighthouse comes from npm).")
    if not Path(CHROME).exists():
        fail(f"No Chromium at {CHROME}: apt-get install chromium, or set CHROME_PATH.")

    work = Path(tempfile.mkdtemp(prefix="innerback-audit-"))
    checkout = Checkout(ROOT, f"sqlite:///{work / 'audit.sqlite3'}")
    print("Preparing a scratch database with the demo data…", flush=True)
    checkout.manage("migrate", "--noinput", "-v", "0")
    checkout.manage("seed_demo")
    checkout.manage("collectstatic", "--noinput", "-v", "0")
    code = SETUP_CODE.replace("COACH", repr(COACH)).replace("TRAINEE", repr(TRAINEE))
    ids = checkout.django_json(code)
    signed = checkout.sign_in([TRAINEE, COACH])
    REPORTS.mkdir(parents=True, exist_ok=True)
    before = machine()
    started = datetime.datetime.now(datetime.UTC)
    rows = []
    with checkout.server() as server:
        for number, (name, who, path) in enumerate(pages(ids), start=1):
            url = f"http://{HOST}:{server.port}{path}"
            cookies = signed[who]["cookies"] if who else {}
            runs = [
                lighthouse(url, cookies, REPORTS / f"{number:02d}-{run}.json")
                for run in range(args.runs)
            ]
            scores = {
                c: statistics.median_low([r[c] for r in runs]) for c in (*CATEGORIES, "benchmark")
            }
            missed = misses(who, scores)
            rows.append((name, who, path, scores, missed))
            print(
                f"{name:32} " + " ".join(f"{scores[c]:4d}" for c in (*CATEGORIES, "benchmark")),
                flush=True,
            )
        install = installable(f"http://{HOST}:{server.port}/", work / "profile")
        print(f"Installable: {install or 'yes'}", flush=True)
    after = machine()
    shutil.rmtree(work, ignore_errors=True)
    text = report(checkout, rows, args, before, after, started, install)
    print("\n" + text)
    if not args.no_doc:
        DOC.write_text(text)
        print(f"Wrote {DOC.relative_to(ROOT)}")


def installable(url: str, profile: Path) -> str:
    """Chromium's installability errors for the app at `url`, joined ("" when it would
    install), in a fresh normal profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROME, headless=True, args=CHROME_FLAGS.split()[1:]
        )
        try:
            errors, _ = installability_errors(context, url)
        finally:
            context.close()
    return ", ".join(error["errorId"] for error in errors)


def report(checkout, rows, args, before, after, started, install: str) -> str:
    who_names = {None: "anyone", TRAINEE: "trainee", COACH: "coach"}
    table = "\n".join(
        f"| {name} | {who_names[who]} | `{path}` | "
        + " | ".join(str(scores[c]) for c in (*CATEGORIES, "benchmark"))
        + f" | {'met' if not missed else '**not met**: ' + ', '.join(missed)} |"
        for name, who, path, scores, missed in rows
    )
    missing = [name for name, *_, missed in rows if missed]
    return f"""# Quality: Lighthouse scores (`make audit`)

Written by `scripts/audit.py` (not run by CI). Lighthouse {LIGHTHOUSE.split("@")[1]}, mobile
(its default: a mid-range phone on slow 4G, simulated), on Debian's Chromium; the median of
{args.runs} run{"s" if args.runs > 1 else ""} per page. gunicorn with the production
settings (DEBUG off) on 127.0.0.1, a SQLite database with the demo data (`seed_demo`) plus
the demo coach's copy of the 8-week starter program and a 52-week program of 468 exercises.
Code `{checkout.commit()}`, run {started:%Y-%m-%d %H:%M} UTC on {before["cpus"]} ×
{before["cpu"]}; load average before {before["load"]}, after {after["load"]}.

Targets (issue #27): performance ≥ 95 on every page, accessibility and best practices 100,
SEO ≥ 95 on the public pages (signed-in pages are kept out of search engines' reach by the
sign-in, so their SEO score is shown but not a target).

"Machine" is Lighthouse's benchmark index of the machine during the run (a quiet desktop is
about 1,500 or more): the simulated phone is slowed from it, so performance falls when the
machine is busy.

| page | as | path | performance | accessibility | best practices | SEO | machine | targets |
|---|---|---|---|---|---|---|---|---|
{table}

Pages missing a target: {", ".join(missing) or "none"}.

Axe-core and the Nu HTML checker run over every page in CI instead
(`tests/browser/test_every_page_checked.py`).

## Installable

Lighthouse 12 removed its PWA category, and with it the "installable" audit, so this asks
Chromium directly through the DevTools protocol (`Page.getInstallabilityErrors`, what
Chrome's own install prompt goes by) on the landing page, in a normal (not incognito)
profile once the service worker is ready (`scripts/installable.py`; CI runs the same check
in `tests/browser/test_offline_journey.py`).

Installability errors: {install or "none — Chromium would install innerback"}.
"""


if __name__ == "__main__":
    main()
