"""Log CSV downloads: the trainee's own here; a coach's downloads of their clients' logs
(`innerback.coaching.exports`) answer through `export_response` too.

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

from programs.imports.models import ImportedSet
from programs.models import SetLog

from .csv_export import ExportRangeForm, export_filename, in_range, stream_csv

CSV_TYPE = "text/csv; charset=utf-8"


def export_response(
    request: HttpRequest,
    sets: QuerySet[SetLog],
    *,
    imported: QuerySet[ImportedSet],
    who: str,
    title: str,
    action: str,
    back_url: str,
) -> HttpResponse:
    """`sets` and the `imported` sets of the same people in the range asked for, as CSV
    named after `who` and the range."""
    form = ExportRangeForm(request.GET)
    if not form.is_valid():
        context = {"export_form": form, "title": title, "action": action, "back_url": back_url}
        return TemplateResponse(request, "programs/export.html", context, status=400)
    start, end = form.date_range()
    sets = in_range(sets, start, end)
    imported = in_range(imported, start, end)
    filename = export_filename(who, sets, start, end, imported)
    response = StreamingHttpResponse(stream_csv(sets, imported), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def trainee_export(request: HttpRequest) -> HttpResponse:
    """The signed-in trainee's own logs."""
    return export_response(
        request,
        SetLog.objects.filter(trainee=request.user),
        imported=ImportedSet.objects.filter(trainee=request.user),
        who=request.user.display_name,
        title="Export your logs",
        action=reverse("programs:export"),
        back_url=reverse("account"),
    )
