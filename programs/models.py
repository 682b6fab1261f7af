"""Programs, enrolments, the trainee's calendar of sessions, and the set log.

A logged set keeps what was prescribed beside what was done, so history stays true when a
program is edited later; the progression engine reads only that history.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from uuid6 import uuid7

from exercises.models import Exercise, validate_tempo
from innerback.models import LoadUnit

KG_PER_LB = Decimal("0.45359237")


def convert_load(load: Decimal | None, from_unit: str, to_unit: str) -> Decimal | None:
    if load is None or from_unit == to_unit:
        return load
    if from_unit == LoadUnit.LB:
        return (load * KG_PER_LB).quantize(Decimal("0.01"))
    return (load / KG_PER_LB).quantize(Decimal("0.01"))


class ProgramQuerySet(models.QuerySet["Program"]):
    def visible_to(self, user) -> "ProgramQuerySet":
        """Built-in programs and the person's own."""
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user))


class Program(models.Model):
    """A program is ordered weeks of training days. Built-in programs have no owner."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True, null=True, blank=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programs",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None


class ProgramWeek(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="weeks")
    number = models.PositiveSmallIntegerField()
    focus = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_week_number")
        ]

    def __str__(self) -> str:
        return f"{self.program} · week {self.number}"


class ProgramDay(models.Model):
    week = models.ForeignKey(ProgramWeek, on_delete=models.CASCADE, related_name="days")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["week", "position"]
        constraints = [
            models.UniqueConstraint(fields=["week", "position"], name="one_day_position")
        ]

    def __str__(self) -> str:
        return f"{self.week} · day {self.position}"


class Prescription(models.Model):
    """One exercise on a program day: sets × reps range or hold seconds, tempo, load, rest."""

    day = models.ForeignKey(ProgramDay, on_delete=models.CASCADE, related_name="prescriptions")
    position = models.PositiveSmallIntegerField(default=0)
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps_min = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    reps_max = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    hold_s = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    tempo = models.CharField(max_length=11, validators=[validate_tempo])
    start_load_kg = models.DecimalField(
        "starting load (kg)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Leave empty for 'by feel'.",
    )
    rest_s = models.PositiveSmallIntegerField(default=60, validators=[MaxValueValidator(600)])
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day", "position", "id"]

    def __str__(self) -> str:
        return f"{self.exercise} on {self.day}"

    def clean(self) -> None:
        errors = {}
        if self.exercise_id and self.exercise.is_hold:
            if not self.hold_s:
                errors["hold_s"] = f"{self.exercise.name} is held: give the hold in seconds."
        else:
            if self.reps_min is None or self.reps_max is None:
                errors["reps_min"] = "Give a rep range, for example 8 to 12."
            elif self.reps_min > self.reps_max:
                errors["reps_min"] = "The low end of the rep range is above the high end."
        if errors:
            raise ValidationError(errors)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def current(self) -> "EnrolmentQuerySet":
        return self.filter(ended_at__isnull=True)


class Enrolment(models.Model):
    """A trainee following a program from a start date on chosen weekdays."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrolments")
    start_date = models.DateField()
    # Weekday numbers (Monday = 0) as a sorted list, e.g. [0, 2, 4].
    training_days = models.JSONField(default=list)
    paused_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} on {self.program}"


class TrainingSession(models.Model):
    """One program day laid onto the trainee's calendar."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="sessions")
    # No index of its own: session_calendar_idx starts with the trainee (see migration 0003).
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_sessions",
        db_index=False,
    )
    program_day = models.ForeignKey(ProgramDay, on_delete=models.PROTECT, related_name="+")
    scheduled_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "program_day"], name="one_session_per_program_day"
            )
        ]
        indexes = [
            models.Index(fields=["trainee", "scheduled_on"], name="session_calendar_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.scheduled_on}"


class PrescriptionAdjustment(models.Model):
    """A coach's change to one prescription for one client only; empty fields keep the
    program's value."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="adjustments")
    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="+")
    sets = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo = models.CharField(max_length=11, blank=True, validators=[validate_tempo])
    start_load_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "prescription"], name="one_adjustment_per_prescription"
            )
        ]

    def __str__(self) -> str:
        return f"Adjustment of {self.prescription} for {self.enrolment.trainee}"


class SetLogQuerySet(models.QuerySet["SetLog"]):
    def live(self) -> "SetLogQuerySet":
        """Sets that count: deleted ones wait for undo but are never read by the engine."""
        return self.filter(deleted_at__isnull=True)


class SetLog(models.Model):
    """One logged set: what was prescribed beside what was done."""

    # No index of its own: setlog_history_idx starts with the trainee (see migration 0003).
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="set_logs", db_index=False
    )
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="sets")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_number = models.PositiveSmallIntegerField()
    performed_on = models.DateField(help_text="The trainee's local date of the set.")
    created_at = models.DateTimeField(default=timezone.now)
    # Sent with the form so a double-tapped submit is recognised and logged once. Time-ordered
    # (UUIDv7): a new token goes at the end of the unique index, where a random one would
    # land on any page of it, most of them out of memory on a large table (docs/benchmarks.md).
    client_token = models.UUIDField(default=uuid7, unique=True)

    # What was prescribed when the set was logged.
    target_sets = models.PositiveSmallIntegerField()
    target_reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    target_reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    target_hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    target_load = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    target_tempo = models.CharField(max_length=11)

    # What was done.
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    load = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=2, choices=LoadUnit.choices, default=LoadUnit.KG)
    eccentric_s = models.PositiveSmallIntegerField(null=True, blank=True)
    checks_total = models.PositiveSmallIntegerField(default=0)
    failed_checks = models.JSONField(default=list, blank=True)
    form_ok = models.BooleanField(default=True)
    effort_rpe = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    note = models.CharField(max_length=500, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = SetLogQuerySet.as_manager()

    class Meta:
        ordering = ["performed_on", "session_id", "exercise_id", "set_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exercise", "set_number"],
                condition=models.Q(deleted_at__isnull=True),
                name="one_live_set_per_number",
            )
        ]
        indexes = [
            # The engine and the export read one trainee's history in date order.
            models.Index(fields=["trainee", "performed_on"], name="setlog_history_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} set {self.set_number} on {self.performed_on}"

    def save(self, *args, **kwargs) -> None:
        self.judge_form()
        super().save(*args, **kwargs)

    def judge_form(self) -> None:
        """Form held when no check failed; every write of a set decides it so."""
        self.form_ok = not self.failed_checks


class SessionComment(models.Model):
    """A coach's comment on a logged session; the client sees it on their next visit."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.session}"

    def mark_read(self) -> None:
        """The trainee has read the comment (they said so with a POST): the first reading is
        kept, a later one changes nothing."""
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class GateOverride(models.Model):
    """A coach unlocks a gated exercise for one client, with a written reason."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gate_overrides"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.exercise} unlocked for {self.trainee}"
