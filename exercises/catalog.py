"""Load the shipped catalog (``catalog_data``) into the database.

The data migration calls this with its historical app registry, so it must only touch fields
that exist at that migration; anything else may call it with the live registry. It upserts by
stable keys (slugs, cue positions, gate pairs), so running it again changes nothing, and it
never deletes: rows that staff added in the admin stay where they are.
"""

from decimal import Decimal

from django.apps import apps as live_apps
from django.apps.registry import Apps
from django.db import transaction

from . import catalog_data
from .models import gate_floor

# The model fields an exercise dict fills directly, as opposed to its relations.
_EXERCISE_FIELDS = (
    "name",
    "kind",
    "summary",
    "setup",
    "measure",
    "default_tempo",
    "default_sets",
    "reps_min",
    "reps_max",
    "hold_s",
    "rest_s",
)
_LIST_FIELDS = ("steps", "cues", "faults", "form_checks")


def exercise_defaults(entry: dict) -> dict:
    """The column values of one catalog entry: lists become one item per line, loads Decimals."""
    defaults = {field: entry[field] for field in _EXERCISE_FIELDS}
    defaults.update({field: "\n".join(entry[field]) for field in _LIST_FIELDS})
    defaults["load_increment_kg"] = Decimal(entry["load_increment_kg"])
    defaults["load_increment_lb"] = Decimal(entry["load_increment_lb"])
    return defaults


@transaction.atomic
def load_catalog(registry: Apps = live_apps) -> None:
    """Upsert universal cues, muscles, equipment, exercises (with their muscles, equipment and
    progressions) and the gates between them."""
    universal_cue = registry.get_model("exercises", "UniversalCue")
    muscle_model = registry.get_model("exercises", "Muscle")
    equipment_model = registry.get_model("exercises", "Equipment")
    exercise_model = registry.get_model("exercises", "Exercise")
    prerequisite_model = registry.get_model("exercises", "Prerequisite")

    # A cue has no slug; its place in the list is what identifies it across rewordings.
    for position, text in enumerate(catalog_data.UNIVERSAL_CUES, start=1):
        universal_cue.objects.update_or_create(position=position, defaults={"text": text})

    muscles = {
        slug: muscle_model.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in catalog_data.MUSCLES
    }
    equipment = {
        slug: equipment_model.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in catalog_data.EQUIPMENT
    }

    exercises = {}
    by_slug = {entry["slug"]: entry for entry in catalog_data.EXERCISES}
    for entry in catalog_data.EXERCISES:
        exercise, _ = exercise_model.objects.update_or_create(
            slug=entry["slug"], defaults=exercise_defaults(entry)
        )
        exercise.muscles.set([muscles[slug] for slug in entry["muscles"]])
        exercise.equipment.set([equipment[slug] for slug in entry["equipment"]])
        exercises[entry["slug"]] = exercise

    # Progressions point at other catalog entries, so they are linked once all exist.
    for entry in catalog_data.EXERCISES:
        exercises[entry["slug"]].progressions.set(
            [exercises[slug] for slug in entry["progressions"]]
        )

    # A gate created here gets its floor from the required exercise's defaults; an existing
    # one keeps whatever floor staff set. (Before the floors migration there is no floor.)
    has_floors = any(f.name == "min_sets" for f in prerequisite_model._meta.get_fields())
    for gated, required, sessions, window_days in catalog_data.GATES:
        defaults = {"sessions": sessions, "window_days": window_days}
        entry = by_slug[required]
        floor = (
            gate_floor(
                measure=entry["measure"],
                default_sets=entry["default_sets"],
                reps_min=entry["reps_min"],
                hold_s=entry["hold_s"],
                tempo=entry["default_tempo"],
            )
            if has_floors
            else {}
        )
        prerequisite_model.objects.update_or_create(
            exercise=exercises[gated],
            required=exercises[required],
            defaults=defaults,
            create_defaults={**defaults, **floor},
        )
