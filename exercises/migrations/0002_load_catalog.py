"""Ship the built-in catalog with the schema, so a fresh database has every exercise and gate."""

from django.db import migrations

from exercises.catalog import load_catalog


def load(apps, schema_editor):
    load_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    # Reversing keeps the rows: staff may have edited them, and 0001's reverse drops the tables.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
