"""`manage.py rebuild_progress [--check]`: stored progress recomputed from the set log.

Every write to a set keeps its exercise's progress row in step (`SetLog.save`); this is the
rebuild that must agree with it. With `--check` nothing changes: each difference is printed
and the command fails if there is any.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programs.models import ExerciseProgress


class Command(BaseCommand):
    help = "Recompute every trainee's stored progress from their logged sets."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; print each difference and exit non-zero if there is one.",
        )

    def handle(self, *args, check: bool = False, **options) -> None:
        stored = {(row.trainee_id, row.exercise_id): row for row in ExerciseProgress.objects.all()}
        pairs = ExerciseProgress.objects.pairs()
        differences = 0
        for trainee_id, exercise_id in pairs:
            with transaction.atomic():
                fresh = ExerciseProgress.objects.computed(trainee_id, exercise_id)
                old = stored.get((trainee_id, exercise_id))
                if _values(fresh) == _values(old):
                    continue
                differences += 1
                if check:
                    self.stdout.write(_difference(trainee_id, exercise_id, old, fresh))
                else:
                    ExerciseProgress.objects.refresh(trainee_id, exercise_id)
        if check and differences:
            raise CommandError(f"{differences} of {len(pairs)} progress rows differ from the log.")
        verb = "differ" if check else "rebuilt"
        self.stdout.write(f"{len(pairs)} progress rows checked, {differences} {verb}.")


def _values(row: ExerciseProgress | None) -> tuple | None:
    return None if row is None else row.stored_values()


def _difference(trainee_id: int, exercise_id: int, old, fresh) -> str:
    where = f"trainee {trainee_id}, exercise {exercise_id}"
    if old is None:
        return f"{where}: missing; the log gives last day {fresh.last_day}"
    if fresh is None:
        return f"{where}: stored, but nothing of it is logged"
    parts = [
        name
        for name, a, b in zip(
            ("last_day", "kept_sets", "qualified"),
            old.stored_values()[2:],
            fresh.stored_values()[2:],
            strict=True,
        )
        if a != b
    ]
    return f"{where}: {', '.join(parts)} differ"
