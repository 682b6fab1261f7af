#!/usr/bin/env python
"""Measure the coach's all-clients CSV export: rows per second and time to the first byte.

Builds a coach whose clients each logged every set of a 12-week program (324 sets each),
then downloads /coach/export.csv through Django's test client, reading the stream chunk by
chunk as a browser would. Run from the repository root:

    .venv/bin/python scripts/measure_export.py                  # throwaway SQLite, 300,024 sets
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/innerback_export \\
        .venv/bin/python scripts/measure_export.py              # an existing, empty database

Without DATABASE_URL the database is a temporary SQLite file. A DATABASE_URL database is
migrated and the history built once: later runs find the measure coach and reuse it (so
never point it at a database people use). docs/export.md keeps the figures.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COACH_EMAIL = "measure-coach@example.com"
DAYS_PER_WEEK = 3
EXERCISES_PER_DAY = 3
SETS_PER_EXERCISE = 3


@dataclass
class Measurement:
    rows: int
    bytes: int
    seconds: float
    cpu_seconds: float  # of this process: on a busy machine, what the export itself cost
    first_byte_seconds: float  # the header row
    first_rows_seconds: float  # the first chunk that holds sets
    queries: int
    peak_bytes: int  # of Python memory while streaming; 0 unless traced

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def build_history(*, clients: int, weeks: int):
    """A coach with `clients` current clients, each of whom logged every set of a program of
    `weeks` weeks × 3 days × 3 exercises × 3 sets. Returns the coach."""
    from exercises.models import Exercise, Kind
    from innerback.accounts.models import User
    from innerback.coaching.models import Coaching
    from programs.models import (
        Enrolment,
        Program,
        ProgramDay,
        ProgramWeek,
        SetLog,
        TrainingSession,
    )

    coach = User.objects.create(email=COACH_EMAIL, display_name="Measure Coach", is_coach=True)
    exercises = [
        Exercise.objects.create(
            name=f"Measure exercise {n}",
            slug=f"measure-exercise-{n}",
            kind=Kind.RESISTANCE if n else Kind.FOUNDATIONAL,
            steps="Move slowly.",
            cues="Brace.",
            faults="Rushing.",
            form_checks="Torso stayed still\nSpine stayed neutral",
            reps_min=8,
            reps_max=12,
        )
        for n in range(EXERCISES_PER_DAY)
    ]
    program = Program.objects.create(name="Measure program")
    days = []
    for number in range(1, weeks + 1):
        week = ProgramWeek.objects.create(program=program, number=number)
        days += [
            ProgramDay.objects.create(week=week, position=position)
            for position in range(1, DAYS_PER_WEEK + 1)
        ]

    # No password: nobody logs in (force_login), and hashing hundreds is slow.
    people = User.objects.bulk_create(
        User(email=f"client{n}@example.com", display_name=f"Client {n}") for n in range(clients)
    )
    Coaching.objects.bulk_create(Coaching(coach=coach, client=person) for person in people)
    start = datetime.date(2026, 1, 5)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(trainee=person, program=program, start_date=start, training_days=[0, 2, 4])
        for person in people
    )
    for enrolment in enrolments:
        sessions = TrainingSession.objects.bulk_create(
            TrainingSession(
                enrolment=enrolment,
                trainee_id=enrolment.trainee_id,
                program_day=day,
                scheduled_on=start + datetime.timedelta(days=7 * (n // 3) + 2 * (n % 3)),
            )
            for n, day in enumerate(days)
        )
        SetLog.objects.bulk_create(
            (
                SetLog(
                    trainee_id=enrolment.trainee_id,
                    session=session,
                    exercise=exercise,
                    set_number=set_number,
                    performed_on=session.scheduled_on,
                    target_sets=SETS_PER_EXERCISE,
                    target_reps_min=8,
                    target_reps_max=12,
                    target_tempo="3-1-1-0",
                    reps=10,
                    load=None if exercise.kind == Kind.FOUNDATIONAL else 12,
                    eccentric_s=3,
                    checks_total=2,
                    failed_checks=["Torso stayed still"] if set_number == 3 else [],
                    form_ok=set_number != 3,
                    effort_rpe=7,
                    note="Felt steady, left side a little tired",
                )
                for session in sessions
                for exercise in exercises
                for set_number in range(1, SETS_PER_EXERCISE + 1)
            ),
            batch_size=2000,
        )
    return coach


def download(coach, *, trace_memory: bool = False) -> Measurement:
    """Download the coach's all-clients export, reading the stream chunk by chunk."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(coach)
    if trace_memory:
        tracemalloc.start()
    rows = size = 0
    first_byte = first_rows = None
    with CaptureQueriesContext(connection) as queries:
        began, cpu_began = time.perf_counter(), time.process_time()
        response = client.get("/coach/export.csv")
        assert response.status_code == 200, response.status_code
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\r\n")  # notes here have no line breaks
            first_byte = first_byte or time.perf_counter() - began
            if first_rows is None and rows > 1:
                first_rows = time.perf_counter() - began
        seconds = time.perf_counter() - began
        cpu_seconds = time.process_time() - cpu_began
    peak = 0
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rows -= 1  # the header
    return Measurement(
        rows, size, seconds, cpu_seconds, first_byte, first_rows or seconds, len(queries), peak
    )


def measure(*, clients: int, weeks: int, runs: int) -> None:
    import django
    from django.core.management import call_command
    from django.db import connection

    # No collected static files are needed to stream a CSV; WhiteNoise need not say so.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from innerback.accounts.models import User

    call_command("migrate", verbosity=0)
    coach = User.objects.filter(email=COACH_EMAIL).first()
    if coach is None:
        began = time.perf_counter()
        coach = build_history(clients=clients, weeks=weeks)
        print(f"built {clients} clients × {weeks} weeks in {time.perf_counter() - began:.1f}s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    else:
        print("reusing the history already in the database")

    print(f"load average:    {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    download(coach)  # warm up: connection, caches, the OS's file cache
    timed = [download(coach) for _ in range(runs)]
    traced = download(coach, trace_memory=True)

    def median(values):
        return statistics.median(values)

    print(f"database:        {connection.vendor}")
    print(f"rows:            {timed[0].rows:,}  ({timed[0].bytes / 1024 / 1024:.1f} MiB)")
    print(f"rows/s:          {median([m.rows_per_second for m in timed]):,.0f}  (median of {runs})")
    print(f"whole download:  {median([m.seconds for m in timed]):.2f} s")
    print(f"Python CPU:      {median([m.cpu_seconds for m in timed]):.2f} s (this process)")
    print(f"first byte:      {median([m.first_byte_seconds for m in timed]) * 1000:.1f} ms")
    print(f"first sets:      {median([m.first_rows_seconds for m in timed]) * 1000:.1f} ms")
    print(f"queries:         {timed[0].queries}")
    print(f"peak memory:     {traced.peak_bytes / 1024 / 1024:.2f} MiB (tracemalloc, streaming)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=926, help="324 sets each")
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="innerback.settings",
        SECRET_KEY="measure-export-only",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="testserver",
    )
    if "DATABASE_URL" in os.environ:
        measure(clients=args.clients, weeks=args.weeks, runs=args.runs)
        return
    with tempfile.TemporaryDirectory(prefix="innerback-export-") as workdir:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/measure.sqlite3"
        measure(clients=args.clients, weeks=args.weeks, runs=args.runs)


if __name__ == "__main__":
    main()
