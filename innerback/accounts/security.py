"""Who is knocking: the hooks django-axes uses to count failed logins.

Failed logins are counted per account *and* client address together, with a low limit, and
per client address alone, with a much higher one (settings `AXES_*`, `LOGIN_*`). So a guesser
is stopped, while the account's owner elsewhere, and other people behind the guesser's
network, still get in. Accounts and addresses are read the same way on every request,
however a person spells their email and however many proxies stand in front of the app.

Also where a `?next=` link may send a person (`next_on_site`).
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .models import canonical_email

# AccessAttempt.username holds at most this many characters.
_USERNAME_COLUMN = 255


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account a login attempt is aimed at, as the login form matches it: the canonical
    address, so "ＴＥＳＳ@example.com" or "teſs@example.com" count against tess@example.com
    and no spelling is a fresh budget of guesses. Cut to the column's width (the login form
    refuses longer addresses before any count, so only a request aimed past it is cut)."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return canonical_email(str(raw))[:_USERNAME_COLUMN]


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler, with a second, higher limit for a whole address.

    Axes counts failures of one account from one address (`AXES_LOCKOUT_PARAMETERS`) and
    pauses that pair at `LOGIN_FAILURE_LIMIT`. Here, an address whose failures over all
    accounts reach `LOGIN_ADDRESS_FAILURE_LIMIT` is paused for every account, by counting
    each account from it as spent. Both counts come from `AccessAttempt` rows, so they are
    shared by every app server.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        account_here = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(account_here, get_failure_limit(request, credentials))
        return account_here


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's client address, over all accounts, still counting."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def forget_failed_logins(email: str) -> None:
    """Lift the pause on an account from every address (after a password reset)."""
    AccessAttempt.objects.filter(username=canonical_email(email)).delete()


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


def next_on_site(request: HttpRequest, default: str) -> str:
    """Where the request's `next` (form, then query) points, if it is a path on this site;
    else `default`. Only a path: a link must not bounce to another site, and a bare word
    would be taken by redirect() for a view name (a 500)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    on_site = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if on_site and target.startswith("/") else default
