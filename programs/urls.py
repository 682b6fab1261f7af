from django.urls import path

from .authoring import views as builder_views
from .export import views as export_views
from .imports import views as import_views
from .planning import views
from .progress import views as progress_views
from .training import views as logging_views

app_name = "programs"
urlpatterns: list = [
    path("logs/export.csv", export_views.trainee_export, name="export"),
    path("logs/import/", import_views.imports, name="imports"),
    path("logs/import/<int:pk>/", import_views.import_detail, name="import"),
    path("logs/import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("logs/import/<int:pk>/undo/", import_views.import_undo, name="import_undo"),
    path("progress/", progress_views.progress, name="progress"),
    # Logging sets (issue #6).
    path("today/", logging_views.today, name="today"),
    path("sessions/<int:pk>/", logging_views.session_page, name="session"),
    path("sessions/<int:pk>/status/", logging_views.session_status, name="session_status"),
    path("sessions/<int:pk>/finish/", logging_views.finish, name="finish_session"),
    path(
        "sessions/<int:pk>/items/<int:prescription_id>/sets/",
        logging_views.log_set_view,
        name="log_set",
    ),
    path(
        "sessions/<int:pk>/items/<int:prescription_id>/pain/",
        logging_views.rate_pain,
        name="rate_pain",
    ),
    path("sessions/<int:pk>/morning-check/", logging_views.morning_check, name="morning_check"),
    path("sets/<int:pk>/edit/", logging_views.edit_set, name="edit_set"),
    path("sets/<int:pk>/delete/", logging_views.delete_set_view, name="delete_set"),
    path("sets/<int:pk>/undo/", logging_views.undo_delete, name="undo_delete"),
    # Following a program (issue #5).
    path("plan/", views.plan, name="plan"),
    path("plan/settings/", views.plan_settings, name="plan_settings"),
    path("plan/settings/time/", views.training_time, name="training_time"),
    path("plan/print/", views.print_week, name="print_week"),
    path("plan/print.pdf", views.print_week_pdf, name="print_week_pdf"),
    path("plan/pause/", views.plan_pause, name="plan_pause"),
    path("plan/resume/", views.plan_resume, name="plan_resume"),
    path("plan/calendar/", views.calendar_feed_new, name="calendar_feed_new"),
    path("plan/calendar/off/", views.calendar_feed_off, name="calendar_feed_off"),
    # The calendar feeds (issue #28): the secret in the address is the only key.
    path("calendar/<str:secret>/plan.ics", views.plan_feed, name="plan_feed"),
    path("calendar/<str:secret>/clients.ics", views.clients_feed, name="clients_feed"),
    path("programs/", views.choose, name="choose"),
    path("programs/<int:pk>/start/", views.enrol, name="enrol"),
    # The program builder (issue #5).
    path("programs/mine/", builder_views.mine, name="mine"),
    path("programs/<int:pk>/edit/", builder_views.edit, name="edit"),
    path("programs/<int:pk>/duplicate/", builder_views.duplicate_program, name="duplicate"),
    path("programs/<int:pk>/weeks/add/", builder_views.add_week, name="add_week"),
    path("programs/weeks/<int:pk>/days/add/", builder_views.add_day, name="add_day"),
    path("programs/weeks/<int:pk>/duplicate/", builder_views.duplicate_week, name="duplicate_week"),
    path(
        "programs/days/<int:pk>/prescriptions/add/",
        builder_views.add_prescription,
        name="add_prescription",
    ),
    path(
        "programs/prescriptions/<int:pk>/move/",
        builder_views.move_prescription,
        name="move_prescription",
    ),
    path("programs/weeks/<int:pk>/rename/", builder_views.rename_week, name="rename_week"),
    path("programs/weeks/<int:pk>/remove/", builder_views.remove_week, name="remove_week"),
    path("programs/days/<int:pk>/rename/", builder_views.rename_day, name="rename_day"),
    path("programs/days/<int:pk>/remove/", builder_views.remove_day, name="remove_day"),
    path(
        "programs/prescriptions/<int:pk>/edit/",
        builder_views.edit_prescription,
        name="edit_prescription",
    ),
    path(
        "programs/prescriptions/<int:pk>/remove/",
        builder_views.remove_prescription,
        name="remove_prescription",
    ),
]
