"""Keeping `User.training_stamp` honest: it goes up in the same transaction as every write to
what the progression engine reads about a trainee (their sets and gate overrides), so the
engine's memo (`programs.engine`) is keyed by a value that changes with its inputs.

The signal receivers (`ProgramsConfig.ready`) cover every ORM save of a set — logging,
editing, soft-deleting, restoring, from views or factories — and every save and delete of an
override or a coach's adjustment (cascades included). Writes that bypass signals call
`training_changed` themselves (the calendar, the copy of a deleted coach's programs); bulk
writes (`seed_load`) make history for people nobody has looked at yet.
"""

from django.contrib.auth import get_user_model
from django.db import connection


def training_changed(trainee_id: int) -> int | None:
    """Move the trainee's stamp on; the new value (None if there is no such person)."""
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {users} SET training_stamp = training_stamp + 1 WHERE id = %s"
            " RETURNING training_stamp",
            [trainee_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def on_engine_input_saved(sender, instance, **kwargs) -> None:
    """The receiver for SetLog saves and GateOverride saves and deletes."""
    stamp = training_changed(instance.trainee_id)
    if type(instance).trainee.is_cached(instance):
        trainee = instance.trainee
        # The request's trainee object follows the write only when it was the one write
        # since the stamp it read: then what the request knew, plus this write, is what the
        # new stamp stands for. Otherwise it forgets its stamp, and the rest of the request
        # decides afresh instead of using the memo.
        known = trainee.training_stamp
        trainee.training_stamp = stamp if known is not None and stamp == known + 1 else None


def on_adjustment_saved(sender, instance, **kwargs) -> None:
    """The receiver for PrescriptionAdjustment saves and deletes: the enrolment's trainee's
    stamp moves (found in the database, as a cascade may be deleting the enrolment too)."""
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    enrolments = connection.ops.quote_name(
        instance._meta.get_field("enrolment").related_model._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {users} SET training_stamp = training_stamp + 1"
            f" WHERE id IN (SELECT trainee_id FROM {enrolments} WHERE id = %s)",
            [instance.enrolment_id],
        )
