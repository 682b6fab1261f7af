"""`Authorization: Bearer ib_…` for the API, and what each token's scope allows."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from .models import PersonalAccessToken


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send one token: Authorization: Bearer ib_…")
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("That token is not valid.") from None
        token = PersonalAccessToken.objects.authenticate(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("That token is not valid or was revoked.")
        # A deliberate write on reads too: when a token was last used is what its owner
        # checks before revoking it. At most once a minute (`mark_used`).
        token.mark_used()
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """How the schema describes `TokenAuthentication`: an HTTP bearer token."""

    target_class = TokenAuthentication
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token from your account settings (ib_…).",
        }


def needs_write(method: str) -> bool:
    """Whether a request with this HTTP method changes data, and so needs a token of the
    `write` scope: anything but GET, HEAD and OPTIONS."""
    return method.upper() not in permissions.SAFE_METHODS


class TokenScope(permissions.BasePermission):
    """A signed-in token; reading needs any scope, writing the `write` scope."""

    message = "This token may only read: make a read-and-write token to change data."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, PersonalAccessToken):
            return False
        return not needs_write(request.method) or token.can_write


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token, counted in the database cache that every app server shares (no
    count is kept in a process, so any number of servers enforce one limit together)."""

    scope = "token"

    def __init__(self) -> None:
        from django.core.cache import caches

        self.cache = caches[settings.API_THROTTLE_CACHE]
        super().__init__()

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if not isinstance(token, PersonalAccessToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
