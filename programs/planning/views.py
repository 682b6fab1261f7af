"""Following a program: this week's plan, choosing and starting a program, training days and
time, and the plan as a calendar feed."""

from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from programs.models import CalendarFeed, Enrolment, Program
from programs.planning import calendar, feed, pdf
from programs.planning.calendar import current_enrolment
from programs.planning.feed import feed_etag
from programs.planning.forms import EnrolForm, TrainingDaysForm, TrainingTimeForm
from programs.planning.printing import printed_sessions
from programs.planning.weekplan import week_plan
from programs.progression import day_text

PRINT_TEMPLATE = "programs/print_week.html"


def _visible_program(request: HttpRequest, pk: int) -> Program:
    """A built-in program or one of the person's own; anyone else's is a 404."""
    return get_object_or_404(Program.objects.visible_to(request.user), pk=pk)


def _requested_day(value: str | None, default: date) -> date:
    # A week link that was mangled shows this week rather than an error page.
    try:
        day = date.fromisoformat(value) if value else default
    except ValueError:
        return default
    # The plan also reads the weeks before and after; none exists beyond year 1 or 9999.
    return day if date(1, 1, 15) <= day <= date(9999, 12, 15) else default


def plan_url(day: date | None = None) -> str:
    url = reverse("programs:plan")
    return f"{url}?week={calendar.week_start(day).isoformat()}" if day else url


@login_required
@require_safe
@vary_on_headers("HX-Request")
def plan(request: HttpRequest) -> HttpResponse:
    """The week holding `?week=` (any day of it; this week by default), day by day."""
    today = request.user.local_today()
    monday = calendar.week_start(_requested_day(request.GET.get("week"), today))
    template_name = "programs/plan.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#week"
    return TemplateResponse(
        request,
        template_name,
        {
            "enrolment": current_enrolment(request.user),
            "week": week_plan(trainee=request.user, monday=monday, today=today),
        },
    )


def _printable_context(request: HttpRequest, trainee, back_url: Callable[[date], str]) -> dict:
    """What the printed week shows, the same on the page and in its PDF."""
    today = trainee.local_today()
    monday = calendar.week_start(_requested_day(request.GET.get("week"), today))
    week = week_plan(trainee=trainee, monday=monday, today=today)
    return {
        "trainee": trainee,
        "week": week,
        "sessions": printed_sessions(week, request.build_absolute_uri),
        "back_url": back_url(monday),
    }


def printable_week(
    request: HttpRequest, trainee, back_url: Callable[[date], str], pdf_url: str
) -> HttpResponse:
    """The trainee's week holding `?week=` laid out for paper, one session a page; the
    trainee's own page and their coach's both answer with it. `back_url` gives the page
    to return to for the week's Monday; `pdf_url` is where the same week comes as a PDF."""
    context = _printable_context(request, trainee, back_url)
    return TemplateResponse(request, PRINT_TEMPLATE, context | {"pdf_url": pdf_url})


def printable_week_pdf(
    request: HttpRequest, trainee, back_url: Callable[[date], str], page_url: str
) -> HttpResponse:
    """The printed week as a PDF on the paper `?paper=` names (A4 by default), laid out from
    the print page's own HTML. Where WeasyPrint cannot run, a page that says to print
    `page_url` from the browser instead."""
    context = _printable_context(request, trainee, back_url)
    html = render_to_string(PRINT_TEMPLATE, context, request)
    try:
        document = pdf.render(
            html,
            base_url=request.build_absolute_uri("/"),
            paper=pdf.paper_size(request.GET.get("paper")),
        )
    except pdf.PdfUnavailable:
        week = urlencode({"week": context["week"].monday.isoformat()})
        unavailable = {"print_url": f"{page_url}?{week}"}
        return TemplateResponse(
            request, "programs/print_pdf_unavailable.html", unavailable, status=503
        )
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    name = f"innerback-week-{context['week'].monday.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def print_week(request: HttpRequest) -> HttpResponse:
    """The person's own week on paper."""
    return printable_week(request, request.user, plan_url, reverse("programs:print_week_pdf"))


@login_required
@require_safe
def print_week_pdf(request: HttpRequest) -> HttpResponse:
    """The person's own week on paper, as a PDF."""
    return printable_week_pdf(request, request.user, plan_url, reverse("programs:print_week"))


@login_required
@require_safe
def choose(request: HttpRequest) -> HttpResponse:
    """Every program the person may follow, with its description and length."""
    programs = (
        Program.objects.visible_to(request.user)
        .annotate(
            week_count=Count("weeks", distinct=True),
            day_count=Count("weeks__days", distinct=True),
        )
        .order_by(F("owner_id").asc(nulls_first=True), "name")
    )
    return TemplateResponse(
        request,
        "programs/choose.html",
        {"programs": programs, "enrolment": current_enrolment(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a program on a date and weekdays; the current program, if any, ends."""
    program = _visible_program(request, pk)
    today = request.user.local_today()
    form = EnrolForm(request.POST if request.method == "POST" else None, today=today)
    has_days = program.weeks.filter(days__isnull=False).exists()
    if request.method == "POST" and has_days and form.is_valid():
        start = form.cleaned_data["start_date"]
        calendar.enrol(
            trainee=request.user,
            program=program,
            start_date=start,
            training_days=form.cleaned_data["training_days"],
            client_token=form.cleaned_data["client_token"],
        )
        messages.success(request, f"You are following {program.name} from {day_text(start)}.")
        return redirect(plan_url(start))
    return TemplateResponse(
        request,
        "programs/enrol.html",
        {
            "program": program,
            "form": form,
            "has_days": has_days,
            "enrolment": current_enrolment(request.user),
        },
    )


def _plan_settings_page(
    request: HttpRequest, enrolment: Enrolment | None, form: TrainingDaysForm, time_form
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "programs/plan_settings.html",
        {"enrolment": enrolment, "form": form, "time_form": time_form},
    )


def _days_form(enrolment: Enrolment | None, data=None) -> TrainingDaysForm:
    return TrainingDaysForm(
        data, initial={"training_days": enrolment.training_days if enrolment else []}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_settings(request: HttpRequest) -> HttpResponse:
    """Change the weekdays of the current plan; the rest of it is re-laid onto them."""
    enrolment = current_enrolment(request.user)
    form = _days_form(enrolment, request.POST if request.method == "POST" else None)
    if request.method == "POST" and enrolment is not None and form.is_valid():
        calendar.change_training_days(
            enrolment=enrolment,
            training_days=form.cleaned_data["training_days"],
            today=request.user.local_today(),
        )
        if enrolment.paused_on:
            messages.success(request, "Training days saved; they apply when you resume.")
        else:
            messages.success(request, "Training days saved; the rest of your plan moved to them.")
        return redirect("programs:plan_settings")
    return _plan_settings_page(request, enrolment, form, TrainingTimeForm(instance=request.user))


@login_required
@require_POST
def training_time(request: HttpRequest) -> HttpResponse:
    """Save the time the person usually trains; a time that is not one is refused beside
    the field, on the training-days page."""
    form = TrainingTimeForm(request.POST, instance=request.user)
    if not form.is_valid():
        enrolment = current_enrolment(request.user)
        return _plan_settings_page(request, enrolment, _days_form(enrolment), form)
    form.save()
    at = form.cleaned_data["training_time"].strftime("%H:%M")
    messages.success(request, f"Saved: your sessions are at {at} in your calendar.")
    return redirect("programs:plan_settings")


@login_required
@require_POST
def plan_pause(request: HttpRequest) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.current(), trainee=request.user)
    calendar.pause(enrolment=enrolment, today=request.user.local_today())
    messages.success(request, "Your plan is paused. Nothing you logged has changed.")
    return redirect("programs:plan_settings")


@login_required
@require_POST
def plan_resume(request: HttpRequest) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.current(), trainee=request.user)
    calendar.resume(enrolment=enrolment, today=request.user.local_today())
    messages.success(request, "Welcome back: the rest of your plan starts again from today.")
    return redirect("programs:plan")


# --- the calendar feed (issue #28) -------------------------------------------------------------


def _feed_response(request: HttpRequest, calendar) -> HttpResponse:
    """A feed as calendar programs fetch it: kept by no shared cache, never indexed, and
    304 when the plan has not changed since the ETag the program sent."""
    body = calendar.to_ical()
    etag = feed_etag(body)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="innerback.ics"'
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _feed_owner(secret: str):
    """The active person whose feed has this secret; any other secret is a 404 that says
    no more (a turned-off or regenerated address included)."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("owner"), secret=secret, owner__is_active=True
    )
    return feed.owner


@require_safe
def plan_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The person's own plan as iCalendar, for a calendar program: no sign-in, the secret
    in the address is the key."""
    trainee = _feed_owner(secret)
    calendar = feed.trainee_calendar(
        trainee=trainee,
        today=trainee.local_today(),
        session_url=lambda s: request.build_absolute_uri(reverse("programs:session", args=[s.pk])),
        host=request.get_host(),
    )
    return _feed_response(request, calendar)


@require_safe
def clients_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """A coach's current clients' sessions as iCalendar; a 404 for anyone not coaching."""
    coach = _feed_owner(secret)
    if not coach.is_coach:
        raise Http404
    calendar = feed.coach_calendar(
        coach=coach,
        today=coach.local_today(),
        client_url=lambda pk: request.build_absolute_uri(reverse("coach:client", args=[pk])),
        host=request.get_host(),
    )
    return _feed_response(request, calendar)


@login_required
@require_POST
def calendar_feed_new(request: HttpRequest) -> HttpResponse:
    """Turn the person's calendar feed on, or give it a new address (the old one stops
    working at once)."""
    regenerated = CalendarFeed.objects.filter(owner=request.user).exists()
    CalendarFeed.objects.issue(owner=request.user)
    if regenerated:
        messages.success(request, "Your calendar has a new address: the old one no longer works.")
    else:
        messages.success(request, "Your calendar feed is on: copy its address into your calendar.")
    return redirect(reverse("account") + "#calendar-feed")


@login_required
@require_POST
def calendar_feed_off(request: HttpRequest) -> HttpResponse:
    CalendarFeed.objects.turn_off(owner=request.user)
    messages.success(request, "Your calendar feed is off: its address no longer works.")
    return redirect(reverse("account") + "#calendar-feed")
