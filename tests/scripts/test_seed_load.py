"""`seed_load` builds the load-test dataset: realistic, complete, and only where it is wanted."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from innerback.accounts.models import User
from innerback.coaching.models import Coaching
from programs.models import Enrolment, Program, SetLog, TrainingSession
from programs.planning.calendar import week_start
from scripts.loadgen.load_data import DAY_PATTERNS, TraineeHistory, lay_out
from scripts.loadgen.seed import (
    COACH_EMAIL,
    LOAD_PASSWORD,
    STARTER_SLUG,
    Command,
    program_days,
)

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    return seed("--trainees", "4", "--weeks", "20", "--clients", "2")


def test_it_builds_trainees_and_a_coach_of_some_of_them_with_one_known_password(seeded):
    trainees = User.objects.filter(email__startswith="trainee")
    coach = User.objects.get(email=COACH_EMAIL)

    assert trainees.count() == 4
    assert coach.is_coach
    assert Coaching.objects.filter(coach=coach, ended_at=None).count() == 2
    assert check_password(LOAD_PASSWORD, coach.password)
    # Hashed once for everyone: slow hashing is paid a single time.
    assert set(User.objects.values_list("password", flat=True)) == {coach.password}
    assert LOAD_PASSWORD in seeded


def test_every_trainee_follows_the_starter_program_in_cycles_with_one_current(seeded):
    starter = Program.objects.get(slug=STARTER_SLUG)

    for trainee in User.objects.filter(email__startswith="trainee"):
        enrolments = Enrolment.objects.filter(trainee=trainee)
        assert {e.program_id for e in enrolments} == {starter.pk}
        assert enrolments.filter(ended_at=None).count() == 1
        # 20 weeks of an 8-week program: two finished cycles and the current third.
        assert enrolments.count() == 3
        assert TrainingSession.objects.filter(trainee=trainee).count() == 3 * 24


def test_sets_are_logged_only_in_finished_sessions_before_today(seeded):
    today = timezone.localdate()
    sets = SetLog.objects.all()

    assert sets.count() > 1000
    assert not sets.filter(session__completed_at=None).exists()
    assert sets.aggregate(last=Max("performed_on"))["last"] < today
    assert sets.aggregate(first=Min("performed_on"))["first"] >= week_start(today) - timedelta(
        weeks=20
    )
    open_today_or_later = TrainingSession.objects.filter(scheduled_on__gte=today)
    assert open_today_or_later.exists()
    assert not open_today_or_later.exclude(completed_at=None).exists()


def test_history_mixes_clean_and_failed_form_checks_and_keeps_what_was_prescribed(seeded):
    failed = SetLog.objects.filter(form_ok=False)
    clean = SetLog.objects.filter(form_ok=True)

    assert 0 < failed.count() < clean.count()
    assert all(s.failed_checks for s in failed[:50])
    assert not clean.exclude(failed_checks=[]).exists()
    assert not SetLog.objects.filter(target_tempo="").exists()
    assert not SetLog.objects.filter(client_token=None).exists()


def test_loads_rise_over_the_history(seeded):
    rows = SetLog.objects.filter(exercise__slug="standing-dumbbell-row", set_number=1)

    for trainee in User.objects.filter(email__startswith="trainee"):
        first = rows.filter(trainee=trainee).order_by("performed_on").first()
        last = rows.filter(trainee=trainee).order_by("performed_on").last()
        assert first.load == Decimal("6")  # the program's starting load
        assert last.load > first.load


def test_a_second_run_changes_nothing(seeded):
    counts = (User.objects.count(), SetLog.objects.count(), TrainingSession.objects.count())

    output = seed("--trainees", "4", "--weeks", "20", "--clients", "2")

    assert "already here" in output
    assert (User.objects.count(), SetLog.objects.count(), TrainingSession.objects.count()) == counts


def test_it_refuses_a_database_with_real_users_unless_forced(trainee):
    with pytest.raises(CommandError, match="already has users"):
        seed("--trainees", "2", "--weeks", "2", "--clients", "0")
    assert User.objects.count() == 1

    seed("--trainees", "2", "--weeks", "2", "--clients", "0", "--force")

    assert User.objects.count() == 1 + 2 + 1


def test_it_refuses_a_half_built_dataset():
    User.objects.create_user("trainee00001@load.example.com", display_name="Half")

    with pytest.raises(CommandError, match="part-way"):
        seed("--trainees", "2", "--weeks", "2", "--clients", "0")


def test_the_same_trainee_number_gives_the_same_history():
    days = program_days(Program.objects.get(slug=STARTER_SLUG))
    today = timezone.localdate()

    def rows(number: int) -> list[tuple]:
        history = TraineeHistory(
            trainee_number=number,
            trainee_id=1,
            days=days,
            first_monday=week_start(today) - timedelta(weeks=10),
            today=today,
        )
        session_ids, set_ids = iter(range(1, 10**6)), iter(range(1, 10**6))
        cycles = history.cycles()
        for index in range(len(cycles)):
            history.sessions(index, index, session_ids)
        return [row for index in range(len(cycles)) for row in history.sets(index, set_ids)]

    assert rows(7) == rows(7)
    assert rows(7) != rows(8)


def test_day_patterns_give_every_weekday_to_someone_and_lay_out_like_enrolling():
    assert set().union(*DAY_PATTERNS) == set(range(7))
    monday = week_start(timezone.localdate())

    dates = lay_out(monday, [0, 2, 4], 4)

    assert [d.weekday() for d in dates] == [0, 2, 4, 0]
    assert dates[0] == monday


def test_sets_per_session_stay_within_the_prescription(seeded):
    over = (
        SetLog.objects.values("session_id", "exercise_id").annotate(n=Count("id")).filter(n__gt=5)
    )
    assert not over.exists()
