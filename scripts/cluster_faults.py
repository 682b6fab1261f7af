#!/usr/bin/env python
"""Faults under load, against the cluster `make cluster` started (issue 31, item 3).

    python scripts/cluster_faults.py [--seconds 60] [--trainees 50] [--record]

`--trainees` new trainees (made in the cluster's database with the project's factories,
each on a program of their own with a few sessions of foundational work) log sets through
nginx for `--seconds`: each opens a session page, logs its next set as htmx does, waits a
second or two as a person between sets would, and so on. Meanwhile:

1. at `--kill-at` s one app server (app1) is killed (SIGKILL, with its workers) and started
   again `--down-for` s later;
2. at `--drop-db-at` s every database connection of the app servers is ended from the
   database side (`pg_terminate_backend`), as a database restart or failover would.

A request that fails is counted, with when it failed and which server had it, and sent
again as a person would (a set's form keeps its token, so sending it again cannot log it
twice). Then the database is checked: every set the app acknowledged (its answer carried
`setLogged`) is there exactly once, and no token has two rows. The result is printed as a
table; `--record` also writes it to docs/deploy.md. The exit status is 1 if any set was
lost or doubled, if any request failed other than those in flight at a fault, or if either
app server or the database connections did not come back.
"""

import argparse
import datetime
import random
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cluster
from benchlib import SIGN_IN_CODE, Client, SetForms, htmx_headers, machine, replace_section

DOC = cluster.ROOT / "docs" / "deploy.md"
KILLED = "app1"
# A failure this long after a fault (its requests were in flight when it struck, or queued
# at the killed server) is the fault's; any other failure is a bug.
FAULT_WINDOW_S = 2.0
THINK_S = (1.0, 2.0)

WORLD = """
import json
import uuid
from datetime import timedelta

from django.db import transaction

from exercises.models import Exercise
from tests.innerback.accounts.factories import UserFactory
from tests.programs.factories import (
    EnrolmentFactory, PrescriptionFactory, ProgramDayFactory, ProgramFactory,
    ProgramWeekFactory, TrainingSessionFactory,
)

run = uuid.uuid4().hex[:8]
slugs = ("bird-dog", "pelvic-tilt", "segmental-bridge")
foundational = [Exercise.objects.get(slug=slug) for slug in slugs]
people = []
with transaction.atomic():
    for number in range(COUNT):
        trainee = UserFactory(
            email=f"fault-{run}-{number:03d}@cluster.example.com", password=None,
            display_name=f"Fault {run} {number}",
        )
        today = trainee.local_today()
        program = ProgramFactory(owner=trainee, name=f"Fault run {run}")
        enrolment = EnrolmentFactory(trainee=trainee, program=program, start_date=today)
        week = ProgramWeekFactory(program=program, number=1)
        sessions = []
        for offset in range(SESSIONS):
            day = ProgramDayFactory(week=week, position=offset + 1)
            for position, exercise in enumerate(foundational, 1):
                PrescriptionFactory(day=day, position=position, exercise=exercise, sets=4,
                                    tempo=exercise.default_tempo)
            session = TrainingSessionFactory(
                enrolment=enrolment, program_day=day, scheduled_on=today + timedelta(days=offset)
            )
            sessions.append(session.pk)
        people.append({"email": trainee.email, "id": trainee.pk, "sessions": sessions})
print(json.dumps(people))
"""


@dataclass
class Failure:
    at: float  # seconds into the run
    what: str
    status: int
    served_by: str


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    acknowledged: set[str] = field(default_factory=set)
    failures: list[Failure] = field(default_factory=list)
    # (seconds into the run, server) of every answered request: recovery shows in it.
    answered: list[tuple[float, str]] = field(default_factory=list)


@dataclass
class Faults:
    killed_at: float | None = None
    restarted_at: float | None = None
    back_at: float | None = None  # the restarted server answered its own /readyz
    dropped_at: float | None = None
    connections_dropped: int = 0


class Mix:
    def __init__(self, state: dict, people: list[dict], seconds: float) -> None:
        self.state, self.people, self.seconds = state, people, seconds
        self.port = int(state["env"]["CLUSTER_PORT"])
        self.tally = Tally()
        self.started = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self.started

    def over(self) -> bool:
        return self.now() >= self.seconds

    def send(self, client: Client, what: str, method: str, path: str, **kwargs):
        """One request; a failure is counted and answered with None."""
        try:
            response = client.request(method, path, **kwargs)
            status, served_by = response.status, response.headers.get("X-Served-By", "")
        except OSError as error:
            response, status, served_by = None, 0, type(error).__name__
        with self.tally.lock:
            self.tally.requests += 1
            if status == 200:
                self.tally.answered.append((self.now(), served_by))
            else:
                self.tally.failures.append(Failure(self.now(), what, status, served_by))
        return response if status == 200 else None

    def trainee(self, person: dict, rng: random.Random) -> None:
        client = Client(self.port, dict(person["cookies"]))
        sessions = list(person["sessions"])
        time.sleep(rng.uniform(0, THINK_S[1]))  # not all at the same instant
        while sessions and not self.over():
            page = self.send(client, "open session", "GET", f"/sessions/{sessions[0]}/")
            if page is None:
                time.sleep(rng.uniform(*THINK_S))
                continue
            forms = SetForms(page.text).forms
            if not forms:
                sessions.pop(0)
                continue
            action, fields, target = forms[0]
            token = dict(fields)["client_token"]
            headers = {**htmx_headers(f"/sessions/{sessions[0]}/"), "HX-Target": target.lstrip("#")}
            # The same form until it is acknowledged, as a person taps again after an error.
            while not self.over():
                answer = self.send(client, "log set", "POST", action, data=fields, headers=headers)
                if answer is not None:
                    if "setLogged" in answer.headers.get("HX-Trigger", ""):
                        with self.tally.lock:
                            self.tally.acknowledged.add(token)
                    else:
                        with self.tally.lock:
                            failure = Failure(self.now(), "set not logged", 200, "")
                            self.tally.failures.append(failure)
                    break
                time.sleep(0.5)
            time.sleep(rng.uniform(*THINK_S))

    def run(self, kill_at: float, down_for: float, drop_db_at: float) -> Faults:
        rng = random.Random(31)
        threads = [
            threading.Thread(target=self.trainee, args=(person, random.Random(rng.random())))
            for person in self.people
        ]
        self.started = time.monotonic()
        for thread in threads:
            thread.start()
        faults = Faults()
        self.wait_until(kill_at)
        faults.killed_at = self.now()
        cluster.kill(KILLED, self.state, signal.SIGKILL)
        self.wait_until(kill_at + down_for)
        cluster.restart(KILLED, self.state)
        faults.restarted_at = self.now()
        readyz = f"http://{bound_address(self.state, KILLED)}/readyz"
        while cluster.get(readyz)[0] != 200 and not self.over():
            time.sleep(0.1)
        faults.back_at = self.now()
        self.wait_until(drop_db_at)
        faults.connections_dropped = drop_connections(self.state["database_url"])
        faults.dropped_at = self.now()
        for thread in threads:
            thread.join()
        return faults

    def wait_until(self, at: float) -> None:
        time.sleep(max(0.0, at - self.now()))


def bound_address(state: dict, name: str) -> str:
    argv = state["processes"][name]["argv"]
    return argv[argv.index("--bind") + 1]


def drop_connections(database_url: str) -> int:
    """End every connection to the cluster's database but this one: what a database restart
    does to the app servers' kept connections."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return row[0]


def stored_tokens(database_url: str, ids: list[int]) -> dict[str, int]:
    """Rows per client token among these trainees' sets."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT client_token::text, count(*) FROM programs_setlog "
            "WHERE trainee_id = ANY(%s) GROUP BY client_token",
            [ids],
        ).fetchall()
    return dict(rows)


@dataclass
class Result:
    asked_seconds: float
    seconds: float
    trainees: int
    requests: int
    acknowledged: int
    stored: int
    lost: int
    duplicated: int
    failed_at_kill: int
    failed_at_drop: int
    other_failures: list[Failure]
    connections_dropped: int
    killed_back_after_s: float
    served_after_kill: dict[str, int]
    served_after_drop: dict[str, int]
    faults: Faults

    @property
    def passed(self) -> bool:
        return (
            self.lost == 0
            and self.duplicated == 0
            and not self.other_failures
            and self.served_after_kill.get(KILLED, 0) > 0
            and all(self.served_after_drop.values())
            and len(self.served_after_drop) >= 2
        )


def run(seconds: float, trainees: int, kill_at: float, down_for: float, drop_db_at: float):
    state = cluster.read_state()
    if not state.get("processes") or not all(map(cluster.alive, state["processes"].values())):
        raise SystemExit("The cluster is not running: make cluster first.")
    sessions = max(3, int(seconds // 20))
    code = WORLD.replace("COUNT", str(trainees)).replace("SESSIONS", str(sessions))
    people = cluster.django_json(code, state)
    emails = repr(sorted(person["email"] for person in people))
    signed = cluster.django_json(SIGN_IN_CODE.replace("EMAILS", emails), state)
    for person in people:
        _, key = signed["users"][person["email"]]
        person["cookies"] = {signed["cookie"]: key}

    access_log = Path(state["env"]["CLUSTER_DIR"]) / "nginx-access.log"
    log_start = access_log.stat().st_size if access_log.exists() else 0
    mix = Mix(state, people, seconds)
    faults = mix.run(kill_at, down_for, drop_db_at)
    with access_log.open() as log:
        log.seek(log_start)
        gateway_errors = [line for line in log if " 502 " in line]
    tally = mix.tally
    stored = stored_tokens(state["database_url"], [person["id"] for person in people])

    def near(at: float | None, failure: Failure) -> bool:
        return at is not None and at <= failure.at <= at + FAULT_WINDOW_S

    # nginx's own record of each 502: which server had the request when it failed.
    killed_address = f"upstream={bound_address(state, KILLED)}"
    all_from_killed = all(killed_address in line for line in gateway_errors)
    at_kill = [
        f
        for f in tally.failures
        if near(faults.killed_at, f) and f.status == 502 and all_from_killed
    ]
    at_drop = [f for f in tally.failures if near(faults.dropped_at, f) and f.status == 500]
    others = [f for f in tally.failures if f not in at_kill and f not in at_drop]

    def served_after(at: float) -> dict[str, int]:
        counts: dict[str, int] = {}
        for when, server in tally.answered:
            if when > at:
                counts[server] = counts.get(server, 0) + 1
        return counts

    return Result(
        asked_seconds=seconds,
        seconds=mix.now(),
        trainees=trainees,
        requests=tally.requests,
        acknowledged=len(tally.acknowledged),
        stored=sum(stored.values()),
        lost=sum(1 for token in tally.acknowledged if token not in stored),
        duplicated=sum(count - 1 for count in stored.values() if count > 1),
        failed_at_kill=len(at_kill),
        failed_at_drop=len(at_drop),
        other_failures=others,
        connections_dropped=faults.connections_dropped,
        killed_back_after_s=(faults.back_at or 0) - (faults.killed_at or 0),
        served_after_kill=served_after(faults.back_at or 0),
        served_after_drop=served_after((faults.dropped_at or 0) + FAULT_WINDOW_S),
        faults=faults,
    )


def table(result: Result) -> str:
    f = result.faults
    about = machine()
    return "\n".join(
        [
            f"Measured {datetime.date.today():%Y-%m-%d} with `make cluster` defaults (2 app "
            f"servers × 2 gunicorn sync workers behind one nginx worker, PostgreSQL on the "
            f"same machine: {about['cpus']} CPUs, {about['cpu']}, load {about['load']}), "
            f"`python scripts/cluster_faults.py --seconds {result.asked_seconds:.0f} "
            f"--trainees {result.trainees}` (the last sets finished {result.seconds:.0f} s "
            "in).",
            "",
            "| what | count |",
            "|---|---|",
            f"| requests through nginx | {result.requests} |",
            f"| sets acknowledged (answer carried `setLogged`) | {result.acknowledged} |",
            f"| sets stored for these trainees | {result.stored} |",
            f"| acknowledged sets lost | {result.lost} |",
            f"| sets stored twice | {result.duplicated} |",
            f"| {KILLED} killed (SIGKILL) at {f.killed_at:.1f} s, restarted at "
            f"{f.restarted_at:.1f} s, ready again at {f.back_at:.1f} s: requests failed "
            f"(502, in flight on {KILLED}) | {result.failed_at_kill} |",
            f"| database connections ended (`pg_terminate_backend`) at {f.dropped_at:.1f} s "
            f"| {result.connections_dropped} |",
            f"| requests failed by it (500, mid-query on a dropped connection) "
            f"| {result.failed_at_drop} |",
            f"| any other failed request | {len(result.other_failures)} |",
            f"| answered by {KILLED} after its restart | "
            f"{result.served_after_kill.get(KILLED, 0)} |",
            "| answered after the connections were dropped, per server (no restart) | "
            + ", ".join(f"{k}: {v}" for k, v in sorted(result.served_after_drop.items()))
            + " |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--trainees", type=int, default=50)
    parser.add_argument("--kill-at", type=float, default=15)
    parser.add_argument("--down-for", type=float, default=3)
    parser.add_argument("--drop-db-at", type=float, default=40)
    parser.add_argument("--record", action="store_true", help="write the table to docs")
    args = parser.parse_args()
    result = run(args.seconds, args.trainees, args.kill_at, args.down_for, args.drop_db_at)
    text = table(result)
    print(text)
    for failure in result.other_failures:
        print(f"unexpected failure: {failure}")
    if args.record:
        replace_section("cluster-faults", text, DOC)
    raise SystemExit(0 if result.passed else 1)


if __name__ == "__main__":
    main()
