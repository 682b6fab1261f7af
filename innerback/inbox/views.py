"""The coach's inbox: open flags with their numbers and where to act, and the handled ones.

Every view starts with `@coach_required` and reaches a flag only through `_flag_for`, which
answers 404 for anyone else's."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from innerback.accounts.models import User
from innerback.coaching.relations import coach_required

from .forms import HandleForm
from .models import Flag

# The handled flags listed below the open ones: the latest this many, whatever the history.
HANDLED_SHOWN = 20
# Open flags shown at once; a coach with more sees the newest and the count.
OPEN_SHOWN = 100


def _flag_for(coach: User, pk: int) -> Flag:
    """One of `coach`'s own flags, or 404 for anyone else's."""
    return get_object_or_404(Flag, pk=pk, coach=coach)


def _context(coach: User, forms: dict[int, HandleForm] | None = None) -> dict:
    forms = forms or {}
    open_flags = list(Flag.objects.open().filter(coach=coach).select_related("client")[:OPEN_SHOWN])
    for flag in open_flags:
        flag.form = forms.get(flag.pk) or HandleForm(auto_id=f"flag-{flag.pk}-%s")
    handled = list(
        Flag.objects.handled().filter(coach=coach).select_related("client")[:HANDLED_SHOWN]
    )
    return {"open_flags": open_flags, "handled": handled}


@require_safe
@vary_on_headers("HX-Request")
@coach_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Who needs a look, and why, newest first; what was handled below."""
    template = "innerback/coach/inbox.html"
    if request.htmx:
        template += "#flags"
    return TemplateResponse(request, template, _context(request.user))


@require_POST
@coach_required
def mark_handled(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one flag handled, with an optional note. Without JavaScript: back to the inbox;
    with htmx: the lists again. A note too long comes back beside the field."""
    flag = _flag_for(request.user, pk)
    form = HandleForm(request.POST, instance=flag, auto_id=f"flag-{flag.pk}-%s")
    if form.is_valid():
        flag.mark_handled(note=form.cleaned_data["handled_note"], at=timezone.now())
        if not request.htmx:
            messages.success(request, f"Marked handled: {flag.client.display_name}.")
            return redirect("inbox:inbox")
        return TemplateResponse(request, "innerback/coach/inbox.html#flags", _context(request.user))
    template = "innerback/coach/inbox.html"
    if request.htmx:
        template += "#flags"
    return TemplateResponse(request, template, _context(request.user, {flag.pk: form}))
