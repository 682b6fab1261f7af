"""Imports of a workout log from Strong, Hevy or innerback, and the sets they brought.

Imported sets live in their own table, not in `SetLog`: they were not logged against a
prescription, carry no form checks of this app, and belong to no program session here. So
the engine, which reads only `SetLog` (through `ExerciseProgress`), never counts one toward
a gate or a load by construction, and undoing an import deletes its rows and nothing else.
The log CSV and the import's own page show them (`programs.export.csv_export`).

Registered with the `programs` app from `programs.models`.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from exercises.limits import length_at_most
from exercises.models import Exercise
from innerback.accounts.models import LoadUnit
from programs.limits import IMPORT_TEXT_LENGTH

from .formats import NAME_LENGTH, NOTE_LENGTH, Source


class Status(models.TextChoices):
    # Uploaded and read, waiting for the person to check the preview and confirm.
    PREVIEW = "preview", "waiting for you to confirm"
    IMPORTED = "imported", "imported"


class ImportQuerySet(models.QuerySet["Import"]):
    def of(self, trainee) -> "ImportQuerySet":
        return self.filter(trainee=trainee)


class Import(models.Model):
    """One uploaded file: kept as text while its preview waits, then the sets it brought."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports"
    )
    source = models.CharField(max_length=12, choices=[(s.value, s.label) for s in Source])
    file_name = models.CharField(max_length=NAME_LENGTH)
    # The file while its preview waits (at most `formats.MAX_BYTES`); emptied on import.
    text = models.TextField(blank=True, max_length=IMPORT_TEXT_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)
    set_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [length_at_most("text", IMPORT_TEXT_LENGTH, "import_text_length")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} import {self.file_name} by {self.trainee_id}"

    @property
    def source_label(self) -> str:
        return Source(self.source).label

    @property
    def is_preview(self) -> bool:
        return self.status == Status.PREVIEW


class ImportedSetQuerySet(models.QuerySet["ImportedSet"]):
    def in_export_order(self) -> "ImportedSetQuerySet":
        """By date, then import, then the line each set was on in its file: a file that
        was an innerback export comes back in the order it was written."""
        return self.order_by("performed_on", "source_id", "line")


class ImportedSet(models.Model):
    """One set brought in by an import, as the file gave it. The exercise is a catalog one
    when the person mapped it so, else "other": only the file's name for it is kept."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="imported_sets",
        db_index=False,  # both indexes start with the trainee
    )
    source = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="sets")
    line = models.PositiveIntegerField()
    # sha256 of what the set is (`ParsedFile.fingerprints`): the same set imported again
    # from a later export is skipped.
    fingerprint = models.CharField(max_length=64)
    performed_on = models.DateField()
    workout = models.CharField(max_length=NAME_LENGTH, blank=True)
    program = models.CharField(max_length=NAME_LENGTH, blank=True)
    week = models.PositiveSmallIntegerField(null=True, blank=True)
    program_day = models.PositiveSmallIntegerField(null=True, blank=True)
    exercise = models.ForeignKey(
        Exercise, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_exercise = models.CharField(max_length=NAME_LENGTH)
    # The kind the file named (innerback's own export), for an exercise kept as "other".
    source_kind = models.CharField(max_length=12, blank=True)
    set_number = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    load = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=2, choices=LoadUnit.choices, blank=True)
    tempo = models.CharField(max_length=11, blank=True)
    eccentric_s = models.PositiveSmallIntegerField(null=True, blank=True)
    # None: the app that wrote the file had no form checks.
    form_ok = models.BooleanField(null=True, blank=True)
    failed_checks = models.JSONField(default=list, blank=True)
    effort_rpe = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=NOTE_LENGTH, blank=True)
    # Columns of an innerback file this version did not know, {header: cell}, written back
    # by the export under the same header.
    extra = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = ImportedSetQuerySet.as_manager()

    class Meta:
        ordering = ["performed_on", "source_id", "line"]
        indexes = [
            models.Index(fields=["trainee", "performed_on"], name="imported_history_idx"),
            models.Index(fields=["trainee", "fingerprint"], name="imported_fingerprint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source_exercise} set {self.set_number} on {self.performed_on} (imported)"

    @property
    def exercise_name(self) -> str:
        return self.exercise.name if self.exercise_id else self.source_exercise
