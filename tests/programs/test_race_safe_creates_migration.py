"""Migration 0007 puts right what racing creates left behind before it adds the constraints
that stop them: items tied on a position in a day, and two live unlocks of one exercise."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("programs", "0006_text_and_size_limits")]
AFTER = [("programs", "0007_race_safe_creates")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    """The models as they were before 0007; the database is brought back up afterwards."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_tied_items_are_numbered_in_order_and_older_live_unlocks_revoked(old_apps):
    User = old_apps.get_model("innerback", "User")
    Exercise = old_apps.get_model("exercises", "Exercise")
    Program = old_apps.get_model("programs", "Program")
    Prescription = old_apps.get_model("programs", "Prescription")
    GateOverride = old_apps.get_model("programs", "GateOverride")
    trainee = User.objects.create(email="race@example.com")
    exercise = Exercise.objects.create(slug="race-row", name="Race row", default_tempo="3-1-1-0")
    day = Program.objects.create(name="Raced").weeks.create(number=1).days.create(position=1)
    # What eight simultaneous "Add item" clicks left: positions 1, 2, 2, 3, 3.
    items = [
        Prescription.objects.create(day=day, position=p, exercise=exercise, tempo="3-1-1-0")
        for p in (1, 2, 2, 3, 3)
    ]
    now = timezone.now()
    older, newer = (
        GateOverride.objects.create(
            trainee=trainee, exercise=exercise, reason="Cleared.", created_at=now - age
        )
        for age in (timedelta(minutes=1), timedelta(0))
    )

    new_apps = migrate(AFTER)

    Prescription = new_apps.get_model("programs", "Prescription")
    GateOverride = new_apps.get_model("programs", "GateOverride")
    positions = dict(Prescription.objects.filter(day_id=day.pk).values_list("pk", "position"))
    assert [positions[item.pk] for item in items] == [1, 2, 3, 4, 5]
    assert GateOverride.objects.get(pk=older.pk).revoked_at is not None
    assert GateOverride.objects.get(pk=newer.pk).revoked_at is None
