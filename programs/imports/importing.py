"""Importing a workout log: upload, preview, confirm, undo. No HTTP here.

* An upload is read at once, so a malformed file is refused before anything is stored; a
  good one is kept as text with its preview waiting (one at a time per person: a new upload
  replaces a waiting one).
* The preview is worked out from the stored text on every look, so looking changes nothing.
* Confirming writes every new set in one transaction, skipping sets an earlier import of
  the person already brought; confirming twice imports once.
* Undo deletes the import and exactly its sets.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from exercises.models import Exercise

from .formats import ParsedFile, ParsedSet, parse
from .models import Import, ImportedSet, Status

# Rows written per INSERT: large files go in a few dozen statements.
BATCH_SIZE = 1000


@dataclass(frozen=True)
class SourceExercise:
    """One exercise name of the file, how many sets it has, and the catalog exercise it
    maps to by default (None: kept as "other")."""

    name: str
    sets: int
    exercise: Exercise | None


@dataclass(frozen=True)
class Preview:
    parsed: ParsedFile
    workouts: int
    new_sets: int
    duplicates: int
    first_day: date | None
    last_day: date | None
    exercises: list[SourceExercise]


def read(upload: Import, trainee) -> ParsedFile:
    return parse(upload.text.encode(), default_unit=trainee.load_unit)


def upload(*, trainee, file_name: str, data: bytes) -> Import:
    """Read an uploaded file and keep it, its preview waiting. A file that cannot be read
    raises `FileProblem` and nothing is stored."""
    parsed = parse(data, default_unit=trainee.load_unit)
    with transaction.atomic():
        Import.objects.of(trainee).filter(status=Status.PREVIEW).delete()
        return Import.objects.create(
            trainee=trainee,
            source=parsed.source,
            file_name=file_name[:200],
            text=data.decode("utf-8-sig"),
        )


def catalog_match(name: str, catalog: list[Exercise]) -> Exercise | None:
    """The catalog exercise a file's exercise name stands for: the same name whatever the
    case, or the same slug ("Bird dog" is "Bird-dog"). None when there is none."""
    wanted = slugify(name)
    return next(
        (e for e in catalog if e.name.casefold() == name.casefold() or e.slug == wanted), None
    )


def _already_imported(trainee, fingerprints: list[str]) -> set[str]:
    """Which of these sets an earlier import of the person already brought: one query."""
    return set(
        ImportedSet.objects.filter(trainee=trainee)
        .exclude(source__status=Status.PREVIEW)
        .values_list("fingerprint", flat=True)
    ) & set(fingerprints)


def preview(upload: Import, trainee) -> Preview:
    """What confirming would import: workouts, new sets, duplicates skipped, the dates, and
    each exercise of the file with the catalog exercise it maps to by default."""
    parsed = read(upload, trainee)
    prints = parsed.fingerprints()
    seen = _already_imported(trainee, prints)
    new = [s for s, p in zip(parsed.sets, prints, strict=True) if p not in seen]
    catalog = list(Exercise.objects.order_by("name"))
    counts = Counter(s.exercise for s in parsed.sets)
    return Preview(
        parsed=parsed,
        workouts=len({_workout_key(s) for s in new}),
        new_sets=len(new),
        duplicates=len(parsed.sets) - len(new),
        first_day=min((s.day for s in new), default=None),
        last_day=max((s.day for s in new), default=None),
        exercises=[
            SourceExercise(name, count, catalog_match(name, catalog))
            for name, count in sorted(counts.items(), key=lambda item: item[0].casefold())
        ],
    )


def _workout_key(parsed: ParsedSet) -> tuple:
    return (parsed.day, parsed.workout, parsed.program, parsed.week, parsed.program_day)


def confirm(upload: Import, trainee, mapping: dict[str, Exercise | None]) -> Import:
    """Import the new sets of a waiting upload, each exercise as `mapping` says (a name
    missing from it is kept as "other"), in one transaction. An upload already imported
    (a second tap of the button) is given back as it is."""
    with transaction.atomic():
        locked = Import.objects.select_for_update().filter(pk=upload.pk, trainee=trainee).first()
        if locked is None or not locked.is_preview:
            return locked or upload
        parsed = read(locked, trainee)
        prints = parsed.fingerprints()
        seen = _already_imported(trainee, prints)
        rows = [
            _row(locked, parsed_set, fingerprint, mapping.get(parsed_set.exercise))
            for parsed_set, fingerprint in zip(parsed.sets, prints, strict=True)
            if fingerprint not in seen
        ]
        ImportedSet.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        locked.status = Status.IMPORTED
        locked.imported_at = timezone.now()
        locked.text = ""
        locked.set_count = len(rows)
        locked.duplicate_count = len(parsed.sets) - len(rows)
        locked.first_day = min((r.performed_on for r in rows), default=None)
        locked.last_day = max((r.performed_on for r in rows), default=None)
        locked.save()
    return locked


def _row(upload: Import, parsed: ParsedSet, fingerprint: str, exercise: Exercise | None):
    return ImportedSet(
        trainee_id=upload.trainee_id,
        source=upload,
        line=parsed.line,
        fingerprint=fingerprint,
        performed_on=parsed.day,
        workout=parsed.workout,
        program=parsed.program,
        week=parsed.week,
        program_day=parsed.program_day,
        exercise=exercise,
        source_exercise=parsed.exercise,
        source_kind=parsed.kind,
        set_number=parsed.set_number,
        reps=parsed.reps,
        hold_s=parsed.hold_s,
        load=parsed.load,
        unit=parsed.unit,
        tempo=parsed.tempo,
        eccentric_s=parsed.eccentric_s,
        form_ok=parsed.form_ok,
        failed_checks=list(parsed.failed_checks),
        effort_rpe=parsed.effort_rpe,
        note=parsed.note,
        extra=dict(parsed.extra),
    )


def undo(upload: Import) -> int:
    """Remove an import and exactly the sets it brought; returns how many sets went."""
    with transaction.atomic():
        removed = upload.sets.count()
        upload.delete()
    return removed
