#!/usr/bin/env python
"""`make loadtest`: 200 distinct trainees train at once for 60 s; no set is lost or doubled.

Against a scratch copy of the checkout's benchmark database (dropped afterwards), gunicorn
with 2 sync workers and the production settings on 127.0.0.1. Each visit is what the
session page makes a browser do: open /today/, log 3 or 4 sets with htmx (each POST carries
the client token its form came with; the answer's next form is the next set; after each
set, the status box's `hx-get` that `setLogged` triggers), then open /plan/. One POST in
ten is a double tap: the same form sent twice at once. `--users` threads take the 200
trainees in turn with no think time, so the server is saturated by design; after every
trainee has had a visit, the next visits go round again until `--seconds` are up (no new
request starts after that; the ones under way finish); if some trainee has had no visit by
then, the run goes on until each has (at most 3 × `--seconds`).

Then the database is checked: every token answered "logged" has exactly one row, and no
other row was made for these trainees. Worker RSS is read after every trainee's first
visit and at the end.

With `--baseline DIR` (another checkout, say the previous release) the same mix runs
against that code and its own database too, alternating, and the ratio of throughputs is
reported. Python threads rather than wrk: each visit follows the HTML it gets (forms,
tokens, the next set) as a browser does, which wrk's Lua cannot do without a parser.
"""

import argparse
import datetime
import os
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (
    DEFAULT_DATABASE_URL,
    POSTGRES,
    ROOT,
    Checkout,
    Client,
    SetForms,
    create_database,
    database_name,
    drop_database,
    fail,
    htmx_headers,
    machine,
    median,
    percentile,
    replace_section,
    with_database,
)

DOUBLE_TAP_EVERY = 10
RSS_TARGET_MB = 90
THROUGHPUT_GOAL = 1.3
HEADER = (
    "| code | seconds | requests/s | sets/s | server CPU ms/request "
    "| first pass: s, requests/s, CPU ms/request | p50 / p95 / p99 ms | errors "
    "| lost / duplicated / stray sets | worker RSS MB after all served | at the end "
    f"| trainees served / visits | targets (0 lost, RSS ≤ {RSS_TARGET_MB} MB) |\n"
    + "|---" * 13
    + "|"
)

TRAINEES = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from programs.models import SetLog, TrainingSession

today = timezone.localdate()
open_today = (
    TrainingSession.objects.filter(
        trainee__email__startswith="trainee",
        trainee__email__endswith="@load.example.com",
        scheduled_on=today,
        completed_at__isnull=True,
        enrolment__ended_at__isnull=True,
    )
    .exclude(pk__in=SetLog.objects.filter(session__scheduled_on=today).values("session_id"))
    .order_by("trainee__email")
    .values_list("trainee__email", "trainee_id")
)
print(json.dumps([list(row) for row in open_today[:COUNT]]))
"""

ROWS = """
import json
from datetime import datetime
from programs.models import SetLog

rows = list(
    SetLog.objects.filter(trainee_id__in=IDS, created_at__gte=datetime.fromisoformat(STARTED))
    .values_list("client_token", flat=True)
)
print(json.dumps([str(token) for token in rows]))
"""


@dataclass
class Tally:
    """What the threads saw, under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    logged: set[str] = field(default_factory=set)  # tokens answered "logged"
    posts: int = 0
    double_taps: int = 0
    visits: int = 0
    served: set[str] = field(default_factory=set)
    all_served_at: float | None = None
    # (seconds, requests answered, server CPU seconds) when every trainee had had a visit:
    # the same work for any code, whereas how many repeat visits fit in the rest of the
    # run depends on the code's speed.
    first_pass: tuple[float, int, float] | None = None
    rss_all_served: list[float] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds * 1000)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process (0 once it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU time the server spends: gunicorn's workers, and the PostgreSQL backends serving
    the scratch database (polled twice a second, as a backend's time is lost when it
    exits). Less sensitive than throughput to other work on a shared machine."""

    def __init__(self, server, database_url: str) -> None:
        self.server, self.url = server, database_url
        self.backends: dict[int, float] = {}
        self.stop = threading.Event()

    def poll(self, conn) -> None:
        pids = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database_name(self.url)],
        ).fetchall()
        for (pid,) in pids:
            self.backends[pid] = max(self.backends.get(pid, 0.0), cpu_seconds(pid))

    def __enter__(self):
        self.workers = {pid: cpu_seconds(pid) for pid in self.server.worker_pids()}
        self.client = time.process_time()
        self.thread = threading.Thread(target=self.run)
        self.thread.start()
        return self

    def run(self) -> None:
        with psycopg.connect(with_database(self.url, "postgres"), autocommit=True) as conn:
            while not self.stop.wait(0.5):
                self.poll(conn)
            self.poll(conn)

    def so_far(self) -> float:
        workers = sum(cpu_seconds(pid) - t for pid, t in self.workers.items())
        return workers + sum(self.backends.values())

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self.worker_s = sum(cpu_seconds(pid) - t for pid, t in self.workers.items())
        self.backend_s = sum(self.backends.values())
        self.client_s = time.process_time() - self.client


class Mix:
    def __init__(self, port: int, trainees: list[dict], seconds: float, users: int, server):
        self.port, self.trainees, self.seconds, self.users = port, trainees, seconds, users
        self.server = server
        self.tally = Tally()
        self.cpu: CpuMeter | None = None
        self.next_index = 0
        self.index_lock = threading.Lock()
        self.rng = random.Random(21)

    def next_trainee(self) -> tuple[dict, int, int]:
        with self.index_lock:
            trainee = self.trainees[self.next_index % len(self.trainees)]
            self.next_index += 1
            sets = self.rng.choice((3, 4))
            tap = self.rng.randrange(DOUBLE_TAP_EVERY)
            return trainee, sets, tap

    def over(self) -> bool:
        """Time is up: `seconds` have passed and every trainee has had a visit, or three
        times `seconds` have passed."""
        now = time.monotonic()
        return now >= self.hard_deadline or (
            now >= self.deadline and self.tally.all_served_at is not None
        )

    def run(self) -> float:
        self.started = started = time.monotonic()
        self.deadline = started + self.seconds
        self.hard_deadline = started + 3 * self.seconds
        threads = [threading.Thread(target=self.user) for _ in range(self.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started

    def user(self) -> None:
        while not self.over():
            trainee, sets, tap = self.next_trainee()
            try:
                self.visit(trainee, sets, tap)
            except Exception as error:
                self.tally.error(f"{trainee['email']}: {type(error).__name__}: {error}")

    def timed(self, kind: str, client: Client, method: str, path: str, **kwargs):
        response = client.request(method, path, **kwargs)
        self.tally.record(kind, response.seconds)
        if response.status != 200:
            self.tally.error(f"{method} {path}: {response.status}")
            return None
        return response

    def visit(self, trainee: dict, sets: int, tap: int) -> None:
        client = trainee["client"]
        page = self.timed("GET /today/", client, "GET", "/today/")
        if page is None or self.over():
            return
        forms = SetForms(page.text).forms
        status = re.search(r'hx-get="(/sessions/\d+/status/)"', page.text)
        for number in range(sets):
            if not forms or self.over():
                break
            action, fields, target = forms[0]
            token = dict(fields).get("client_token", "")
            headers = {**htmx_headers("/today/"), "HX-Target": target.lstrip("#")}
            double = (number + tap) % DOUBLE_TAP_EVERY == 0
            answers = self.post_set(client, action, fields, headers, double)
            if not answers:
                break
            with self.tally.lock:
                self.tally.posts += len(answers)
                self.tally.double_taps += double
                if any("setLogged" in r.headers.get("HX-Trigger", "") for r in answers):
                    self.tally.logged.add(token)
                else:
                    self.tally.errors.append(f"{action}: answered without setLogged")
            if status:
                self.timed(
                    "GET status (htmx)",
                    client,
                    "GET",
                    status[1],
                    headers={**htmx_headers("/today/"), "HX-Target": "session-status"},
                )
            # The answer replaces the exercise's block: its forms replace that block's.
            fresh = SetForms(answers[0].text).forms
            at = next(i for i, f in enumerate(forms) if f[2] == target)
            forms = [*forms[:at], *fresh, *(f for f in forms[at:] if f[2] != target)]
        if not self.over():
            self.timed("GET /plan/", client, "GET", "/plan/")
        with self.tally.lock:
            self.tally.visits += 1
            self.tally.served.add(trainee["email"])
            if self.tally.all_served_at is None and len(self.tally.served) == len(self.trainees):
                self.tally.all_served_at = time.monotonic()
                self.tally.rss_all_served = self.server.worker_rss_mb()
                answered = sum(len(v) for v in self.tally.latencies.values())
                cpu = self.cpu.so_far() if self.cpu else float("nan")
                self.tally.first_pass = (time.monotonic() - self.started, answered, cpu)

    def post_set(self, client, action, fields, headers, double) -> list:
        """POST the form; a double tap sends it twice at once from two connections."""
        results: list = [None, None] if double else [None]

        def send(i: int) -> None:
            results[i] = self.timed(
                "POST set (htmx)", client, "POST", action, data=fields, headers=headers
            )

        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(results))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return [r for r in results if r is not None]


def run_once(checkout: Checkout, args) -> dict:
    """One run of the mix against `checkout`, on a scratch copy of its database."""
    checkout.ensure_database()
    scratch = with_database(checkout.database_url, database_name(checkout.database_url) + "_run")
    drop_database(scratch)
    create_database(scratch, template=database_name(checkout.database_url))
    try:
        found = checkout.django_json(TRAINEES.replace("COUNT", str(args.trainees)), scratch)
        if len(found) < args.trainees:
            fail(f"Only {len(found)} trainees have an open session today with nothing logged.")
        signed = checkout.sign_in([email for email, _ in found], scratch)
        started = datetime.datetime.now(datetime.UTC)
        with checkout.server(database_url=scratch) as server:
            trainees = [
                {"email": e, "id": pk, "client": Client(server.port, dict(signed[e]["cookies"]))}
                for e, pk in found
            ]
            mix = Mix(server.port, trainees, args.seconds, args.users, server)
            load_before = machine()["load"]
            with CpuMeter(server, scratch) as cpu:
                mix.cpu = cpu
                elapsed = mix.run()
            rss_end = server.worker_rss_mb()
        rows = checkout.django_json(
            ROWS.replace("IDS", repr([pk for _, pk in found])).replace(
                "STARTED", repr(started.isoformat())
            ),
            scratch,
        )
    finally:
        drop_database(scratch)
    tally = mix.tally
    counts: dict[str, int] = {}
    for token in rows:
        counts[token] = counts.get(token, 0) + 1
    lost = len(tally.logged - counts.keys())
    duplicated = sum(1 for c in counts.values() if c > 1)
    stray = len(counts.keys() - tally.logged)
    everything = [ms for values in tally.latencies.values() for ms in values]
    first = tally.first_pass or (float("nan"), 0, float("nan"))
    requests = len(everything)
    return {
        "label": checkout.label,
        "commit": checkout.commit(),
        "elapsed": elapsed,
        "requests": requests,
        "rps": requests / elapsed,
        "sets": len(tally.logged),
        "sets_per_s": len(tally.logged) / elapsed,
        "posts": tally.posts,
        "double_taps": tally.double_taps,
        "visits": tally.visits,
        "served": len(tally.served),
        "p50": median(everything),
        "p95": percentile(everything, 0.95),
        "p99": percentile(everything, 0.99),
        "by_kind": {
            kind: (len(v), median(v), percentile(v, 0.95)) for kind, v in tally.latencies.items()
        },
        "errors": tally.errors,
        "lost": lost,
        "duplicated": duplicated,
        "stray": stray,
        "rss_all_served": tally.rss_all_served,
        "rss_end": rss_end,
        "load": load_before,
        "cpu_ms": (cpu.worker_s + cpu.backend_s) * 1000 / requests,
        "worker_cpu_ms": cpu.worker_s * 1000 / requests,
        "backend_cpu_ms": cpu.backend_s * 1000 / requests,
        "client_cpu_s": cpu.client_s,
        "first_s": first[0],
        "first_rps": first[1] / first[0],
        "first_cpu_ms": first[2] * 1000 / first[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--users", type=int, default=8, help="Concurrent client threads.")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="Directory to measure.")
    parser.add_argument("--database", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--baseline", type=Path, help="Another checkout to run against too.")
    parser.add_argument("--baseline-database", default=POSTGRES + "innerback_bench_b203")
    parser.add_argument("--pairs", type=int, default=2, help="Alternating runs with --baseline.")
    parser.add_argument("--no-doc", action="store_true", help="Leave docs/benchmarks.md.")
    args = parser.parse_args()

    main_checkout = Checkout(args.checkout.resolve(), args.database, "this checkout")
    order = [main_checkout]
    if args.baseline:
        baseline = Checkout(args.baseline.resolve(), args.baseline_database, "baseline")
        if not (baseline.root / ".venv" / "bin" / "gunicorn").exists():
            fail(f"{baseline.root}/.venv has no gunicorn: symlink a virtualenv there.")
        # The baseline's database first: copied from innerback_bench while that has only
        # migrations the baseline knows (before newer code migrates it).
        baseline.ensure_database()
        order = [main_checkout, baseline] * args.pairs
    before = machine()
    started = datetime.datetime.now(datetime.UTC)
    runs = []
    for checkout in order:
        print(f"Running the mix against {checkout.label} ({checkout.root})…", flush=True)
        result = run_once(checkout, args)
        runs.append(result)
        print(summary(result), flush=True)
    text = report(runs, args, before, machine(), started)
    print("\n" + text)
    if not args.no_doc:
        replace_section("first-visits-loadtest", text)
        print("Wrote docs/benchmarks.md")
    if any(r["errors"] or r["lost"] or r["duplicated"] or r["stray"] for r in runs):
        fail("Load test FAILED: errors, or lost, duplicated or stray sets (see above).")


def summary(r: dict) -> str:
    rss = " / ".join(f"{x:.0f}" for x in r["rss_all_served"]) or "not all served"
    return (
        f"  {r['rps']:.1f} requests/s, {r['sets_per_s']:.1f} sets/s, p50/p95/p99 "
        f"{r['p50']:.0f}/{r['p95']:.0f}/{r['p99']:.0f} ms, {len(r['errors'])} errors, "
        f"lost {r['lost']}, duplicated {r['duplicated']}, stray {r['stray']}; "
        f"first pass {r['first_s']:.0f} s, {r['first_rps']:.1f} requests/s, "
        f"{r['first_cpu_ms']:.1f} CPU ms/request; "
        f"server CPU {r['cpu_ms']:.1f} ms/request ({r['worker_cpu_ms']:.1f} gunicorn + "
        f"{r['backend_cpu_ms']:.1f} PostgreSQL; client {r['client_cpu_s']:.0f} s); "
        f"{r['served']} trainees served, worker RSS then {rss} MB, at the end "
        f"{' / '.join(f'{x:.0f}' for x in r['rss_end'])} MB"
        + (f"\n  first errors: {r['errors'][:3]}" if r["errors"] else "")
    )


def report(runs, args, before, after, started) -> str:
    lines = []
    for r in runs:
        rss = max(r["rss_all_served"] or [float("nan")])
        ok = (
            not r["errors"] and not r["lost"] and not r["duplicated"] and not r["stray"]
        ) and rss <= RSS_TARGET_MB
        lines.append(
            f"| {r['label']} `{r['commit']}` | {r['elapsed']:.0f} | {r['rps']:.1f} "
            f"| {r['sets_per_s']:.1f} | {r['cpu_ms']:.1f} "
            f"| {r['first_s']:.0f}, {r['first_rps']:.1f}, {r['first_cpu_ms']:.1f} "
            f"| {r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f} | {len(r['errors'])} "
            f"| {r['lost']} / {r['duplicated']} / {r['stray']} ({r['posts']:,} POSTs, "
            f"{r['double_taps']} double taps) "
            f"| {' / '.join(f'{x:.0f}' for x in r['rss_all_served']) or '—'} "
            f"| {' / '.join(f'{x:.0f}' for x in r['rss_end'])} | {r['served']} / {r['visits']} "
            f"| {'met' if ok else '**not met**'} |"
        )
    kinds = []
    for r in runs:
        for kind, (n, mid, p95) in sorted(r["by_kind"].items()):
            kinds.append(f"| {r['label']} | {kind} | {n:,} | {mid:.0f} | {p95:.0f} |")
    ratio = ""
    if args.baseline:
        mine = median([r["rps"] for r in runs if r["label"] == "this checkout"])
        theirs = median([r["rps"] for r in runs if r["label"] == "baseline"])
        cpu_mine = median([r["cpu_ms"] for r in runs if r["label"] == "this checkout"])
        cpu_theirs = median([r["cpu_ms"] for r in runs if r["label"] == "baseline"])
        first_mine = median([r["first_rps"] for r in runs if r["label"] == "this checkout"])
        first_theirs = median([r["first_rps"] for r in runs if r["label"] == "baseline"])
        ratio = (
            f"\nThroughput ratio, this checkout ÷ baseline (medians of {args.pairs} alternating "
            f"pairs): **{mine / theirs:.2f}×** (goal ≥ {THROUGHPUT_GOAL}×); server CPU per "
            f"request, baseline ÷ this checkout: {cpu_theirs / cpu_mine:.2f}×. First pass only "
            f"(every trainee's first visit; the same work for both): "
            f"{first_mine / first_theirs:.2f}×."
        )
    return f"""### Load mix (`make loadtest`)

Run {started:%Y-%m-%d %H:%M} UTC on {before["cpus"]} × {before["cpu"]}, {before["ram"]} RAM;
load average before {before["load"]}, after {after["load"]}. {args.trainees} trainees, each
visit /today/ → 3–4 htmx set POSTs (each followed by the status refresh) → /plan/;
{args.users} client threads, no think time, {args.seconds:g} s per run (longer when some
trainee had no visit by then: until each had one); one POST in {DOUBLE_TAP_EVERY} double-tapped
(two at once, same token).

{HEADER}
{chr(10).join(lines)}
{ratio}

| code | request | n | median ms | p95 ms |
|---|---|---|---|---|
{chr(10).join(kinds)}
"""


if __name__ == "__main__":
    main()
