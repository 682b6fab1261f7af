"""/api/: the REST API (v1), its OpenAPI 3 schema and the reference page read from it. Plain path()
routes, one per operation group, so the URL sweeps reach every one."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import rest, views

app_name = "api"

READ_LIST = {"get": "list"}
READ_ONE = {"get": "retrieve"}

urlpatterns = [
    path("v1/exercises/", rest.ExerciseViewSet.as_view(READ_LIST), name="exercises"),
    path("v1/exercises/<slug:slug>/", rest.ExerciseViewSet.as_view(READ_ONE), name="exercise"),
    path("v1/sessions/", rest.SessionViewSet.as_view(READ_LIST), name="sessions"),
    path("v1/sessions/<int:pk>/", rest.SessionViewSet.as_view(READ_ONE), name="session"),
    path(
        "v1/sets/",
        rest.SetLogViewSet.as_view({"get": "list", "post": "create"}),
        name="sets",
    ),
    path(
        "v1/sets/<int:pk>/",
        rest.SetLogViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="set",
    ),
    path("v1/plan/", rest.plan, name="plan"),
    path("v1/decisions/", rest.decisions, name="decisions"),
    path("v1/logs.csv", rest.logs_csv, name="logs_csv"),
    path("v1/clients/", rest.ClientViewSet.as_view(READ_LIST), name="clients"),
    path(
        "v1/clients/<int:client_id>/sets/",
        rest.ClientSetViewSet.as_view(READ_LIST),
        name="client_sets",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
]
