"""Stored progress used to be recomputed here, after the columns of issue 24. It reads the
log through the app's own code, which since issue 25 also reads the pain tables, so the
step moved to 0012, after 0011 creates them: a database upgraded from before issue 24 gets
it there, one that ran it here gets it again with the pain columns the rows now carry."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0005_prerequisite_floors"),
        ("programs", "0009_set_edit_history"),
    ]

    operations = []
