#!/usr/bin/env python
"""Measure the coach's all-clients CSV export: rows per second, peak memory, query count.

Builds a coach with many clients and weeks of logged sets in a throwaway SQLite database
(never the dev database), then downloads /coach/export.csv through Django's test client,
consuming the stream as a browser would. Run from the repository root:

    .venv/bin/python scripts/measure_export.py                 # 200 clients × 12 weeks
    .venv/bin/python scripts/measure_export.py --clients 50 --weeks 4

Timing runs without tracemalloc (it slows Python down); a second download measures the
peak of Python memory allocated while streaming. docs/export.md keeps the figures.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
import tracemalloc
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAYS_PER_WEEK = 3
EXERCISES_PER_DAY = 3
SETS_PER_EXERCISE = 3


@dataclass
class Measurement:
    rows: int
    bytes: int
    seconds: float
    peak_bytes: int
    queries: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def build_history(*, clients: int, weeks: int):
    """A coach with `clients` current clients, each of whom logged every set of a program of
    `weeks` weeks × 3 days × 3 exercises × 3 sets. Returns the coach."""
    from django.contrib.auth.hashers import make_password

    from exercises.models import Exercise, Kind
    from innerback.models import Coaching, User
    from programs.models import (
        Enrolment,
        Program,
        ProgramDay,
        ProgramWeek,
        SetLog,
        TrainingSession,
    )

    password = make_password(None)  # unusable: nobody logs in, and hashing 200× is slow
    coach = User.objects.create(
        email="measure-coach@example.com", display_name="Measure Coach", is_coach=True
    )
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

    people = User.objects.bulk_create(
        User(email=f"client{n}@example.com", display_name=f"Client {n}", password=password)
        for n in range(clients)
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


def download(coach, *, trace_memory: bool) -> Measurement:
    """Download the coach's all-clients export, reading the stream chunk by chunk."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(coach)
    if trace_memory:
        tracemalloc.start()
    began = time.perf_counter()
    rows = size = 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/coach/export.csv")
        assert response.status_code == 200, response.status_code
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\r\n")  # notes here have no line breaks
    seconds = time.perf_counter() - began
    peak = 0
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return Measurement(rows - 1, size, seconds, peak, len(queries))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=12)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="innerback-export-") as workdir:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="innerback.settings",
            DATABASE_URL=f"sqlite:///{workdir}/measure.sqlite3",
            SECRET_KEY="measure-export-only",
            SECURE_COOKIES="false",
            ALLOWED_HOSTS="testserver",
        )
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command
        from django.db import connections

        # No collected static files are needed to stream a CSV; WhiteNoise need not say so.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        django.setup()
        call_command("migrate", verbosity=0)

        began = time.perf_counter()
        coach = build_history(clients=args.clients, weeks=args.weeks)
        built = time.perf_counter() - began
        print(f"built {args.clients} clients × {args.weeks} weeks in {built:.1f}s")

        timed = download(coach, trace_memory=False)
        traced = download(coach, trace_memory=True)
        connections.close_all()

    print(f"rows:         {timed.rows}")
    print(f"size:         {timed.bytes / 1024 / 1024:.1f} MiB")
    print(f"time:         {timed.seconds:.2f}s  ({timed.rows_per_second:,.0f} rows/s)")
    print(f"peak memory:  {traced.peak_bytes / 1024 / 1024:.2f} MiB (tracemalloc, streaming)")
    print(f"queries:      {timed.queries}")


if __name__ == "__main__":
    main()
