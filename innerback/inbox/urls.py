from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("flags/<int:pk>/handled/", views.mark_handled, name="handled"),
]
