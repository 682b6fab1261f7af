"""Load the built-in starter program (``starter_program.STARTER_PROGRAM``) into the database.

The data migration calls this with its historical app registry, so it only touches fields that
exist at that migration. It upserts by stable keys (program slug, week number, day position,
item position), so running it again changes nothing. Built-in programs have no owner.
"""

from decimal import Decimal

from django.apps import apps as live_apps
from django.apps.registry import Apps
from django.db import transaction

from .starter_program import STARTER_PROGRAM

_PRESCRIPTION_FIELDS = ("sets", "reps_min", "reps_max", "hold_s", "tempo", "rest_s", "notes")


def prescription_defaults(item: dict) -> dict:
    defaults = {field: item[field] for field in _PRESCRIPTION_FIELDS}
    load = item["start_load_kg"]
    defaults["start_load_kg"] = None if load is None else Decimal(load)
    return defaults


@transaction.atomic
def load_starter_program(registry: Apps = live_apps, data: dict = STARTER_PROGRAM):
    """Upsert the starter program with its weeks, days and prescriptions; returns the program.

    Prescriptions past the end of a day's list are removed so the day matches the shipped
    content. Weeks and days are never removed: trainees' sessions point at them."""
    program_model = registry.get_model("programs", "Program")
    week_model = registry.get_model("programs", "ProgramWeek")
    day_model = registry.get_model("programs", "ProgramDay")
    prescription_model = registry.get_model("programs", "Prescription")
    exercise_model = registry.get_model("exercises", "Exercise")

    exercises = {exercise.slug: exercise for exercise in exercise_model.objects.all()}
    program, _ = program_model.objects.update_or_create(
        slug=data["slug"],
        defaults={"name": data["name"], "description": data["description"], "owner": None},
    )
    for week_data in data["weeks"]:
        week, _ = week_model.objects.update_or_create(
            program=program, number=week_data["number"], defaults={"focus": week_data["focus"]}
        )
        for position, day_data in enumerate(week_data["days"], start=1):
            day, _ = day_model.objects.update_or_create(
                week=week, position=position, defaults={"title": day_data["title"]}
            )
            for item_position, item in enumerate(day_data["items"], start=1):
                slug = item["exercise"]
                if slug not in exercises:
                    raise LookupError(f"The starter program uses {slug!r}, not in the catalog.")
                prescription_model.objects.update_or_create(
                    day=day,
                    position=item_position,
                    defaults={"exercise": exercises[slug], **prescription_defaults(item)},
                )
            prescription_model.objects.filter(day=day, position__gt=len(day_data["items"])).delete()
    return program
