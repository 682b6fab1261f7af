"""/logs/import/: upload a log from Strong, Hevy or innerback, check the preview, confirm,
and undo. Plain forms (POST → redirect); an import that is not the signed-in person's own
is a 404 for every page and button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from exercises.models import Exercise

from . import importing
from .formats import FileProblem
from .forms import MappingForm, UploadForm
from .models import Import

LIST_PAGE = "programs/imports.html"
DETAIL_PAGE = "programs/import.html"


def _import_for(request: HttpRequest, pk: int) -> Import:
    """One of the signed-in person's own imports; anyone else's is 404."""
    return get_object_or_404(Import.objects.of(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    """The upload form and the person's imports. A file that cannot be imported comes back
    with the reason beside the field, naming the line, and nothing is stored."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            waiting = importing.upload(
                trainee=request.user, file_name=upload.name, data=upload.read()
            )
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            return HttpResponseRedirect(reverse("programs:import", args=[waiting.pk]))
    context = {
        "form": form,
        "imports": Import.objects.of(request.user).defer("text"),
    }
    return TemplateResponse(request, LIST_PAGE, context)


def _mapping_form(request: HttpRequest, preview: importing.Preview, data=None) -> MappingForm:
    return MappingForm(
        data, exercises=preview.exercises, catalog=list(Exercise.objects.order_by("name"))
    )


@login_required
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A waiting import's preview with its exercise mapping, or what an import brought."""
    upload = _import_for(request, pk)
    context: dict = {"upload": upload}
    if upload.is_preview:
        try:
            preview = importing.preview(upload, request.user)
        except FileProblem as problem:
            context["problem"] = str(problem)
        else:
            context |= {"preview": preview, "form": _mapping_form(request, preview)}
    else:
        context["exercises"] = (
            upload.sets.values("source_exercise", "exercise__name")
            .annotate(count=Count("id"))
            .order_by("source_exercise", "exercise__name")
        )
    return TemplateResponse(request, DETAIL_PAGE, context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the waiting upload's new sets, its exercises mapped as chosen."""
    upload = _import_for(request, pk)
    if upload.is_preview:
        preview = importing.preview(upload, request.user)
        form = _mapping_form(request, preview, request.POST)
        if not form.is_valid():
            context = {"upload": upload, "preview": preview, "form": form}
            return TemplateResponse(request, DETAIL_PAGE, context)
        upload = importing.confirm(upload, request.user, form.mapping())
        messages.success(
            request,
            f"Imported {upload.set_count} set{'s' if upload.set_count != 1 else ''}.",
        )
    return HttpResponseRedirect(reverse("programs:import", args=[upload.pk]))


@login_required
@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an import and exactly the sets it brought (or drop a waiting preview)."""
    upload = _import_for(request, pk)
    was_preview = upload.is_preview
    removed = importing.undo(upload)
    if was_preview:
        messages.success(request, "The file was put aside; nothing was imported.")
    else:
        messages.success(
            request, f"Import undone: {removed} set{'s' if removed != 1 else ''} removed."
        )
    return HttpResponseRedirect(reverse("programs:imports"))
