from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .forms import CatalogFilterForm
from .models import Exercise, UniversalCue


@require_safe
@vary_on_headers("HX-Request")
def catalog(request: HttpRequest) -> HttpResponse:
    """The whole catalog, narrowed by the GET filters; htmx asks only for the results."""
    form = CatalogFilterForm(request.GET)
    exercises = list(form.filter(Exercise.objects.with_catalog_relations().with_gates()))
    template_name = "exercises/catalog.html"
    # A history restore after hx-push-url needs the whole page back, not the fragment.
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"
    return TemplateResponse(
        request,
        template_name,
        {"form": form, "exercises": exercises, "total": Exercise.objects.count()},
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything a coach would say about one exercise, the universal cues, and its gates."""
    exercise = get_object_or_404(Exercise.objects.with_detail_relations(), slug=slug)
    return TemplateResponse(
        request,
        "exercises/detail.html",
        {"exercise": exercise, "universal_cues": UniversalCue.objects.all()},
    )
