"""The exercise catalog: the vocabulary of every program, log and gate."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

TEMPO_PATTERN = re.compile(r"^\d{1,2}-\d{1,2}-\d{1,2}-\d{1,2}$")


def validate_tempo(value: str) -> None:
    """Tempo is four numbers, eccentric first: 3-1-1-0 = 3 s lowering, 1 s pause, 1 s up, 0 s."""
    if not TEMPO_PATTERN.match(value or ""):
        raise ValidationError(
            "Write tempo as four numbers of seconds, lowering first, like 3-1-1-0.",
            code="tempo",
        )


def tempo_eccentric_seconds(tempo: str) -> int:
    return int(tempo.split("-")[0]) if TEMPO_PATTERN.match(tempo or "") else 0


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Kind(models.TextChoices):
    FOUNDATIONAL = "foundational", "Foundational"
    RESISTANCE = "resistance", "Resistance"


class Measure(models.TextChoices):
    REPS = "reps", "Reps"
    HOLD = "hold", "Hold seconds"


class Muscle(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Equipment(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self) -> str:
        return self.name


class UniversalCue(models.Model):
    """A cue that applies to every exercise, stored once and shown everywhere."""

    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def with_catalog_relations(self) -> "ExerciseQuerySet":
        return self.prefetch_related("muscles", "equipment")


class Exercise(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    summary = models.CharField(max_length=240, blank=True)
    muscles = models.ManyToManyField(Muscle, related_name="exercises", blank=True)
    equipment = models.ManyToManyField(Equipment, related_name="exercises", blank=True)
    setup = models.TextField(blank=True)
    steps = models.TextField(help_text="One step per line, in order.")
    cues = models.TextField(help_text="One coaching cue per line.")
    faults = models.TextField(help_text="One common fault per line.")
    form_checks = models.TextField(
        help_text="One yes/no statement per line, ticked by the trainee after each set."
    )
    measure = models.CharField(max_length=4, choices=Measure.choices, default=Measure.REPS)
    default_tempo = models.CharField(max_length=11, default="3-1-1-0", validators=[validate_tempo])
    default_sets = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1)])
    reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    rest_s = models.PositiveSmallIntegerField(default=60)
    load_increment_kg = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    load_increment_lb = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    progressions = models.ManyToManyField(
        "self", symmetrical=False, related_name="regressions", blank=True
    )

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exercises:detail", args=[self.slug])

    def clean(self) -> None:
        errors = {}
        if self.measure == Measure.REPS:
            if self.reps_min is None or self.reps_max is None:
                errors["reps_min"] = "A reps exercise needs a rep range."
            elif self.reps_min > self.reps_max:
                errors["reps_min"] = "The low end of the rep range is above the high end."
        elif not self.hold_s:
            errors["hold_s"] = "A hold exercise needs a hold time in seconds."
        if errors:
            raise ValidationError(errors)

    @property
    def is_resistance(self) -> bool:
        return self.kind == Kind.RESISTANCE

    @property
    def is_hold(self) -> bool:
        return self.measure == Measure.HOLD

    @property
    def step_list(self) -> list[str]:
        return split_lines(self.steps)

    @property
    def cue_list(self) -> list[str]:
        return split_lines(self.cues)

    @property
    def fault_list(self) -> list[str]:
        return split_lines(self.faults)

    @property
    def form_check_list(self) -> list[str]:
        return split_lines(self.form_checks)

    @property
    def default_eccentric_s(self) -> int:
        return tempo_eccentric_seconds(self.default_tempo)

    def load_increment(self, unit: str) -> Decimal:
        return self.load_increment_lb if unit == "lb" else self.load_increment_kg


class Prerequisite(models.Model):
    """A gate rule: `exercise` unlocks once `required` qualified in `sessions` sessions on
    distinct days within the last `window_days` days."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="prerequisites")
    required = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="unlocks")
    sessions = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1)])
    window_days = models.PositiveSmallIntegerField(default=14, validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "required"], name="one_rule_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(exercise=models.F("required")), name="no_self_prerequisite"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} needs {self.required} ×{self.sessions} in {self.window_days} days"
