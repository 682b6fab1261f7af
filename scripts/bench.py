#!/usr/bin/env python
"""`make bench`: every page timed on a first visit, as users meet it (issue 21, item 6).

Against a scratch copy of the checkout's benchmark database (PostgreSQL, the 2,000-trainee
two-year `seed_load` dataset, dropped afterwards), gunicorn with 2 sync workers and the
production settings (DEBUG off) on 127.0.0.1:

1. Signs everyone in up front (sessions made as Django's login() makes them) and, on a
   throwaway server, opens /today/ once for each trainee who will log a set, to have the
   set form a browser would post.
2. Warm phase, `--lifetimes` times: a fresh gunicorn; two warm-up requests per worker and
   page by warm-up people (code, templates and connections warm, no measured person);
   then `--rounds` rounds of one request to the bare view (/healthz) and one to each page,
   each by a trainee, coach or client nobody has used in this server's life. Nothing
   per-person is warm. Ratios are to the bare view's median in the same rounds.
3. Cold phase, `--cold-rounds` times: for the bare view and each page, a fresh gunicorn and
   its very first request, compared with the bare view's first request.

The table goes to docs/benchmarks.md (section "first-visits-bench"). Run from anywhere:
`python scripts/bench.py [--checkout DIR] [--database URL]`.
"""

import argparse
import datetime
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from uuid6 import uuid7

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (
    BENCH_COACHES,
    DEFAULT_DATABASE_URL,
    LOAD_COACH,
    ROOT,
    Checkout,
    Client,
    Response,
    SetForms,
    bench_coach_email,
    create_database,
    database_name,
    drop_database,
    fail,
    htmx_headers,
    machine,
    median,
    percentile,
    postgres_version,
    replace_section,
    with_database,
)

# (page, median target as × the bare view's median)
TARGETS = {
    "/today/": 4,
    "/plan/": 4,
    "log a set (htmx POST)": 3,
    "/exercises/": 4,
    "/coach/ (roster, 50 clients)": 6,
    "client page": 6,
    "client CSV": 4,  # first byte
    "/progress/": 4,
}
FLOOR = "/healthz (bare view)"
P95_TARGET = 2  # p95 ≤ 2× the page's median
CSV_ROWS_TARGET = 100_000  # rows/s over the whole body
COLD_TARGET = 3  # first request after a start ≤ 3× the bare view's first request
WARM_UP = 2  # warm-up requests per worker and page
HEADER = (
    "| page | n | median ms | p95 ms | × bare | target | p95 ÷ median (≤ 2×) "
    "| first request after a start, ms | × bare's first (≤ 3×) | targets |\n" + "|---" * 10 + "|"
)

# People for each page. Trainee pages take trainees with no coach; /today/ and logging take
# those with an open session today and nothing logged in it yet (the common case for
# someone opening /today/), the others any. Client pages take the load coach's clients.
FACTS = """
import json
import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from programs.models import SetLog, TrainingSession

# Wherever the checkout keeps it (innerback before the coaching app, coaching after).
Coaching = next(model for model in apps.get_models() if model.__name__ == "Coaching")

User = get_user_model()
today = timezone.localdate()
coached = Coaching.objects.filter(ended_at__isnull=True).values("client_id")
free = (
    User.objects.filter(email__startswith="trainee", email__endswith="@load.example.com")
    .exclude(pk__in=coached)
    .order_by("email")
)
open_today = set(
    TrainingSession.objects.filter(
        trainee__in=free,
        scheduled_on=today,
        completed_at__isnull=True,
        enrolment__ended_at__isnull=True,
    )
    .exclude(pk__in=SetLog.objects.filter(deleted_at__isnull=True).values("session_id")
             .filter(session__scheduled_on=today))
    .values_list("trainee__email", flat=True)
)
free = list(free.values_list("email", flat=True))
clients = list(
    Coaching.objects.filter(ended_at__isnull=True, coach__email=COACH)
    .order_by("client__email")
    .values_list("client__email", "client_id")
)
print(json.dumps({
    "django": django.get_version(),
    "session_today": [e for e in free if e in open_today],
    "other": [e for e in free if e not in open_today],
    "clients": clients,
    "sets": SetLog.objects.count(),
    "users": User.objects.count(),
}))
"""


@dataclass
class Sample:
    ms: float
    first_byte_ms: float | None = None
    rows_per_s: float | None = None


@dataclass
class Person:
    client: Client
    path: str = ""  # for a client page: the client's URL
    form: tuple | None = None  # for logging: the set form (action, fields, target)


@dataclass
class Pools:
    """Who is left to visit each page for the first time."""

    people: dict[str, list[Person]] = field(default_factory=dict)

    def take(self, page: str) -> Person:
        if not self.people[page]:
            fail(f"Ran out of distinct people for {page}: use fewer rounds.")
        return self.people[page].pop(0)


def visit(page: str, person: Person) -> Sample:
    """One request as the page's user makes it."""
    c = person.client
    if page == FLOOR:
        return timed(c.get("/healthz"))
    if page == "/coach/ (roster, 50 clients)":
        return timed(c.get("/coach/"))
    if page == "client page":
        return timed(c.get(person.path))
    if page == "client CSV":
        response = c.get(person.path + "export.csv", keep_body=False)
        sample = timed(response)
        sample.first_byte_ms = response.first_byte * 1000
        sample.rows_per_s = max(0, response.lines - 1) / response.seconds
        return sample
    if page == "log a set (htmx POST)":
        action, fields, target = person.form
        data = [(k, v) for k, v in fields if k != "client_token"]
        data.append(("client_token", str(uuid7())))
        headers = {**htmx_headers("/today/"), "HX-Target": target.lstrip("#")}
        response = c.post(action, data, headers=headers)
        if "setLogged" not in response.headers.get("HX-Trigger", ""):
            fail(f"The set was not logged: {response.status} {response.text[:400]}")
        return timed(response)
    return timed(c.get(page))


def timed(response: Response) -> Sample:
    if response.status != 200:
        fail(f"Unexpected status {response.status}: {response.body[:300]!r}")
    return Sample(response.seconds * 1000)


def prepare(checkout: Checkout, url: str, args) -> tuple[dict, Callable[[str], Pools]]:
    """Sign everyone in; fetch the set form each logging trainee will post. Returns the
    dataset facts and a function making the pools for one server life (warm phase) or
    for the cold phase."""
    facts = checkout.django_json(FACTS.replace("COACH", repr(LOAD_COACH)), url)
    lives, rounds, cold = args.lifetimes, args.rounds, args.cold_rounds
    if rounds > BENCH_COACHES - 1:
        fail(f"--rounds at most {BENCH_COACHES - 1} (one bench coach per roster visit).")
    per_page = lives * (rounds + 2 * WARM_UP) + cold
    session_today, other, clients = facts["session_today"], facts["other"], facts["clients"]
    need = {"today": per_page, "log": per_page, "other": 3 * per_page}
    if len(session_today) < 2 * per_page or len(other) < need["other"]:
        fail(
            f"Not enough trainees without a coach ({len(session_today)} with an open session "
            f"today, {len(other)} others) for {per_page} visits per page: fewer rounds."
        )
    if len(clients) < 2 * (lives * rounds + cold) + 2:
        fail("Not enough of the load coach's clients for the client pages: fewer rounds.")
    today = session_today[:per_page]
    log = session_today[per_page : 2 * per_page]
    plan, exercises, progress = (other[i * per_page : (i + 1) * per_page] for i in range(3))
    coaches = [bench_coach_email(n) for n in range(1, BENCH_COACHES + 1)]
    signed = checkout.sign_in(
        [*today, *log, *plan, *exercises, *progress, *coaches, LOAD_COACH], url
    )
    print(f"Signed in {len(signed)} people", flush=True)

    forms: dict[str, tuple] = {}
    with checkout.server(database_url=url) as server:
        for email in log:
            client = Client(server.port, dict(signed[email]["cookies"]))
            found = SetForms(client.get("/today/").text).forms
            if not found:
                fail(f"{email} has no set form on /today/.")
            forms[email] = (found[0], client.cookies)

    def pools(port: int, life: int | None) -> Pools:
        """Life `life` of the warm phase (warm-up people first, then measured ones), or
        the cold phase (life None)."""
        size = rounds + 2 * WARM_UP
        start = life * size if life is not None else lives * size
        count = size if life is not None else cold

        def trainees(emails: list[str]) -> list[Person]:
            return [
                Person(Client(port, dict(signed[e]["cookies"])))
                for e in emails[start : start + count]
            ]

        def loggers() -> list[Person]:
            return [
                Person(Client(port, dict(forms[e][1])), form=forms[e][0])
                for e in log[start : start + count]
            ]

        coach = signed[LOAD_COACH]["cookies"]
        # Client pages: measured clients from the front, two warm-up clients at the back.
        if life is not None:
            first = life * rounds * 2
            warm = 2 * WARM_UP
            page_clients = [clients[-2]] * warm + clients[first : first + rounds]
            csv_clients = [clients[-1]] * warm + clients[first + rounds : first + 2 * rounds]
            roster = [coaches[-1]] * warm + coaches[:rounds]
        else:
            first = lives * rounds * 2
            page_clients = clients[first : first + cold]
            csv_clients = clients[first + cold : first + 2 * cold]
            roster = coaches[:cold]
        people = {
            FLOOR: [Person(Client(port)) for _ in range(count)],
            "/today/": trainees(today),
            "/plan/": trainees(plan),
            "log a set (htmx POST)": loggers(),
            "/exercises/": trainees(exercises),
            "/coach/ (roster, 50 clients)": [
                Person(Client(port, dict(signed[e]["cookies"]))) for e in roster
            ],
            "client page": [
                Person(Client(port, dict(coach)), path=f"/coach/clients/{pk}/")
                for _, pk in page_clients
            ],
            "client CSV": [
                Person(Client(port, dict(coach)), path=f"/coach/clients/{pk}/")
                for _, pk in csv_clients
            ],
            "/progress/": trainees(progress),
        }
        return Pools(people)

    return facts, pools


def warm_up(pools: Pools) -> None:
    """WARM_UP rounds of two requests at once to every page, so that each of the two
    sync workers takes one: both have run every page before anything is measured."""
    for _ in range(WARM_UP):
        for page in [FLOOR, *TARGETS]:
            people = [pools.take(page), pools.take(page)]
            threads = [threading.Thread(target=visit, args=(page, p)) for p in people]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkout", type=Path, default=ROOT, help="Directory to measure.")
    parser.add_argument("--database", default=None, help="Its database URL.")
    parser.add_argument("--lifetimes", type=int, default=3, help="Fresh servers, warm phase.")
    parser.add_argument("--rounds", type=int, default=15, help="Rounds per server life.")
    parser.add_argument("--cold-rounds", type=int, default=3, help="Starts per page.")
    parser.add_argument("--no-doc", action="store_true", help="Leave docs/benchmarks.md.")
    args = parser.parse_args()

    checkout = Checkout(args.checkout.resolve(), args.database or DEFAULT_DATABASE_URL)
    print(f"Preparing {database_name(checkout.database_url)} for {checkout.root}…", flush=True)
    checkout.ensure_database()
    scratch = with_database(checkout.database_url, database_name(checkout.database_url) + "_run")
    drop_database(scratch)
    create_database(scratch, template=database_name(checkout.database_url))
    before = machine()
    started = datetime.datetime.now(datetime.UTC)
    warm: dict[str, list[Sample]] = {page: [] for page in [FLOOR, *TARGETS]}
    cold: dict[str, list[Sample]] = {page: [] for page in [FLOOR, *TARGETS]}
    try:
        facts, make_pools = prepare(checkout, scratch, args)
        for life in range(args.lifetimes):
            with checkout.server(database_url=scratch) as server:
                pools = make_pools(server.port, life)
                warm_up(pools)
                for _ in range(args.rounds):
                    for page in warm:
                        warm[page].append(visit(page, pools.take(page)))
                rss = server.worker_rss_mb()
            floor = median([s.ms for s in warm[FLOOR]])
            print(
                f"Server life {life + 1}/{args.lifetimes}: bare view {floor:.1f} ms; "
                + ", ".join(f"{p} {median([s.ms for s in warm[p]]) / floor:.1f}×" for p in TARGETS)
                + f"; worker RSS {' / '.join(f'{r:.0f}' for r in rss)} MB",
                flush=True,
            )
        print("Cold phase: a fresh gunicorn for each first request…", flush=True)
        pools = make_pools(0, None)
        for _ in range(args.cold_rounds):
            for page in cold:
                person = pools.take(page)
                with checkout.server(database_url=scratch) as server:
                    person.client.port = server.port
                    cold[page].append(visit(page, person))
        postgres = postgres_version(scratch)
    finally:
        drop_database(scratch)
    after = machine()
    text = report(checkout, facts, warm, cold, args, before, after, started, postgres)
    print("\n" + text)
    if not args.no_doc:
        replace_section("first-visits-bench", text)
        print("Wrote docs/benchmarks.md")


def report(checkout, facts, warm, cold, args, before, after, started, postgres) -> str:
    floor = median([s.ms for s in warm[FLOOR]])
    floor_cold = median([s.ms for s in cold[FLOOR]])
    rows, misses = [], []
    for page in [FLOOR, *TARGETS]:
        ms = [s.ms for s in warm[page]]
        mid, p95 = median(ms), percentile(ms, 0.95)
        first_cold = median([s.ms for s in cold[page]])
        if page == FLOOR:
            rows.append(
                f"| {page} | {len(ms)} | {mid:.1f} | {p95:.1f} | 1× | — | {p95 / mid:.1f}× "
                f"| {first_cold:.0f} | 1× | — |"
            )
            continue
        judged, shown = mid, page
        missed = []
        if page == "client CSV":
            judged = median([s.first_byte_ms for s in warm[page]])
            shown = f"client CSV (× bare: first byte, {judged:.1f} ms)"
            if median([s.rows_per_s for s in warm[page]]) < CSV_ROWS_TARGET:
                missed.append("rows/s")
        ratio, ratio_cold = judged / floor, first_cold / floor_cold
        if ratio > TARGETS[page]:
            missed.insert(0, "median")
        if p95 / mid > P95_TARGET:
            missed.append("p95")
        if ratio_cold > COLD_TARGET:
            missed.append("first request")
        if missed:
            misses.append(page)
        rows.append(
            f"| {shown} | {len(ms)} | {mid:.1f} | {p95:.1f} | {ratio:.1f}× | ≤ {TARGETS[page]}× "
            f"| {p95 / mid:.1f}× | {first_cold:.0f} | {ratio_cold:.1f}× "
            f"| {'all met' if not missed else '**not met**: ' + ', '.join(missed)} |"
        )
    csv = warm["client CSV"]
    rates = sorted(s.rows_per_s for s in csv)
    whole, missing = median([s.ms for s in csv]), ", ".join(misses) or "none"
    return f"""### Pages on a first visit (`make bench`)

Code: `{checkout.commit()}`. Run {started:%Y-%m-%d %H:%M} UTC on {before["cpus"]} ×
{before["cpu"]}, {before["ram"]} RAM; load average before {before["load"]}, after {after["load"]}.
Python {before["python"]}, Django {facts["django"]}, PostgreSQL {postgres}; gunicorn, 2 sync
workers, DEBUG off, 127.0.0.1; {facts["users"]:,} users, {facts["sets"]:,} logged sets.
{args.lifetimes} server lives × {args.rounds} rounds (every request by a person new to that
server), {args.cold_rounds} fresh starts per page for the first request.

{HEADER}
{chr(10).join(rows)}

Client CSV, whole body: median {whole:.0f} ms, {rates[len(rates) // 2]:,.0f} rows/s
(slowest {rates[0]:,.0f}; target ≥ {CSV_ROWS_TARGET:,}). Missing a target: {missing}.
"""


if __name__ == "__main__":
    main()
