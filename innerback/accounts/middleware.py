import logging
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

timing_log = logging.getLogger("innerback.server_timing")


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
