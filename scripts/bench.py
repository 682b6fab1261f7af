#!/usr/bin/env python
"""`make bench`: time the main pages against the load-test dataset on PostgreSQL.

Builds (once) the benchmark database with `seed_load`, starts gunicorn with the production
settings (DEBUG off, 2 workers, 127.0.0.1, SERVER_TIMING on), signs in as a trainee who
has a session today and as the coach of 200 clients, and requests every page in rounds:
a few warm-up requests, then `--requests` measured ones per page, a block of them to the
floor and to each page in every round (`measure`). For each page it reports the SQL query
count and app time (from the Server-Timing header), the wall time seen by the client, its
ratio to the floor measured in the same rounds (/healthz: the same stack with no database
query of its own and no template), and the bytes sent. The table goes to docs/benchmarks.md.

Standard library only; run from anywhere: `python scripts/bench.py [--requests 100]`.
"""

import argparse
import datetime
import math
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from uuid6 import uuid7

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (
    DATASET,
    Client,
    Response,
    django_json,
    ensure_database,
    fail,
    gunicorn,
    machine,
    replace_section,
)

WARM_UP = 5
# Requests in a row to one page within each round of `measure`.
BLOCK = 10
FLOOR_NAME = "bare view `/healthz` (floor)"
# Targets (issue #10): median under this, and within this many times the floor.
MEDIAN_MS_TARGET = 50
FLOOR_RATIO = 5
LOG_SET_FLOOR_RATIO = 3

HEADER = (
    "| page | SQL queries | app median ms | app p95 ms | wall median ms | wall p95 ms "
    "| × floor | bytes sent | bytes raw | target met |\n|---|---|---|---|---|---|---|---|---|---|"
)

FACTS = """
import json
import django
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone
from innerback.accounts.models import User
from innerback.coaching.models import Coaching
from scripts.loadgen.seed import COACH_EMAIL, LOAD_PASSWORD
from programs.models import Enrolment, SetLog, TrainingSession

today = timezone.localdate()
clients = Coaching.objects.current().filter(coach__email=COACH_EMAIL).values("client_id")
# A client with a session today and nothing logged in it yet: /today/ shows its forms.
session = (
    TrainingSession.objects.filter(
        trainee__in=clients,
        scheduled_on=today,
        enrolment__ended_at__isnull=True,
        completed_at__isnull=True,
    )
    .exclude(Exists(SetLog.objects.live().filter(session=OuterRef("pk"))))
    .select_related("trainee")
    .order_by("trainee__email")
    .first()
)
with connection.cursor() as cursor:
    cursor.execute("SHOW server_version")
    postgres = cursor.fetchone()[0]
print(json.dumps({
    "django": django.get_version(),
    "postgres": postgres,
    "password": LOAD_PASSWORD,
    "coach": COACH_EMAIL,
    "trainee": session.trainee.email if session else None,
    "trainee_id": session.trainee_id if session else None,
    "rows": {
        "users": User.objects.count(),
        "coaching clients": Coaching.objects.current().filter(coach__email=COACH_EMAIL).count(),
        "enrolments": Enrolment.objects.count(),
        "sessions": TrainingSession.objects.count(),
        "set logs": SetLog.objects.count(),
    },
}))
"""


@dataclass
class Sample:
    wall_ms: float
    app_ms: float | None
    queries: int | None
    sent: int
    raw: int


@dataclass
class Result:
    name: str
    samples: list[Sample]
    floor_ratio_target: float = FLOOR_RATIO
    # The floor's wall median over the same rounds (`measure`); None for the floor itself.
    floor: float | None = None

    def _pick(self, attr: str) -> list[float]:
        return [getattr(s, attr) for s in self.samples if getattr(s, attr) is not None]

    @staticmethod
    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def wall(self) -> float:
        return statistics.median(self._pick("wall_ms"))

    def queries(self) -> str:
        counts = sorted(set(self._pick("queries")))
        if not counts:
            return "?"
        return str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"

    def row(self) -> str:
        app = self._pick("app_ms")
        wall = self._pick("wall_ms")
        floor = self.floor
        ratio = self.wall / floor if floor else 1.0
        met = "—"
        if floor:
            ok = ratio <= self.floor_ratio_target and self.wall < MEDIAN_MS_TARGET
            met = (
                f"{'yes' if ok else 'NO'} (≤ {self.floor_ratio_target:g}×, < {MEDIAN_MS_TARGET} ms)"
            )
        return (
            f"| {self.name} | {self.queries()} "
            f"| {statistics.median(app):.1f} | {self.p95(app):.1f} "
            f"| {statistics.median(wall):.1f} | {self.p95(wall):.1f} "
            f"| {ratio:.1f}× | {statistics.median(self._pick('sent')):,.0f} "
            f"| {statistics.median(self._pick('raw')):,.0f} | {met} |"
        )


def sample(response: Response, expect: int = 200) -> Sample:
    if response.status != expect:
        fail(f"Unexpected status {response.status}: {response.body[:300]!r}")
    app, queries = response.timing()
    return Sample(response.seconds * 1000, app, queries, response.sent_bytes, len(response.body))


@dataclass
class Page:
    name: str
    request: Callable[[], Response]
    floor_ratio_target: float = FLOOR_RATIO


def measure(pages: list[Page], requests: int) -> list[Result]:
    """Warm every page up, then measure `requests` requests of each in rounds: each round
    makes BLOCK requests in a row to the floor, then BLOCK to each page. On a shared machine
    the speed drifts by tens of percent within minutes; measuring all of one page and then
    all of the next put that drift into the ratios, whereas rounds spread it over every
    page and the floor alike. Requests in a row keep each page in the steady state of a
    repeated visit, as before: requests of different pages in turn measure each in the
    wake of another (the floor then takes half as long again). The first request of each
    block is not measured, as the warm-up was not before."""
    for page in pages:
        for _ in range(WARM_UP):
            page.request()
    samples: list[list[Sample]] = [[] for _ in pages]
    for round_start in range(0, requests, BLOCK):
        in_round = min(BLOCK, requests - round_start)
        for page, taken in zip(pages, samples, strict=True):
            # Unmeasured, as a warm-up: the first request after another page's block pays
            # for that one's leftovers (a worker still closing a long download, say).
            page.request()
            taken.extend(sample(page.request()) for _ in range(in_round))
    floor, *rest = (
        Result(page.name, taken, page.floor_ratio_target)
        for page, taken in zip(pages, samples, strict=True)
    )
    for result in rest:
        result.floor = floor.wall
        print(
            f"  {result.name}: median {result.wall:.1f} ms ({result.wall / floor.wall:.1f}× "
            f"the floor), {result.queries()} queries",
            flush=True,
        )
    return [floor, *rest]


class SetForm(HTMLParser):
    """The first form for logging a new set on a session page, as a browser would send it
    with every form check ticked."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._done = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if (
            tag == "form"
            and not self._done
            and "set-form" in classes
            and "edit-form" not in classes
        ):
            self._inside, self.action = True, attrs.get("action")
        elif tag == "input" and self._inside and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "checkbox" or attrs.get("value") is not None:
                self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._inside:
            self._inside, self._done = False, True


def log_set_request(trainee: Client, today_html: str, logged_ids: list[int]):
    """A request that logs one set with htmx, then (unmeasured) deletes it again so the next
    request can log the same set. Each deleted set's id goes into `logged_ids`, for
    `purge_sets` to remove once the server has stopped."""
    form = SetForm()
    form.feed(today_html)
    if not form.action:
        fail("No set form on /today/: the benchmark trainee has nothing to log today.")
    fields = [(k, v) for k, v in form.fields if k != "client_token"]

    def request() -> Response:
        # A fresh token made as the app makes one, as if the form had been loaded again.
        data = [*fields, ("client_token", str(uuid7()))]
        response = trainee.post(form.action, data, headers={"HX-Request": "true"})
        if "setLogged" not in response.headers.get("HX-Trigger", ""):
            fail(f"The set was not logged: {response.status} {response.text[:500]}")
        logged = max(int(pk) for pk in re.findall(r"/sets/(\d+)/delete/", response.text))
        deleted = trainee.post(f"/sets/{logged}/delete/", [], headers={"HX-Request": "true"})
        if deleted.status != 200:
            fail(f"Could not delete the benchmark's set {logged}: {deleted.status}")
        logged_ids.append(logged)
        return response

    return request


def purge_sets(ids: list[int]) -> None:
    """Remove the sets the benchmark logged and deleted. Deleted sets stay in the table for
    undo, and every read of the session sorts them: left there, each run would make the
    next one's session heavier than any real session (hundreds of deleted sets)."""
    if ids:
        django_json(
            "import json\nfrom programs.models import SetLog\n"
            f"gone = SetLog.objects.filter(pk__in={sorted(set(ids))!r}, deleted_at__isnull=False)"
            ".delete()[0]\nprint(json.dumps({'purged': gone}))"
        )


def streamed_timings(log: Path, path: str, count: int) -> list[tuple[float, int]]:
    """The full app time and query count of the last `count` streamed responses of `path`,
    which the Server-Timing middleware logs when each stream ends."""
    pattern = re.compile(rf"GET {re.escape(path)} streamed: app;dur=([\d.]+), .*\"(\d+) queries\"")
    found = [(float(m[1]), int(m[2])) for m in pattern.finditer(log.read_text())]
    return found[-count:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="Measured requests per page.")
    args = parser.parse_args()

    print("Preparing the benchmark database (built once, reused after)…", flush=True)
    ensure_database()
    facts = django_json(FACTS)
    if not facts["trainee"]:
        fail(
            "No load-test client has an open session today: the dataset was built too long "
            "ago. Run `dropdb -h 127.0.0.1 -U postgres innerback_bench` and `make bench` again."
        )
    before = machine()
    started = datetime.datetime.now(datetime.UTC)
    logged_ids: list[int] = []
    try:
        with gunicorn(workers=2) as server:
            print(
                f"gunicorn on 127.0.0.1:{server.port}; {args.requests} requests per page",
                flush=True,
            )
            trainee = Client(server.port).login(facts["trainee"], facts["password"])
            coach = Client(server.port).login(facts["coach"], facts["password"])
            client_url = f"/coach/clients/{facts['trainee_id']}/"
            floor = Page(FLOOR_NAME, lambda: trainee.get("/healthz"))
            export_path = f"{client_url}export.csv"
            reads = [
                floor,
                Page("exercises `/exercises/`", lambda: trainee.get("/exercises/")),
                Page("plan `/plan/`", lambda: trainee.get("/plan/")),
                Page("today `/today/`", lambda: trainee.get("/today/")),
                Page("coach roster `/coach/`", lambda: coach.get("/coach/")),
                Page("client page `/coach/clients/<id>/`", lambda: coach.get(client_url)),
                Page("client CSV `…/<id>/export.csv`", lambda: coach.get(export_path)),
            ]
            # Reads first, then logging: a logged set moves the trainee's stamp, and the
            # pages above are measured as a repeat visit, not as the first after a change.
            print(f"Pages, in rounds of {BLOCK} requests each to the floor and every page…")
            floor_result, *read_results = measure(reads, args.requests)
            time.sleep(0.5)  # let the workers flush their log lines
            export = read_results[-1]
            streamed = streamed_timings(server.log, export_path, args.requests)
            if len(streamed) == len(export.samples):
                for s, (app_ms, queries) in zip(export.samples, streamed, strict=True):
                    s.app_ms, s.queries = app_ms, queries
            print(f"Logging a set, in rounds of {BLOCK} requests each to the floor and logging…")
            today_html = trainee.get("/today/").text
            log_floor, log_result = measure(
                [
                    floor,
                    Page(
                        "log a set (htmx POST)",
                        log_set_request(trainee, today_html, logged_ids),
                        LOG_SET_FLOOR_RATIO,
                    ),
                ],
                args.requests,
            )
            floor_result.samples += log_floor.samples
            results = [floor_result, *read_results[:3], log_result, *read_results[3:]]
    finally:
        purge_sets(logged_ids)
    after = machine()
    write_doc(results, facts, before, after, started, args.requests)


def write_doc(results, facts, before, after, started, requests) -> None:
    rows = "\n".join(r.row() for r in results)
    counts = ", ".join(f"{count:,} {name}" for name, count in facts["rows"].items())
    misses = [r.name for r in results[1:] if "| NO " in r.row()]
    verdict = (
        "Every page met its target." if not misses else "Missed target: " + "; ".join(misses) + "."
    )
    pages_floor = results[1].floor  # every page but logging shares the pages' rounds
    logging_floor = next(r.floor for r in results if r.floor_ratio_target == LOG_SET_FLOOR_RATIO)
    text = f"""## Pages (`make bench`)

Run {started:%Y-%m-%d %H:%M} UTC on {before["cpus"]} × {before["cpu"]}, {before["ram"]} RAM.
Load average (1/5/15 min) before: {before["load"]}; after: {after["load"]}.
Python {before["python"]}, Django {facts["django"]}, PostgreSQL {facts["postgres"]};
gunicorn, 2 sync workers, DEBUG off, 127.0.0.1.
Dataset: `seed_load --trainees {DATASET["trainees"]} --weeks {DATASET["weeks"]}
--clients {DATASET["clients"]}`: {counts}.
Signed in as {facts["trainee"]} (a client with a session today) and {facts["coach"]}.
{WARM_UP} warm-up requests per page, then {requests} measured requests per page in rounds of
{BLOCK} in a row to the floor and {BLOCK} to each page; logging a set has rounds of its own,
with the floor, after the pages.

{HEADER}
{rows}

{verdict}

- **SQL queries** and **app ms**: from the `Server-Timing` header (`SERVER_TIMING=true`):
  the whole Django stack inside the worker. The CSV export streams, so its figures come from
  the middleware's log line written when the stream ends.
- **wall ms**: what the client saw over loopback, from connecting to the last byte; this is
  what the targets judge. **× floor**: wall median ÷ the floor's wall median over the same
  rounds: {pages_floor:.2f} ms in the pages' rounds, {logging_floor:.2f} ms in logging's (the
  floor row shows both sets of rounds together). The floor is `/healthz` on the same
  gunicorn and middleware, with no database query of its own and no template.
- **bytes sent**: as transferred with `Accept-Encoding: gzip`; **bytes raw**: uncompressed.
- Logging a set posts the session page's first set form with htmx, every form check ticked;
  after each measured request the set is deleted again (not measured), so every request
  does the same work.
- Targets (issue #10): median under {MEDIAN_MS_TARGET} ms and within {FLOOR_RATIO}× the floor;
  logging a set within {LOG_SET_FLOOR_RATIO}× the floor.

Reproduce (PostgreSQL on 127.0.0.1:5432; the database is created and seeded on first run,
which takes about a quarter of an hour, and reused after). The history is laid out around
the day it was built; once no client has a session today (after some weeks), drop the
database (`dropdb -h 127.0.0.1 -U postgres innerback_bench`) and run again.

```sh
make bench                       # = .venv/bin/python scripts/bench.py
# or against another database:
BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other \\
  .venv/bin/python scripts/bench.py --requests 100
```
"""
    replace_section("bench", text)
    print(f"\nWrote docs/benchmarks.md\n{verdict}")


if __name__ == "__main__":
    main()
