"""Weekly back pain and activities on /progress/ and the coach's client progress page, beside
the same weeks' training, in a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innerback.outcomes.models import Answer
from innerback.outcomes.report import outcomes_for
from programs.progress.figures import Week
from programs.progress.report import Progress, SessionTotal, period_from
from tests.exercises.factories import ExerciseFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.innerback.outcomes.factories import (
    ActivityAnswerFactory,
    ActivityFactory,
    PainAnswerFactory,
)
from tests.programs.factories import EnrolmentFactory
from tests.programs.progress.progress_history import log_session
from tests.programs.progress.test_progress import svg_of, table_rows

pytestmark = pytest.mark.django_db

PROGRESS = "/progress/"
TABLE = "Data: weekly check-ins and training per week"


def monday(weeks_ago: int, trainee) -> datetime.date:
    today = trainee.local_today()
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks_ago)


def answered(trainee, weeks: dict[int, tuple[int, int]], activity=None):
    """Pain and one activity's score for each `weeks_ago` given."""
    activity = activity or ActivityFactory(trainee=trainee, name="Walking")
    for weeks_ago, (pain, score) in weeks.items():
        PainAnswerFactory(trainee=trainee, week=monday(weeks_ago, trainee), score=pain)
        ActivityAnswerFactory(activity=activity, week=monday(weeks_ago, trainee), score=score)
    return activity


def test_pain_and_activity_charts_with_a_summary_that_marks_a_meaningful_change(client, trainee):
    answered(trainee, {3: (6, 4), 2: (5, 5), 0: (3, 7)})
    client.force_login(trainee)

    html = client.get(PROGRESS).text

    pain = svg_of(html, "chart-outcome-pain")
    assert pain.count('<rect class="chart-bar"') == 3  # the week without an answer has no bar
    assert "no answer</title>" not in pain  # an empty week draws nothing
    assert "Back pain: 6 in the week of" in html
    assert (
        "3 in the week of" in html
        and "3 points lower than at the start (a meaningful change, better)" in html
    )
    assert "Walking: 4 in the week of" in html
    assert "3 points higher than at the start (a meaningful change, better)" in html


def test_the_table_puts_each_week_beside_its_sets_and_time_under_tension(client, trainee):
    enrolment = EnrolmentFactory(trainee=trainee)
    hold = ExerciseFactory(slug="o-hold", name="Trial hold", hold=True)
    log_session(enrolment, monday(1, trainee), {hold: [{}, {}]})
    answered(trainee, {2: (6, 4), 1: (5, 5), 0: (4, 7)})
    client.force_login(trainee)

    rows = table_rows(client.get(PROGRESS).text, TABLE)

    assert [row[1:] for row in rows] == [
        ["6", "4", "0", "0"],
        ["5 — 1 point lower than at the start", "5 — 1 point higher than at the start", "2", "20"],
        [
            "4 — 2 points lower than at the start (a meaningful change, better)",
            "7 — 3 points higher than at the start (a meaningful change, better)",
            "0",
            "0",
        ],
    ]
    assert "chart-outcome-tut" in client.get(PROGRESS).text


def test_weekly_time_under_tension_adds_up_the_pages_sessions_by_week(trainee):
    answered(trainee, {1: (5, 5)})
    week = monday(1, trainee)
    progress = Progress(
        trainee=trainee,
        today=trainee.local_today(),
        unit="kg",
        sessions=[
            SessionTotal(week, 40),
            SessionTotal(week + datetime.timedelta(days=6), 35),
            SessionTotal(monday(0, trainee), 10),
        ],
        weeks=[Week(week, sets=9), Week(monday(0, trainee), sets=3)],
    )

    outcomes = outcomes_for(progress)

    assert [(w.start, w.sets, w.tut_s) for w in outcomes.weeks] == [
        (week, 9, 75),
        (monday(0, trainee), 3, 10),
    ]


def test_a_renamed_activity_keeps_its_own_chart_marked_as_no_longer_rated(client, trainee):
    old = ActivityFactory(trainee=trainee, name="Walking", retired_at=timezone.now())
    answered(trainee, {2: (5, 4)}, activity=old)
    answered(trainee, {0: (4, 6)}, activity=ActivityFactory(trainee=trainee, name="Hiking"))
    client.force_login(trainee)

    html = client.get(PROGRESS).text

    assert "Walking: 4 in the week of" in html and "(an activity no longer rated)" in html
    assert "Hiking: 6 in the week of" in html


def test_answers_before_the_period_are_left_out_but_count_as_the_baseline(client, trainee):
    answered(trainee, {20: (8, 2), 1: (5, 5)})
    client.force_login(trainee)

    html = client.get(PROGRESS).text
    older = client.get(PROGRESS + "?period=all").text

    assert [row[1] for row in table_rows(html, TABLE)] == [
        "5 — 3 points lower than at the start (a meaningful change, better)",
        "—",
    ]
    assert len(table_rows(older, TABLE)) == 21


def test_only_older_answers_offer_all_time(client, trainee):
    answered(trainee, {20: (8, 2)})
    client.force_login(trainee)

    assert "No weekly check-ins in this period" in client.get(PROGRESS).text


def test_without_answers_the_trainee_is_invited_and_the_coach_told(client, coach, coached_trainee):
    client.force_login(coached_trainee)
    assert reverse("outcomes:week") in client.get(PROGRESS).text
    client.force_login(coach)
    page = client.get(reverse("coach:client_progress", args=[coached_trainee.pk]))
    assert "has not answered a weekly check-in yet" in page.text


def test_the_coach_sees_the_clients_charts_and_their_csv_link(client, coach, coached_trainee):
    answered(coached_trainee, {1: (6, 4), 0: (4, 6)})
    client.force_login(coach)

    html = client.get(reverse("coach:client_progress", args=[coached_trainee.pk])).text

    svg_of(html, "chart-outcome-pain")
    assert reverse("coach:client_outcomes_export", args=[coached_trainee.pk]) in html


def test_another_trainees_answers_never_show(client, trainee, other_trainee):
    answered(other_trainee, {0: (9, 1)})
    client.force_login(trainee)

    assert "chart-outcome-pain" not in client.get(PROGRESS).text


def _queries(client, viewer, url) -> int:
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_three_years_of_check_ins_take_as_many_queries_as_one_week(
    client, coach, trainee, other_trainee
):
    for person in (trainee, other_trainee):
        CoachingFactory(coach=coach, client=person)
        EnrolmentFactory(trainee=person)
    answered(trainee, {0: (5, 5)})
    walk = ActivityFactory(trainee=other_trainee, position=1)
    sit = ActivityFactory(trainee=other_trainee, position=2)
    Answer.objects.bulk_create(
        answer
        for n in range(156)
        for answer in (
            PainAnswerFactory.build(trainee=other_trainee, week=monday(n, other_trainee)),
            ActivityAnswerFactory.build(activity=walk, week=monday(n, other_trainee)),
            ActivityAnswerFactory.build(activity=sit, week=monday(n, other_trainee)),
        )
    )

    def counts(person) -> list[int]:
        return [
            _queries(client, person, PROGRESS + "?period=all"),
            _queries(client, person, "/"),
            _queries(client, person, reverse("outcomes:week")),
            _queries(client, coach, reverse("coach:client_progress", args=[person.pk])),
        ]

    long = counts(other_trainee)

    assert long == counts(trainee)
    # The progress page's own pin (tests/programs/progress, with the imported history of
    # issue 30) plus nothing per week.
    assert long[0] <= 11
    everything = Progress(other_trainee, other_trainee.local_today(), "kg", period_from("all"))
    assert len(outcomes_for(everything).weeks) == 156


def test_the_0_to_10_charts_tick_whole_numbers(client, trainee):
    answered(trainee, {0: (4, 6)})
    client.force_login(trainee)

    pain = svg_of(client.get(PROGRESS).text, "chart-outcome-pain")

    assert re.findall(r'text-anchor="end">([\d.]+)<', pain) == ["0", "2", "4", "6", "8", "10"]
