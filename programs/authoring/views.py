"""The program builder: people who write programs (coaches, trainees for themselves) create
programs, add, rename and remove weeks and days, and add, edit, order and remove
prescriptions.

Only the owner can change a program; anyone else's program, and every built-in one, is a 404
here. Built-in programs can be duplicated into "my programs" and edited there. Days added to
a program that people follow are laid onto their calendars at once; a removed day comes off
them (and the days after it move up), unless someone has trained it: then it stays, with a
message saying why.

The builder shows one week at a time (`?week=N`, the first by default) with its days and
items in full, and every week as a line with its days and exercises, so the page stays
small however long the program is.

Every form posts and redirects (303) back to the week it changed without JavaScript. With
htmx a day's forms swap that day (`#day`), and week-level forms swap the week with the
list of weeks (`#weeks`); an invalid form comes back in its partial with its errors,
status 200. A week, day or item past the program's size caps (`programs.limits`) is refused
the same way, with the message on the form or button used.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from exercises.models import Exercise
from programs.authoring import builder
from programs.authoring.forms import (
    CopyForm,
    DayForm,
    NewProgramForm,
    PrescriptionForm,
    ProgramForm,
    RenameDayForm,
    RenameWeekForm,
    WeekForm,
)
from programs.models import Prescription, Program, ProgramDay, ProgramWeek
from programs.planning import calendar

TEMPLATE = "programs/builder.html"


def _own_program(request: HttpRequest, pk: int) -> Program:
    return get_object_or_404(Program, pk=pk, owner=request.user)


def _own_week(request: HttpRequest, pk: int) -> ProgramWeek:
    return get_object_or_404(
        ProgramWeek.objects.select_related("program"), pk=pk, program__owner=request.user
    )


def _own_day(request: HttpRequest, pk: int) -> ProgramDay:
    return get_object_or_404(
        ProgramDay.objects.select_related("week__program"),
        pk=pk,
        week__program__owner=request.user,
    )


def _own_prescription(request: HttpRequest, pk: int) -> Prescription:
    return get_object_or_404(
        Prescription.objects.select_related("day__week__program"),
        pk=pk,
        day__week__program__owner=request.user,
    )


def _exercises() -> list[Exercise]:
    return list(Exercise.objects.order_by("name"))


def _prescriptions() -> Prefetch:
    return Prefetch(
        "prescriptions",
        queryset=Prescription.objects.select_related("exercise").order_by("position", "pk"),
    )


def _prepare_day(
    day: ProgramDay, exercises: list[Exercise], bound_forms=None, notices=None
) -> ProgramDay:
    """Give the day its add-prescription and rename forms (bound when they came back with
    errors), the edit form of the item being edited, and any refusal to show. Field ids
    carry the object's id, so many forms can share the page."""
    bound_forms = bound_forms or {}
    day.add_form = bound_forms.get(("day", day.pk)) or PrescriptionForm(
        exercises=exercises, auto_id=f"id_day{day.pk}_%s"
    )
    day.rename_form = bound_forms.get(("rename_day", day.pk)) or RenameDayForm(
        instance=day, auto_id=f"id_renameday{day.pk}_%s"
    )
    day.refusal = (notices or {}).get(("day", day.pk), "")
    for item in day.prescriptions.all():
        item.edit_form = bound_forms.get(("item", item.pk))
    return day


def _week_summaries(program: Program) -> list[ProgramWeek]:
    """Every week of the program with its number of days and exercises, in one query."""
    return list(
        program.weeks.annotate(
            day_count=Count("days", distinct=True), item_count=Count("days__prescriptions")
        ).order_by("number")
    )


def _week_number(request: HttpRequest) -> int:
    """The week asked for in `?week=`; anything but a number asks for the first."""
    try:
        return int(request.GET.get("week", ""))
    except ValueError:
        return 1


def _chosen_week(weeks: list[ProgramWeek], number: int) -> ProgramWeek | None:
    """The week with this number, else the nearest one (a week removed meanwhile, a number
    past the end); None for a program with no weeks."""
    if not weeks:
        return None
    return min(weeks, key=lambda week: (abs(week.number - number), week.number))


def _open_week(
    week: ProgramWeek, exercises: list[Exercise], bound_forms=None, notices=None
) -> ProgramWeek:
    """The week in full: its days and prescriptions in two queries, forms attached."""
    bound_forms = bound_forms or {}
    notices = notices or {}
    prefetch_related_objects(
        [week],
        Prefetch(
            "days",
            queryset=ProgramDay.objects.order_by("position").prefetch_related(_prescriptions()),
        ),
    )
    week.day_form = bound_forms.get(("week", week.pk)) or DayForm(auto_id=f"id_week{week.pk}_%s")
    week.rename_form = bound_forms.get(("rename_week", week.pk)) or RenameWeekForm(
        instance=week, auto_id=f"id_renameweek{week.pk}_%s"
    )
    week.copy_form = CopyForm(auto_id=False)
    week.refusal = notices.get(("week", week.pk), "")
    for day in week.days.all():
        _prepare_day(day, exercises, bound_forms, notices)
    return week


def _builder_page(
    request: HttpRequest,
    program: Program,
    *,
    number: int,
    partial: str = "",
    program_form: ProgramForm | None = None,
    week_form: WeekForm | None = None,
    bound_forms=None,
    notices=None,
) -> TemplateResponse:
    """The builder open at week `number` (or the nearest week there is)."""
    weeks = _week_summaries(program)
    week = _chosen_week(weeks, number)
    if week is not None:
        _open_week(week, _exercises(), bound_forms, notices)
    position = weeks.index(week) if week is not None else 0
    context = {
        "program": program,
        "program_form": program_form or ProgramForm(instance=program),
        "week_form": week_form or WeekForm(auto_id="id_newweek_%s"),
        "weeks": weeks,
        "week": week,
        "previous_week": weeks[position - 1] if position > 0 else None,
        "next_week": weeks[position + 1] if position + 1 < len(weeks) else None,
    }
    return TemplateResponse(request, TEMPLATE + partial, context)


def _week_url(program_id: int, number: int, anchor: str = "") -> str:
    """The builder open at week `number`, scrolled to `anchor` (like "#day-3")."""
    return f"{reverse('programs:edit', args=[program_id])}?week={number}{anchor}"


def _back_to_week(program_id: int, number: int, anchor: str = "") -> HttpResponseRedirect:
    """After a change without JavaScript: see other (303), the week that changed."""
    return HttpResponseRedirect(_week_url(program_id, number, anchor), status=303)


def _day_response(request: HttpRequest, day: ProgramDay, bound_forms=None) -> HttpResponse:
    """The day's partial (htmx) or a redirect back to the day in its week."""
    if not request.htmx:
        return _back_to_week(day.week.program_id, day.week.number, f"#day-{day.pk}")
    day = (
        ProgramDay.objects.select_related("week").prefetch_related(_prescriptions()).get(pk=day.pk)
    )
    _prepare_day(day, _exercises(), bound_forms)
    return TemplateResponse(request, TEMPLATE + "#day", {"day": day, "program": day.week.program})


def _weeks_response(request: HttpRequest, program: Program, number: int, anchor: str):
    """The builder at week `number` after a change to the program's weeks or days: the
    week and the list of weeks (htmx, with the address of the week shown), or a redirect."""
    if not request.htmx:
        return _back_to_week(program.pk, number, anchor)
    page = _builder_page(request, program, number=number, partial="#weeks")
    shown = page.context_data["week"]
    return push_url(page, _week_url(program.pk, shown.number if shown else 1))


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """The person's own programs, a form to create one, and built-ins to copy from."""
    form = NewProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        program = builder.create_program(owner=request.user, **form.cleaned_data)
        messages.success(request, f"{program.name} is created. Add its first week below.")
        return redirect("programs:edit", program.pk)
    programs = Program.objects.annotate(
        week_count=Count("weeks", distinct=True), day_count=Count("weeks__days", distinct=True)
    )
    builtins = list(programs.filter(owner__isnull=True).order_by("name"))
    for builtin in builtins:
        # A token per button: copying two programs is two copies.
        builtin.copy_form = CopyForm(auto_id=False)
    return TemplateResponse(
        request,
        "programs/mine.html",
        {
            "form": form,
            "own": programs.filter(owner=request.user).order_by("name"),
            "builtins": builtins,
        },
    )


@login_required
@require_POST
def duplicate_program(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
    form = CopyForm(request.POST)
    copy = builder.duplicate_program(program=source, owner=request.user, client_token=_token(form))
    messages.success(request, f"{copy.name} is yours to change.")
    return redirect("programs:edit", copy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder page at the week in `?week=`; a POST renames the program or changes its
    description."""
    program = _own_program(request, pk)
    number = _week_number(request)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Program details saved.")
            return _back_to_week(program.pk, number)
        # Keep the saved name in the heading while the form shows what was typed.
        program.refresh_from_db()
    return _builder_page(request, program, number=number, program_form=form)


def _token(form: CopyForm) -> uuid.UUID | None:
    """The token of a copy button; a mangled one counts as none (the copy is made, as a new
    one), since a button has no field to show an error beside."""
    return form.cleaned_data["client_token"] if form.is_valid() else None


def _day_with_forms(request: HttpRequest, day: ProgramDay, bound_forms) -> HttpResponse:
    """The day with these forms in it (an invalid one shows its errors): just the day with
    htmx, the builder page at the day's week without."""
    if request.htmx:
        return _day_response(request, day, bound_forms)
    return _builder_page(request, day.week.program, number=day.week.number, bound_forms=bound_forms)


def _week_with_forms(
    request: HttpRequest, week: ProgramWeek, *, bound_forms=None, notices=None
) -> TemplateResponse:
    """The week with these forms (an invalid one shows its errors) or refusals in it: the
    week and the list of weeks with htmx, the builder page at that week without."""
    return _builder_page(
        request,
        week.program,
        number=week.number,
        partial="#weeks" if request.htmx else "",
        bound_forms=bound_forms,
        notices=notices,
    )


@login_required
@require_POST
def add_week(request: HttpRequest, pk: int) -> HttpResponse:
    program = _own_program(request, pk)
    form = WeekForm(request.POST, auto_id="id_newweek_%s")
    if form.is_valid():
        try:
            week = builder.add_week(program=program, **form.cleaned_data)
        except builder.ProgramFull as full:
            form.add_error(None, str(full))
    if form.errors:
        # The add-week form sits under every week: show the one the person was on.
        return _builder_page(
            request,
            program,
            number=_week_number(request),
            partial="#weeks" if request.htmx else "",
            week_form=form,
        )
    calendar.relay_followers(program=program)
    return _weeks_response(request, program, week.number, f"#week-{week.pk}")


@login_required
@require_POST
def add_day(request: HttpRequest, pk: int) -> HttpResponse:
    week = _own_week(request, pk)
    form = DayForm(request.POST, auto_id=f"id_week{week.pk}_%s")
    if form.is_valid():
        try:
            day = builder.add_day(week=week, **form.cleaned_data)
        except builder.ProgramFull as full:
            form.add_error(None, str(full))
    if form.errors:
        return _week_with_forms(request, week, bound_forms={("week", week.pk): form})
    calendar.relay_followers(program=week.program)
    return _weeks_response(request, week.program, week.number, f"#day-{day.pk}")


@login_required
@require_POST
def duplicate_week(request: HttpRequest, pk: int) -> HttpResponse:
    week = _own_week(request, pk)
    try:
        copy = builder.duplicate_week(week=week, client_token=_token(CopyForm(request.POST)))
    except builder.ProgramFull as full:
        # Said beside the week's "Duplicate" button.
        return _week_with_forms(request, week, notices={("week", week.pk): str(full)})
    calendar.relay_followers(program=week.program)
    return _weeks_response(request, week.program, copy.number, f"#week-{copy.pk}")


@login_required
@require_POST
def add_prescription(request: HttpRequest, pk: int) -> HttpResponse:
    day = _own_day(request, pk)
    exercises = _exercises()
    form = PrescriptionForm(request.POST, exercises=exercises, auto_id=f"id_day{day.pk}_%s")
    form.instance.day = day
    if form.is_valid():
        item = form.save(commit=False)
        item.client_token = form.cleaned_data["client_token"]
        try:
            builder.append_prescription(item)
        except builder.ProgramFull as full:
            form.add_error(None, str(full))
    if form.errors:
        return _day_with_forms(request, day, {("day", day.pk): form})
    return _day_response(request, day)


@login_required
@require_POST
def move_prescription(request: HttpRequest, pk: int) -> HttpResponse:
    prescription = _own_prescription(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    builder.move_prescription(prescription=prescription, offset=offset)
    return _day_response(request, prescription.day)


@login_required
@require_POST
def remove_prescription(request: HttpRequest, pk: int) -> HttpResponse:
    prescription = _own_prescription(request, pk)
    day = prescription.day
    builder.remove_prescription(prescription=prescription)
    return _day_response(request, day)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def edit_prescription(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item in place: sets, reps or hold, tempo, load, rest and notes. The
    exercise stays; to prescribe another one, remove this item and add that one. A GET
    opens the item's form (in its day with htmx, on the builder page at its week without)."""
    prescription = _own_prescription(request, pk)
    day = prescription.day
    form = PrescriptionForm(
        request.POST or None, instance=prescription, auto_id=f"id_item{prescription.pk}_%s"
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        return _day_response(request, day)
    return _day_with_forms(request, day, {("item", prescription.pk): form})


@login_required
@require_POST
def rename_week(request: HttpRequest, pk: int) -> HttpResponse:
    week = _own_week(request, pk)
    form = RenameWeekForm(request.POST, instance=week, auto_id=f"id_renameweek{week.pk}_%s")
    if not form.is_valid():
        return _week_with_forms(request, week, bound_forms={("rename_week", week.pk): form})
    form.save()
    return _weeks_response(request, week.program, week.number, f"#week-{week.pk}")


@login_required
@require_POST
def rename_day(request: HttpRequest, pk: int) -> HttpResponse:
    day = _own_day(request, pk)
    form = RenameDayForm(request.POST, instance=day, auto_id=f"id_renameday{day.pk}_%s")
    if not form.is_valid():
        return _day_with_forms(request, day, {("rename_day", day.pk): form})
    form.save()
    return _day_response(request, day)


IN_USE = (
    "{what} stays: someone has already trained it, and their log points at it. "
    "Rename it or change its exercises instead."
)


def _refuse(request: HttpRequest, week: ProgramWeek, key: tuple[str, int], anchor: str, text: str):
    """Say why nothing was removed: beside the week or day (htmx), or as a page message."""
    if request.htmx:
        return _week_with_forms(request, week, notices={key: text})
    messages.error(request, text)
    return _back_to_week(week.program_id, week.number, anchor)


@login_required
@require_POST
def remove_day(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a day nobody has trained; it comes off followers' calendars and their later
    days move up to fill the gap."""
    day = _own_day(request, pk)
    week = day.week
    try:
        builder.remove_day(day=day)
    except builder.DayInUse:
        what = f"Day {day.position} of week {week.number}"
        return _refuse(request, week, ("day", day.pk), f"#day-{day.pk}", IN_USE.format(what=what))
    calendar.relay_followers(program=week.program)
    return _weeks_response(request, week.program, week.number, f"#week-{week.pk}")


@login_required
@require_POST
def remove_week(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a week none of whose days anyone has trained; later weeks move up, and the
    builder opens at the week that took its place (or the one before, if it was last)."""
    week = _own_week(request, pk)
    program = week.program
    try:
        builder.remove_week(week=week)
    except builder.DayInUse:
        what = f"Week {week.number}"
        return _refuse(
            request, week, ("week", week.pk), f"#week-{week.pk}", IN_USE.format(what=what)
        )
    calendar.relay_followers(program=program)
    return _weeks_response(request, program, week.number, "#weeks")
