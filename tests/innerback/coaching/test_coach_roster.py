"""The coach's roster: figures per client, sorting, htmx, and a fixed query budget."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from innerback.coaching.models import Coaching
from innerback.coaching.roster import Client, RosterRow, parse_sort, roster, sort_roster
from programs.models import (
    Enrolment,
    GateOverride,
    Prescription,
    ProgramDay,
    ProgramWeek,
    SetLog,
    TrainingSession,
)
from programs.planning.calendar import week_start
from programs.progress.figures import Figures
from tests.conftest import HTMX
from tests.innerback.accounts.factories import UserFactory
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def long_program(weeks: int):
    """A program of `weeks` weeks × 3 days, bird-dog every day and a standing row on day 1."""
    program = ProgramFactory(name="Long block")
    bird_dog = Exercise.objects.get(slug="bird-dog")
    row = Exercise.objects.get(slug="standing-dumbbell-row")
    days = []
    for number in range(1, weeks + 1):
        week = ProgramWeek.objects.create(program=program, number=number)
        days += ProgramDay.objects.bulk_create(
            [ProgramDay(week=week, position=p, title=f"Day {p}") for p in (1, 2, 3)]
        )
    Prescription.objects.bulk_create(
        [
            Prescription(day=day, position=1, exercise=bird_dog, sets=3, hold_s=8, tempo="2-1-2-0")
            for day in days
        ]
        + [
            Prescription(
                day=days[0],
                position=2,
                exercise=row,
                sets=3,
                reps_min=8,
                reps_max=12,
                tempo="3-0-1-1",
            )
        ]
    )
    return program, days


def history(trainee, program, days, *, weeks: int, sets_per_session: int = 6) -> None:
    """`weeks` weeks of Mon/Wed/Fri sessions up to this week, every one logged, in bulk."""
    monday = week_start(trainee.local_today())
    enrolment = Enrolment.objects.create(
        trainee=trainee,
        program=program,
        start_date=monday - timedelta(weeks=weeks - 1),
        training_days=[0, 2, 4],
    )
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                enrolment=enrolment,
                trainee=trainee,
                program_day=day,
                scheduled_on=enrolment.start_date + timedelta(weeks=i // 3, days=2 * (i % 3)),
            )
            for i, day in enumerate(days[: weeks * 3])
        ]
    )
    bird_dog = Exercise.objects.get(slug="bird-dog")
    SetLog.objects.bulk_create(
        [
            SetLog(
                trainee=trainee,
                session=session,
                exercise=bird_dog,
                set_number=n,
                performed_on=session.scheduled_on,
                target_sets=sets_per_session,
                target_hold_s=8,
                target_tempo="2-1-2-0",
                hold_s=8,
                eccentric_s=2,
                checks_total=4,
                failed_checks=["Torso stayed still — no rotation or shift"] if n == 1 else [],
                form_ok=n != 1,
            )
            for session in sessions
            for n in range(1, sets_per_session + 1)
        ]
    )


def add_clients(coach, count: int, program, days, *, weeks: int) -> list:
    clients = []
    for _ in range(count):
        trainee = UserFactory()
        Coaching.objects.create(coach=coach, client=trainee)
        history(trainee, program, days, weeks=weeks)
        clients.append(trainee)
    return clients


# --- the figures -----------------------------------------------------------------------------


@pytest.fixture
def monday(coached_trainee):
    return week_start(coached_trainee.local_today())


def session_on(enrolment, day: date, position: int, **extra) -> TrainingSession:
    week, _ = ProgramWeek.objects.get_or_create(program=enrolment.program, number=1)
    program_day = ProgramDay.objects.create(week=week, position=position)
    return TrainingSession.objects.create(
        enrolment=enrolment,
        trainee=enrolment.trainee,
        program_day=program_day,
        scheduled_on=day,
        **extra,
    )


def sets_on(session, day: date, clean: int, failed: int) -> None:
    exercise = Exercise.objects.get(slug="pelvic-tilt")
    for n in range(1, clean + failed + 1):
        SetLog.objects.create(
            trainee=session.trainee,
            session=session,
            exercise=exercise,
            set_number=n,
            performed_on=day,
            target_sets=clean + failed,
            target_reps_min=10,
            target_reps_max=10,
            target_tempo="3-1-3-1",
            reps=10,
            failed_checks=["Hips stayed down"] if n > clean else [],
        )


@pytest.fixture
def on_a_wednesday(monkeypatch):
    """Noon UTC on this week's Wednesday: the rest of the week is still to come."""
    wednesday = week_start(timezone.now().date()) + timedelta(days=2)
    noon = datetime.combine(wednesday, time(12), tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    return wednesday


def test_adherence_counts_done_sessions_against_those_planned_up_to_today(
    on_a_wednesday, coach, coached_trainee
):
    monday = on_a_wednesday - timedelta(days=2)
    enrolment = Enrolment.objects.create(
        trainee=coached_trainee,
        program=ProgramFactory(),
        start_date=monday - timedelta(weeks=5),
        training_days=[0, 2, 4],
    )
    position = iter(range(1, 100))
    # This week: logged, untouched, marked complete today → 2 of 3 done; Friday is to come.
    sets_on(session_on(enrolment, monday, next(position)), monday, clean=1, failed=0)
    session_on(enrolment, monday + timedelta(days=1), next(position))
    session_on(enrolment, on_a_wednesday, next(position), completed_at=timezone.now())
    session_on(enrolment, monday + timedelta(days=4), next(position))
    # The four weeks before: two sessions a week, the first of each logged → 4 of 8.
    for weeks_back in range(1, 5):
        day = monday - timedelta(weeks=weeks_back)
        sets_on(session_on(enrolment, day, next(position)), day, clean=1, failed=0)
        session_on(enrolment, day + timedelta(days=2), next(position))
    # Five weeks back is outside every window.
    old = monday - timedelta(weeks=5)
    sets_on(session_on(enrolment, old, next(position)), old, clean=1, failed=0)

    [row] = roster(coach)

    assert (row.figures.week_done, row.figures.week_planned) == (2, 3)
    assert (row.figures.month_done, row.figures.month_planned) == (4, 8)
    assert row.figures.month_adherence == 50
    assert row.figures.week_adherence == 67
    assert row.program_week == 1


def test_a_deleted_set_does_not_make_a_session_done(coach, coached_trainee, monday):
    enrolment = Enrolment.objects.create(
        trainee=coached_trainee, program=ProgramFactory(), start_date=monday, training_days=[0]
    )
    session = session_on(enrolment, monday, 1)
    sets_on(session, monday, clean=1, failed=0)
    SetLog.objects.update(deleted_at=timezone.now())

    [row] = roster(coach)

    assert (row.figures.week_done, row.figures.week_planned) == (0, 1)
    assert row.figures.last_activity is None


def test_pass_rates_per_week_and_the_trend(coach, coached_trainee, monday):
    enrolment = Enrolment.objects.create(
        trainee=coached_trainee,
        program=ProgramFactory(),
        start_date=monday - timedelta(weeks=4),
        training_days=[0],
    )
    for position, (weeks_back, clean, failed) in enumerate(
        [(4, 0, 5), (3, 2, 2), (1, 3, 1), (0, 4, 0)], start=1
    ):
        day = monday - timedelta(weeks=weeks_back)
        sets_on(session_on(enrolment, day, position), day, clean=clean, failed=failed)

    [row] = roster(coach)

    assert row.figures.pass_rates == [50, None, 75, 100]
    assert row.figures.pass_rate == 75  # 9 clean of 12 sets in the four weeks
    assert row.figures.trend == "up"
    assert row.figures.last_activity == monday


def test_the_trend_needs_two_weeks_with_sets_and_a_real_change():
    today = date(2026, 3, 4)
    steady = Figures(today, pass_sets=(0, 10, 0, 10), pass_ok=(0, 8, 0, 8))
    falling = Figures(today, pass_sets=(10, 10, 0, 0), pass_ok=(9, 5, 0, 0))
    single = Figures(today, pass_sets=(0, 0, 0, 4), pass_ok=(0, 0, 0, 4))

    assert steady.trend == "steady"
    assert falling.trend == "down"
    assert single.trend == ""


def test_gate_counts_come_from_the_engine(coach, coached_trainee, other_trainee):
    # Tess: six clean weeks-worth of foundational sessions open the standing row.
    enrolment = enrol_on_starter(coached_trainee, weeks_ago=2, coach=coach)
    for session in enrolment.sessions.filter(scheduled_on__lt=coached_trainee.local_today()):
        log_session(session)
    # Otto: nothing logged, but the coach unlocked the Romanian deadlift.
    CoachingFactory(coach=coach, client=other_trainee)
    enrol_on_starter(other_trainee, weeks_ago=0, coach=coach)
    GateOverride.objects.create(
        trainee=other_trainee,
        exercise=Exercise.objects.get(slug="romanian-deadlift"),
        granted_by=coach,
        reason="Physio cleared it.",
    )

    rows = {row.client.pk: row for row in roster(coach)}

    tess, otto = rows[coached_trainee.pk], rows[other_trainee.pk]
    assert tess.unlocked >= 1
    assert tess.unlocked + tess.locked == 4
    assert (otto.unlocked, otto.locked) == (1, 3)


def test_a_client_without_a_program_shows_no_figures(client, coach, coached_trainee):
    client.force_login(coach)

    response = client.get(reverse("coach:home"))

    [row] = response.context["rows"]
    assert row.program is None and row.unlocked is None
    assert "No program" in response.text
    assert "Nothing logged" in response.text


def test_a_client_whose_program_ended_shows_no_program(client, coach, coached_trainee):
    enrolment = enrol_on_starter(coached_trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(ended_at=timezone.now())
    client.force_login(coach)

    response = client.get(reverse("coach:home"))

    [row] = response.context["rows"]
    assert row.program is None and row.program_id is None
    assert "No program" in response.text


def test_the_roster_shows_only_current_clients_of_this_coach(
    client, coach, coached_trainee, other_trainee
):
    former = UserFactory(display_name="Fay Former")
    CoachingFactory(coach=coach, client=former, ended_at=timezone.now())
    CoachingFactory(client=other_trainee)
    client.force_login(coach)

    response = client.get(reverse("coach:home"))

    assert [row.client.pk for row in response.context["rows"]] == [coached_trainee.pk]
    assert "Fay Former" not in response.text
    assert "Otto Other" not in response.text


def test_the_roster_page_shows_the_figures(client, coach, coached_trainee, monday):
    enrolment = enrol_on_starter(coached_trainee, weeks_ago=1, coach=coach)
    for session in enrolment.sessions.filter(scheduled_on__lt=monday):
        log_session(session)
    client.force_login(coach)

    response = client.get(reverse("coach:home"))

    [row] = response.context["rows"]
    assert "Inner Back Foundations" in response.text
    assert f"week {row.program_week}" in response.text
    assert f"This week: {row.figures.week_done}/{row.figures.week_planned}" in response.text
    assert f"Last 4 weeks: {row.figures.month_done}/{row.figures.month_planned}" in response.text
    assert f"{row.figures.pass_rate}% over 4 weeks" in response.text
    assert f"{row.unlocked} unlocked, {row.locked} locked" in response.text
    assert reverse("coach:client", args=[coached_trainee.pk]) in response.text


# --- sorting ---------------------------------------------------------------------------------


def row(name: str, *, adherence=None, pass_rate=None, last=None) -> RosterRow:
    client = Client(pk=ord(name[0]), display_name=name, time_zone="UTC", load_unit="kg")
    month = (adherence, 100) if adherence is not None else (0, 0)
    sets = [0, 0, 0, 100] if pass_rate is not None else [0, 0, 0, 0]
    ok = [0, 0, 0, pass_rate or 0]
    return RosterRow(
        client=client,
        figures=Figures(
            date(2026, 3, 4),
            month_done=month[0],
            month_planned=month[1],
            pass_sets=tuple(sets),
            pass_ok=tuple(ok),
            last_activity=last,
        ),
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["ada", "Bo", "Cy", "Di"]),
        ("-name", ["Di", "Cy", "Bo", "ada"]),
        ("adherence", ["Cy", "Bo", "ada", "Di"]),
        ("-adherence", ["ada", "Bo", "Cy", "Di"]),
        ("pass_rate", ["Bo", "Cy", "Di", "ada"]),
        ("-pass_rate", ["Di", "Cy", "Bo", "ada"]),
        ("last_activity", ["Cy", "ada", "Bo", "Di"]),
        ("-last_activity", ["Bo", "ada", "Cy", "Di"]),
        ("nonsense", ["ada", "Bo", "Cy", "Di"]),
    ],
)
def test_sorting_puts_clients_without_a_value_last(sort, expected):
    rows = [
        row("Cy", adherence=10, pass_rate=50, last=date(2026, 1, 1)),
        row("ada", adherence=90, last=date(2026, 2, 1)),
        row("Di", pass_rate=80),
        row("Bo", adherence=50, pass_rate=20, last=date(2026, 3, 1)),
    ]

    ordered = sort_roster(rows, *parse_sort(sort))

    assert [r.client.display_name for r in ordered] == expected


def test_sort_links_flip_the_current_column(client, coach, coached_trainee):
    client.force_login(coach)

    response = client.get(reverse("coach:home"), {"sort": "adherence"})

    assert 'aria-sort="ascending"' in response.text
    assert 'href="?sort=-adherence"' in response.text
    assert 'href="?sort=name"' in response.text
    assert 'hx-get="?sort=-adherence"' in response.text


def test_sorting_with_htmx_returns_only_the_table(client, coach, coached_trainee):
    client.force_login(coach)

    response = client.get(reverse("coach:home"), {"sort": "-name"}, headers=HTMX)

    assert response.status_code == 200
    assert "<table" in response.text
    assert "<html" not in response.text
    assert "Invitations" not in response.text
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_sorting_without_javascript_returns_the_whole_page(client, coach, coached_trainee):
    client.force_login(coach)

    response = client.get(reverse("coach:home"), {"sort": "-name"})

    assert "<html" in response.text
    assert "Invitations" in response.text


# --- the query budget ------------------------------------------------------------------------


def count_queries(client, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("coach:home"), {"sort": "-pass_rate"}, headers=headers)
    assert response.status_code == 200
    return len(queries)


# The session and the coach; the clients with their programs; their weeks' sessions and
# sets, and last activity; their program weeks; the programs' resistance exercises, the gate
# rules, the overrides and the sets inside the gate window; the open invitations; the count
# of open inbox flags (the nav's and the roster's, one query).
ROSTER_QUERIES = 13


def test_the_roster_costs_the_same_queries_for_5_or_30_clients_with_long_histories(
    client, coach, django_assert_max_num_queries
):
    program, days = long_program(weeks=26)
    add_clients(coach, 5, program, days, weeks=26)
    client.force_login(coach)
    with_five = count_queries(client)

    add_clients(coach, 25, program, days, weeks=26)
    with_thirty = count_queries(client)

    assert SetLog.objects.count() == 30 * 26 * 3 * 6
    assert with_thirty == with_five
    with django_assert_max_num_queries(ROSTER_QUERIES):
        response = client.get(reverse("coach:home"))
    rows = response.context["rows"]
    assert len(rows) == 30
    assert all(r.figures.month_planned == 12 and r.figures.month_done == 12 for r in rows)
    assert all(r.figures.pass_rates[:3] == [83, 83, 83] for r in rows)


@pytest.fixture
def thirty_clients(coach):
    program, days = long_program(weeks=26)
    return add_clients(coach, 30, program, days, weeks=26)


def test_a_set_logged_since_the_last_look_shows_at_the_same_cost(
    client, coach, thirty_clients, monday, django_assert_num_queries
):
    client.force_login(coach)
    first = client.get(reverse("coach:home"), {"sort": "-pass_rate"})
    assert "unlocked" in first.text
    changed = thirty_clients[0]
    session = TrainingSession.objects.filter(trainee=changed, scheduled_on=monday).get()

    sets_on(session, monday, clean=0, failed=1)

    with django_assert_num_queries(ROSTER_QUERIES):
        response = client.get(reverse("coach:home"), {"sort": "-pass_rate"})
    rows = {row.client.pk: row for row in response.context["rows"]}
    changed_week = rows[changed.pk].figures
    other_week = rows[thirty_clients[1].pk].figures
    assert changed_week.pass_sets[-1] == other_week.pass_sets[-1] + 1
    assert changed_week.pass_rates[-1] < other_week.pass_rates[-1]
