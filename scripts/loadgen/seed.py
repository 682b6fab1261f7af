"""Build a large, realistic dataset for benchmarks and load tests, fast.

    .venv/bin/python scripts/seed_load.py --trainees 2000 --weeks 104 --clients 200

Creates `--trainees` trainees (trainee00001@load.example.com, ...) who followed the built-in
starter program three days a week for `--weeks` weeks, cycle after cycle, with a realistic
mix of clean and failed form checks and rising loads; and one coach (coach@load.example.com)
whose clients are the first `--clients` trainees. Everyone's password is LOAD_PASSWORD,
hashed once. Rows go in with PostgreSQL's COPY (or `bulk_create` in large batches on other
databases, or with `--writer bulk`), a batch of trainees per transaction.

The row contents come from `scripts.loadgen.load_data`. Safety: the command refuses to run against
a database that has any other user unless `--force`; a database that already holds the
load dataset is left as it is.
"""

import itertools
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from exercises.models import Kind, Measure
from innerback.accounts.models import User
from innerback.coaching.models import Coaching
from programs.models import (
    Enrolment,
    ExerciseProgress,
    Prescription,
    Program,
    SetLog,
    TrainingSession,
)
from programs.planning.calendar import week_start
from scripts.loadgen.load_data import (
    SESSION_COLUMNS,
    SET_COLUMNS,
    DaySpec,
    ItemSpec,
    TraineeHistory,
)

STARTER_SLUG = "inner-back-foundations"
LOAD_DOMAIN = "load.example.com"
LOAD_PASSWORD = "innerback-load"
COACH_EMAIL = f"coach@{LOAD_DOMAIN}"
BULK_BATCH = 5000


def trainee_email(number: int) -> str:
    return f"trainee{number:05d}@{LOAD_DOMAIN}"


def program_days(program: Program) -> list[DaySpec]:
    """The program's days in the order they are done, with their prescriptions as plain
    specs (two queries)."""
    by_day: dict[int, list[ItemSpec]] = {}
    prescriptions = (
        Prescription.objects.filter(day__week__program=program)
        .select_related("exercise")
        .order_by("day_id", "position", "id")
    )
    for p in prescriptions:
        exercise = p.exercise
        by_day.setdefault(p.day_id, []).append(
            ItemSpec(
                prescription_id=p.pk,
                exercise_id=exercise.pk,
                resistance=exercise.kind == Kind.RESISTANCE,
                hold=exercise.measure == Measure.HOLD,
                sets=p.sets,
                reps_min=p.reps_min,
                reps_max=p.reps_max,
                hold_s=p.hold_s,
                tempo=p.tempo,
                start_load=p.start_load_kg,
                increment=exercise.load_increment_kg,
                checks=tuple(exercise.form_check_list),
            )
        )
    days = program.weeks.values_list("days__id", "number").order_by("number", "days__position")
    return [
        DaySpec(program_day_id=day_id, week=week, items=tuple(by_day.get(day_id, ())))
        for day_id, week in days
        if day_id is not None
    ]


class Writer:
    """Writes rows with explicit ids: `bulk_create` in large batches (any database)."""

    name = "bulk_create"

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable) -> int:
        count = 0
        json_fields = {
            f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"
        }
        batch: list[models.Model] = []
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            for name in json_fields & values.keys():
                values[name] = json.loads(values[name])
            batch.append(model(**values))
            if len(batch) >= BULK_BATCH:
                model.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        model.objects.bulk_create(batch)
        return count + len(batch)


class CopyWriter(Writer):
    """Writes rows with PostgreSQL's COPY, several times faster than multi-row INSERTs."""

    name = "COPY"

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable) -> int:
        count = 0
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count


def next_id(model: type[models.Model]) -> Iterator[int]:
    return itertools.count((model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1)


def reset_sequences(tables: Iterable[type[models.Model]]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in tables:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def write_histories(
    batch: Sequence[tuple[int, User]],
    *,
    program: Program,
    first_monday: date,
    today: date,
    writer: Writer | None = None,
    ids: tuple[Iterator[int], Iterator[int]] | None = None,
) -> dict[str, int]:
    """Write the histories of `batch` ((trainee number, user) pairs) from `first_monday` to
    `today`: their enrolments, sessions and sets. Returns how many of each it wrote."""
    writer = writer or Writer()
    session_ids, set_ids = ids or (next_id(TrainingSession), next_id(SetLog))
    days = program_days(program)
    histories = [
        TraineeHistory(
            trainee_number=number,
            trainee_id=user.pk,
            days=days,
            first_monday=first_monday,
            today=today,
        )
        for number, user in batch
    ]
    enrolments = []
    plans = []
    for history in histories:
        cycles = history.cycles()
        for index, cycle in enumerate(cycles):
            following = cycles[index + 1].start_date if index + 1 < len(cycles) else None
            enrolment = Enrolment(
                trainee_id=history.trainee_id,
                program=program,
                start_date=cycle.start_date,
                training_days=history.training_days,
                created_at=_midnight(cycle.start_date),
                ended_at=_midnight(following) if following else None,
            )
            enrolments.append(enrolment)
            plans.append((history, index, enrolment))
    Enrolment.objects.bulk_create(enrolments, batch_size=BULK_BATCH)
    # Sessions first (the sets point at them), then every set of the batch.
    sessions = [
        row
        for history, index, enrolment in plans
        for row in history.sessions(index, enrolment.pk, session_ids)
    ]
    written = {
        "enrolments": len(enrolments),
        "sessions": writer.write(TrainingSession, SESSION_COLUMNS, sessions),
        "sets": writer.write(
            SetLog, SET_COLUMNS, (row for h, index, _ in plans for row in h.sets(index, set_ids))
        ),
    }
    # The rows carry ids of their own, so the next ordinary insert must start after them.
    reset_sequences([TrainingSession, SetLog])
    # Bulk writes skip SetLog.save, which keeps the stored progress.
    ExerciseProgress.objects.refresh_trainees(history.trainee_id for history in histories)
    return written


class Command(BaseCommand):
    help = "Build a large load-test dataset (trainees, a coach, years of logged sets) fast."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--trainees", type=int, default=2000)
        parser.add_argument("--weeks", type=int, default=104, help="Weeks of history each.")
        parser.add_argument(
            "--clients", type=int, default=200, help="How many trainees the coach coaches."
        )
        parser.add_argument("--batch", type=int, default=100, help="Trainees per transaction.")
        parser.add_argument(
            "--writer",
            choices=["copy", "bulk"],
            default="copy" if connection.vendor == "postgresql" else "bulk",
            help="COPY (PostgreSQL only) or bulk_create.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even if the database has other users."
        )

    def handle(self, *args, **options) -> None:
        trainees, weeks, clients = options["trainees"], options["weeks"], options["clients"]
        if trainees < 1 or weeks < 1 or not 0 <= clients <= trainees:
            raise CommandError("Need at least one trainee and one week, and clients ≤ trainees.")
        if self._already_seeded(force=options["force"]):
            return
        writer = CopyWriter() if options["writer"] == "copy" else Writer()
        if writer.name == "COPY" and connection.vendor != "postgresql":
            raise CommandError("--writer copy needs PostgreSQL.")
        program = Program.objects.get(slug=STARTER_SLUG)
        today = timezone.localdate()
        first_monday = week_start(today) - timedelta(weeks=weeks)

        started = time.perf_counter()
        password = make_password(LOAD_PASSWORD)  # hashing is slow on purpose: once for all
        users = User.objects.bulk_create(
            [
                User(
                    email=trainee_email(n), display_name=f"Load Trainee {n:05d}", password=password
                )
                for n in range(1, trainees + 1)
            ],
            batch_size=BULK_BATCH,
        )
        ids = (next_id(TrainingSession), next_id(SetLog))
        totals = {"enrolments": 0, "sessions": 0, "sets": 0}
        for first in range(0, trainees, options["batch"]):
            batch = list(enumerate(users[first : first + options["batch"]], start=first + 1))
            with transaction.atomic():
                written = write_histories(
                    batch,
                    program=program,
                    first_monday=first_monday,
                    today=today,
                    writer=writer,
                    ids=ids,
                )
            for key, count in written.items():
                totals[key] += count
            self.stdout.write(
                f"  {first + len(batch):>6} trainees, {totals['sets']:>10,} sets "
                f"({time.perf_counter() - started:.0f} s)"
            )
        with transaction.atomic():
            # Last, so its presence says the dataset is complete.
            coach = User.objects.create(
                email=COACH_EMAIL, display_name="Load Coach", is_coach=True, password=password
            )
            Coaching.objects.bulk_create(
                [Coaching(coach=coach, client=user) for user in users[:clients]]
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Built {trainees} trainees × {weeks} weeks with {writer.name}: "
            f"{totals['enrolments']:,} enrolments, {totals['sessions']:,} sessions, "
            f"{totals['sets']:,} sets in {elapsed:.0f} s "
            f"({totals['sets'] / elapsed:,.0f} sets/s)."
        )
        self._print_logins(trainees, clients)

    def _already_seeded(self, *, force: bool) -> bool:
        """True (and says so) when the dataset is here; refuses a database with other
        users unless --force, and one a previous run left half-built."""
        load_users = User.objects.filter(email__endswith=f"@{LOAD_DOMAIN}")
        if load_users.filter(email=COACH_EMAIL).exists():
            count = load_users.count() - 1
            self.stdout.write(
                f"The load dataset is already here ({count} trainees, "
                f"{SetLog.objects.count():,} sets); nothing to do."
            )
            self._print_logins(count, Coaching.objects.filter(coach__email=COACH_EMAIL).count())
            return True
        if load_users.exists():
            raise CommandError(
                "A previous seed_load stopped part-way (load users but no load coach). "
                "Drop and re-create this database, then migrate and run seed_load again."
            )
        if User.objects.exists() and not force:
            raise CommandError(
                "This database already has users. seed_load is for an empty benchmark database; "
                "pass --force if you really mean to add the load dataset here."
            )
        return False

    def _print_logins(self, trainees: int, clients: int) -> None:
        self.stdout.write(f"Password for every load user: {LOAD_PASSWORD}")
        self.stdout.write(f"  coach:    {COACH_EMAIL} ({clients} clients)")
        self.stdout.write(f"  trainees: {trainee_email(1)} … {trainee_email(trainees)}")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, clock(0), tzinfo=UTC)
