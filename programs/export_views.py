"""Log CSV downloads: a trainee's own logs, one current client's, or all current clients'.

Every export takes an optional inclusive date range `?from=YYYY-MM-DD&to=YYYY-MM-DD`. A bad
range answers 400 with the export form and the message beside the field, the typed values
kept. A good one streams the CSV in a fixed number of queries, however long the history;
one person's export, downloaded again before anything in it changed, comes from memory
(`programs.export.keeping`), gzipped for the browsers that take it.
"""

import gzip

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from innerback.coaching import client_for, coach_required
from innerback.models import Coaching

from .export import (
    ExportRangeForm,
    KeptExport,
    export_filename,
    in_range,
    keeping,
    kept_export,
    kept_export_key,
    stream_csv,
)
from .models import SetLog

COACH_HOME = "/coach/"  # a contract URL (PRODUCT.md), where the coach's export forms live
CSV_TYPE = "text/csv; charset=utf-8"


def _export(
    request: HttpRequest,
    sets: QuerySet[SetLog],
    *,
    who: str,
    person=None,
    title: str,
    action: str,
    back_url: str,
) -> HttpResponse:
    """`sets` as CSV; `person` is whose they are when they are one person's, whose export
    is then kept for the next download."""
    form = ExportRangeForm(request.GET)
    if not form.is_valid():
        context = {"export_form": form, "title": title, "action": action, "back_url": back_url}
        return TemplateResponse(request, "programs/export.html", context, status=400)
    start, end = form.date_range()
    key = kept_export_key(person, start, end) if person is not None else None
    kept = kept_export(key) if key else None
    if kept is not None:
        response = _kept_response(request, kept)
        filename = kept.filename
    else:
        sets = in_range(sets, start, end)
        filename = export_filename(who, sets, start, end)
        chunks = stream_csv(sets)
        if key:
            chunks = keeping(chunks, key=key, filename=filename)
        response = StreamingHttpResponse(chunks, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _kept_response(request: HttpRequest, kept: KeptExport) -> HttpResponse:
    """A kept export as it is kept, gzipped, to a browser that takes gzip; else unpacked."""
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(kept.gzipped, content_type=CSV_TYPE)
        # Already compressed: GZipMiddleware leaves a response with an encoding alone.
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(kept.gzipped), content_type=CSV_TYPE)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@login_required
@require_GET
def trainee_export(request: HttpRequest) -> HttpResponse:
    """The signed-in trainee's own logs."""
    return _export(
        request,
        SetLog.objects.filter(trainee=request.user),
        who=request.user.display_name,
        person=request.user,
        title="Export your logs",
        action=reverse("programs:export"),
        back_url=reverse("account"),
    )


@coach_required
@require_GET
def client_export(request: HttpRequest, client_id: int) -> HttpResponse:
    """One current client's logs, for their coach."""
    client = client_for(request.user, client_id)
    return _export(
        request,
        SetLog.objects.filter(trainee=client),
        who=client.display_name,
        person=client,
        title=f"Export {client.display_name}'s logs",
        action=reverse("coach:client_export", args=[client.pk]),
        back_url=COACH_HOME,
    )


@coach_required
@require_GET
def coach_export(request: HttpRequest) -> HttpResponse:
    """Every current client's logs in one file; sets of former clients stay out."""
    coach = request.user
    clients = Coaching.objects.current().filter(coach=coach).values("client_id")
    return _export(
        request,
        SetLog.objects.filter(trainee__in=clients),
        who=f"{coach.display_name} clients",
        title="Export all your clients' logs",
        action=reverse("coach:export"),
        back_url=COACH_HOME,
    )
