"""The catalog page's data: every exercise as its card shows it, and the filter choices.

The catalog is tens of exercises that change only through the admin, so it is read once per
process through `snapshot.memo` (four queries) and each request filters it in Python instead
of querying again.
"""

import uuid
from dataclasses import dataclass

from .models import Equipment, Exercise, Muscle


@dataclass(frozen=True, slots=True)
class Card:
    """One exercise as the catalog lists it, with the slugs its filters match on."""

    name: str
    url: str
    kind: str
    kind_display: str
    summary: str
    muscles: str
    equipment: str
    prescription: str
    unlocks_after: str
    muscle_slugs: frozenset[str]
    equipment_slugs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Listing:
    """The whole catalog in display order (kind, then name), and the filter choices as
    (slug, name) pairs in name order. `token` is new with every read, so HTML cached under it
    is never served once the catalog has changed."""

    cards: tuple[Card, ...]
    muscles: tuple[tuple[str, str], ...]
    equipment: tuple[tuple[str, str], ...]
    token: str


def listing() -> Listing:
    """The catalog as this process last read it (see `snapshot` for how fresh that is)."""
    return _read_listing()


def _read_listing() -> Listing:
    exercises = Exercise.objects.with_catalog_relations().with_gates()
    return Listing(
        cards=tuple(_card(exercise) for exercise in exercises),
        muscles=tuple(Muscle.objects.values_list("slug", "name")),
        equipment=tuple(Equipment.objects.values_list("slug", "name")),
        token=uuid.uuid4().hex,
    )


def _card(exercise: Exercise) -> Card:
    muscles = exercise.muscles.all()
    equipment = exercise.equipment.all()
    return Card(
        name=exercise.name,
        url=exercise.get_absolute_url(),
        kind=exercise.kind,
        kind_display=exercise.get_kind_display(),
        summary=exercise.summary,
        muscles=", ".join(muscle.name for muscle in muscles),
        equipment=", ".join(item.name for item in equipment),
        prescription=exercise.prescription_text,
        unlocks_after=", ".join(gate.required.name for gate in exercise.prerequisites.all()),
        muscle_slugs=frozenset(muscle.slug for muscle in muscles),
        equipment_slugs=frozenset(item.slug for item in equipment),
    )


def matching(
    cards: tuple[Card, ...],
    *,
    kind: str = "",
    muscle: str = "",
    equipment: str = "",
    name: str = "",
) -> list[Card]:
    """The cards that pass every filter, in catalog order; an empty value leaves that filter
    off. The name matches anywhere in it, ignoring case."""
    name = name.strip().casefold()
    return [
        card
        for card in cards
        if (not kind or card.kind == kind)
        and (not muscle or muscle in card.muscle_slugs)
        and (not equipment or equipment in card.equipment_slugs)
        and (not name or name in card.name.casefold())
    ]
