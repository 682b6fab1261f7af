from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .forms import CatalogFilterForm
from .listing import listing
from .models import Exercise, UniversalCue


@require_safe
@vary_on_headers("HX-Request")
def catalog(request: HttpRequest) -> HttpResponse:
    """The whole catalog, narrowed by the GET filters; htmx asks only for the results."""
    catalog = listing()
    form = CatalogFilterForm(request.GET, catalog)
    exercises = form.filter()
    template_name = "exercises/catalog.html"
    # A history restore after hx-push-url needs the whole page back, not the fragment.
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"
    context = {
        "form": form,
        "exercises": exercises,
        "total": len(catalog.cards),
        # The form and the results depend only on these two, so their HTML is cached under
        # them (the query string is escaped, so no two filter sets share a key).
        "catalog_token": catalog.token,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, template_name, context)


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything a coach would say about one exercise, the universal cues, and its gates."""
    exercise = get_object_or_404(Exercise.objects.with_detail_relations(), slug=slug)
    return TemplateResponse(
        request,
        "exercises/detail.html",
        {"exercise": exercise, "universal_cues": UniversalCue.objects.all()},
    )
