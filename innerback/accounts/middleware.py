import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.defaults import bad_request

timing_log = logging.getLogger("innerback.server_timing")

# An id a proxy or load balancer gave the request (nginx's $request_id, a UUID, an AWS trace
# id): short, and made of characters that cannot break a log line or a header.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/-]{1,128}")


class ServedByMiddleware:
    """With APP_SERVER_NAME set (each app server behind a load balancer gets its own), every
    response says which server answered it in `X-Served-By`: how the cluster tests see
    consecutive requests land on different servers, and how an operator finds the server
    behind an odd answer. Off without the variable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.APP_SERVER_NAME:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["X-Served-By"] = settings.APP_SERVER_NAME
        return response


class RequestIdMiddleware:
    """Give every request an id: the `X-Request-ID` it came with when that is a well-formed
    one (so the proxy's logs and ours share it), else a new random one. The response carries
    it back in `X-Request-ID`, the error page shows it, and the error log line names it, so
    a person can quote it and we can find what happened. First in MIDDLEWARE: every
    response, a refused or failed one too, carries it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class HeadWithoutBodyMiddleware:
    """Answer HEAD with the headers a GET would get and no body. Views render the same page
    for both, and only Django's development server and test client drop the body; a WSGI
    server such as gunicorn sent it (and warned). Content-Length stays the GET's, as HTTP
    allows. Above GZipMiddleware, so that length is the compressed one a GET would carry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            response.streaming_content = []
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


OFFLINE_USER = "Innerback-User"


class PrivatePagesMiddleware:
    """What a signed-in person is shown is theirs alone and changes as they train:
    `Cache-Control: private, no-cache`, so no shared cache keeps it and the browser asks
    again before showing it from its cache. A response that already says how to cache it
    (a download, /healthz) keeps its own word. Each also names whose it is
    (`Innerback-User`: `User.offline_key`) for the service worker. One place for every
    signed-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            # Whose page this is, for the service worker: it keeps a page offline only
            # under this key, and only ever shows it to the same person.
            response.headers.setdefault(OFFLINE_USER, user.offline_key)
        return response


# NUL, which PostgreSQL refuses in text, and lone surrogates, which no UTF-8 text can hold.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class RefuseUnstorableTextMiddleware:
    """Answer 400 to a request whose path or query string carries a character no database
    column can hold, before any view passes it to a query: one place for the whole site
    instead of a check in each view. Form values are left to the forms, which say so next
    to the field (Django's CharField refuses NUL; tests/programs/training/test_fuzz.py and
    tests/innerback/accounts/test_middleware.py post it to every form)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_unstorable_text(request):
            return bad_request(request, exception=None)
        return self.get_response(request)


def _carries_unstorable_text(request: HttpRequest) -> bool:
    texts = [request.path_info]
    for key, values in request.GET.lists():
        texts.append(key)
        texts.extend(values)
    return any(_UNSTORABLE.search(text) for text in texts)


class UserTimezoneMiddleware:
    """Render times in the signed-in person's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class ServerTimingMiddleware:
    """With SERVER_TIMING=true, say in a `Server-Timing` header how long the app took and how
    many SQL queries it ran: `app;dur=12.3, db;dur=4.1;desc="7 queries"`.

    Benchmarks (scripts/bench.py) read it from outside the server, so they measure the
    production stack rather than a test client. Off by default: the count costs a little,
    and a public header is no place for internals. First in MIDDLEWARE, so the time covers
    the whole stack. A streamed response sends its headers before its body is read, so for
    one the header covers only the work before the body, and the full totals go to the
    `innerback.server_timing` log once the stream ends.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        response["Server-Timing"] = counter.header(elapsed)
        if response.streaming:
            response.streaming_content = counter.counting(
                response.streaming_content, started, f"{request.method} {request.path}"
            )
        return response


class _QueryCounter:
    """An execute wrapper that counts queries and the time spent in them."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started

    def header(self, elapsed: float) -> str:
        return (
            f"app;dur={elapsed * 1000:.2f}, "
            f'db;dur={self.seconds * 1000:.2f};desc="{self.queries} queries"'
        )

    def counting(self, chunks: Iterable, started: float, label: str) -> Iterator:
        """Pass a streamed body through, still counting, and log the totals at its end."""
        with connection.execute_wrapper(self):
            yield from chunks
        timing_log.info("%s streamed: %s", label, self.header(time.perf_counter() - started))
