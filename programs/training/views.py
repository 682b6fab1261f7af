"""Today's session, any session's page, and logging, editing, deleting and restoring sets.

Every view works without JavaScript (POST → redirect back to the exercise on the session
page) and with htmx (the exercise's block comes back with the logged set and the next set's
form; the session's status refreshes through the `setLogged` event). A session or set that is
not the signed-in trainee's own is a 404, for every page and every fragment.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event
from uuid6 import uuid7

from innerback.accounts.security import next_on_site
from programs.models import Prescription, SetLog, TrainingSession
from programs.planning import calendar
from programs.training import pain
from programs.training.forms import (
    MorningCheckForm,
    PainRatingForm,
    SetLogForm,
    edit_set_form,
    next_set_form,
    offline_outcomes,
)
from programs.training.logging import (
    CannotRestore,
    ExerciseBlock,
    SessionLog,
    SetNumberTaken,
    build_set_log,
    delete_set,
    finish_session,
    log_set,
    restore_set,
    update_set,
)

PAGE = "programs/session.html"
SET_LOGGED = "setLogged"
# What became of a set sent to `log_set_view`, for a page sending the sets it queued with no
# connection: "stored", "already-had" (its token was logged before), "conflict" (its number
# was taken or the exercise locked meanwhile: nothing saved, the typed values come back in
# the form) or "invalid" (the form came back with a message beside a field).
SET_OUTCOME = "Innerback-Set-Outcome"


# --- access ----------------------------------------------------------------------------------


def _session_for(request: HttpRequest, pk: int, *, with_plan: bool = True) -> TrainingSession:
    """One of the signed-in trainee's own sessions; anyone else's (or a deleted one) is 404.
    With its day, week, program and enrolment, unless `with_plan` is false: one exercise's
    block shows none of them, and the joins cost more than the read itself."""
    sessions = TrainingSession.objects.all()
    if with_plan:
        sessions = sessions.select_related("program_day__week__program", "enrolment")
    return get_object_or_404(sessions, pk=pk, trainee=request.user)


def _set_for(request: HttpRequest, pk: int, *, live_only: bool = True) -> SetLog:
    """One of the signed-in trainee's own logged sets; anyone else's is 404."""
    sets = SetLog.objects.live() if live_only else SetLog.objects.all()
    set_log = get_object_or_404(
        sets.select_related(
            "exercise", "session__program_day__week__program", "session__enrolment"
        ),
        pk=pk,
        trainee=request.user,
    )
    return set_log


# --- forms -----------------------------------------------------------------------------------


def _attach_forms(
    log: SessionLog,
    unit: str,
    *,
    bound: SetLogForm | None = None,
    bound_key: int | None = None,
    editing: SetLogForm | None = None,
    editing_pk: int | None = None,
) -> None:
    """Give each open exercise the form for its next set (or the bound form that came back
    with errors, on the set it was for) and the set being edited its edit form."""
    for block in log.blocks:
        if block.item.locked:
            continue
        form = None
        if bound is not None and block.key == bound_key:
            form = bound
            slot = block.slot(_posted_number(bound))
            if slot is None or slot.logged is not None:
                slot = block.next_slot
            if slot is None:
                block.overflow_form = bound
            else:
                slot.form = bound
        elif block.next_slot is not None:
            form = block.next_slot.form = next_set_form(block, unit)
        if form is not None:
            form.offline_outcomes = offline_outcomes(log.set_outcomes(block), unit)
        if editing is not None:
            for slot in block.slots:
                if slot.logged is not None and slot.logged.pk == editing_pk:
                    slot.edit_form = editing


def _posted_number(form: SetLogForm) -> int:
    try:
        return int(form.data.get("set_number", ""))
    except ValueError:
        return 0


def _moved_form(block: ExerciseBlock, unit: str, form: SetLogForm) -> SetLogForm:
    """The same typed values, re-aimed at the next free set, after the set number they were
    for turned out to be logged already (another tab, another device)."""
    taken = form.cleaned_data["set_number"]
    data = form.data.copy()
    # Nothing was saved, so the retry is a new submission with a token of its own.
    data["client_token"] = str(uuid7())
    if block.next_number is not None:
        data["set_number"] = str(block.next_number)
    moved = next_set_form(block, unit, data=data)
    moved.is_valid()
    if block.next_number is not None:
        where = f"These values are now for set {block.next_number}: check them and log again."
    else:
        where = "Every set of this exercise is logged; edit one of them if this replaces it."
    moved.add_error(
        None,
        f"Set {taken} was already logged, perhaps from another tab. Nothing was saved. {where}",
    )
    return moved


# --- rendering -------------------------------------------------------------------------------


def _session_url(session: TrainingSession, anchor: str = "") -> str:
    url = reverse("programs:session", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


def _render(
    request: HttpRequest, log: SessionLog, *, key: int | None = None, template: str = PAGE
) -> TemplateResponse:
    """The whole page, or with htmx just the block of exercise `key`."""
    context = {"log": log, "session": log.session}
    if request.htmx and key is not None:
        block = log.block(key)
        return TemplateResponse(request, f"{PAGE}#exercise", {**context, "block": block})
    return TemplateResponse(request, template, context)


def _block_changed(
    request: HttpRequest,
    log: SessionLog,
    block: ExerciseBlock,
    *,
    just_logged: bool = False,
) -> HttpResponse:
    """After a write: back to the exercise without JavaScript; with htmx its fresh block,
    and an event so the rest of the page (progress, summary) refreshes itself.
    `just_logged` starts the rest timer in the fresh block."""
    if not request.htmx:
        return HttpResponseRedirect(_session_url(log.session, block.anchor))
    log.reload()
    _attach_forms(log, request.user.load_unit)
    log.block(block.key).just_logged = just_logged
    response = _render(request, log, key=block.key)
    trigger_client_event(response, SET_LOGGED)
    return response


def _log_for_set(request: HttpRequest, set_log: SetLog) -> SessionLog:
    """The session as the answer to a change of one set needs it: with htmx only that set's
    exercise block (as when logging one), without it the whole page."""
    if request.htmx and set_log.prescription_id is not None:
        return SessionLog(
            trainee=request.user, session=set_log.session, prescription_id=set_log.prescription_id
        )
    return SessionLog(trainee=request.user, session=set_log.session)


def _block_or_404(log: SessionLog, key: int) -> ExerciseBlock:
    block = log.block(key)
    if block is None:
        raise Http404("That exercise is not part of this session.")
    return block


# --- pages -----------------------------------------------------------------------------------


@login_required
@require_safe
def today(request: HttpRequest) -> HttpResponse:
    """Today's session ready to log; on a rest day, the next session (which can be opened
    early); with no program yet, the way to choose one. The page names today's and the
    next session's pages for the service worker to keep, for training with no signal."""
    trainee = request.user
    day = trainee.local_today()
    session = calendar.session_for_day(trainee=trainee, day=day)
    context: dict = {"day": day, **morning_context(trainee, day)}
    if session is not None:
        log = SessionLog(trainee=trainee, session=session)
        _attach_forms(log, trainee.load_unit)
        context.update(log=log, session=session)
        ahead = calendar.next_session(enrolment_id=session.enrolment_id, after=day)
        context["offline_pages"] = [_session_url(s) for s in (session, ahead) if s is not None]
    else:
        enrolment = calendar.current_enrolment(trainee)
        context["enrolment"] = enrolment
        if enrolment is not None:
            ahead = calendar.next_session(enrolment_id=enrolment.pk, after=day)
            context["next_session"] = ahead
            context["offline_pages"] = [_session_url(ahead)] if ahead is not None else []
    return TemplateResponse(request, "programs/today.html", context)


@login_required
@require_safe
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Any of the trainee's sessions: past ones to back-fill, future ones to start early."""
    session = _session_for(request, pk)
    log = SessionLog(trainee=request.user, session=session)
    _attach_forms(log, request.user.load_unit)
    return _render(request, log)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's progress, or its summary once finished; htmx refreshes it after each
    change to a set."""
    session = _session_for(request, pk)
    if not request.htmx:
        return HttpResponseRedirect(_session_url(session, "session-status"))
    log = SessionLog(trainee=request.user, session=session, with_blocks=False)
    return TemplateResponse(request, f"{PAGE}#status", {"log": log, "session": session})


# --- writes ----------------------------------------------------------------------------------


@login_required
@require_POST
def log_set_view(request: HttpRequest, pk: int, prescription_id: int) -> HttpResponse:
    """Log the next set of one exercise. Bad input comes back beside its field with every
    typed value kept and nothing saved; the same form sent twice logs one set."""
    session = _session_for(request, pk, with_plan=not request.htmx)
    # Only this exercise's block: all that the answer shows, for a fraction of the work.
    log = SessionLog(trainee=request.user, session=session, prescription_id=prescription_id)
    block = _block_or_404(log, prescription_id)
    unit = request.user.load_unit
    form = next_set_form(block, unit, data=request.POST)
    outcome = "invalid"
    if block.item.locked:
        # The gate closed after this page was loaded (say, a qualifying set was deleted in
        # another tab): the block shows why, and the way to unlock it, instead of a form.
        block.message = f"{block.exercise.name} is locked, so nothing was saved."
        outcome = "conflict"
    elif form.is_valid():
        set_log = build_set_log(
            trainee=request.user,
            session=session,
            item=block.item,
            set_number=form.cleaned_data["set_number"],
            values=form.values(),
            target_load=block.next_load.load if block.next_load else None,
            performed_on=log.performed_on,
            client_token=form.cleaned_data["client_token"],
        )
        try:
            _, created = log_set(set_log=set_log)
        except SetNumberTaken:
            log.reload()
            block = _block_or_404(log, prescription_id)
            form = _moved_form(block, unit, form)
            outcome = "conflict"
        else:
            response = _block_changed(request, log, block, just_logged=True)
            response[SET_OUTCOME] = "stored" if created else "already-had"
            return response
    if not request.htmx:
        # Without JavaScript the whole page comes back, every exercise on it.
        message = block.message
        log = SessionLog(trainee=request.user, session=session)
        block = _block_or_404(log, prescription_id)
        block.message = message
    _attach_forms(log, unit, bound=form, bound_key=block.key)
    response = _render(request, log, key=block.key)
    response[SET_OUTCOME] = outcome
    return response


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def edit_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a logged set. GET shows its form in place (the whole session page without
    JavaScript); the engine's next load follows the change."""
    set_log = _set_for(request, pk)
    log = _log_for_set(request, set_log)
    block = log.block_for_set(set_log)
    if block is None:
        raise Http404("That set's exercise is no longer part of this session.")
    form = edit_set_form(set_log, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        update_set(set_log, form.values(), by=request.user)
        return _block_changed(request, log, block)
    _attach_forms(log, request.user.load_unit, editing=form, editing_pk=set_log.pk)
    return _render(request, log, key=block.key)


@login_required
@require_POST
def delete_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a logged set; it stops counting at once and can be restored with Undo."""
    set_log = _set_for(request, pk, live_only=False)
    delete_set(set_log)
    log = _log_for_set(request, set_log)
    block = log.block_for_set(set_log)
    if block is None:
        return HttpResponseRedirect(_session_url(set_log.session))
    return _block_changed(request, log, block)


@login_required
@require_POST
def undo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Bring a deleted set back, unless its set number has been logged again since."""
    set_log = _set_for(request, pk, live_only=False)
    try:
        restore_set(set_log)
    except CannotRestore:
        problem = (
            f"Set {set_log.set_number} has been logged again since it was deleted, so the "
            "deleted one cannot come back. Delete the new one first if the old one was right."
        )
    else:
        problem = ""
    log = _log_for_set(request, set_log)
    block = log.block_for_set(set_log)
    if block is None:
        return HttpResponseRedirect(_session_url(set_log.session))
    if not problem:
        return _block_changed(request, log, block)
    if not request.htmx:
        messages.error(request, problem)
        return HttpResponseRedirect(_session_url(set_log.session, block.anchor))
    block.message = problem
    _attach_forms(log, request.user.load_unit)
    return _render(request, log, key=block.key)


@login_required
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the session done and show its summary: sets, form, time under tension, gates."""
    session = _session_for(request, pk)
    finish_session(session)
    if not request.htmx:
        return HttpResponseRedirect(_session_url(session, "session-status"))
    log = SessionLog(trainee=request.user, session=session, with_blocks=False)
    return TemplateResponse(request, f"{PAGE}#status", {"log": log, "session": session})


# --- pain ------------------------------------------------------------------------------------

PAIN_PARTIAL = "programs/_pain_rating.html"
MORNING_PARTIAL = "programs/_morning_check.html"


@login_required
@require_POST
def rate_pain(request: HttpRequest, pk: int, prescription_id: int) -> HttpResponse:
    """Give or change (on the day it was given) the pain during one exercise of a session,
    0–10, with one tap. Without JavaScript, back to the exercise; with htmx, the control."""
    session = _session_for(request, pk, with_plan=False)
    prescription = get_object_or_404(
        Prescription.objects.select_related("exercise"),
        pk=prescription_id,
        day_id=session.program_day_id,
    )
    trainee, today = request.user, request.user.local_today()
    form = PainRatingForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            pain.rate_pain(
                trainee=trainee,
                session=session,
                exercise=prescription.exercise,
                rating=form.cleaned_data["rating"],
                today=today,
            )
        except pain.AnswerClosed:
            error = "This rating was given on an earlier day, so it stays as it is."
    else:
        error = form.errors["rating"][0]
    if not request.htmx:
        if error:
            messages.error(request, error)
        return HttpResponseRedirect(_session_url(session, f"ex-{prescription.pk}-pain"))
    rating = pain.ratings_of(session).get(prescription.exercise_id)
    control = pain.PainControl.of(session, prescription, rating, today)
    control.error = error
    return TemplateResponse(request, PAIN_PARTIAL, {"pain": control})


def morning_context(trainee, today) -> dict:
    """What the morning check shows on the dashboard and /today/: the session it asks
    about (none when nothing is due) and its form, holding today's answer if there is one."""
    ask = pain.morning_check_due(trainee, today)
    form = None
    if ask is not None:
        initial = {"answer": ask.check.answer, "pain_now": ask.check.pain_now} if ask.check else {}
        form = MorningCheckForm(initial=initial, auto_id="id_morning_%s")
    return {"morning_ask": ask, "morning_form": form}


@login_required
@require_POST
def morning_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer (or change, on the day it was answered) the morning check of a session. Bad
    input comes back beside its field; without JavaScript a good answer goes back to the
    page it came from."""
    session = _session_for(request, pk, with_plan=False)
    trainee, today = request.user, request.user.local_today()
    # Back to the page the check was on (the dashboard or /today/) once it is done.
    next_page = next_on_site(request, reverse("programs:today"))
    form = MorningCheckForm(request.POST, auto_id="id_morning_%s")
    ask = pain.morning_check_due(trainee, today)
    if ask is None or ask.session.pk != session.pk:
        closed = "This morning check is closed, so nothing was saved."
        if not request.htmx:
            messages.info(request, closed)
            return HttpResponseRedirect(next_page)
        return TemplateResponse(request, MORNING_PARTIAL, {"morning_closed": closed})
    if form.is_valid():
        try:
            pain.answer_morning(
                trainee=trainee,
                session=session,
                answer=form.cleaned_data["answer"],
                pain_now=form.cleaned_data["pain_now"],
                today=today,
            )
        except pain.AnswerClosed:
            form.add_error(None, "This morning check was answered on an earlier day.")
        else:
            if not request.htmx:
                messages.success(request, "Thank you: your answer is saved.")
                return HttpResponseRedirect(next_page)
            context = {**morning_context(trainee, today), "morning_saved": True}
            context["morning_next"] = next_page
            return TemplateResponse(request, MORNING_PARTIAL, context)
    # Without JavaScript the form comes back on a page of its own, and goes back from there.
    context = {"morning_ask": ask, "morning_form": form, "morning_next": next_page}
    template = MORNING_PARTIAL if request.htmx else "programs/morning_check.html"
    return TemplateResponse(request, template, context)
