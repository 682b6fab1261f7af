from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from innerback.accounts.forms import AccountSettingsForm, save_settings
from innerback.notifications.forms import PreferencesForm
from innerback.notifications.models import Preferences
from programs.planning import calendar
from programs.training.views import morning_context

from .readiness import unready_reason


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; for a signed-in person, their program at a glance."""
    if not request.user.is_authenticated:
        return TemplateResponse(request, "innerback/landing.html")
    today = request.user.local_today()
    enrolment = calendar.current_enrolment(request.user)
    context = {"enrolment": enrolment, "today": today, **morning_context(request.user, today)}
    if enrolment is not None:
        week = list(
            calendar.sessions_in_week(trainee=request.user, monday=calendar.week_start(today))
        )
        context.update(
            week_sessions=week,
            week_done=sum(1 for session in week if session.completed_at is not None),
            today_session=calendar.session_for_day(trainee=request.user, day=today),
        )
    return TemplateResponse(request, "innerback/dashboard.html", context)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: this app server answers. Touches no database and no session, so
    it is also the floor that benchmarks compare every page with."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """For load balancers and `make cluster`: this app server can serve pages (its database
    answers, with every migration applied, and the task queue takes work). 503 with the
    reason in plain text otherwise. No session: two queries, whoever asks."""
    reason = unready_reason()
    if reason is not None:
        return HttpResponse(reason, status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ready", content_type="text/plain; charset=utf-8")


ROBOTS = """\
# The landing page, sign-up and the exercise catalog are public; the rest needs a sign-in.
User-agent: *
Disallow: /admin/
"""


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """/robots.txt for search engines."""
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The account page: the person's settings and the mail they get, one form, saved
    together. It lives here, above the apps it brings together (accounts, notifications),
    so that accounts stays at the foot of the layering (tests/test_layout.py)."""
    data = request.POST if request.method == "POST" else None
    form = AccountSettingsForm(data, instance=request.user)
    mail_form = PreferencesForm(
        data, instance=Preferences.of(request.user), user=request.user, prefix="mail"
    )
    # Both forms checked, so every bad field gets its message at once.
    valid = data is not None and all([form.is_valid(), mail_form.is_valid()])
    if valid and save_settings(form, mail_form):
        messages.success(request, "Your settings are saved.")
        return redirect("account")
    return TemplateResponse(
        request, "innerback/account.html", {"form": form, "mail_form": mail_form}
    )
