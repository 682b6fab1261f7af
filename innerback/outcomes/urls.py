from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns: list = [
    path("outcomes/", views.week, name="week"),
    path("outcomes/activities/", views.activities, name="activities"),
    path("logs/outcomes.csv", views.outcomes_export, name="export"),
]
