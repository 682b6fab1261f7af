from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .models import Exercise


def catalog(request: HttpRequest) -> HttpResponse:
    exercises = Exercise.objects.with_catalog_relations()
    return TemplateResponse(request, "exercises/catalog.html", {"exercises": exercises})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.with_catalog_relations(), slug=slug)
    return TemplateResponse(request, "exercises/detail.html", {"exercise": exercise})
