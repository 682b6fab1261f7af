from django.urls import path  # noqa: F401 — routes are added per feature below

app_name = "coach"
urlpatterns: list = []
