"""The exercise catalog: the vocabulary of every program, log and gate."""

import re
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from exercises.amounts import load_text
from exercises.drawings import Picture, TempoPictures, pictures_for, tempo_pictures_for
from exercises.limits import (
    CUE_LENGTH,
    EQUIPMENT_NAME_LENGTH,
    EXERCISE_NAME_LENGTH,
    EXERCISE_SUMMARY_LENGTH,
    EXERCISE_TEXT_LENGTH,
    EXERCISE_TEXTS,
    MUSCLE_NAME_LENGTH,
    length_at_most,
)

TEMPO_PATTERN = re.compile(r"^\d{1,2}-\d{1,2}-\d{1,2}-\d{1,2}$")


def parse_tempo(tempo: str | None) -> tuple[int, int, int, int] | None:
    """The four phases of a tempo in seconds, eccentric first: "3-1-1-0" → (3, 1, 1, 0), that
    is 3 s lowering, 1 s pause at the bottom, 1 s lifting, no pause at the top. None for
    anything that is not four numbers of one or two digits joined by dashes.

    The one tempo parser: validation, the words on the catalog page, the prescribed lowering
    and time under tension all read a tempo through it."""
    if not TEMPO_PATTERN.fullmatch(tempo or ""):
        return None
    lowering, bottom, lifting, top = (int(part) for part in tempo.split("-"))
    return lowering, bottom, lifting, top


def validate_tempo(value: str) -> None:
    """Tempo is four numbers, eccentric first: 3-1-1-0 = 3 s lowering, 1 s pause, 1 s up, 0 s."""
    if parse_tempo(value) is None:
        raise ValidationError(
            "Write tempo as four numbers of seconds, lowering first, like 3-1-1-0.",
            code="tempo",
        )


def tempo_eccentric_seconds(tempo: str) -> int:
    """The lowering seconds of a tempo; 0 when it cannot be read."""
    phases = parse_tempo(tempo)
    return phases[0] if phases else 0


# A gate's floor asks for this many sets at most, even of an exercise prescribed in more:
# three sets done well prove the skill (bird-dog: 3 × 10 s holds, lowering ≥ 2 s).
GATE_FLOOR_SETS = 3


def gate_floor(
    *, measure: str, default_sets: int, reps_min: int | None, hold_s: int | None, tempo: str
) -> dict[str, int]:
    """The least a session of a required exercise must hold to count toward a gate, from the
    exercise's default prescription: up to GATE_FLOOR_SETS of its sets, each at the bottom of
    its rep range or its full hold, lowering as slowly as its tempo asks."""
    return {
        "min_sets": min(default_sets, GATE_FLOOR_SETS),
        "min_reps": (reps_min or 0) if measure == "reps" else 0,
        "min_hold_s": (hold_s or 0) if measure == "hold" else 0,
        "min_lowering_s": tempo_eccentric_seconds(tempo),
    }


def describe_tempo(tempo: str) -> str:
    """Tempo in words, phase by phase: "3-1-1-0" reads "3 s lowering, 1 s pause, 1 s lifting,
    no pause". An empty pause is "no pause" because that is how a coach would say it."""
    phases = parse_tempo(tempo)
    if phases is None:
        return ""
    lowering, bottom, lifting, top = phases
    return ", ".join(
        [
            f"{lowering} s lowering",
            f"{bottom} s pause" if bottom else "no pause",
            f"{lifting} s lifting",
            f"{top} s pause" if top else "no pause",
        ]
    )


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
    name = models.CharField(max_length=MUSCLE_NAME_LENGTH)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Equipment(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=EQUIPMENT_NAME_LENGTH)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self) -> str:
        return self.name


class UniversalCue(models.Model):
    """A cue that applies to every exercise, stored once and shown everywhere."""

    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=CUE_LENGTH)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def with_catalog_relations(self) -> "ExerciseQuerySet":
        return self.prefetch_related("muscles", "equipment")

    def with_gates(self) -> "ExerciseQuerySet":
        """Prerequisites with the exercise each one requires, in one extra query."""
        return self.prefetch_related(
            models.Prefetch(
                "prerequisites",
                queryset=Prerequisite.objects.select_related("required").order_by("required__name"),
            )
        )

    def with_detail_relations(self) -> "ExerciseQuerySet":
        """Everything the exercise page shows, in a fixed number of queries."""
        return (
            self.with_catalog_relations()
            .with_gates()
            .prefetch_related(
                "progressions",
                "regressions",
                models.Prefetch(
                    "unlocks",
                    queryset=Prerequisite.objects.select_related("exercise").order_by(
                        "exercise__name"
                    ),
                ),
            )
        )

    def matching(
        self,
        *,
        kind: str = "",
        muscle: Muscle | None = None,
        equipment: Equipment | None = None,
        name: str = "",
    ) -> "ExerciseQuerySet":
        """The catalog's filters; an empty value leaves that filter off. The name matches
        anywhere in it, ignoring case."""
        exercises = self
        if kind:
            exercises = exercises.filter(kind=kind)
        if muscle is not None:
            exercises = exercises.filter(muscles=muscle)
        if equipment is not None:
            exercises = exercises.filter(equipment=equipment)
        if name.strip():
            exercises = exercises.filter(name__icontains=name.strip())
        return exercises


class Exercise(models.Model):
    name = models.CharField(max_length=EXERCISE_NAME_LENGTH, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    summary = models.CharField(max_length=EXERCISE_SUMMARY_LENGTH, blank=True)
    muscles = models.ManyToManyField(Muscle, related_name="exercises", blank=True)
    equipment = models.ManyToManyField(Equipment, related_name="exercises", blank=True)
    setup = models.TextField(max_length=EXERCISE_TEXT_LENGTH, blank=True)
    steps = models.TextField(
        max_length=EXERCISE_TEXT_LENGTH, help_text="One step per line, in order."
    )
    cues = models.TextField(max_length=EXERCISE_TEXT_LENGTH, help_text="One coaching cue per line.")
    faults = models.TextField(
        max_length=EXERCISE_TEXT_LENGTH, help_text="One common fault per line."
    )
    form_checks = models.TextField(
        max_length=EXERCISE_TEXT_LENGTH,
        help_text="One yes/no statement per line, ticked by the trainee after each set.",
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
        constraints = [
            length_at_most(field, EXERCISE_TEXT_LENGTH, f"exercise_{field}_length")
            for field in EXERCISE_TEXTS
        ]

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
    def pictures(self) -> list[Picture]:
        """Drawings of the start and end of a repetition (none for exercises added by staff)."""
        return pictures_for(self.slug)

    @property
    def tempo_pictures(self) -> TempoPictures | None:
        """The positions before and after the lowering, for the tempo guide to move between."""
        return tempo_pictures_for(self.slug)

    @property
    def default_eccentric_s(self) -> int:
        return tempo_eccentric_seconds(self.default_tempo)

    @property
    def tempo_in_words(self) -> str:
        return describe_tempo(self.default_tempo)

    @property
    def prescription_text(self) -> str:
        """The default prescription as a coach writes it: "3 × 8–12 reps, tempo 3-1-1-0" for
        reps, "5 × 10 s hold" for holds (a hold's length is the prescription, not its tempo)."""
        if self.is_hold:
            return f"{self.default_sets} × {self.hold_s} s hold"
        if self.reps_min == self.reps_max:
            reps = f"{self.reps_min}"
        else:
            reps = f"{self.reps_min}–{self.reps_max}"
        return f"{self.default_sets} × {reps} reps, tempo {self.default_tempo}"

    @property
    def load_increment_text(self) -> str:
        return (
            f"{load_text(self.load_increment_kg, 'kg')} or "
            f"{load_text(self.load_increment_lb, 'lb')}"
        )

    def load_increment(self, unit: str) -> Decimal:
        return self.load_increment_lb if unit == "lb" else self.load_increment_kg


# The longest a gate may look back: progress keeps this much of each exercise's log
# (`programs.models.ExerciseProgress`), four months.
MAX_GATE_WINDOW_DAYS = 120


class Prerequisite(models.Model):
    """A gate rule: `exercise` unlocks once `required` qualified in `sessions` sessions on
    distinct days within the last `window_days` days, each of them meeting the gate's floor
    (`min_sets` sets of at least `min_reps` reps or `min_hold_s` seconds held, lowering at
    least `min_lowering_s` seconds) as well as its own prescription."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="prerequisites")
    required = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="unlocks")
    sessions = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1)])
    window_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(MAX_GATE_WINDOW_DAYS)]
    )
    # The gate's own bar for a qualifying session of `required`, whatever that session's
    # prescription said (a trainee may write their own): 0 leaves a measure without a floor.
    min_sets = models.PositiveSmallIntegerField(
        "minimum sets", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    min_reps = models.PositiveSmallIntegerField(
        "minimum reps a set", default=0, validators=[MaxValueValidator(100)]
    )
    min_hold_s = models.PositiveSmallIntegerField(
        "minimum hold (s) a set", default=0, validators=[MaxValueValidator(600)]
    )
    min_lowering_s = models.PositiveSmallIntegerField(
        "minimum lowering (s) a set", default=0, validators=[MaxValueValidator(30)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "required"], name="one_rule_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(exercise=models.F("required")), name="no_self_prerequisite"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} needs {self.required} ×{self.sessions} in {self.window_days} days"

    @property
    def rule_text(self) -> str:
        """The rule in words: "3 qualifying sessions on distinct days within 14 days"."""
        days = "day" if self.window_days == 1 else "days"
        if self.sessions == 1:
            return f"1 qualifying session within {self.window_days} {days}"
        return (
            f"{self.sessions} qualifying sessions on distinct days within {self.window_days} {days}"
        )

    def clean(self) -> None:
        """A gate may not close a loop: if `required` already depends, directly or through other
        gates, on `exercise`, neither could ever unlock."""
        if self.exercise_id is None or self.required_id is None:
            return
        if self.exercise_id == self.required_id:
            raise ValidationError({"required": "An exercise cannot be its own prerequisite."})
        edges = Prerequisite.objects.exclude(pk=self.pk).values_list("exercise_id", "required_id")
        if depends_on(requirement_map(edges), self.required_id, self.exercise_id):
            raise ValidationError(
                {"required": "That exercise already depends on this one, so neither could unlock."}
            )


def requirement_map[T](edges: Iterable[tuple[T, T]]) -> dict[T, set[T]]:
    """Gate edges (gated, required) as a map from each gated exercise to what it requires."""
    requirements: dict[T, set[T]] = {}
    for gated, required in edges:
        requirements.setdefault(gated, set()).add(required)
    return requirements


def depends_on[T](requirements: dict[T, set[T]], start: T, target: T) -> bool:
    """Whether `start` needs `target` through any chain of gates."""
    seen: set[T] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(requirements.get(node, ()))
    return False
