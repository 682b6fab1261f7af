from django.urls import path

from programs import export_views

app_name = "coach"
urlpatterns: list = [
    path("export.csv", export_views.coach_export, name="export"),
    path("clients/<int:client_id>/export.csv", export_views.client_export, name="client_export"),
]
