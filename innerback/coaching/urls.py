from django.urls import path

from . import exports
from . import views as coach_views

app_name = "coach"
urlpatterns: list = [
    path("", coach_views.home, name="home"),
    path("invitations/", coach_views.invite_create, name="invite_create"),
    path("invitations/<int:pk>/withdraw/", coach_views.invite_revoke, name="invite_revoke"),
    path("clients/<int:client_id>/", coach_views.client_page, name="client"),
    path("clients/<int:client_id>/plan/", coach_views.client_plan, name="client_plan"),
    path("clients/<int:client_id>/plan/print/", coach_views.client_print, name="client_print"),
    path(
        "clients/<int:client_id>/plan/print.pdf",
        coach_views.client_print_pdf,
        name="client_print_pdf",
    ),
    path("clients/<int:client_id>/end/", coach_views.end_client, name="end"),
    path("clients/<int:client_id>/program/", coach_views.assign_program, name="assign"),
    path(
        "clients/<int:client_id>/prescriptions/<int:prescription_id>/",
        coach_views.adjust,
        name="adjust",
    ),
    path(
        "clients/<int:client_id>/prescriptions/<int:prescription_id>/reset/",
        coach_views.adjust_reset,
        name="adjust_reset",
    ),
    path("clients/<int:client_id>/overrides/", coach_views.override_gate, name="override"),
    path(
        "clients/<int:client_id>/overrides/<int:pk>/revoke/",
        coach_views.revoke_gate_override,
        name="override_revoke",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/comments/",
        coach_views.comment,
        name="comment",
    ),
    path("export.csv", exports.coach_export, name="export"),
    path("clients/<int:client_id>/export.csv", exports.client_export, name="client_export"),
    path(
        "clients/<int:client_id>/outcomes.csv",
        exports.client_outcomes_export,
        name="client_outcomes_export",
    ),
    path(
        "clients/<int:client_id>/progress/",
        exports.client_progress,
        name="client_progress",
    ),
]
