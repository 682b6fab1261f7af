"""Programs, enrolments, the trainee's calendar of sessions, and the set log.

A logged set keeps what was prescribed beside what was done, so history stays true when a
program is edited later; the progression engine reads only that history.
"""

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from uuid6 import uuid7

from exercises.amounts import number_text
from exercises.limits import length_at_most
from exercises.models import MAX_GATE_WINDOW_DAYS, Exercise, tempo_eccentric_seconds, validate_tempo
from innerback.accounts.models import LoadUnit
from programs import progression
from programs.limits import (
    ADJUSTMENT_NOTE_LENGTH,
    COMMENT_LENGTH,
    DAY_TITLE_LENGTH,
    OVERRIDE_REASON_LENGTH,
    PRESCRIPTION_NOTES_LENGTH,
    PROGRAM_DESCRIPTION_LENGTH,
    PROGRAM_NAME_LENGTH,
    SET_NOTE_LENGTH,
    WEEK_FOCUS_LENGTH,
)
from programs.once import token_field
from programs.signals import tell_trainee_changed

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

    name = models.CharField(max_length=PROGRAM_NAME_LENGTH)
    slug = models.SlugField(max_length=140, unique=True, null=True, blank=True)
    description = models.TextField(max_length=PROGRAM_DESCRIPTION_LENGTH, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programs",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    client_token = token_field()

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            length_at_most("description", PROGRAM_DESCRIPTION_LENGTH, "program_description_length"),
            models.UniqueConstraint(fields=["owner", "client_token"], name="one_program_per_form"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None


class ProgramWeek(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="weeks")
    number = models.PositiveSmallIntegerField()
    focus = models.CharField(max_length=WEEK_FOCUS_LENGTH, blank=True)
    client_token = token_field()

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_week_number"),
            models.UniqueConstraint(fields=["program", "client_token"], name="one_week_per_form"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · week {self.number}"


class ProgramDay(models.Model):
    week = models.ForeignKey(ProgramWeek, on_delete=models.CASCADE, related_name="days")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=DAY_TITLE_LENGTH, blank=True)
    client_token = token_field()

    class Meta:
        ordering = ["week", "position"]
        constraints = [
            models.UniqueConstraint(fields=["week", "position"], name="one_day_position"),
            models.UniqueConstraint(fields=["week", "client_token"], name="one_day_per_form"),
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
    notes = models.CharField(max_length=PRESCRIPTION_NOTES_LENGTH, blank=True)
    client_token = token_field()

    class Meta:
        ordering = ["day", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["day", "position"], name="one_item_position"),
            models.UniqueConstraint(fields=["day", "client_token"], name="one_item_per_form"),
        ]

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
    client_token = token_field()

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_enrolment",
            ),
            models.UniqueConstraint(
                fields=["trainee", "client_token"], name="one_enrolment_per_form"
            ),
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
    note = models.CharField(max_length=ADJUSTMENT_NOTE_LENGTH, blank=True)
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
    note = models.CharField(max_length=SET_NOTE_LENGTH, blank=True)
    # A load well above the prescribed one (`progression.load_jump`), logged only once the
    # trainee confirmed it; the engine counts it at the prescribed load.
    load_jump = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # When what was done was last changed (`edit`); its history is in `SetEdit`.
    edited_at = models.DateTimeField(null=True, blank=True)
    # What the engine reads of the set (`COUNTED_FIELDS`) once it was edited late
    # (`progression.is_late_edit`): the values from before its first late edit.
    counted = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

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
            # The export reads one trainee's history in date order.
            models.Index(fields=["trainee", "performed_on"], name="setlog_history_idx"),
            # Every write reads its exercise's window of the log (`window_rows`).
            models.Index(
                fields=["trainee", "exercise", "performed_on"], name="setlog_exercise_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} set {self.set_number} on {self.performed_on}"

    def save(self, *args, **kwargs) -> None:
        """Save the set and, in the same transaction, what the engine keeps of its
        exercise's log (`ExerciseProgress`) and what other apps keep of the trainee
        (`trainee_changed`): logging, editing, deleting and restoring a set are all saves."""
        self.judge_form()
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"load", "target_load"} & set(update_fields):
            self.judge_load()
        with transaction.atomic():
            super().save(*args, **kwargs)
            ExerciseProgress.objects.refresh(self.trainee_id, self.exercise_id)
            tell_trainee_changed(self.trainee_id)

    def edit(self, changes: dict, *, by, at: datetime | None = None) -> "SetEdit | None":
        """Change what was done in the set (`changes`: field → new value), keeping who
        changed it, when, and each changed field before and after (`SetEdit`), in the
        transaction that saves it. A late edit (`progression.is_late_edit`) is kept and shown,
        but the engine goes on reading the set as it was before the first one (`counted`).
        Nothing changed, nothing is written."""
        at = at or timezone.now()
        changed = {
            name: [getattr(self, name), value]
            for name, value in changes.items()
            if getattr(self, name) != value
        }
        if not changed:
            return None
        late = progression.is_late_edit(self.created_at, at)
        if late and self.counted is None:
            self.counted = self.counted_values()
        for name, (_, value) in changed.items():
            setattr(self, name, value)
        self.edited_at = at
        with transaction.atomic():
            self.save()
            return SetEdit.objects.create(
                set_log=self, edited_by=by, edited_at=at, changes=changed, late=late
            )

    @property
    def jump_text(self) -> str:
        """How the set is marked when its load was a confirmed jump; "" otherwise."""
        return progression.JUMP_MARK if self.load_jump else ""

    def counted_values(self) -> dict:
        """What the engine reads of what was done in the set (`COUNTED_FIELDS`), as stored
        in `counted`."""
        values = {name: getattr(self, name) for name in COUNTED_FIELDS}
        values["load"] = None if self.load is None else str(self.load)
        return values

    def judge_form(self) -> None:
        """Form held when no check failed; every write of a set decides it so."""
        self.form_ok = not self.failed_checks

    def judge_load(self) -> None:
        """A load well above the one prescribed for the set is a jump
        (`progression.load_jump`); every write of its load decides it so, whichever way the
        set came in. The log form lets one through only once the trainee confirms it."""
        self.load_jump = bool(
            progression.load_jump(
                self.load,
                self.target_load,
                increment=self.exercise.load_increment(self.unit),
                unit=self.unit,
            )
        )


# What the engine reads of a set (`logged_set_from_row`).
SETLOG_FIELDS = (
    "session_id",
    "performed_on",
    "exercise__slug",
    "set_number",
    "target_sets",
    "reps",
    "hold_s",
    "load",
    "unit",
    "eccentric_s",
    "failed_checks",
    "target_reps_min",
    "target_reps_max",
    "target_hold_s",
    "target_tempo",
    "target_load",
    "load_jump",
    "counted",
    # Pain reported for the set's session (`with_pain`).
    "pain",
    "morning",
    "morning_pain",
    "pain_before",
)

# What was done in a set that the engine reads: frozen in `SetLog.counted` by a late edit.
COUNTED_FIELDS = ("reps", "hold_s", "load", "eccentric_s", "failed_checks", "load_jump")


def with_pain(sets: models.QuerySet) -> models.QuerySet:
    """These sets, each with the pain reported for its session that the engine reads: the
    0–10 during its exercise (`PainRating`) and the next morning's answer (`MorningCheck`).
    Still one query: a subquery and a join."""
    rating = PainRating.objects.filter(
        session=models.OuterRef("session"), exercise=models.OuterRef("exercise")
    ).values("rating")[:1]
    return sets.annotate(
        pain=models.Subquery(rating),
        morning=models.F("session__morning_check__answer"),
        morning_pain=models.F("session__morning_check__pain_now"),
        pain_before=models.F("session__morning_check__pain_before"),
    )


def logged_set_from_row(row: dict, unit: str) -> progression.LoggedSet:
    """One `SETLOG_FIELDS` row as the engine's LoggedSet, its loads in `unit`: what was done
    as it was before a late edit, when there was one (`SetLog.counted`)."""
    if row["counted"]:
        row = {**row, **row["counted"], "load": _decimal(row["counted"]["load"])}
    return progression.LoggedSet(
        session_id=row["session_id"],
        day=row["performed_on"],
        exercise=row["exercise__slug"],
        set_number=row["set_number"],
        prescribed_sets=row["target_sets"],
        reps=row["reps"],
        hold_s=row["hold_s"],
        load=convert_load(row["load"], row["unit"], unit),
        eccentric_s=row["eccentric_s"],
        checks_failed=len(row["failed_checks"] or ()),
        target_reps_min=row["target_reps_min"],
        target_reps_max=row["target_reps_max"],
        target_hold_s=row["target_hold_s"],
        target_eccentric_s=tempo_eccentric_seconds(row["target_tempo"]) or None,
        target_load=convert_load(row["target_load"], row["unit"], unit),
        load_jump=row["load_jump"],
        pain=row["pain"],
        morning=row["morning"],
        morning_pain=row["morning_pain"],
        pain_before=row["pain_before"],
    )


# The engine reads this many days of a trainee's log, back from their latest set of an
# exercise (and from today when deciding): the longest a gate may look back. After a longer
# break the program's planned load applies again, the safe choice after months away.
HISTORY_DAYS = MAX_GATE_WINDOW_DAYS


def in_history_window(day: date, today: date) -> bool:
    """Whether a set done on `day` is part of the log the engine reads on `today`."""
    return today - timedelta(days=HISTORY_DAYS) < day <= today


def progress_fields(rows: list[dict]) -> dict:
    """What `ExerciseProgress` stores for these `SETLOG_FIELDS` rows of one exercise (its
    whole window, at least one set): the pure engine decides what is kept, comparing loads
    in kilograms."""
    by_key = {}
    history = []
    for row in rows:
        logged = logged_set_from_row(row, LoadUnit.KG)
        by_key[(logged.session_id, logged.set_number, logged.day)] = row
        history.append(logged)
    slug = rows[0]["exercise__slug"]
    return {
        "last_day": max(row["performed_on"] for row in rows),
        "kept_sets": [
            by_key[(s.session_id, s.set_number, s.day)]
            for s in progression.sets_to_keep(history, slug)
        ],
        "qualified": [
            [q.day.isoformat(), *q[1:]] for q in progression.qualified_sessions(history, slug)
        ],
    }


def window_rows(sets: models.QuerySet) -> list[dict]:
    """The `SETLOG_FIELDS` rows of one trainee's live sets of one exercise (`sets`) that the
    engine reads, with the pain reported for their sessions: the last HISTORY_DAYS up to the
    latest one. Two queries, however long the log; none found, none returned."""
    latest = sets.aggregate(latest=models.Max("performed_on"))["latest"]
    if latest is None:
        return []
    window = sets.filter(performed_on__gt=latest - timedelta(days=HISTORY_DAYS))
    return list(with_pain(window).order_by().values(*SETLOG_FIELDS))


class ExerciseProgressManager(models.Manager["ExerciseProgress"]):
    def computed(self, trainee_id: int, exercise_id: int) -> "ExerciseProgress | None":
        """The progress row one trainee's log of one exercise gives now (unsaved), or None
        when nothing of it is live. Two queries."""
        rows = window_rows(
            SetLog.objects.live().filter(trainee_id=trainee_id, exercise_id=exercise_id)
        )
        if not rows:
            return None
        return ExerciseProgress(
            trainee_id=trainee_id, exercise_id=exercise_id, **progress_fields(rows)
        )

    def refresh(self, trainee_id: int, exercise_id: int) -> None:
        """Bring one trainee's stored progress on one exercise in line with their log: three
        queries, however long it is. Called in the transaction of every write to a set."""
        row = self.computed(trainee_id, exercise_id)
        if row is None:
            self.filter(trainee_id=trainee_id, exercise_id=exercise_id).delete()
            return
        self.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["trainee", "exercise"],
            update_fields=["last_day", "kept_sets", "qualified"],
        )

    def pairs(self, trainee_ids: Iterable[int] | None = None) -> list[tuple[int, int]]:
        """(trainee, exercise) of every progress row there is or the log calls for: a row
        stored, or live sets logged. Only these trainees', when given. Two queries."""
        logged = SetLog.objects.live()
        stored = self.all()
        if trainee_ids is not None:
            trainee_ids = list(trainee_ids)
            logged = logged.filter(trainee_id__in=trainee_ids)
            stored = stored.filter(trainee_id__in=trainee_ids)
        found = set(logged.values_list("trainee_id", "exercise_id").distinct().order_by())
        return sorted(found | set(stored.values_list("trainee_id", "exercise_id")))

    def refresh_trainees(self, trainee_ids: Iterable[int]) -> None:
        """`refresh` every exercise these trainees have progress on or sets of: after a
        bulk write that skips `SetLog.save` (generated data, a test's long history)."""
        for trainee_id, exercise_id in self.pairs(trainee_ids):
            self.refresh(trainee_id, exercise_id)


class ExerciseProgress(models.Model):
    """What the progression engine keeps of one trainee's log of one exercise, so that no
    page replays the log: the sets its load and target rules read (`sets_to_keep`) and its
    qualifying sessions (what gates count), both from the last HISTORY_DAYS up to the latest
    set. Written in the transaction of every write to a set (`SetLog.save`); loads stay in
    the unit they were logged in, so a change of unit needs no rewrite."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exercise_progress",
        db_index=False,  # the unique constraint's index starts with the trainee
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    last_day = models.DateField()
    # `SETLOG_FIELDS` rows of the kept sets, oldest first (dates and loads as text).
    kept_sets = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    # [day, session id, sets, fewest reps, shortest hold, shortest lowering] of every
    # qualifying session kept, oldest first (`progression.QualifiedSession`): a gate's floor
    # is checked when the gate is read, so staff may change it without a rebuild.
    qualified = models.JSONField(default=list, encoder=DjangoJSONEncoder)

    objects = ExerciseProgressManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trainee", "exercise"], name="one_progress_row")
        ]

    def __str__(self) -> str:
        return f"{self.trainee_id} on {self.exercise_id} up to {self.last_day}"

    def stored_values(self) -> tuple:
        """What is stored, as the database gives it back (dates and loads as text): a row
        computed afresh compares equal to a stored one through this."""
        encode = DjangoJSONEncoder(sort_keys=True).encode
        return (
            self.trainee_id,
            self.exercise_id,
            self.last_day,
            encode(self.kept_sets),
            encode(self.qualified),
        )

    def logged_sets(self, unit: str) -> list[progression.LoggedSet]:
        """The kept sets as the engine's LoggedSets, loads in `unit`."""
        return [
            logged_set_from_row(
                {
                    **row,
                    "performed_on": date.fromisoformat(row["performed_on"]),
                    "load": _decimal(row["load"]),
                    "target_load": _decimal(row["target_load"]),
                },
                unit,
            )
            for row in self.kept_sets
        ]

    def qualified_sessions(self) -> list[progression.QualifiedSession]:
        return [
            progression.QualifiedSession(date.fromisoformat(day), *rest)
            for day, *rest in self.qualified
        ]


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


class SetEditQuerySet(models.QuerySet["SetEdit"]):
    def by_set(self, set_ids: Iterable[int]) -> dict[int, list["SetEdit"]]:
        """The edits of these sets, oldest first, by set id: one query, none without ids."""
        set_ids = list(set_ids)
        found: dict[int, list[SetEdit]] = {pk: [] for pk in set_ids}
        if set_ids:
            for edit in self.filter(set_log_id__in=set_ids).select_related("edited_by", "set_log"):
                found[edit.set_log_id].append(edit)
        return found


class SetEdit(models.Model):
    """One edit of a logged set: who made it, when, and each changed field before and after.
    Shown to the trainee and their coach beside the set. A late edit
    (`progression.is_late_edit`) did not change what the engine reads of the set."""

    set_log = models.ForeignKey(SetLog, on_delete=models.CASCADE, related_name="edits")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    # {field: [before, after]} of the fields the edit changed.
    changes = models.JSONField(encoder=DjangoJSONEncoder)
    late = models.BooleanField(default=False)

    objects = SetEditQuerySet.as_manager()

    class Meta:
        ordering = ["edited_at", "id"]

    def __str__(self) -> str:
        return f"Edit of {self.set_log_id} at {self.edited_at}"

    @property
    def editor_name(self) -> str:
        return str(self.edited_by) if self.edited_by is not None else "a former account"

    @property
    def change_text(self) -> str:
        """What the edit changed, field by field: "held 8 s → 10 s; form checks missed: Hips
        level → none"."""
        unit = self.set_log.unit
        parts = []
        for name, (before, after) in self.changes.items():
            if name in _EDIT_WORDS:
                label, suffix = _EDIT_WORDS[name]
                if name == "load":
                    suffix = f" {unit}"
                parts.append(
                    f"{label} {_edit_value(before, suffix)} → {_edit_value(after, suffix)}"
                )
            elif name == "failed_checks":
                parts.append(
                    f"form checks missed: {'; '.join(before) or 'none'} → "
                    f"{'; '.join(after) or 'none'}"
                )
            elif name == "note":
                parts.append("note changed")
        return "; ".join(parts)


# How `SetEdit.change_text` names a changed number: (label, what follows each value).
_EDIT_WORDS = {
    "reps": ("reps", ""),
    "hold_s": ("held", " s"),
    "load": ("load", ""),
    "eccentric_s": ("lowering", " s"),
    "effort_rpe": ("effort", "/10"),
}


def _edit_value(value, suffix: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str | Decimal):
        value = number_text(Decimal(value))
    return f"{value}{suffix}"


# --- pain ----------------------------------------------------------------------------------

PAIN_SCALE = (0, 10)


def pain_field(**kwargs) -> models.PositiveSmallIntegerField:
    """A 0–10 rating on the numeric rating scale (0 = no pain, 10 = the worst imaginable)."""
    return models.PositiveSmallIntegerField(
        validators=[MinValueValidator(PAIN_SCALE[0]), MaxValueValidator(PAIN_SCALE[1])],
        **kwargs,
    )


class PainRating(models.Model):
    """Pain during one exercise of a session, 0–10, given with one tap beside its sets.
    The engine reads it with the session's sets (`with_pain`, `progression.pain_verdict`);
    it can be changed on the day it was given (`given_on`, the trainee's date)."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pain_ratings"
    )
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="pain_ratings"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    rating = pain_field()
    given_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "exercise"], name="one_pain_rating"),
            models.CheckConstraint(
                condition=models.Q(rating__lte=PAIN_SCALE[1]), name="pain_rating_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"Pain {self.rating}/10 during {self.exercise_id} in {self.session_id}"


class MorningAnswer(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "About the same"
    WORSE = "worse", "Worse"


class MorningCheck(models.Model):
    """The next-morning check of one session: the back compared with before the session
    (better, the same, worse) and its pain now, 0–10. `pain_before` is the 0–10 it is
    compared with, kept when it is answered: the trainee's previous morning answer, if any
    (`progression.worse_by`). One per session, changeable on the day it was answered."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="morning_checks"
    )
    session = models.OneToOneField(
        TrainingSession, on_delete=models.CASCADE, related_name="morning_check"
    )
    answer = models.CharField(max_length=6, choices=MorningAnswer.choices)
    pain_now = pain_field()
    pain_before = pain_field(null=True, blank=True)
    answered_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pain_now__lte=PAIN_SCALE[1]), name="morning_pain_scale"
            ),
        ]
        indexes = [
            # The latest answer before a session is its baseline (`pain_before`).
            models.Index(fields=["trainee", "answered_on"], name="morning_check_trainee_idx"),
        ]

    def __str__(self) -> str:
        return f"Morning after {self.session_id}: {self.answer}, {self.pain_now}/10"


class PainFlag(models.Model):
    """A step back that pain called for (`progression.pain_verdict`) on one exercise of a
    session: what the coach's client page lists. Written in the transaction of every pain
    rating and morning answer of the session (`programs.training.pain`), so no page replays
    them; gone again when a changed answer no longer calls for a step back. It records what
    the answers called for when they were given: editing the session's sets later leaves it
    as it was, as a note to the coach should."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pain_flags",
        db_index=False,  # pain_flag_trainee_idx starts with the trainee
    )
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="+")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "exercise"], name="one_pain_flag"),
        ]
        indexes = [models.Index(fields=["trainee", "day"], name="pain_flag_trainee_idx")]

    def __str__(self) -> str:
        return f"Pain flag: {self.reason}"


class SessionComment(models.Model):
    """A coach's comment on a logged session; the client sees it on their next visit."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=COMMENT_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    client_token = token_field()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            length_at_most("body", COMMENT_LENGTH, "comment_body_length"),
            models.UniqueConstraint(
                fields=["session", "client_token"], name="one_comment_per_form"
            ),
        ]
        indexes = [
            # A coach's comments of the last hour are counted before each new one.
            models.Index(fields=["author", "created_at"], name="comment_author_recent_idx")
        ]

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
    reason = models.TextField(max_length=OVERRIDE_REASON_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            length_at_most("reason", OVERRIDE_REASON_LENGTH, "override_reason_length"),
            # An exercise is unlocked for a client or not: a second live unlock would have to
            # be revoked too before the gate closed again.
            models.UniqueConstraint(
                fields=["trainee", "exercise"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_override",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} unlocked for {self.trainee}"


def new_feed_secret() -> str:
    """256 random bits, URL-safe: the whole of a feed's protection, so unguessable."""
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def issue(self, *, owner) -> "CalendarFeed":
        """Turn `owner`'s feed on, or give it a new secret if it is on: either way the
        address changes and any earlier one stops working at once."""
        with transaction.atomic():
            feed, _ = self.update_or_create(
                owner=owner, defaults={"secret": new_feed_secret(), "created_at": timezone.now()}
            )
        return feed

    def turn_off(self, *, owner) -> None:
        """No address opens `owner`'s calendar any more."""
        self.filter(owner=owner).delete()


class CalendarFeed(models.Model):
    """A person's private calendar address: whoever holds it reads their plan (and a
    coach's clients' sessions) as iCalendar, without signing in.

    The secret is kept as it is, not hashed, because settings show the address again
    whenever the person wants to copy it into another calendar. It unlocks only what the
    same database already holds in the clear (the plan), so a hash would protect nothing
    a reader of the database could not read anyway; regenerating or turning it off is the
    remedy for a leaked address."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"


# Imports live in their own module; importing them here registers them with this app.
from programs.imports.models import Import, ImportedSet  # noqa: E402, F401
