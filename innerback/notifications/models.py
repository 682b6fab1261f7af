from datetime import datetime, time

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
KEY_LENGTH = 100


class Kind(models.TextChoices):
    """The kinds of mail a person can take or refuse, each on its own."""

    DIGEST = "digest", "Daily digest of new flags (coaches)"
    REMINDER = "reminder", "Training-day reminder"
    COMMENT = "comment", "Notice when your coach comments"


class Preferences(models.Model):
    """Which mail a person wants, when, and when never.

    A person without a row has the defaults: every kind on (they can turn each off in
    settings or with one click from any such mail), the digest at 07:00 and the reminder
    at 08:00 in their time zone, no quiet hours.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preferences",
    )
    digest = models.BooleanField(
        "Daily digest of new flags",
        default=True,
        help_text="Coaches: one mail a day listing the clients newly flagged in your inbox.",
    )
    digest_hour = models.PositiveSmallIntegerField(
        "Digest at", default=7, choices=HOURS, validators=[MaxValueValidator(23)]
    )
    reminder = models.BooleanField(
        "Training-day reminder",
        default=True,
        help_text="A mail on each day your plan has a session.",
    )
    reminder_hour = models.PositiveSmallIntegerField(
        "Reminder at", default=8, choices=HOURS, validators=[MaxValueValidator(23)]
    )
    comment = models.BooleanField(
        "Notice when your coach comments", default=True, help_text="Sent when the comment is."
    )
    quiet_start = models.TimeField(
        "Quiet from",
        null=True,
        blank=True,
        help_text="No mail between these times; what falls in them waits until they end.",
    )
    quiet_end = models.TimeField("Quiet until", null=True, blank=True)

    class Meta:
        verbose_name_plural = "notification preferences"
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__lte=23) & Q(reminder_hour__lte=23),
                name="notification_hours_of_a_day",
            ),
            models.CheckConstraint(
                condition=Q(quiet_start__isnull=True, quiet_end__isnull=True)
                | Q(quiet_start__isnull=False, quiet_end__isnull=False),
                name="quiet_hours_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return f"Notification preferences of {self.user}"

    @classmethod
    def of(cls, user) -> "Preferences":
        """The person's preferences: their row, or the defaults unsaved (reading them writes
        nothing)."""
        try:
            return user.notification_preferences
        except cls.DoesNotExist:
            return cls(user=user)

    def wants(self, kind: Kind) -> bool:
        return getattr(self, Kind(kind).value)

    def hour_of(self, kind: Kind) -> int:
        return getattr(self, f"{Kind(kind).value}_hour")

    def quiet(self) -> tuple[time | None, time | None]:
        return self.quiet_start, self.quiet_end

    @classmethod
    def opt_out(cls, user, kind: Kind) -> None:
        """Stop mail of `kind` to `user` (an unsubscribe link); again changes nothing."""
        with transaction.atomic():
            preferences, _ = cls.objects.select_for_update().get_or_create(user=user)
            if preferences.wants(kind):
                setattr(preferences, Kind(kind).value, False)
                preferences.save(update_fields=[Kind(kind).value])


class SentMail(models.Model):
    """A cause that has had its mail, by its key ("digest:<coach>:<date>",
    "reminder:<trainee>:<date>", "comment:<id>"): the key is unique, so however often the
    scheduler or a retry asks, one cause gets one mail. `sent` is false for a cause that
    had nothing to say (a digest with no new flags): it is settled all the same."""

    key = models.CharField(max_length=KEY_LENGTH, unique=True)
    sent = models.BooleanField(default=True)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def key_for(kind: Kind, subject_id: int, day: str | None = None) -> str:
        return ":".join([Kind(kind).value, str(subject_id), *([day] if day else [])])

    @classmethod
    def claim(cls, key: str, *, sent: bool = True) -> bool:
        """Record `key` as settled inside the caller's transaction; False when it already
        was (another worker, an earlier run). Roll the transaction back to release it."""
        try:
            with transaction.atomic():
                cls.objects.create(key=key, sent=sent)
        except IntegrityError:
            return False
        return True


class ScheduledRun(models.Model):
    """One run of the periodic work, by the start of its slot: the scheduler claims a slot
    before enqueuing its work, so two schedulers (or a restarted one) enqueue it once."""

    slot = models.DateTimeField(unique=True)

    def __str__(self) -> str:
        return self.slot.isoformat()

    @classmethod
    def claim(cls, slot: datetime) -> bool:
        try:
            with transaction.atomic():
                cls.objects.create(slot=slot)
        except IntegrityError:
            return False
        return True
