"""The site's URLs plus one view that fails: only the error-page tests use this URLconf."""

from django.urls import path

from innerback.urls import handler500
from innerback.urls import urlpatterns as site_urls


def fails(request):
    raise ZeroDivisionError("a bug")


urlpatterns = [path("fails/", fails), *site_urls]

__all__ = ["handler500", "urlpatterns"]
