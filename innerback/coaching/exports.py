"""A coach's views of their clients' training records: CSV downloads (one client's logs, or
all current clients'; one client's weekly check-ins) and a client's progress charts. The
trainee's own are in `programs` and `innerback.outcomes`; these add only who may see whose."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from innerback.outcomes.models import Answer
from innerback.outcomes.views import outcomes_csv_response
from programs.export.views import export_response
from programs.imports.models import ImportedSet
from programs.models import SetLog
from programs.progress.report import progress_context

from .models import Coaching
from .relations import client_for, coach_required

COACH_HOME = "/coach/"  # a contract URL (PRODUCT.md), where the coach's export forms live


@coach_required
@require_GET
def client_export(request: HttpRequest, client_id: int) -> HttpResponse:
    """One current client's logs, for their coach."""
    client = client_for(request.user, client_id)
    return export_response(
        request,
        SetLog.objects.filter(trainee=client),
        imported=ImportedSet.objects.filter(trainee=client),
        who=client.display_name,
        title=f"Export {client.display_name}'s logs",
        action=reverse("coach:client_export", args=[client.pk]),
        back_url=COACH_HOME,
    )


@coach_required
@require_GET
def client_outcomes_export(request: HttpRequest, client_id: int) -> HttpResponse:
    """One current client's weekly check-ins, for their coach: the same people as the
    client's log export (a former coach, another coach or a stranger gets 404)."""
    client = client_for(request.user, client_id)
    return outcomes_csv_response(Answer.objects.filter(trainee=client), client.display_name)


@coach_required
@require_GET
def coach_export(request: HttpRequest) -> HttpResponse:
    """Every current client's logs in one file; sets of former clients stay out."""
    coach = request.user
    clients = Coaching.objects.current().filter(coach=coach).values("client_id")
    return export_response(
        request,
        SetLog.objects.filter(trainee__in=clients),
        imported=ImportedSet.objects.filter(trainee__in=clients),
        who=f"{coach.display_name} clients",
        title="Export all your clients' logs",
        action=reverse("coach:export"),
        back_url=COACH_HOME,
    )


@coach_required
@require_GET
def client_progress(request: HttpRequest, client_id: int) -> HttpResponse:
    """One current client's charts, for their coach; anyone else gets 404."""
    client = client_for(request.user, client_id)
    context = {**progress_context(client, request.GET.get("period")), "client": client}
    return TemplateResponse(request, "programs/client_progress.html", context)
