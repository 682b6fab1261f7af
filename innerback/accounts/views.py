from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .forms import SignupForm
from .security import next_on_site


def forget_this_device(response: HttpResponse) -> HttpResponse:
    """Signing out wipes what the browser keeps of the person: the service worker's pages,
    sets queued offline, and the worker itself (`Clear-Site-Data`), so whoever uses the
    device next never sees them."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


class LogoutView(auth_views.LogoutView):
    """Django's sign-out (POST only), which also forgets this device."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return forget_this_device(super().post(request, *args, **kwargs))


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    # save() is None when the address was taken in the moment since the form was checked.
    if request.method == "POST" and form.is_valid() and (user := form.save()) is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to innerback, {user.display_name}.")
        return redirect(next_on_site(request, reverse("home")))
    return TemplateResponse(request, "registration/signup.html", {"form": form})
