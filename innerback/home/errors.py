"""When the app fails: the 500 page a person sees and the one log line we read.

Both carry the request's id (`RequestIdMiddleware`): the person can quote the id on the
page, and it finds the line in the log.
"""

import json
import logging
import traceback

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the request id to quote. Rendered without the request's context
    (no session, no user, no database): whatever failed may fail again."""
    page = loader.get_template("500.html")
    return HttpResponseServerError(page.render({"request_id": request_id(request)}))


def request_id(request: HttpRequest | None) -> str:
    return getattr(request, "request_id", "") or ""


class OneLineFormatter(logging.Formatter):
    """A log record as one line of JSON: a log reader takes one failure as one event.

    Django's request log (`django.request`: every 5xx, and 4xx warnings) passes the request
    along; its id, method and path become fields, and a failure's exception class and
    traceback become fields too, so nothing spills onto further lines.
    """

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            line.update(
                request_id=request_id(request),
                method=request.method,
                path=request.path,
            )
        if hasattr(record, "status_code"):
            line["status"] = record.status_code
        if record.exc_info and record.exc_info[0] is not None:
            kind, error, trace = record.exc_info
            line["exception"] = f"{kind.__module__}.{kind.__qualname__}"
            line["traceback"] = "".join(traceback.format_exception(kind, error, trace))
        return json.dumps(line, ensure_ascii=True, default=str)
