"""Progress charts: a trainee's own, and a current client's for their coach."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from innerback.coaching import client_for, coach_required

from .progress import progress_context


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The signed-in trainee's charts, over the period named by `?period=`."""
    context = progress_context(request.user, request.GET.get("period"))
    return TemplateResponse(request, "programs/progress.html", context)


@coach_required
@require_GET
def client_progress(request: HttpRequest, client_id: int) -> HttpResponse:
    """One current client's charts, for their coach; anyone else gets 404."""
    client = client_for(request.user, client_id)
    context = {**progress_context(client, request.GET.get("period")), "client": client}
    return TemplateResponse(request, "programs/client_progress.html", context)
