"""Coaching: coach–client relationships and the invitations that start them.

The tables keep the names they had when these models lived in the `innerback` app
(`innerback_coaching`, `innerback_invitation`; migration 0001 moved them without touching
the database)."""

import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

from innerback.accounts.models import User
from programs.once import token_field

from .limits import INVITATION_NOTE_LENGTH


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
        db_table = "innerback_coaching"
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
    note = models.CharField(
        max_length=INVITATION_NOTE_LENGTH, blank=True, help_text="Who is this for?"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invite_expiry)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    client_token = token_field()

    class Meta:
        db_table = "innerback_invitation"
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "client_token"], name="one_invitation_per_form"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation {self.code} from {self.coach}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
