"""People and coaching: the custom user, coach–client relationships and invitations."""

import secrets
import zoneinfo
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class LoadUnit(models.TextChoices):
    KG = "kg", "kg"
    LB = "lb", "lb"


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> "User":
        # People type their address with whatever capitals they like.
        return self.get(email__iexact=email)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who trains; `is_coach` lets them coach other people as well."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80)
    is_coach = models.BooleanField(
        "I coach other people",
        default=False,
        help_text="Coaches can invite clients and assign programs to them.",
    )
    time_zone = models.CharField(max_length=64, default="UTC", choices=time_zone_choices)
    load_unit = models.CharField(max_length=2, choices=LoadUnit.choices, default=LoadUnit.KG)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_today(self) -> date:
        """Today's date where this person lives: weeks and 'today' follow their time zone."""
        return local_date(timezone.now(), self.time_zone)

    def local_date(self, moment: datetime) -> date:
        """The date `moment` fell on where this person lives (an override's date, say)."""
        return local_date(moment, self.time_zone)


def local_date(moment: datetime, time_zone: str) -> date:
    """The date of `moment` in `time_zone`: every person's "day" in the app is this, never
    the server's or UTC's date."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(time_zone)).date()


class CoachingQuerySet(models.QuerySet["Coaching"]):
    def current(self) -> "CoachingQuerySet":
        return self.filter(ended_at__isnull=True)


class Coaching(models.Model):
    """A coach–client relationship. Ending it keeps the client's logs with the client."""

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coachings")
    client = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coached_by")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CoachingQuerySet.as_manager()

    class Meta:
        constraints = [
            # A trainee has at most one coach at a time.
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_coach_per_client",
            ),
        ]
        indexes = [models.Index(fields=["coach", "ended_at"], name="coaching_by_coach_idx")]

    def __str__(self) -> str:
        return f"{self.coach} coaches {self.client}"


def new_invite_code() -> str:
    # 8 characters from an alphabet without look-alikes, easy to read out or type on a phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def invite_expiry():
    return timezone.now() + timedelta(days=7)


class Invitation(models.Model):
    """A single-use, expiring invitation from a coach, shared as a link or a short code."""

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=16, unique=True, default=new_invite_code)
    note = models.CharField(max_length=120, blank=True, help_text="Who is this for?")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invite_expiry)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invitation {self.code} from {self.coach}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
