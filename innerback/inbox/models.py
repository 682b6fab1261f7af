from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from exercises.limits import length_at_most

SUMMARY_LENGTH = 200
HANDLED_NOTE_LENGTH = 500


class Kind(models.TextChoices):
    """Why a coach should look at a client."""

    ADHERENCE_DROP = "adherence_drop", "Adherence dropped"
    FORM_FAILING = "form_failing", "Form check failed twice running"
    GATE_STUCK = "gate_stuck", "Gate still locked"
    INACTIVE = "inactive", "No session logged"
    FOREIGN_OVERRIDE = "foreign_override", "Unlocked by another coach"
    PAIN = "pain", "Pain"


class FlagQuerySet(models.QuerySet["Flag"]):
    def raised_between(self, coach, start: datetime, end: datetime) -> "FlagQuerySet":
        """The flags raised for `coach` in [start, end): what a digest of that span reports."""
        return self.filter(coach=coach, raised_at__gte=start, raised_at__lt=end)

    def open(self) -> "FlagQuerySet":
        """Flags waiting for the coach: not handled, and their cause still stands."""
        return self.filter(handled_at__isnull=True, cleared_at__isnull=True)

    def handled(self) -> "FlagQuerySet":
        """Flags the coach marked handled, latest first."""
        return self.filter(handled_at__isnull=False).order_by("-handled_at", "-id")


class Flag(models.Model):
    """One cause for a coach to look at one client, raised once while the cause lasts.

    `cause` tells causes of one kind apart (the exercise, the session); `summary` says it in
    numbers and `link` is where the coach acts on it. A flag is handled by the coach, and
    cleared once its cause is gone; only a cause that returns after being cleared raises a
    new flag, so a persisting cause never raises a duplicate.
    """

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    cause = models.CharField(max_length=100, blank=True)
    summary = models.CharField(max_length=SUMMARY_LENGTH)
    link = models.CharField(max_length=200)
    raised_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_note = models.TextField(max_length=HANDLED_NOTE_LENGTH, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            length_at_most("handled_note", HANDLED_NOTE_LENGTH, "flag_handled_note_length"),
            models.UniqueConstraint(
                fields=["coach", "client", "kind", "cause"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_standing_flag_per_cause",
            ),
        ]
        indexes = [models.Index(fields=["coach", "raised_at"], name="flag_coach_raised_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    def mark_handled(self, *, note: str, at: datetime) -> None:
        """The coach has looked at it, with an optional note. The first handling is kept:
        marking it again (a double tap, a second tab) changes nothing. A handled flag stays
        handled while its cause lasts; only a cause that returns after being cleared raises
        a new flag."""
        if self.handled_at is not None:
            return
        self.handled_at, self.handled_note = at, note
        self.save(update_fields=["handled_at", "handled_note"])
