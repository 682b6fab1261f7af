from django.urls import path

from . import builder_views, export_views, views

app_name = "programs"
urlpatterns: list = [
    path("logs/export.csv", export_views.trainee_export, name="export"),
    # Following a program (issue #5).
    path("plan/", views.plan, name="plan"),
    path("plan/settings/", views.plan_settings, name="plan_settings"),
    path("plan/pause/", views.plan_pause, name="plan_pause"),
    path("plan/resume/", views.plan_resume, name="plan_resume"),
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
    path(
        "programs/prescriptions/<int:pk>/remove/",
        builder_views.remove_prescription,
        name="remove_prescription",
    ),
]
