from django.urls import path

from . import export_views

app_name = "programs"
urlpatterns: list = [
    path("logs/export.csv", export_views.trainee_export, name="export"),
]
