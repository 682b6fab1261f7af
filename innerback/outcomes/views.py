"""The weekly check-in (its page, and the card on the dashboard that posts to it), naming
the PSFS activities, and the trainee's own outcomes CSV. A coach's download of a client's is
in `innerback.coaching.exports`. Every view reads and writes only the signed-in person's own
answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from programs.export.views import CSV_TYPE

from .csv_export import outcomes_filename, stream_outcomes_csv
from .forms import ActivitiesForm, WeeklyForm
from .models import Activity, Answer, answer_week, name_activities, this_week

CARD = "outcomes/_weekly_card.html"


def outcomes_csv_response(answers, who: str) -> StreamingHttpResponse:
    """`answers` as a CSV download named after `who`."""
    response = StreamingHttpResponse(stream_outcomes_csv(answers), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{outcomes_filename(who)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def week(request: HttpRequest) -> HttpResponse:
    """This week's check-in: average back pain and a score per activity, changeable until
    the week ends. Without JavaScript the form posts here and comes back to this page; with
    htmx the check-in card is swapped in place (re-drawn with its messages when invalid)."""
    current = this_week(request.user)
    initial = {"pain": current.pain} | {
        f"activity_{activity.pk}": score for activity, score in current.rated
    }
    form = WeeklyForm(current.activities, request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        answer_week(trainee=request.user, pain=form.cleaned_data["pain"], scores=form.scores())
        if not request.htmx:
            messages.success(request, "Saved. You can change these answers until Sunday.")
            return redirect("outcomes:week")
        current, form, saved = this_week(request.user), None, True
    context = {"check": current, "form": form, "saved": saved}
    if request.htmx:
        return TemplateResponse(request, CARD, context)
    return TemplateResponse(request, "outcomes/week.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activities(request: HttpRequest) -> HttpResponse:
    """Name up to three activities to rate each week, or change them."""
    current = list(Activity.objects.filter(trainee=request.user).current())
    form = ActivitiesForm(request.POST or None, initial=ActivitiesForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        name_activities(trainee=request.user, names=form.names())
        messages.success(request, "Your activities are saved.")
        return redirect("outcomes:week")
    return TemplateResponse(request, "outcomes/activities.html", {"form": form})


@login_required
@require_GET
def outcomes_export(request: HttpRequest) -> HttpResponse:
    """The signed-in trainee's own weekly answers as CSV."""
    answers = Answer.objects.filter(trainee=request.user)
    return outcomes_csv_response(answers, request.user.display_name)
