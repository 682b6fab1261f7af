"""Log CSV downloads: a trainee's own logs, one current client's, or all current clients'.

Every export takes an optional inclusive date range `?from=YYYY-MM-DD&to=YYYY-MM-DD`. A bad
range answers 400 with the export form and the message beside the field, the typed values
kept. A good one streams the CSV in a fixed number of queries, however long the history.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from innerback.coaching import client_for, coach_required
from innerback.models import Coaching

from .export import ExportRangeForm, export_filename, in_range, stream_csv
from .models import SetLog

COACH_HOME = "/coach/"  # a contract URL (PRODUCT.md), where the coach's export forms live
CSV_TYPE = "text/csv; charset=utf-8"


def _export(
    request: HttpRequest,
    sets: QuerySet[SetLog],
    *,
    who: str,
    title: str,
    action: str,
    back_url: str,
) -> HttpResponse:
    """`sets` in the range asked for, as CSV named after `who` and the range."""
    form = ExportRangeForm(request.GET)
    if not form.is_valid():
        context = {"export_form": form, "title": title, "action": action, "back_url": back_url}
        return TemplateResponse(request, "programs/export.html", context, status=400)
    start, end = form.date_range()
    sets = in_range(sets, start, end)
    filename = export_filename(who, sets, start, end)
    response = StreamingHttpResponse(stream_csv(sets), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def trainee_export(request: HttpRequest) -> HttpResponse:
    """The signed-in trainee's own logs."""
    return _export(
        request,
        SetLog.objects.filter(trainee=request.user),
        who=request.user.display_name,
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
