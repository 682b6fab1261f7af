"""How long each text of the catalog may be (staff write it in the admin), in one place.

Each is its field's `max_length`; a `TextField`'s is also a database check. The longest
shipped text is about 550 characters, so these leave room to write more. docs/security.md
("Limits") lists them all.
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

EXERCISE_NAME_LENGTH = 100
EXERCISE_SUMMARY_LENGTH = 240
# setup, steps, cues, faults and form checks: a few lines each.
EXERCISE_TEXT_LENGTH = 4000
MUSCLE_NAME_LENGTH = 60
EQUIPMENT_NAME_LENGTH = 60
CUE_LENGTH = 200

# The how-to texts of an exercise, each a TextField of EXERCISE_TEXT_LENGTH.
EXERCISE_TEXTS = ("setup", "steps", "cues", "faults", "form_checks")


def length_at_most(field: str, limit: int, name: str) -> models.CheckConstraint:
    """The database's own refusal of a text longer than `limit` in the TextField `field`,
    whatever path writes it; forms refuse it first, beside the field, through the field's
    `max_length` (a CharField's own column type already bounds it)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=f"Keep this to {limit:,} characters.",
    )
