"""People: the custom user, who signs in with their email and trains in their own time zone
and load unit."""

import unicodedata
import zoneinfo
from datetime import date, datetime, time

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac


class LoadUnit(models.TextChoices):
    KG = "kg", "kg"
    LB = "lb", "lb"


def canonical_email(address: str) -> str:
    """The one spelling of an email address that names a person, for sign-up, login, login
    throttling and password reset alike.

    Unicode NFKC folds compatibility forms into their plain letters (full-width `ｌ` → `l`),
    case folding folds capitals and variants (`ſ` → `s`, `ß` → `ss`), and NFKC again settles
    what folding can unsettle. Two spellings with the same canonical form are one address;
    anything else (a dotless `ı`, a Cyrillic `а`) is another address, never matched loosely.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", address).casefold())
    return folded.strip()


def is_plain_address(canonical: str) -> bool:
    """Sign-up takes addresses whose canonical form is ASCII: look-alike letters from other
    scripts (`ı`, `а`) cannot then make a second account that reads like someone else's."""
    return canonical.isascii()


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=canonical_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> "User":
        # Exactly the canonical form: a database's own case rules (PostgreSQL's UPPER maps
        # a dotless ı to I) must not make two addresses one for login but two for throttling.
        return self.get(email=canonical_email(email))

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
    # A database default too: rows written by code that predates the column (an older app
    # server mid-deploy, a migration test's historical models) still get one.
    training_time = models.TimeField(
        default=time(18, 0),
        db_default=time(18, 0),
        help_text="When you usually train: reminders and calendar events use it.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args, **kwargs) -> None:
        # Stored in its canonical form however it was written (admin, shell, a form).
        self.email = canonical_email(self.email)
        super().save(*args, **kwargs)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def offline_key(self) -> str:
        """The name this person's offline data goes under on a device: the sets a page queued
        with no connection and the pages the service worker keeps (`static/js/offline.js`,
        `templates/innerback/sw.js`). Derived from the id with the site's secret, so it
        says nothing about the account to anyone reading the device's storage names."""
        return salted_hmac("innerback.offline", str(self.pk), algorithm="sha256").hexdigest()[:20]

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
