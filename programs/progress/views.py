"""Progress charts: the trainee's own (a coach sees a client's through
`innerback.coaching.exports`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .report import progress_context


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The signed-in trainee's charts, over the period named by `?period=`."""
    context = progress_context(request.user, request.GET.get("period"))
    return TemplateResponse(request, "programs/progress.html", context)
