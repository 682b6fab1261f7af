"""Who is knocking: the hooks django-axes uses to count failed logins.

Failed logins are counted per account and per client address (settings `AXES_*`). Both need
to be read the same way on every request, whatever capitals a person types and however many
proxies stand in front of the app.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account a login attempt is aimed at, as the login form would match it.

    Email login is case-insensitive, so "Tess@Example.com" and "tess@example.com" count
    against the same account: otherwise a guesser could vary the capitals to dodge the limit.
    """
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return str(raw).strip().lower()


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as our own proxies go.

    With `TRUSTED_PROXY_COUNT` = 0 (the default) the app is reached directly and the socket
    address (REMOTE_ADDR) is the client. Behind N proxies that each append the address they
    saw, the client is the N-th entry from the right of X-Forwarded-For: entries further left
    were written by the client itself and can be forged to dodge the per-address limit. When
    the header is shorter than expected, or unreadable, the socket address is used, so a
    forged or missing header can never name an arbitrary address.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < hops:
        return remote
    return _valid_ip(forwarded[-hops]) or remote


def login_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What django-axes shows instead of the login form while logins are paused (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
