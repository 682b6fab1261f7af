"""Personal access tokens for the REST API: created and revoked in account settings.

A token is shown once, when it is made; only its SHA-256 digest is stored, with its first
characters for the person to recognise it by. Scope `read` may only read; `write` may also
log, edit and delete sets.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# Every token starts so, so that a leaked one is easy to recognise and search for.
TOKEN_PREFIX = "ib_"
# How many characters of a token are kept to recognise it by.
SHOWN_CHARACTERS = 10
NAME_LENGTH = 80
# `last_used_at` is written at most this often, so that reading does not write every time.
LAST_USED_EVERY = timedelta(minutes=1)
# A person may hold at most this many live tokens.
MAX_TOKENS = 20


class Scope(models.TextChoices):
    READ = "read", "read only"
    WRITE = "write", "read and write"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenQuerySet(models.QuerySet["PersonalAccessToken"]):
    def live(self) -> "TokenQuerySet":
        return self.filter(revoked_at__isnull=True)

    def issue(self, *, user, name: str, scope: str) -> tuple["PersonalAccessToken", str]:
        """A new token for `user` and its secret, which is never stored: show it once."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = self.create(
            user=user,
            name=name,
            scope=scope,
            digest=digest(secret),
            shown=secret[:SHOWN_CHARACTERS],
        )
        return token, secret

    def authenticate(self, secret: str) -> "PersonalAccessToken | None":
        """The live token with this secret, with its user, or None."""
        return self.live().select_related("user").filter(digest=digest(secret)).first()


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=NAME_LENGTH)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    digest = models.CharField(max_length=64, unique=True)
    shown = models.CharField(max_length=SHOWN_CHARACTERS)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    def mark_used(self, at: datetime | None = None) -> None:
        """Record that the token was used now, at most once a minute: one UPDATE that only
        matches a row not marked within the last minute, so racing requests write once."""
        at = at or timezone.now()
        recent = at - LAST_USED_EVERY
        marked = (
            type(self)
            .objects.filter(pk=self.pk)
            .filter(models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lt=recent))
            .update(last_used_at=at)
        )
        if marked:
            self.last_used_at = at

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
