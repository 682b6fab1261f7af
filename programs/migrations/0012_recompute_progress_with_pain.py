"""Stored progress, filled or recomputed from the log: each trainee's progress on each
exercise they logged, as `SetLog.save` would write it (`rebuild_progress --check` confirms
it). Since 0005 the rows also keep each qualifying session's least sets, reps, hold and
lowering (gate floors), each kept set's load jump, and the values a set counts with after a
late edit; since 0011 each kept set's session pain (moved here from 0010 for that).

It reads the log through the app's own code (`progress_fields`, `window_rows`), which reads
today's columns, so it must stay the last migration to touch SetLog's columns: one that adds
a column SetLog's rows need moves this step after it."""

from django.db import migrations


def fill_progress(apps, schema_editor):
    from programs.models import progress_fields, window_rows

    SetLog = apps.get_model("programs", "SetLog")
    ExerciseProgress = apps.get_model("programs", "ExerciseProgress")
    live = SetLog.objects.filter(deleted_at__isnull=True)
    logged = set(live.values_list("trainee_id", "exercise_id").distinct().order_by())
    stored = set(ExerciseProgress.objects.values_list("trainee_id", "exercise_id"))
    ExerciseProgress.objects.filter(
        pk__in=[
            pk
            for pk, trainee_id, exercise_id in ExerciseProgress.objects.values_list(
                "pk", "trainee_id", "exercise_id"
            )
            if (trainee_id, exercise_id) not in logged
        ]
    ).delete()
    batch = []
    for trainee_id, exercise_id in sorted(logged):
        rows = window_rows(live.filter(trainee_id=trainee_id, exercise_id=exercise_id))
        fields = progress_fields(rows)
        if (trainee_id, exercise_id) in stored:
            ExerciseProgress.objects.filter(trainee_id=trainee_id, exercise_id=exercise_id).update(
                **fields
            )
            continue
        batch.append(ExerciseProgress(trainee_id=trainee_id, exercise_id=exercise_id, **fields))
        if len(batch) >= 500:
            ExerciseProgress.objects.bulk_create(batch)
            batch = []
    ExerciseProgress.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0011_pain_ratings_morning_checks_and_flags"),
    ]

    # The old format cannot be rebuilt from the new one, nor is it needed: reversing leaves
    # the rows as they are (`rebuild_progress` mends them).
    operations = [migrations.RunPython(fill_progress, migrations.RunPython.noop)]
