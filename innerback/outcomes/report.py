"""The weekly outcome measures as charts and a table, beside the same weeks' training.

What /progress/ and the coach's client progress page show under the training charts:

- **Back pain per week** (0–10) and **each PSFS activity per week** (0–10), as bars in the
  week's slot; a week without an answer has no bar (it is not a zero).
- **Time under tension per week**: the sessions' time under tension
  (`programs.progress.report`, already read for the page) added up by week.
- A table with one row per week: pain, each activity, sets logged and time under tension.
  Every answer 2 or more points away from the first answer of its series says so in words
  (`measures.change_words`).

Weeks run Monday to Sunday in the trainee's own dates, over the period the page shows, from
the period's first week with an answer to this week. One query, for the trainee's answers
(weekly rows, so their whole history is small); the training figures come from the page's
own `Progress` and cost nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from programs.planning.calendar import week_start
from programs.progress.charts import Bar, BarChart, bar_chart, short_date
from programs.progress.report import Progress, long_date

from .measures import HIGHEST, Kind, change_from_baseline, change_words, is_meaningful
from .models import Activity, Answer

PAIN_SERIES = "pain"


@dataclass(frozen=True)
class Score:
    """One answer in the table: its value and, once it differs from the first answer of its
    series, the change in words."""

    value: int
    change: int
    kind: Kind

    @property
    def meaningful(self) -> bool:
        return is_meaningful(self.change)

    @property
    def text(self) -> str:
        if self.change == 0:
            return str(self.value)
        return f"{self.value} — {change_words(self.kind, self.change)}"


@dataclass
class OutcomeWeek:
    start: date
    pain: Score | None = None
    scores: list[Score | None] = field(default_factory=list)  # one per series, in order
    sets: int = 0
    tut_s: int = 0


@dataclass
class Series:
    """One measure over the weeks: the pain rating, or one activity."""

    key: str
    name: str
    kind: Kind
    retired: bool = False
    chart: BarChart | None = None
    summary: str = ""


@dataclass
class Outcomes:
    trainee: object
    weeks: list[OutcomeWeek] = field(default_factory=list)
    pain: Series | None = None
    activities: list[Series] = field(default_factory=list)
    tut_chart: BarChart | None = None
    tut_summary: str = ""
    answered_before: bool = False  # nothing in the period, but older answers exist

    @property
    def has_answers(self) -> bool:
        return bool(self.weeks)


def _summary(series: Series, answers: list[tuple[date, Score]], baseline: tuple[date, int]) -> str:
    first_week, first = baseline
    latest_week, latest = answers[-1]
    if latest_week == first_week:
        return (
            f"{series.name}: {first} in the week of {long_date(first_week)}, the first answer; "
            "later weeks are compared with it."
        )
    return (
        f"{series.name}: {first} in the week of {long_date(first_week)} (the first answer), "
        f"{latest.value} in the week of {long_date(latest_week)} — "
        f"{change_words(series.kind, latest.change)}."
    )


def _chart(
    series: Series, weeks: list[OutcomeWeek], values: dict[date, Score], months: bool
) -> BarChart:
    bars = []
    for week in weeks:
        score = values.get(week.start)
        title = f"Week of {long_date(week.start)}: " + (
            f"{score.value} of {HIGHEST}" if score else "no answer"
        )
        bars.append(
            Bar(short_date(week.start, months=months), score.value if score else None, title)
        )
    what = "average back pain" if series.kind == Kind.PAIN_WEEK else f"“{series.name}”"
    scale = (
        "0 is no pain, 10 the worst imaginable"
        if series.kind == Kind.PAIN_WEEK
        else "0 is unable to do it, 10 as well as before the back trouble"
    )
    return bar_chart(
        bars,
        chart_id=f"chart-outcome-{series.key}",
        title=(
            "Back pain per week (0–10)"
            if series.kind == Kind.PAIN_WEEK
            else f"{series.name}: how well it goes, per week (0–10)"
        ),
        description=(
            f"Bar chart of {what} each week, {scale}. Weeks without an answer have no bar."
        ),
        y_max=HIGHEST,
        y_intervals=5,
    )


def outcomes_for(progress: Progress) -> Outcomes:
    """The weekly measures of `progress.trainee` over the period `progress` shows, with the
    same weeks' training from `progress`. One query."""
    trainee, today = progress.trainee, progress.today
    outcomes = Outcomes(trainee)
    since = progress.period.since(today)
    answers = list(
        Answer.objects.filter(trainee=trainee, week__lte=today)
        .select_related("activity")
        .in_order()
    )
    baselines: dict[str, tuple[date, int]] = {}
    values: dict[str, dict[date, Score]] = defaultdict(dict)
    activities: dict[str, Activity] = {}
    for answer in answers:
        key = PAIN_SERIES if answer.activity is None else str(answer.activity_id)
        baseline = baselines.setdefault(key, (answer.week, answer.score))
        if since is not None and answer.week < since:
            outcomes.answered_before = True
            continue
        if answer.activity is not None:
            activities[key] = answer.activity
        values[key][answer.week] = Score(
            answer.score, change_from_baseline(baseline[1], answer.score), Kind(answer.kind)
        )
    shown = [week for series in values.values() for week in series]
    if not shown:
        return outcomes
    outcomes.answered_before = False
    start, last = min(shown), week_start(today)
    weeks: list[OutcomeWeek] = []
    while start <= last:
        weeks.append(OutcomeWeek(start))
        start += timedelta(weeks=1)
    by_start = {week.start: week for week in weeks}
    for week in progress.weeks:
        if week.start in by_start:
            by_start[week.start].sets = week.sets
    for session in progress.sessions:
        monday = week_start(session.day)
        if monday in by_start:
            by_start[monday].tut_s += session.tut_s
    ordered = sorted(activities.values(), key=lambda a: (a.retired_at is not None, a.position))
    series = [Series(PAIN_SERIES, "Back pain", Kind.PAIN_WEEK)] if PAIN_SERIES in values else []
    series += [
        Series(str(a.pk), a.name, Kind.PSFS, retired=a.retired_at is not None) for a in ordered
    ]
    months = len(weeks) > 26
    for one in series:
        one.chart = _chart(one, weeks, values[one.key], months)
        dated = sorted(values[one.key].items())
        one.summary = _summary(one, dated, baselines[one.key])
    for week in weeks:
        week.pain = values[PAIN_SERIES].get(week.start) if PAIN_SERIES in values else None
        week.scores = [values[one.key].get(week.start) for one in series if one.kind == Kind.PSFS]
    outcomes.weeks = weeks
    outcomes.pain = next((one for one in series if one.kind == Kind.PAIN_WEEK), None)
    outcomes.activities = [one for one in series if one.kind == Kind.PSFS]
    _tut_chart(outcomes, months)
    return outcomes


def _tut_chart(outcomes: Outcomes, months: bool) -> None:
    weeks = outcomes.weeks
    trained = [week for week in weeks if week.tut_s]
    if not trained:
        return
    total = sum(week.tut_s for week in trained)
    outcomes.tut_summary = (
        f"Time under tension over the same weeks: {total} s in all, "
        f"{weeks[-1].tut_s} s in the week of {long_date(weeks[-1].start)}."
    )
    outcomes.tut_chart = bar_chart(
        [
            Bar(
                short_date(week.start, months=months),
                week.tut_s if week.tut_s else None,
                f"Week of {long_date(week.start)}: {week.tut_s} s",
            )
            for week in weeks
        ],
        chart_id="chart-outcome-tut",
        title="Time under tension per week (seconds)",
        description="Bar chart of the estimated seconds under tension each week, over the "
        "same weeks as the back pain and activity charts. Weeks without training have no bar.",
        unit="s",
    )
