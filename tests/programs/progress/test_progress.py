"""The progress page and the coach's view of a client's progress: plotted values against the
log, units, the gate timeline, who may see it, and a bounded number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innerback.coaching.models import Coaching
from programs.progress.report import period_from, progress_for
from programs.templatetags.dates import day as shown_day
from tests.exercises.factories import ExerciseFactory
from tests.innerback.accounts.factories import CoachFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import EnrolmentFactory, GateOverrideFactory, TrainingSessionFactory
from tests.programs.progress.progress_history import bulk_history, gated_pair, log_session

pytestmark = pytest.mark.django_db

PROGRESS = "/progress/"


def monday(weeks_ago: int, trainee) -> datetime.date:
    today = trainee.local_today()
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks_ago)


@pytest.fixture
def enrolment(trainee):
    return EnrolmentFactory(trainee=trainee)


def svg_of(html: str, chart_id: str) -> str:
    match = re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id}"
    return match.group(0)


def plotted_values(svg: str) -> list[float]:
    """The polyline's points read back as values through the chart's own y tick labels."""
    ticks = [
        (float(y) - 4, float(label))
        for y, label in re.findall(r'<text x="\d+" y="([\d.]+)" text-anchor="end">([\d.]+)<', svg)
    ]
    (y0, v0), (y1, v1) = ticks[0], ticks[-1]
    points = re.search(r'<polyline [^>]*points="([^"]+)"', svg).group(1).split()
    return [
        round(v0 + (float(point.split(",")[1]) - y0) * (v1 - v0) / (y1 - y0), 6) for point in points
    ]


def table_rows(html: str, summary: str) -> list[list[str]]:
    """The data table behind the disclosure whose summary is `summary`, as cell texts."""
    section = html.split(f"<summary>{summary}</summary>", 1)[1].split("</details>", 1)[0]
    body = section.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def gate_item(html: str, name: str) -> str:
    """The gate timeline's entry for one exercise."""
    items = re.findall(r'<li class="gate-event[^"]*">.*?</li>', html, re.S)
    [item] = [item for item in items if f"<h3>{name}" in item]
    return item


# --- plotted values ---------------------------------------------------------------------------


def test_three_sessions_at_6_7_and_8_kg_plot_three_points_at_those_loads(
    client, trainee, enrolment
):
    row = ExerciseFactory(slug="p-row", name="Trial row", resistance=True)
    for offset, load in enumerate((6, 7, 8)):
        day = monday(1, trainee) + datetime.timedelta(days=2 * offset)
        log_session(enrolment, day, {row: [{"load": Decimal(load)}] * 3})
    client.force_login(trainee)

    html = client.get(PROGRESS).content.decode()

    svg = svg_of(html, "chart-p-row-load")
    assert plotted_values(svg) == [6, 7, 8]
    assert [cells[1] for cells in table_rows(html, "Data: Trial row load by session")] == [
        "6",
        "7",
        "8",
    ]
    assert svg.count('class="chart-point increase"') == 2
    assert "Trial row: 6 kg → 8 kg over 3 sessions; 2 increases, 0 reductions." in html


def test_a_lower_set_after_a_failed_form_check_is_marked_as_a_reduction(client, trainee, enrolment):
    row = ExerciseFactory(slug="p-row", name="Trial row", resistance=True)
    day = monday(0, trainee)
    log_session(enrolment, day, {row: [{"load": Decimal(8)}] * 3})
    log_session(
        enrolment,
        day + datetime.timedelta(days=1),
        {
            row: [
                {"load": Decimal(9), "failed_checks": ["Torso stayed still"]},
                {"load": Decimal(8)},
                {"load": Decimal(8)},
            ]
        },
    )
    client.force_login(trainee)

    html = client.get(PROGRESS).content.decode()

    svg = svg_of(html, "chart-p-row-load")
    assert svg.count('class="chart-point reduction"') == 1
    # The working load is where form held: 8 kg both times, so no increase either.
    assert plotted_values(svg) == [8, 8]
    rows = table_rows(html, "Data: Trial row load by session")
    assert rows[1][2] == "Form broke at 9 kg — reduced to 8 kg"
    assert "1 reduction." in html


def test_reps_holds_and_time_under_tension_match_the_log(client, trainee, enrolment):
    bird_dog = ExerciseFactory(slug="p-bird-dog", name="Trial bird-dog", hold=True)
    tilt = ExerciseFactory(slug="p-tilt", name="Trial tilt")
    day = monday(0, trainee)
    log_session(
        enrolment,
        day,
        {
            bird_dog: [{"hold_s": 10}, {"hold_s": 12}, {"hold_s": 14}],
            tilt: [{"reps": 8, "target_tempo": "3-1-1-0"}, {"reps": 9, "target_tempo": "3-1-1-0"}],
        },
    )
    client.force_login(trainee)

    response = client.get(PROGRESS)
    html = response.content.decode()

    assert table_rows(html, "Data: Trial bird-dog sets by session") == [
        [shown_day(day), "3", "12", "3 of 3", "36"]
    ]
    # 17 reps at 3-1-1-0 (5 s a rep) = 85 s; with the 36 s of holds, 121 s in the session.
    assert table_rows(html, "Data: Trial tilt sets by session") == [
        [shown_day(day), "2", "8.5", "2 of 2", "85"]
    ]
    assert table_rows(html, "Data: time under tension per session") == [[shown_day(day), "121"]]
    assert plotted_values(svg_of(html, "chart-p-tilt-amount")) == [8.5]


def test_weekly_form_pass_rate_counts_sets_with_every_check_ticked(client, trainee, enrolment):
    tilt = ExerciseFactory(slug="p-tilt", name="Trial tilt")
    log_session(enrolment, monday(1, trainee), {tilt: [{}] * 3})
    log_session(
        enrolment,
        monday(0, trainee),
        {tilt: [{}, {"failed_checks": ["Spine stayed neutral"]}, {}, {}]},
    )
    client.force_login(trainee)

    response = client.get(PROGRESS)

    weeks = [(w.start, w.sets, w.form_ok, w.pass_rate) for w in response.context["progress"].weeks]
    assert weeks == [(monday(1, trainee), 3, 3, 100), (monday(0, trainee), 4, 3, 75)]
    rows = table_rows(response.content.decode(), "Data: form pass rate per week")
    assert [cells[1:] for cells in rows] == [["3", "3", "100 %"], ["4", "3", "75 %"]]


def test_weekly_adherence_is_sessions_done_of_those_planned_up_to_today(client, trainee, enrolment):
    tilt = ExerciseFactory(slug="p-tilt", name="Trial tilt")
    week = monday(1, trainee)
    log_session(enrolment, week, {tilt: [{}]})  # done: it has a set
    TrainingSessionFactory(
        enrolment=enrolment,
        scheduled_on=week + datetime.timedelta(days=2),
        completed_at=timezone.now(),
    )  # done: marked complete
    TrainingSessionFactory(enrolment=enrolment, scheduled_on=week + datetime.timedelta(days=4))
    # Not yet due, so not held against anyone.
    TrainingSessionFactory(
        enrolment=enrolment, scheduled_on=trainee.local_today() + datetime.timedelta(days=1)
    )
    client.force_login(trainee)

    response = client.get(PROGRESS)

    progress = response.context["progress"]
    [last_week] = [w for w in progress.weeks if w.start == week]
    assert (last_week.planned, last_week.done, last_week.adherence) == (3, 2, 67)
    rows = table_rows(response.content.decode(), "Data: adherence per week")
    assert rows[0][1:] == ["3", "2", "67 %"]
    assert "2 of 3 planned sessions done (67 %)" in response.content.decode()


def test_a_trainee_who_lifts_in_pounds_sees_every_load_in_pounds(client, trainee, enrolment):
    trainee.load_unit = "lb"
    trainee.save()
    row = ExerciseFactory(slug="p-row", name="Trial row", resistance=True)
    log_session(enrolment, monday(1, trainee), {row: [{"load": Decimal(10), "unit": "kg"}]})
    log_session(enrolment, monday(0, trainee), {row: [{"load": Decimal(25), "unit": "lb"}]})
    client.force_login(trainee)

    html = client.get(PROGRESS).content.decode()

    svg = svg_of(html, "chart-p-row-load")
    # 10 kg is 22.05 lb; the drawing is exact to a hundredth of a pixel.
    assert plotted_values(svg) == pytest.approx([22.05, 25], abs=0.001)
    assert ">lb</text>" in svg
    assert [cells[1] for cells in table_rows(html, "Data: Trial row load by session")] == [
        "22.05",
        "25",
    ]
    assert "Trial row: 22.05 lb → 25 lb over 2 sessions" in html


def test_labels_from_people_are_escaped_in_the_charts(client, trainee, enrolment):
    row = ExerciseFactory(slug="p-row", name="<script>alert(1)</script>", resistance=True)
    log_session(enrolment, monday(0, trainee), {row: [{"load": Decimal(6)}]})
    client.force_login(trainee)

    html = client.get(PROGRESS).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: working load per session" in html


# --- the gate timeline ------------------------------------------------------------------------


def test_gate_timeline_shows_the_day_the_work_opened_the_gate_and_the_work(
    client, trainee, enrolment
):
    bird_dog, row = gated_pair()
    start = monday(3, trainee)
    days = [start + datetime.timedelta(days=n) for n in (0, 2, 4, 7)]
    for day in days:
        log_session(enrolment, day, {bird_dog: [{}] * 3})
    client.force_login(trainee)

    response = client.get(PROGRESS)

    [gate] = [g for g in response.context["progress"].gates if g.exercise == row]
    assert gate.unlocked_on == days[2]
    assert [(e.name, e.days) for e in gate.earned_by] == [("Trial bird-dog", tuple(days[:3]))]
    html = response.content.decode()
    assert f'Unlocked on <time datetime="{days[2].isoformat()}">' in html
    assert "earned by\n" in html and "Trial bird-dog: 3 qualifying sessions within 14 days" in html


def test_a_sloppy_session_does_not_count_towards_the_gate(trainee, enrolment):
    bird_dog, row = gated_pair()
    start = monday(3, trainee)
    log_session(enrolment, start, {bird_dog: [{}] * 3})
    log_session(enrolment, start + datetime.timedelta(days=1), {bird_dog: [{"hold_s": 5}] * 3})
    log_session(enrolment, start + datetime.timedelta(days=2), {bird_dog: [{}] * 3})
    log_session(enrolment, start + datetime.timedelta(days=3), {bird_dog: [{}] * 3})

    [gate] = [g for g in progress_for(trainee).gates if g.exercise == row]

    assert gate.unlocked_on == start + datetime.timedelta(days=3)


def test_gate_timeline_shows_an_override_with_the_coach_and_the_reason(
    client, coached_trainee, coach, enrolment
):
    _, row = gated_pair()
    tilt = ExerciseFactory(slug="p-tilt", name="Trial tilt")
    log_session(enrolment, monday(0, coached_trainee), {tilt: [{}]})
    GateOverrideFactory(
        trainee=coached_trainee,
        exercise=row,
        granted_by=coach,
        reason="Physio cleared the row <b>today</b>",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    client.force_login(coached_trainee)

    html = client.get(PROGRESS).content.decode()

    item = gate_item(html, "Trial row")
    assert "Unlocked by <strong>Cora Coach</strong>" in item
    assert "Physio cleared the row &lt;b&gt;today&lt;/b&gt;" in item
    assert "Not unlocked yet" not in item
    assert "Open</span>" in item


def test_a_gate_never_opened_says_so_with_what_is_missing(client, trainee, enrolment):
    bird_dog, _ = gated_pair()
    log_session(enrolment, monday(0, trainee), {bird_dog: [{}] * 3})
    client.force_login(trainee)

    html = client.get(PROGRESS).content.decode()

    item = gate_item(html, "Trial row")
    assert "Not unlocked yet." in item
    assert "Locked</span>" in item
    assert "Trial bird-dog: 1 of 3 qualifying sessions in the last 14 days" in item


# --- empty state ------------------------------------------------------------------------------


def test_with_nothing_logged_the_page_invites_to_train_today(client, trainee):
    client.force_login(trainee)

    response = client.get(PROGRESS)

    assert response.status_code == 200
    html = response.content.decode()
    assert "No sessions logged yet" in html
    assert 'href="/today/"' in html
    assert "<svg" not in html.split("<main", 1)[1]


# --- who may see what -------------------------------------------------------------------------


def test_progress_needs_a_login(client):
    response = client.get(PROGRESS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_trainee_sees_only_their_own_progress(client, trainee, other_trainee, enrolment):
    row = ExerciseFactory(slug="p-row", name="Trial row", resistance=True)
    log_session(enrolment, monday(0, trainee), {row: [{"load": Decimal(6)}]})
    client.force_login(other_trainee)

    html = client.get(PROGRESS).content.decode()

    assert "Trial row" not in html
    assert "No sessions logged yet" in html
    assert client.get(f"/coach/clients/{trainee.pk}/progress/").status_code in (403, 404)


def test_the_coach_of_a_client_sees_the_clients_progress(client, coach, coached_trainee):
    row = ExerciseFactory(slug="p-row", name="Trial row", resistance=True)
    enrolment = EnrolmentFactory(trainee=coached_trainee)
    log_session(enrolment, monday(0, coached_trainee), {row: [{"load": Decimal(6)}]})
    client.force_login(coach)

    response = client.get(reverse("coach:client_progress", args=[coached_trainee.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tess Trainee: progress" in html
    assert plotted_values(svg_of(html, "chart-p-row-load")) == [6]


def test_a_former_coach_gets_404(client, coach, trainee):
    CoachingFactory(coach=coach, client=trainee, ended_at=timezone.now())
    client.force_login(coach)

    response = client.get(reverse("coach:client_progress", args=[trainee.pk]))

    assert response.status_code == 404


def test_a_coach_who_does_not_coach_this_trainee_gets_404(client, coached_trainee):
    stranger = CoachFactory(display_name="Stan Stranger")
    client.force_login(stranger)

    response = client.get(reverse("coach:client_progress", args=[coached_trainee.pk]))

    assert response.status_code == 404
    assert Coaching.objects.filter(client=coached_trainee).count() == 1


def test_a_client_page_of_a_client_without_logs_says_so(client, coach, coached_trainee):
    client.force_login(coach)

    html = client.get(reverse("coach:client_progress", args=[coached_trainee.pk])).content
    html = html.decode()

    assert "Tess Trainee has not logged a set yet" in html
    assert 'href="/today/"' not in html.split("<main", 1)[1]


# --- bounded queries --------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("unlocked", [True, False], ids=["gate-opens", "gate-never-opens"])
def test_two_years_of_history_take_as_many_queries_as_two_weeks(
    client, trainee, coach, unlocked, django_assert_max_num_queries
):
    bird_dog, row = gated_pair()
    if not unlocked:
        # A gate that never opens makes the replay walk the whole history.
        row.prerequisites.update(sessions=7)
    today = trainee.local_today()
    CoachingFactory(coach=coach, client=trainee)
    short = EnrolmentFactory(trainee=trainee)
    bulk_history(
        short,
        exercises=[bird_dog, row],
        first_day=today - datetime.timedelta(days=13),
        last_day=today,
    )
    client.force_login(trainee)
    urls = [PROGRESS, PROGRESS + "?period=1y", PROGRESS + "?period=all"]
    short_counts = [_count_queries(client, url) for url in urls]
    short.ended_at = timezone.now()
    short.save()

    bulk_history(
        EnrolmentFactory(trainee=trainee),
        exercises=[bird_dog, row],
        first_day=today - datetime.timedelta(days=730),
        last_day=today - datetime.timedelta(days=14),
    )
    everything = progress_for(trainee, period=period_from("all"))
    assert len(everything.sessions) > 300
    assert len(everything.weeks) >= 104

    assert [_count_queries(client, url) for url in urls] == short_counts
    # Session and user, then nine for the page: per-session sets, exercises, two weekly
    # aggregates, gate rules, overrides, the prerequisites' sets for the gate replay, the
    # imported sets by exercise (programs.imports), and the weekly check-ins
    # (innerback.outcomes.report).
    for url in urls:
        with django_assert_max_num_queries(11):
            client.get(url)
    client.force_login(coach)
    # Two more: the coaching that lets this coach see this client, and the coach's count of
    # open inbox flags in the nav.
    with django_assert_max_num_queries(13):
        client.get(reverse("coach:client_progress", args=[trainee.pk]) + "?period=all")


# --- the period shown -------------------------------------------------------------------------


def test_the_default_period_is_the_last_12_weeks_and_all_time_shows_everything(
    client, trainee, enrolment
):
    tilt = ExerciseFactory(slug="p-tilt", name="Trial tilt")
    log_session(enrolment, monday(20, trainee), {tilt: [{"reps": 8}]})
    log_session(enrolment, monday(0, trainee), {tilt: [{"reps": 12}]})
    client.force_login(trainee)

    recent = client.get(PROGRESS).content.decode()
    everything = client.get(PROGRESS + "?period=all").content.decode()

    assert plotted_values(svg_of(recent, "chart-p-tilt-amount")) == [12]
    assert plotted_values(svg_of(everything, "chart-p-tilt-amount")) == [8, 12]
    assert 'href="?period=all" aria-current="true"' in everything
    assert 'href="?period=12w" aria-current="true"' in recent


def test_an_unknown_period_falls_back_to_12_weeks(client, trainee):
    client.force_login(trainee)

    response = client.get(PROGRESS + "?period=<script>")

    assert response.status_code == 200
    assert response.context["progress"].period.key == "12w"


def test_only_older_logs_offer_to_show_all_time(client, trainee, enrolment):
    tilt = ExerciseFactory(slug="p-tilt", name="Trial tilt")
    log_session(enrolment, monday(20, trainee), {tilt: [{}]})
    client.force_login(trainee)

    html = client.get(PROGRESS).content.decode()

    assert "Nothing logged in the last 12 weeks" in html
    assert '<a href="?period=all">show all time</a>' in html


def test_time_under_tension_counts_the_logged_lowering_and_the_rest_of_the_tempo(
    client, trainee, enrolment
):
    tilt = ExerciseFactory(slug="p-tilt", name="Trial tilt")
    day = monday(0, trainee)
    sets = [
        {"reps": 8, "target_tempo": "3-1-1-0", "eccentric_s": 5},
        {"reps": 8, "target_tempo": "3-1-1-0", "eccentric_s": None},
    ]
    log_session(enrolment, day, {tilt: sets})
    client.force_login(trainee)

    html = client.get(PROGRESS).content.decode()

    # 8 × (5 + 1 + 1 + 0) + 8 × (3 + 1 + 1 + 0) = 56 + 40.
    assert table_rows(html, "Data: time under tension per session") == [[shown_day(day), "96"]]
