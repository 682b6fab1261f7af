"""Account settings → API tokens: make one (its secret shown once), see when each was last
used, revoke one. A token that is not the signed-in person's own is a 404. And the API's
reference page, read from its schema."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from drf_spectacular.settings import spectacular_settings
from rest_framework.settings import api_settings

from . import docs
from .authentication import needs_write
from .models import MAX_TOKENS, NAME_LENGTH, TOKEN_PREFIX, PersonalAccessToken, Scope
from .pagination import BoundedLimitOffsetPagination

PAGE = "innerback/api_tokens.html"


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What the token is for",
        max_length=NAME_LENGTH,
        help_text="For example “Spreadsheet sync” — so you know which one to revoke.",
    )
    scope = forms.ChoiceField(
        label="Access",
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The person's tokens and the form for a new one. A new token's secret is shown on the
    answer to the POST only (it is stored hashed, so it can never be shown again)."""
    form = TokenForm(request.POST or None)
    live = PersonalAccessToken.objects.live().filter(user=request.user)
    context: dict = {"form": form, "tokens": live}
    if request.method == "POST" and form.is_valid():
        if live.count() >= MAX_TOKENS:
            form.add_error(None, f"You have {MAX_TOKENS} tokens: revoke one you no longer use.")
        else:
            token, secret = PersonalAccessToken.objects.issue(
                user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
            context |= {"new_token": token, "secret": secret, "form": TokenForm()}
    response = TemplateResponse(request, PAGE, context)
    # The secret must not stay in any cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, api_token_id: int) -> HttpResponse:
    token = get_object_or_404(
        PersonalAccessToken.objects.live(), pk=api_token_id, user=request.user
    )
    token.revoke()
    messages.success(request, f"Revoked “{token.name}”: it no longer opens the API.")
    return HttpResponseRedirect(reverse("api_tokens"))


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, rendered here from the same schema /api/schema/ serves (no
    script: Swagger UI's markup failed the accessibility sweep)."""
    document = spectacular_settings.DEFAULT_GENERATOR_CLASS().get_schema(request=None, public=True)
    base_url = request.build_absolute_uri("/")
    return TemplateResponse(
        request,
        "innerback/api_docs.html",
        {
            "info": document["info"],
            "reference": docs.reference(document, base_url=base_url, writes=needs_write),
            "rate": api_settings.DEFAULT_THROTTLE_RATES["token"],
            "page_size": api_settings.PAGE_SIZE,
            "max_limit": BoundedLimitOffsetPagination.max_limit,
            "token_prefix": TOKEN_PREFIX,
            "scopes": Scope,
            "base_url": base_url.rstrip("/"),
        },
    )
