"""Template tags that put the weekly outcome measures on other apps' pages, one line each:
`{% load outcomes %}{% weekly_check %}` on the dashboard, `{% outcome_charts progress %}` on
/progress/ and the coach's client progress page (whose views belong to apps this one builds
on, so the pages ask for the measures here rather than their views importing them)."""

from django import template
from django.urls import reverse

from innerback.outcomes.forms import WeeklyForm
from innerback.outcomes.models import this_week
from innerback.outcomes.report import outcomes_for
from programs.progress.report import Progress

register = template.Library()


@register.inclusion_tag("outcomes/_weekly_card.html", takes_context=True)
def weekly_check(context: template.Context) -> dict:
    """The signed-in trainee's check-in card: the form until this week is answered, then
    the answers with a way to change them. Reading it changes nothing."""
    check = this_week(context["request"].user)
    form = None
    if not check.answered:
        form = WeeklyForm(check.activities)
    return {"check": check, "form": form}


@register.inclusion_tag("outcomes/_charts.html")
def outcome_charts(progress: Progress, for_coach: bool = False, export_url: str = "") -> dict:
    """The weekly measures beside the same weeks' training, for the trainee `progress` is
    about. `export_url` is where their outcomes CSV downloads (the trainee's own by default)."""
    return {
        "outcomes": outcomes_for(progress),
        "for_coach": for_coach,
        "export_url": export_url or reverse("outcomes:export"),
    }
