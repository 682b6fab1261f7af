"""Keeping `User.training_stamp` honest: it goes up in the same transaction as every write to
what the progression engine reads about a trainee (their sets and gate overrides), so the
engine's memo (`programs.engine`) is keyed by a value that changes with its inputs.

The signal receivers (`ProgramsConfig.ready`) cover every ORM save of a set — logging,
editing, soft-deleting, restoring, from views or factories — and every save and delete of an
override or a coach's adjustment (cascades included). Writes that bypass signals call
`training_changed` themselves (the calendar, the copy of a deleted coach's programs); bulk
writes (`seed_load`) make history for people nobody has looked at yet. Logging a set on
PostgreSQL inserts it and moves the stamp in one statement (`insert_moving_stamp`).

Coach comments on a session move its trainee's stamp too, when written and when read: the
coach's page of the client keeps them with the client's state.

A program is part of what its followers' pages keep too (their sessions with the program's
names, the prescriptions): every save and delete of a program, week, day or prescription
moves the stamp of everyone with a plan of that program (`program_changed`), ended plans
included, since their old sessions still name it. The builder's bulk copy calls it itself.
"""

import functools
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, QuerySet


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
    _follow(instance, training_changed(instance.trainee_id))


def _follow(instance, stamp: int | None) -> None:
    if type(instance).trainee.is_cached(instance):
        trainee = instance.trainee
        # The request's trainee object follows the write only when it was the one write
        # since the stamp it read: then what the request knew, plus this write, is what the
        # new stamp stands for. Otherwise it forgets its stamp, and the rest of the request
        # decides afresh instead of using the memo.
        known = trainee.training_stamp
        trainee.training_stamp = stamp if known is not None and stamp == known + 1 else None


def insert_moving_stamp(instance) -> None:
    """Insert a new row of a model with a `trainee` (a set) and move the trainee's stamp in
    one statement (PostgreSQL: a data-modifying WITH), so in one round trip and with no
    transaction around it: what `save()` and `on_engine_input_saved` do in four (BEGIN,
    INSERT, UPDATE, COMMIT). The request's trainee follows as with a save. No `post_save`
    is sent; an IntegrityError is raised as `save()` would, with nothing written."""
    model = type(instance)
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    # Each value as the ORM's insert prepares it (no field here has a placeholder of its own).
    params = [f.get_db_prep_save(f.pre_save(instance, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_moving_stamp_sql(model, tuple(fields)), [*params, instance.trainee_id]
        )
        instance.pk, stamp = cursor.fetchone()
    instance._state.adding = False
    instance._state.db = connection.alias
    _follow(instance, stamp)


def _stamp_through(instance, relation: str) -> None:
    """Move the stamp of the trainee of the row `instance.<relation>` points at, found in
    the database (a cascade may be deleting that row too, and the receiver cannot know)."""
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    related = connection.ops.quote_name(
        instance._meta.get_field(relation).related_model._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {users} SET training_stamp = training_stamp + 1"
            f" WHERE id IN (SELECT trainee_id FROM {related} WHERE id = %s)",
            [getattr(instance, f"{relation}_id")],
        )


def on_adjustment_saved(sender, instance, **kwargs) -> None:
    """The receiver for PrescriptionAdjustment saves and deletes: the enrolment's trainee's
    stamp moves."""
    _stamp_through(instance, "enrolment")


def on_comment_changed(sender, instance, **kwargs) -> None:
    """The receiver for SessionComment saves and deletes: the session's trainee's stamp
    moves."""
    _stamp_through(instance, "session")


@functools.cache
def _insert_moving_stamp_sql(model, fields: tuple) -> str:
    """The statement of `insert_moving_stamp`: the same text every time, built once."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    users = quote(get_user_model()._meta.db_table)
    return (
        f"WITH inserted AS (INSERT INTO {quote(model._meta.db_table)} ({columns})"
        f" VALUES ({placeholders}) RETURNING {quote(model._meta.pk.column)})"
        f" UPDATE {users} SET training_stamp = training_stamp + 1 WHERE id = %s"
        " RETURNING (SELECT * FROM inserted), training_stamp"
    )


def program_changed(program_ids: Iterable[int] | QuerySet) -> None:
    """Move on the stamp of everyone with a plan (current or ended) of these programs."""
    get_user_model().objects.filter(enrolments__program_id__in=program_ids).update(
        training_stamp=F("training_stamp") + 1
    )


def on_program_part_changed(sender, instance, **kwargs) -> None:
    """The receiver for saves and deletes of programs, weeks, days and prescriptions. A
    deleted part's program still exists when it is told (a cascade deletes the parts
    first, and a program someone follows cannot be deleted)."""
    from programs.models import Prescription, ProgramDay, ProgramWeek

    if isinstance(instance, ProgramWeek):
        program_ids = [instance.program_id]
    elif isinstance(instance, ProgramDay):
        program_ids = ProgramWeek.objects.filter(pk=instance.week_id).values("program_id")
    elif isinstance(instance, Prescription):
        program_ids = ProgramWeek.objects.filter(days=instance.day_id).values("program_id")
    else:
        if kwargs.get("created"):
            return  # nobody follows a program yet at its creation
        program_ids = [instance.pk]
    program_changed(program_ids)
