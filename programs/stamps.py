"""Keeping `User.training_stamp` honest: it goes up in the same transaction as every write to
what the progression engine reads about a trainee (their sets and gate overrides), so the
engine's memo (`programs.engine`) is keyed by a value that changes with its inputs.

The signal receivers (`ProgramsConfig.ready`) cover every ORM save of a set — logging,
editing, soft-deleting, restoring, from views or factories — and every save and delete of an
override. Bulk writes (`seed_load`) make history for people nobody has looked at yet.
"""

from django.contrib.auth import get_user_model
from django.db.models import F


def training_changed(trainee_id: int) -> None:
    get_user_model().objects.filter(pk=trainee_id).update(training_stamp=F("training_stamp") + 1)


def on_engine_input_saved(sender, instance, **kwargs) -> None:
    """The receiver for SetLog saves and GateOverride saves and deletes."""
    training_changed(instance.trainee_id)
    # The trainee object this request holds no longer knows its stamp: the rest of the
    # request works out the engine's decisions afresh instead of using the memo.
    descriptor = type(instance).trainee
    if descriptor.is_cached(instance):
        instance.trainee.training_stamp = None
