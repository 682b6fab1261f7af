#!/usr/bin/env python
"""`make loadtest`: 50 trainees log sets at once for 60 seconds, and none is lost or doubled.

With wrk (Debian's package; installed with apt-get when missing and running as root) against
gunicorn (production settings, 2 sync workers) on 127.0.0.1, using the benchmark database
that `make bench` builds:

1. Fifty load-test trainees start the starter program again today, training every day, so
   each has fresh sessions whose every unlocked set is free to log.
2. Each signs in (a session cookie and a CSRF token each); every set they may log becomes
   one htmx POST with its own client token, and every 25th POST repeats the one before it,
   token and all, as a double-tapped submit would.
3. wrk runs one thread and one connection per trainee for `--seconds`: each trainee posts
   their sets one after another, as fast as the server answers.
4. Then the database is checked against what wrk saw: every POST answered "logged" has
   exactly one row, no token has two, and no row exists that was not asked for (the only
   unanswered POSTs are the one per trainee still in flight when time ran out).

Throughput and latency go to docs/benchmarks.md. Standard library only (plus wrk).
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from uuid6 import uuid7

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (
    ROOT,
    Client,
    django_json,
    ensure_database,
    fail,
    gunicorn,
    machine,
    replace_section,
)

TRAINEES = range(1001, 1051)  # 50 load-test trainees, none of them the bench's
DUPLICATE_EVERY = 25

PREPARE = """
import json
from django.utils import timezone
from innerback.accounts.models import User
from programs import engine
from programs.planning import calendar
from scripts.loadgen.seed import LOAD_PASSWORD, STARTER_SLUG, trainee_email
from programs.models import Program

numbers = NUMBERS
starter = Program.objects.get(slug=STARTER_SLUG)
started = timezone.now()
trainees = []
for number in numbers:
    trainee = User.objects.get(email=trainee_email(number))
    today = trainee.local_today()
    enrolment = calendar.enrol(
        trainee=trainee, program=starter, start_date=today, training_days=list(range(7))
    )
    sessions = list(enrolment.sessions.order_by("scheduled_on"))
    state = engine.trainee_state(trainee, today)
    items = engine.planned_items(trainee=trainee, sessions=sessions, state=state)
    slots = []
    for session in sessions:
        for item in items[session.pk]:
            if item.locked:
                continue
            exercise = item.exercise
            fields = {"eccentric_s": item.eccentric_s, "checks": exercise.form_check_list}
            if exercise.is_hold:
                fields["hold_s"] = item.hold_s
            else:
                fields["reps"] = item.reps_goal or item.reps_min
            if exercise.is_resistance:
                fields["load"] = str(item.load if item.load is not None else 0)
            for number in range(1, item.sets + 1):
                slots.append({
                    "path": f"/sessions/{session.pk}/items/{item.prescription.pk}/sets/",
                    "data": {**fields, "set_number": number},
                })
    trainees.append({"id": trainee.pk, "email": trainee.email, "slots": slots})
print(json.dumps({"password": LOAD_PASSWORD, "started": started.isoformat(), "trainees": trainees}))
"""

ROWS = """
import json
from datetime import datetime
from programs.models import SetLog

ids, started = IDS, datetime.fromisoformat(STARTED)
rows = {}
for trainee_id, token in SetLog.objects.filter(
    trainee_id__in=ids, created_at__gte=started
).values_list("trainee_id", "client_token"):
    rows.setdefault(str(trainee_id), []).append(str(token))
print(json.dumps(rows))
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        fail("wrk is not installed: run `sudo apt-get install -y wrk`, then try again.")
    print("Installing wrk from Debian's packages…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk") or fail("apt-get installed wrk but it is not on PATH.")


def plan_requests(prepared: dict, clients: list[Client]) -> tuple[list[str], list[list[str]]]:
    """The input lines for wrk and, per thread, the client token of each request in order."""
    lines: list[str] = []
    tokens: list[list[str]] = []
    for thread, (trainee, client) in enumerate(zip(prepared["trainees"], clients, strict=True), 1):
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        csrf = client.cookies["csrftoken"]
        mine: list[str] = []
        for number, slot in enumerate(trainee["slots"], 1):
            token = str(uuid7())  # as the app makes a form's token
            body = urllib.parse.urlencode({**slot["data"], "client_token": token}, doseq=True)
            # Every DUPLICATE_EVERY-th set is sent twice in a row, as a double tap would.
            for _ in range(2 if number % DUPLICATE_EVERY == 0 else 1):
                lines.append(f"{thread}\t{slot['path']}\t{cookie}\t{csrf}\t{body}")
                mine.append(token)
        tokens.append(mine)
    return lines, tokens


def parse_results(path: Path) -> dict:
    results: dict = {"threads": {}}
    for line in path.read_text().splitlines():
        parts = line.split("\t")
        if parts[0] == "thread":
            results["threads"][int(parts[1])] = (int(parts[2]), parts[3] if len(parts) > 3 else "")
        elif parts[0] == "errors":
            names = ("connect", "read", "write", "status", "timeout")
            results["errors"] = dict(zip(names, map(int, parts[1:]), strict=True))
        else:
            results[parts[0]] = int(parts[1])
    return results


def verify(prepared: dict, tokens: list[list[str]], results: dict, rows: dict) -> dict:
    """Compare what wrk saw with the rows in the database, trainee by trainee."""
    report = {
        "logged": 0,
        "other": 0,
        "filler": 0,
        "in_flight": 0,
        "in_flight_rows": 0,
        "problems": [],
    }
    for thread, trainee in enumerate(prepared["trainees"], 1):
        issued, statuses = results["threads"][thread]
        sent = tokens[thread - 1]
        posts = min(issued, len(sent))
        answered = statuses[: len(sent)]
        report["logged"] += answered.count("o")
        report["other"] += answered.count("x")
        report["filler"] += statuses.count("h")
        logged = {sent[i] for i, s in enumerate(answered) if s == "o"}
        unanswered = set(sent[len(answered) : posts])
        report["in_flight"] += len(unanswered)
        found = rows.get(str(trainee["id"]), [])
        report["in_flight_rows"] += len(unanswered & set(found))
        who = trainee["email"]
        if len(found) != len(set(found)):
            report["problems"].append(f"{who}: a client token has more than one row")
        if lost := logged - set(found):
            report["problems"].append(f"{who}: {len(lost)} answered 'logged' but has no row")
        if stray := set(found) - logged - unanswered:
            report["problems"].append(f"{who}: {len(stray)} rows nobody asked for")
        if len(statuses) < posts - 1:
            report["problems"].append(f"{who}: more than one request unanswered")
    report["rows"] = sum(len(found) for found in rows.values())
    report["distinct_posts"] = sum(
        len(
            {
                sent[i]
                for i, status in enumerate(results["threads"][t][1][: len(sent)])
                if status == "o"
            }
        )
        for t, sent in enumerate(tokens, 1)
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    wrk = ensure_wrk()
    version = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout
    print("Preparing the benchmark database (built once, reused after)…", flush=True)
    ensure_database()
    prepared = django_json(PREPARE.replace("NUMBERS", repr(list(TRAINEES))))
    slots = [len(t["slots"]) for t in prepared["trainees"]]
    print(
        f"{len(slots)} trainees re-enrolled; {min(slots)}–{max(slots)} free sets each", flush=True
    )
    before = machine()
    started = datetime.datetime.now(datetime.UTC)
    work = Path(tempfile.mkdtemp(prefix="innerback-loadtest-"))
    with gunicorn(workers=2, server_timing=False) as server:
        clients = [
            Client(server.port).login(t["email"], prepared["password"])
            for t in prepared["trainees"]
        ]
        lines, tokens = plan_requests(prepared, clients)
        (work / "requests.tsv").write_text("\n".join(lines) + "\n")
        command = [
            wrk,
            f"--threads={len(clients)}",
            f"--connections={len(clients)}",
            f"--duration={args.seconds}s",
            "--timeout=10s",
            f"--script={ROOT / 'scripts' / 'loadtest.lua'}",
            f"http://127.0.0.1:{server.port}",
            "--",
            str(work / "requests.tsv"),
        ]
        print(" ".join(command), flush=True)
        env = {**os.environ, "LOADTEST_RESULTS": str(work / "results.tsv")}
        wrk_output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        print(wrk_output.stdout)
        time.sleep(2)  # let the requests still in flight when wrk stopped finish
    results = parse_results(work / "results.tsv")
    code = ROWS.replace("IDS", repr([t["id"] for t in prepared["trainees"]]))
    rows = django_json(code.replace("STARTED", repr(prepared["started"])))
    report = verify(prepared, tokens, results, rows)
    after = machine()
    write_doc(args, version.strip(), results, report, before, after, started, slots)
    if report["problems"] or report["other"] or any(results["errors"].values()):
        fail("Load test FAILED:\n  " + "\n  ".join(report["problems"] or ["errors, see above"]))
    print("Load test passed: no errors, no lost or duplicated sets.")


def write_doc(args, version, results, report, before, after, started, slots) -> None:
    seconds = results["duration_us"] / 1e6
    in_flight = f"{report['in_flight']} / {report['in_flight_rows']}"
    # "wrk debian/4.1.0-3+b2 [epoll] Copyright …" → "debian/4.1.0-3+b2"
    wrk_version = version.split()[1] if len(version.split()) > 1 else "?"
    posts = report["logged"] + report["other"]
    errors = ", ".join(f"{k} {v}" for k, v in results["errors"].items())
    ok = not report["problems"] and not report["other"] and not any(results["errors"].values())
    problems = "\n".join(f"  - {p}" for p in report["problems"]) or "  - none"
    percentiles = " / ".join(f"{results[f'latency_p{p}_us'] / 1000:.0f}" for p in (50, 90, 95, 99))
    text = f"""## Load test (`make loadtest`)

Run {started:%Y-%m-%d %H:%M} UTC on {before["cpus"]} × {before["cpu"]}, {before["ram"]} RAM;
load average before: {before["load"]}, after: {after["load"]}.
wrk {wrk_version} (Debian package) against gunicorn, 2 sync
workers, DEBUG off, on 127.0.0.1, PostgreSQL `innerback_bench` (the `make bench` dataset).

50 trainees (trainee01001 … trainee01050, each with two years of history), one wrk thread
and one connection each, logging sets with htmx POSTs back to back (no think time) for
{args.seconds} s. Each POST has its own client token; every {DUPLICATE_EVERY}th repeats the one
before it (a double tap). Free sets per trainee: {min(slots)}–{max(slots)}.

| measure | value |
|---|---|
| POSTs answered | {posts:,} ({posts / seconds:.1f} per second) |
| answered "logged" (200 + `setLogged`) | {report["logged"]:,} |
| answered otherwise | {report["other"]:,} |
| latency p50 / p90 / p95 / p99 | {percentiles} ms |
| latency max | {results["latency_max_us"] / 1000:.0f} ms |
| wrk socket errors and non-2xx/3xx | {errors} |
| distinct client tokens answered "logged" | {report["distinct_posts"]:,} |
| rows created | {report["rows"]:,} |
| POSTs in flight at the deadline / of them saved | {in_flight} |
| /healthz fillers (a trainee out of sets) | {report["filler"]} |

Verdict: **{"passed" if ok else "FAILED"}**; lost or duplicated sets:
{problems}

Checked against the database afterwards: every POST answered "logged" has exactly one row,
no client token has two rows (double taps included), and the only rows beyond the answered
ones belong to POSTs still in flight when wrk stopped (the server finished them; wrk had
closed the connection).
With 50 clients and no think time the server is saturated by design: latency here is mostly
queueing for the 2 workers (Little's law: 50 clients ÷ throughput).

Reproduce: `make loadtest` (= `.venv/bin/python scripts/loadtest.py --seconds 60`; it installs
wrk with `apt-get install -y wrk` when missing and run as root, and builds the benchmark
database first if `make bench` has not).
"""
    replace_section("loadtest", text)
    print("Wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
