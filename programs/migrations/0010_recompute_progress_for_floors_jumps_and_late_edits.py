"""Stored progress gains what the engine now reads: each qualifying session's least sets,
reps, hold and lowering (for gate floors), and each kept set's load jump and the values it
counts with after a late edit. Every row is recomputed from the log, as `SetLog.save` would
write it (`rebuild_progress --check` confirms it)."""

from django.db import migrations


def recompute_progress(apps, schema_editor):
    from programs.models import progress_fields, window_rows

    SetLog = apps.get_model("programs", "SetLog")
    ExerciseProgress = apps.get_model("programs", "ExerciseProgress")
    live = SetLog.objects.filter(deleted_at__isnull=True)
    for row in ExerciseProgress.objects.all().iterator():
        rows = window_rows(live.filter(trainee_id=row.trainee_id, exercise_id=row.exercise_id))
        if not rows:
            row.delete()
            continue
        for name, value in progress_fields(rows).items():
            setattr(row, name, value)
        row.save(update_fields=["last_day", "kept_sets", "qualified"])


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0005_prerequisite_floors"),
        ("programs", "0009_set_edit_history"),
    ]

    # The old format cannot be rebuilt from the new one, nor is it needed: reversing leaves
    # the rows as they are (`rebuild_progress` mends them).
    operations = [migrations.RunPython(recompute_progress, migrations.RunPython.noop)]
