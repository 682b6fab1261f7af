"""Ship the built-in starter program with the schema, so a fresh database can follow it."""

from django.db import migrations

from programs.authoring.starter import load_starter_program


def load(apps, schema_editor):
    load_starter_program(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("exercises", "0002_load_catalog"),
    ]

    # Reversing keeps the rows: trainees may be following the program, and 0001's reverse
    # drops the tables anyway.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
