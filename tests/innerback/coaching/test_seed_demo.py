"""`manage.py seed_demo`: the demo coach and client with a believable history, idempotent."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from innerback.accounts.models import User
from innerback.coaching.models import Coaching, Invitation
from innerback.outcomes.models import Activity, Answer, this_week
from programs import engine
from programs.models import (
    Enrolment,
    MorningCheck,
    PainFlag,
    PainRating,
    SessionComment,
    SetLog,
    TrainingSession,
)
from programs.planning import calendar

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Coaching,
            Invitation,
            Enrolment,
            TrainingSession,
            SetLog,
            SessionComment,
            PainRating,
            MorningCheck,
            PainFlag,
            Activity,
            Answer,
        )
    }


@pytest.fixture
def seeded():
    output = seed()
    return {
        "output": output,
        "coach": User.objects.get(email="coach@example.com"),
        "trainee": User.objects.get(email="trainee@example.com"),
    }


def test_running_it_twice_changes_nothing(seeded):
    first = counts()
    sets = list(SetLog.objects.values_list("pk", "target_load", "load", "form_ok"))
    answers = list(Answer.objects.values_list("pk", "week", "activity_id", "score"))

    output = seed()

    assert counts() == first
    assert list(SetLog.objects.values_list("pk", "target_load", "load", "form_ok")) == sets
    assert list(Answer.objects.values_list("pk", "week", "activity_id", "score")) == answers
    assert "coach@example.com" in output and "trainee@example.com" in output


def test_it_prints_the_logins_and_they_work(client, seeded):
    assert "innerback-demo" in seeded["output"]
    assert "coach:   coach@example.com" in seeded["output"]
    assert "trainee: trainee@example.com" in seeded["output"]
    for email in ("coach@example.com", "trainee@example.com"):
        response = client.post(reverse("login"), {"username": email, "password": "innerback-demo"})
        assert response.status_code == 302, email
        assert client.get(reverse("home")).context["user"].email == email
        client.logout()


def test_the_trainee_is_the_coachs_client_on_the_starter_program(seeded):
    coach, trainee = seeded["coach"], seeded["trainee"]
    enrolment = Enrolment.objects.current().get(trainee=trainee)

    assert coach.is_coach and not trainee.is_coach
    assert Coaching.objects.current().get(client=trainee).coach == coach
    assert enrolment.program.slug == "inner-back-foundations"
    assert enrolment.assigned_by == coach
    assert enrolment.training_days == [0, 2, 4]
    monday = calendar.week_start(trainee.local_today())
    assert enrolment.start_date == monday - timedelta(weeks=4)


def test_weeks_of_sessions_are_logged_with_one_missed(seeded):
    trainee = seeded["trainee"]
    past = TrainingSession.objects.filter(trainee=trainee, scheduled_on__lt=trainee.local_today())
    logged = past.filter(sets__isnull=False).distinct()

    assert past.count() >= 12
    assert logged.count() == past.count() - 1
    assert all(s.completed_at is not None for s in logged)
    assert not SetLog.objects.filter(performed_on__gte=trainee.local_today()).exists()


def test_the_bird_dog_gate_has_opened_the_standing_row(seeded):
    state = engine.trainee_state(seeded["trainee"])

    assert state.decision("standing-dumbbell-row").gate.unlocked
    assert SetLog.objects.filter(exercise__slug="standing-dumbbell-row").exists()


def test_one_loaded_set_missed_a_form_check_and_the_next_set_was_lighter(seeded):
    [failed] = SetLog.objects.filter(trainee=seeded["trainee"], form_ok=False)
    following = SetLog.objects.get(
        session=failed.session, exercise=failed.exercise, set_number=failed.set_number + 1
    )

    assert failed.exercise.is_resistance
    assert failed.failed_checks
    assert following.form_ok
    assert following.target_load < failed.load
    assert following.load == following.target_load


def test_weeks_of_pain_answers_hold_one_step_back_that_the_coach_sees(client, seeded):
    trainee = seeded["trainee"]
    trained = TrainingSession.objects.filter(trainee=trainee, sets__isnull=False).distinct()
    [flag] = PainFlag.objects.filter(trainee=trainee)
    painful = SetLog.objects.filter(session=flag.session, exercise=flag.exercise)
    ended_at = painful.order_by("set_number").last().load
    next_time = (
        SetLog.objects.filter(trainee=trainee, exercise=flag.exercise, performed_on__gt=flag.day)
        .order_by("performed_on", "set_number")
        .first()
    )

    assert flag.reason.startswith("Pain 6/10 during the session on")
    assert PainRating.objects.filter(trainee=trainee, rating__gte=4).count() == 1
    assert PainRating.objects.filter(trainee=trainee).count() >= trained.count()
    # Every session but the latest has its morning answer: the dashboard asks about that one.
    assert MorningCheck.objects.filter(trainee=trainee).count() == trained.count() - 1
    assert next_time.target_load == ended_at - flag.exercise.load_increment(trainee.load_unit)
    client.force_login(seeded["coach"])
    assert flag.reason in client.get(reverse("coach:client", args=[trainee.pk])).text


def test_every_set_keeps_its_prescription_beside_what_was_done(seeded):
    for set_log in SetLog.objects.filter(trainee=seeded["trainee"]).select_related("exercise"):
        assert set_log.target_tempo and set_log.target_sets >= set_log.set_number
        if set_log.exercise.is_hold:
            assert set_log.hold_s >= set_log.target_hold_s
        else:
            assert set_log.target_reps_min <= set_log.reps <= set_log.target_reps_max


def test_the_coach_left_one_unread_comment_on_the_stumble(seeded):
    [comment] = SessionComment.objects.all()

    assert comment.author == seeded["coach"]
    assert comment.read_at is None
    assert comment.session.sets.filter(form_ok=False).exists()


def test_the_demo_pages_render_for_both_logins(client, seeded):
    trainee = seeded["trainee"]
    client.force_login(seeded["coach"])
    roster = client.get(reverse("coach:home"))
    page = client.get(reverse("coach:client", args=[trainee.pk]))

    client.force_login(trainee)
    dashboard = client.get(reverse("home"))

    assert roster.status_code == page.status_code == dashboard.status_code == 200
    # The trainee, and the two clients who give the inbox its flags (tests/innerback/inbox).
    rows = {row.client.display_name: row for row in roster.context["rows"]}
    assert set(rows) == {"Demo Trainee", "Quinn (demo client)", "Sam (demo client)"}
    row = rows["Demo Trainee"]
    assert row.figures.month_planned - row.figures.month_done == 1
    assert row.unlocked >= 1
    assert "Good call on set 3" in page.text
    assert "Good call on set 3" in dashboard.text


def test_the_trainee_answered_a_check_in_each_past_week_and_this_week_is_still_to_answer(
    seeded,
):
    trainee = seeded["trainee"]
    monday = calendar.week_start(trainee.local_today())
    pain = list(
        Answer.objects.filter(trainee=trainee, kind="pain_week")
        .order_by("week")
        .values_list("week", "score")
    )

    assert [week for week, _ in pain] == [monday - timedelta(weeks=n) for n in (4, 3, 2, 1)]
    assert pain[-1][1] <= pain[0][1] - 2  # eased by a meaningful change
    assert len(this_week(trainee).activities) == 3
    assert Answer.objects.filter(trainee=trainee, kind="psfs").count() == 4 * 3
    assert not this_week(trainee).answered
