"""Own-data controls: download everything innerback holds about you; delete your account."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from innerback.accounts.views import forget_this_device
from innerback.coaching.models import Coaching

from . import personal_data


@login_required
@require_safe
@never_cache
def data_export(request: HttpRequest) -> HttpResponse:
    """All of the person's data as one JSON file, downloaded rather than shown."""
    data = personal_data.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"innerback-data-{request.user.local_today().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Type your password to confirm that you want to delete everything.",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Deleting is final: it asks for the password and only happens on POST."""
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        personal_data.delete_account(user=user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted.")
        return forget_this_device(redirect("home"))
    context = {
        "form": form,
        "clients": Coaching.objects.current().filter(coach=user).count(),
        "handed_over": personal_data.followed_programs(user),
    }
    return TemplateResponse(request, "innerback/delete_account.html", context)
