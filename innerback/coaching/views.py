"""Coaching pages: the coach's roster and client pages, and the trainee's side of invitations.

Every coach view starts with `@coach_required` and reaches a client only through
`coaching.coaching_for` (or `client_for`), which answers 404 unless the coaching is current,
so permissions live in one place.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from exercises.amounts import number_text
from innerback.accounts.models import User
from innerback.accounts.security import next_on_site
from programs import as_logged, engine
from programs.engine import TraineeState
from programs.models import (
    Enrolment,
    GateOverride,
    PainFlag,
    Prescription,
    PrescriptionAdjustment,
    SessionComment,
    SetEdit,
    SetLog,
    TrainingSession,
    convert_load,
)
from programs.planning import calendar
from programs.planning.views import printable_week, printable_week_pdf
from programs.progress import figures
from programs.progression import JUMP_MARK

from . import relations
from .forms import (
    AdjustmentForm,
    AssignProgramForm,
    CommentForm,
    GateOverrideForm,
    InvitationForm,
    InviteCodeForm,
)
from .models import Coaching, Invitation
from .relations import CoachingError, coach_required
from .roster import SORTS, parse_sort, roster_page

# The client page shows this many of the latest logged sessions, whatever the history.
RECENT_SESSIONS = 6


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """PRG without JavaScript; a client-side redirect for htmx."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


# --- the trainee's side ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, code: str) -> HttpResponse:
    """Who invites, and an Accept button. Anonymous visitors get sign-up and log-in links
    that bring them back here."""
    invitation = relations.invitation_by_code(code)
    if invitation is None:
        return TemplateResponse(
            request, "innerback/invite_missing.html", {"code": code}, status=404
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        try:
            relations.accept_invitation(invitation=invitation, trainee=request.user)
        except CoachingError as error:
            messages.error(request, str(error))
            return redirect("invite", code=invitation.code)
        messages.success(
            request, f"{invitation.coach} is now your coach and can see your plan and logs."
        )
        return redirect("home")
    context = {"invitation": invitation, "problem": None, "current": None}
    if request.user.is_authenticated:
        context["problem"] = relations.invitation_problem(invitation, request.user)
        context["current"] = relations.current_coaching(request.user)
    return TemplateResponse(request, "innerback/invite.html", context)


@require_http_methods(["GET", "POST"])
def invite_enter(request: HttpRequest) -> HttpResponse:
    """Type a code from a coach; signed-in trainees also see their current coach here."""
    form = InviteCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _redirect(request, reverse("invite", args=[form.invitation.code]))
    current = relations.current_coaching(request.user) if request.user.is_authenticated else None
    template = "innerback/invite_enter.html"
    if request.htmx:
        template += "#code-form"
    return TemplateResponse(request, template, {"form": form, "current": current})


@login_required
@require_POST
def end_my_coaching(request: HttpRequest) -> HttpResponse:
    """The trainee ends their current coaching; their plan and logs stay theirs."""
    current = relations.current_coaching(request.user)
    if current is not None:
        relations.end_coaching(coaching=current, by=request.user)
        messages.success(
            request,
            f"{current.coach} no longer coaches you. Your program and logs stay with you.",
        )
    return _redirect(request, next_on_site(request, reverse("invite_enter")))


@login_required
@require_POST
def comment_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The trainee marks one of their coach's comments read (pages showing it write nothing).
    With htmx the comment comes back as read; without, back to the page it was on."""
    comment = relations.comment_for(request.user, pk)
    comment.mark_read()
    if request.htmx:
        comment.is_new = False
        return TemplateResponse(
            request,
            "innerback/_coach_comments.html#comment",
            {"comment": comment, "session": comment.session},
        )
    return redirect(next_on_site(request, reverse("home")))


# --- the coach's roster ----------------------------------------------------------------------


def _sort_links(sort: str | None) -> dict[str, dict]:
    """For each column: the ?sort= value its header links to and its aria-sort state.
    Clicking the column already sorted flips its direction."""
    key, descending = parse_sort(sort)
    links = {}
    for column in SORTS:
        if column == key:
            links[column] = {
                "param": column if descending else f"-{column}",
                "aria": "descending" if descending else "ascending",
            }
        else:
            links[column] = {"param": column, "aria": None}
    return links


def _home_context(request: HttpRequest, invite_form: InvitationForm | None = None) -> dict:
    sort = request.GET.get("sort")
    page = roster_page(request.user, sort=sort, page=request.GET.get("page"))
    key, descending = parse_sort(sort)
    return {
        "rows": page.object_list,
        "page": page,
        "sort_param": f"-{key}" if descending else key,
        "sort_links": _sort_links(sort),
        **_invitations_context(request, invite_form),
    }


def _invitations_context(request: HttpRequest, invite_form: InvitationForm | None = None) -> dict:
    return {
        "invitations": relations.open_invitations(request.user),
        "invite_form": invite_form or InvitationForm(),
    }


@coach_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """The roster, sortable with ?sort=; htmx swaps only the table."""
    template = "innerback/coach/home.html"
    if request.htmx:
        template += "#roster"
    return TemplateResponse(request, template, _home_context(request))


@coach_required
@require_POST
def invite_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    invitation = None
    if form.is_valid():
        try:
            invitation = relations.create_invitation(coach=request.user, **form.cleaned_data)
        except CoachingError as refusal:
            form.add_error(None, str(refusal))
    if invitation is not None:
        if not request.htmx:
            messages.success(request, f"New invitation: code {invitation.code}.")
            return redirect("coach:home")
        form = None
    elif not request.htmx:
        # Without JavaScript the invalid form comes back on the whole page.
        return TemplateResponse(request, "innerback/coach/home.html", _home_context(request, form))
    return TemplateResponse(
        request, "innerback/coach/home.html#invitations", _invitations_context(request, form)
    )


@coach_required
@require_POST
def invite_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, coach=request.user)
    try:
        relations.revoke_invitation(invitation=invitation)
    except CoachingError as error:
        messages.error(request, str(error))
        return _redirect(request, reverse("coach:home"))
    if request.htmx:
        return TemplateResponse(
            request, "innerback/coach/home.html#invitations", _invitations_context(request)
        )
    messages.success(request, f"Invitation {invitation.code} withdrawn.")
    return redirect("coach:home")


# --- a client's page -------------------------------------------------------------------------


def _current_enrolment(client: User) -> Enrolment | None:
    return Enrolment.objects.current().filter(trainee=client).select_related("program").first()


@dataclass
class ClientWeek:
    """The engine's state for a client today, their current enrolment, and their week."""

    state: TraineeState
    enrolment: Enrolment | None
    # This week's sessions, each with its plan.
    sessions: list[TrainingSession]
    # Every adjustment of the current enrolment, in program order.
    adjustments: list[PrescriptionAdjustment]


def _read_sessions(client: User, monday: date, *, recent: bool = False) -> tuple[list, list]:
    """This week's sessions in calendar order, each with `has_logs` and `logged_on` (the day
    its first set was logged: a session logged early is done on that day), and when asked
    the latest `RECENT_SESSIONS` logged ones, latest first: one query for both, as this
    week's logged sessions are often among those."""
    logged = Exists(SetLog.objects.live().filter(session=OuterRef("pk")))
    first_logged_on = Subquery(
        SetLog.objects.live()
        .filter(session=OuterRef("pk"))
        .order_by("performed_on")
        .values("performed_on")[:1]
    )
    sessions = calendar.sessions_in_week(trainee=client, monday=monday)
    if recent:
        latest_logged = (
            TrainingSession.objects.filter(trainee=client)
            .filter(logged)
            .order_by("-scheduled_on", "-pk")
            .values("pk")[:RECENT_SESSIONS]
        )
        # The trainee again outside the OR, or the database would read everyone's sessions.
        sessions = sessions | TrainingSession.objects.filter(pk__in=latest_logged)
        sessions = sessions.filter(trainee=client)
    sessions = list(sessions.annotate(logged_on=first_logged_on))
    for session in sessions:
        session.has_logs = session.logged_on is not None
    sunday_after = monday + timedelta(days=7)
    week = [s for s in sessions if monday <= s.scheduled_on < sunday_after]
    if not recent:
        return week, []
    # The latest logged sessions were all read, so they are the latest logged ones here.
    latest = sorted(
        (s for s in sessions if s.has_logs), key=lambda s: (s.scheduled_on, s.pk), reverse=True
    )
    return week, latest[:RECENT_SESSIONS]


def _this_week(client: User, state: TraineeState, sessions: list[TrainingSession]) -> ClientWeek:
    """The plan of this week's `sessions` (`_read_sessions`), from the client's `state`."""
    today = state.today
    enrolment = _enrolment_of(sessions) or _current_enrolment(client)
    # The adjustments of every enrolment with a session this week (for the plan) and of the
    # current one (for the page's list, which names their exercise, week and day: read
    # again with those only when there are any, as most clients have none).
    enrolment_ids = {session.enrolment_id for session in sessions}
    if enrolment is not None:
        enrolment_ids.add(enrolment.pk)
    adjustments = list(PrescriptionAdjustment.objects.filter(enrolment_id__in=enrolment_ids))
    listed = []
    if enrolment is not None and any(a.enrolment_id == enrolment.pk for a in adjustments):
        listed = list(
            PrescriptionAdjustment.objects.filter(enrolment=enrolment)
            .select_related("prescription__exercise", "prescription__day__week")
            .order_by("prescription__day__week__number", "prescription__day__position")
        )
    plan = engine.planned_items(
        trainee=client, sessions=sessions, state=state, adjustments=adjustments
    )
    # A session with sets shows what was prescribed when they were logged (one query, and
    # none when the week has no logged session yet).
    logged = as_logged.read(s.pk for s in sessions if s.has_logs)
    # The page opens on the client's next session; the rest of the week stays folded.
    upcoming = next((s for s in sessions if s.scheduled_on >= today), None)
    for session in sessions:
        session.items = [
            as_logged.as_logged(item, logged.get((session.pk, item.exercise.pk)), client.load_unit)
            for item in plan[session.pk]
        ]
        session.is_next = session is upcoming
        # Adjustments belong to the current enrolment: an old plan's leftovers are read-only.
        session.adjustable = enrolment is not None and session.enrolment_id == enrolment.pk
    return ClientWeek(
        state=state,
        enrolment=enrolment,
        sessions=sessions,
        adjustments=listed,
    )


def _enrolment_of(week: list[TrainingSession]) -> Enrolment | None:
    """The current enrolment as this week's sessions bring it along (most weeks have one of
    its sessions), with its program; None when none of them is of the current enrolment."""
    for session in week:
        enrolment = session.enrolment
        if enrolment.ended_at is None:
            program = session.program_day.week.program
            if enrolment.program_id == program.pk:
                enrolment.program = program
            return enrolment
    return None


# What the recent sessions' table reads of each set (`_set_row`).
SET_ROW_FIELDS = (
    "session_id",
    "load_jump",
    "exercise__name",
    "set_number",
    "target_sets",
    "reps",
    "hold_s",
    "load",
    "unit",
    "eccentric_s",
    "effort_rpe",
    "note",
    "target_reps_min",
    "target_reps_max",
    "target_hold_s",
    "target_load",
    "target_tempo",
    "form_ok",
    "failed_checks",
    "pk",
    "edited_at",
)


@dataclass(frozen=True, slots=True)
class SetRow:
    """One logged set as the recent sessions' table shows it. The page lists about a hundred
    sets, so each cell is written once here rather than by a dozen template tags per row."""

    exercise: str
    number: str
    done: SafeString
    prescribed: str
    form_ok: bool
    # The form checks missed, "; "-separated.
    missed: str
    # Its edits, oldest first (`SetEdit`).
    edits: tuple = ()


def _set_row(row: dict, edits: Iterable[SetEdit] = ()) -> SetRow:
    """The table row of one set, from its `SET_ROW_FIELDS`."""
    unit = row["unit"]
    if row["hold_s"] is not None:
        done = f"{row['hold_s']} s"
    else:
        done = f"{'–' if row['reps'] is None else row['reps']} reps"
    if row["load"] is not None:
        done += f" · {number_text(row['load'])} {unit}"
        if row["load_jump"]:
            done += f" ({JUMP_MARK})"
    if row["eccentric_s"] is not None:
        done += f" · {row['eccentric_s']} s down"
    if row["effort_rpe"]:
        done += f" · RPE {row['effort_rpe']}"
    done = escape(done)
    if row["note"]:
        done += format_html('<br><span class="muted">“{}”</span>', row["note"])
    if row["target_hold_s"]:
        prescribed = f"{row['target_hold_s']} s"
    else:
        prescribed = f"{row['target_reps_min']}–{row['target_reps_max']} reps"
    if row["target_load"] is not None:
        prescribed += f" · {number_text(row['target_load'])} {unit}"
    return SetRow(
        exercise=row["exercise__name"],
        number=f"{row['set_number']}/{row['target_sets']}",
        done=done,
        prescribed=f"{prescribed} · {row['target_tempo']}",
        form_ok=row["form_ok"],
        missed="; ".join(row["failed_checks"] or ()),
        edits=tuple(edits),
    )


def _set_rows(session_ids: tuple[int, ...]) -> dict[int, list[SetRow]]:
    """The table rows of the sessions' live sets, by session."""
    rows = defaultdict(list)
    found = list(
        SetLog.objects.live()
        .filter(session__in=session_ids)
        .order_by("exercise__kind", "exercise__name", "set_number")
        .values(*SET_ROW_FIELDS)
    )
    # One more query, only when a set shown was ever edited.
    edits = SetEdit.objects.by_set(row["pk"] for row in found if row["edited_at"] is not None)
    for row in found:
        rows[row["session_id"]].append(_set_row(row, edits.get(row["pk"], ())))
    return dict(rows)


def _sessions_with_comments(client: User, monday: date) -> tuple[list, list]:
    """`_read_sessions` with the latest logged sessions' comments read too."""
    week, latest = _read_sessions(client, monday, recent=True)
    prefetch_related_objects(
        latest, Prefetch("comments", queryset=SessionComment.objects.select_related("author"))
    )
    return week, latest


def _recent_sessions(sessions: list, forms: dict[int, CommentForm] | None = None) -> list:
    """The client's latest logged sessions (`_read_sessions`, their comments already read)
    with their sets, read in one query for all of them."""
    rows = _set_rows(tuple(session.pk for session in sessions))
    forms = forms or {}
    for session in sessions:
        session.set_rows = rows.get(session.pk, [])
        session.comment_form = forms.get(session.pk) or _comment_form(session)
    return sessions


def _comment_form(session: TrainingSession, data=None) -> CommentForm:
    # One form per session on the page: ids must differ, the field name stays "body".
    return CommentForm(data, auto_id=f"id_s{session.pk}_%s")


def _unlocks(client: User) -> list[GateOverride]:
    """The client's latest unlocks (gate overrides), newest first, each dated by the
    client's own calendar (`granted_on`, `revoked_on`), as the engine dates them."""
    overrides = list(
        GateOverride.objects.filter(trainee=client)
        .select_related("exercise", "granted_by")
        .order_by("-created_at")[:20]
    )
    for override in overrides:
        override.granted_on = client.local_date(override.created_at)
        revoked = override.revoked_at
        override.revoked_on = None if revoked is None else client.local_date(revoked)
    return overrides


# The client page lists the pain flags of this many days back.
PAIN_FLAG_DAYS = 56


def _pain_flags(client: User, today: date) -> list[PainFlag]:
    """The client's step backs for pain (`PainFlag`) of the last PAIN_FLAG_DAYS days,
    newest first (one query)."""
    since = today - timedelta(days=PAIN_FLAG_DAYS)
    return list(PainFlag.objects.filter(trainee=client, day__gt=since).select_related("exercise"))


def _gates(state: TraineeState) -> list[dict]:
    return [{"exercise": state.exercises[gate.exercise], "gate": gate} for gate in state.gates()]


def _client_context(
    request: HttpRequest,
    current: Coaching,
    *,
    assign_form: AssignProgramForm | None = None,
    override_form: GateOverrideForm | None = None,
    comment_forms: dict[int, CommentForm] | None = None,
) -> dict:
    coach, client = request.user, current.client
    today = client.local_today()
    week_sessions, latest = _sessions_with_comments(client, calendar.week_start(today))
    week = _this_week(client, engine.trainee_state(client, today), week_sessions)
    gates = _gates(week.state)
    locked = [g["exercise"] for g in gates if not g["gate"].unlocked]
    return {
        "client": client,
        "coaching": current,
        "enrolment": week.enrolment,
        "today": week.state.today,
        "week": week.sessions,
        "figures": figures.figures_of(client, today),
        "gates": gates,
        "overrides": _unlocks(client),
        "pain_flags": _pain_flags(client, today),
        "pain_flag_days": PAIN_FLAG_DAYS,
        "adjustments": week.adjustments,
        "recent": _recent_sessions(latest, comment_forms),
        "assign_form": assign_form or AssignProgramForm(coach=coach, client=client),
        "override_form": override_form or GateOverrideForm(gated=locked),
        "can_override": bool(locked),
    }


@coach_required
@require_http_methods(["GET"])
def client_page(request: HttpRequest, client_id: int) -> HttpResponse:
    current = relations.coaching_for(request.user, client_id)
    return TemplateResponse(
        request, "innerback/coach/client.html", _client_context(request, current)
    )


@coach_required
@require_POST
def end_client(request: HttpRequest, client_id: int) -> HttpResponse:
    """The coach ends the coaching: the client keeps everything, the coach loses access."""
    current = relations.coaching_for(request.user, client_id)
    relations.end_coaching(coaching=current, by=request.user)
    messages.success(
        request, f"You no longer coach {current.client}. Their program and logs stay with them."
    )
    return _redirect(request, reverse("coach:home"))


@coach_required
@require_POST
def assign_program(request: HttpRequest, client_id: int) -> HttpResponse:
    """Put the client on a program; the previous plan ends and its logged sessions stay."""
    current = relations.coaching_for(request.user, client_id)
    client = current.client
    form = AssignProgramForm(request.POST, coach=request.user, client=client)
    if not form.is_valid():
        if request.htmx:
            return TemplateResponse(
                request,
                "innerback/coach/client.html#assign",
                {"client": client, "assign_form": form, "enrolment": _current_enrolment(client)},
            )
        return TemplateResponse(
            request,
            "innerback/coach/client.html",
            _client_context(request, current, assign_form=form),
        )
    program = form.cleaned_data["program"]
    calendar.enrol(
        trainee=client,
        program=program,
        start_date=form.cleaned_data["start_date"],
        training_days=form.cleaned_data["training_days"],
        assigned_by=request.user,
        client_token=form.cleaned_data["client_token"],
    )
    messages.success(request, f"{client} now follows {program}.")
    return _redirect(request, reverse("coach:client", args=[client.pk]))


def _prescription_for(client: User, prescription_id: int) -> tuple[Enrolment, Prescription]:
    """A prescription of the client's current program, or 404."""
    enrolment = _current_enrolment(client)
    if enrolment is None:
        raise Http404("This client has no program.")
    prescription = get_object_or_404(
        Prescription.objects.select_related("exercise", "day__week"),
        pk=prescription_id,
        day__week__program=enrolment.program,
    )
    return enrolment, prescription


@coach_required
@require_http_methods(["GET", "POST"])
def adjust(request: HttpRequest, client_id: int, prescription_id: int) -> HttpResponse:
    """Change one prescription for this client only; the program itself stays as it is."""
    client = relations.client_for(request.user, client_id)
    enrolment, prescription = _prescription_for(client, prescription_id)
    existing = PrescriptionAdjustment.objects.filter(
        enrolment=enrolment, prescription=prescription
    ).first()
    instance = existing or PrescriptionAdjustment(enrolment=enrolment, prescription=prescription)
    data = request.POST if request.method == "POST" else None
    form = AdjustmentForm(data, instance=instance, prescription=prescription, client=client)
    if request.method == "POST" and form.is_valid():
        relations.save_adjustment(adjustment=form.save(commit=False), coach=request.user)
        messages.success(request, f"{prescription.exercise} adjusted for {client}.")
        return _redirect(request, reverse("coach:client", args=[client.pk]))
    template = "innerback/coach/adjust.html"
    if request.htmx:
        template += "#adjust-form"
    return TemplateResponse(
        request,
        template,
        {
            "client": client,
            "prescription": prescription,
            "adjustment": existing,
            "form": form,
            "program_load": convert_load(prescription.start_load_kg, "kg", client.load_unit),
        },
    )


@coach_required
@require_POST
def adjust_reset(request: HttpRequest, client_id: int, prescription_id: int) -> HttpResponse:
    client = relations.client_for(request.user, client_id)
    enrolment, prescription = _prescription_for(client, prescription_id)
    PrescriptionAdjustment.objects.filter(enrolment=enrolment, prescription=prescription).delete()
    messages.success(request, f"{prescription.exercise} is back to the program's prescription.")
    return _redirect(request, reverse("coach:client", args=[client.pk]))


def _gates_response(request: HttpRequest, client: User, form: GateOverrideForm | None = None):
    """The gates part of the client page after a change; the plan refreshes on the event."""
    state = engine.trainee_state(client)
    gates = _gates(state)
    locked = [g["exercise"] for g in gates if not g["gate"].unlocked]
    response = TemplateResponse(
        request,
        "innerback/coach/client.html#gates",
        {
            "client": client,
            "gates": gates,
            "overrides": _unlocks(client),
            "override_form": form or GateOverrideForm(gated=locked),
            "can_override": bool(locked),
        },
    )
    return trigger_client_event(response, "gatesChanged")


@coach_required
@require_POST
def override_gate(request: HttpRequest, client_id: int) -> HttpResponse:
    """Unlock a gated exercise for this client, with a written reason that is kept."""
    current = relations.coaching_for(request.user, client_id)
    client = current.client
    state = engine.trainee_state(client)
    locked = [g["exercise"] for g in _gates(state) if not g["gate"].unlocked]
    form = GateOverrideForm(request.POST, gated=locked)
    if form.is_valid():
        override = relations.grant_override(coach=request.user, trainee=client, **form.cleaned_data)
        if request.htmx:
            return _gates_response(request, client)
        messages.success(request, f"{override.exercise} unlocked for {client}.")
        return redirect(reverse("coach:client", args=[client.pk]) + "#gates")
    if request.htmx:
        return _gates_response(request, client, form)
    return TemplateResponse(
        request,
        "innerback/coach/client.html",
        _client_context(request, current, override_form=form),
    )


@coach_required
@require_POST
def revoke_gate_override(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client = relations.client_for(request.user, client_id)
    override = get_object_or_404(
        GateOverride.objects.select_related("exercise"), pk=pk, trainee=client
    )
    relations.revoke_override(override=override)
    if request.htmx:
        return _gates_response(request, client)
    messages.success(request, f"The unlock of {override.exercise} is revoked.")
    return redirect(reverse("coach:client", args=[client.pk]) + "#gates")


@coach_required
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
def client_plan(request: HttpRequest, client_id: int) -> HttpResponse:
    """This week's plan alone: the fragment the client page re-fetches after a gate changes.
    Opened directly (a bookmark, a new tab), it is the whole client page the plan sits in."""
    if not request.htmx:
        return client_page(request, client_id)
    client = relations.client_for(request.user, client_id)
    today = client.local_today()
    sessions, _ = _read_sessions(client, calendar.week_start(today))
    week = _this_week(client, engine.trainee_state(client, today), sessions)
    return TemplateResponse(
        request,
        "innerback/coach/client.html#plan",
        {
            "client": client,
            "enrolment": week.enrolment,
            "today": week.state.today,
            "week": week.sessions,
        },
    )


@coach_required
@require_safe
def client_print(request: HttpRequest, client_id: int) -> HttpResponse:
    """A client's week on paper, as they would print it, for a coach who hands it over."""
    client = relations.client_for(request.user, client_id)
    return printable_week(
        request,
        client,
        lambda _: reverse("coach:client", args=[client.pk]),
        reverse("coach:client_print_pdf", args=[client.pk]),
    )


@coach_required
@require_safe
def client_print_pdf(request: HttpRequest, client_id: int) -> HttpResponse:
    """A client's week on paper as a PDF, for a coach who sends or hands it over."""
    client = relations.client_for(request.user, client_id)
    return printable_week_pdf(
        request,
        client,
        lambda _: reverse("coach:client", args=[client.pk]),
        reverse("coach:client_print", args=[client.pk]),
    )


@coach_required
@require_POST
def comment(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    """Leave a comment on a logged session; the client sees it on their next visit."""
    current = relations.coaching_for(request.user, client_id)
    client = current.client
    session = get_object_or_404(TrainingSession, pk=session_id, trainee=client)
    form = _comment_form(session, request.POST)
    saved = None
    if form.is_valid():
        try:
            saved = relations.add_comment(coach=request.user, session=session, **form.cleaned_data)
        except CoachingError as refusal:
            form.add_error(None, str(refusal))
    if saved is not None:
        if not request.htmx:
            messages.success(request, f"Comment saved; {client} will see it on their next visit.")
            return redirect(reverse("coach:client", args=[client.pk]) + f"#session-{session.pk}")
        form = _comment_form(session)
    elif not request.htmx:
        return TemplateResponse(
            request,
            "innerback/coach/client.html",
            _client_context(request, current, comment_forms={session.pk: form}),
        )
    session.comment_form = form
    prefetch_related_objects(
        [session], Prefetch("comments", queryset=SessionComment.objects.select_related("author"))
    )
    return TemplateResponse(
        request, "innerback/coach/client.html#comments", {"client": client, "session": session}
    )
