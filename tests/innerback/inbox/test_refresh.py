"""Flags raised and cleared from real data: by the scheduled refresh for causes time brings,
and in the transaction of each write that changes a cause."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innerback.coaching import relations
from innerback.inbox.models import Flag, Kind
from innerback.inbox.refresh import refresh_all_inboxes, refresh_inbox_for
from programs.models import GateOverride, MorningAnswer
from programs.training import pain
from programs.training.logging import delete_set, log_set
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import EnrolmentFactory, SetLogFactory, TrainingSessionFactory
from tests.programs.training.logging_setup import another_session, make_day

pytestmark = pytest.mark.django_db


def standing(client) -> set[tuple[str, str]]:
    return set(
        Flag.objects.filter(client=client, cleared_at__isnull=True).values_list("kind", "cause")
    )


@pytest.fixture
def today(coached_trainee):
    return coached_trainee.local_today()


@pytest.fixture
def day(coached_trainee, today):
    """The client's day: a program started today with a hold, reps and a gated row."""
    return make_day(coached_trainee, today)


def failed_set(session, exercise, number=1):
    """A set with a failed form check, logged as the log form logs it."""
    return log_set(
        set_log=SetLogFactory.build(
            session=session, exercise=exercise, set_number=number, failed_checks=["Torso"]
        )
    )[0]


# --- the hooks ---------------------------------------------------------------------------------


def test_a_failed_check_in_two_sessions_running_raises_a_flag_as_the_set_is_logged(
    coach, coached_trainee, day, today
):
    earlier = another_session(day, today - timedelta(days=2))
    failed_set(earlier, day.reps.exercise)
    assert standing(coached_trainee) == set()

    failed_set(day.session, day.reps.exercise)

    flag = Flag.objects.get(client=coached_trainee)
    assert (flag.coach, flag.kind, flag.cause) == (coach, Kind.FORM_FAILING, "log-pelvic-tilt")
    assert flag.summary == (
        "Test pelvic tilt: a form check failed in 2 sessions running (1 of 1 sets, then 1 of 1 "
        f"sets, the last on {today.isoformat()})."
    )
    assert flag.link == f"/coach/clients/{coached_trainee.pk}/#recent-heading"


def test_deleting_the_failed_set_clears_the_flag_and_logging_it_again_raises_a_new_one(
    coached_trainee, day, today
):
    failed_set(another_session(day, today - timedelta(days=2)), day.reps.exercise)
    latest = failed_set(day.session, day.reps.exercise)
    first = Flag.objects.get()

    delete_set(latest)
    first.refresh_from_db()
    assert first.cleared_at is not None and standing(coached_trainee) == set()

    failed_set(day.session, day.reps.exercise, number=2)
    assert Flag.objects.count() == 2
    assert standing(coached_trainee) == {(Kind.FORM_FAILING, "log-pelvic-tilt")}


def test_a_lasting_cause_raises_once_and_a_handled_flag_stays_handled(coached_trainee, day, today):
    failed_set(another_session(day, today - timedelta(days=2)), day.reps.exercise)
    failed_set(day.session, day.reps.exercise)
    flag = Flag.objects.get()
    flag.mark_handled(note="Talked it through.", at=timezone.now())

    failed_set(day.session, day.reps.exercise, number=2)
    refresh_inbox_for(coached_trainee, timezone.now())
    refresh_all_inboxes(timezone.now())

    flag.refresh_from_db()
    assert Flag.objects.count() == 1
    assert flag.handled_note == "Talked it through." and flag.cleared_at is None


def test_a_pain_answer_that_calls_for_a_step_back_raises_a_pain_flag(coached_trainee, day, today):
    SetLogFactory(session=day.session, exercise=day.reps.exercise, set_number=1)

    pain.rate_pain(
        trainee=coached_trainee,
        session=day.session,
        exercise=day.reps.exercise,
        rating=7,
        today=today,
    )

    assert standing(coached_trainee) == {(Kind.PAIN, f"session-{day.session.pk}-log-pelvic-tilt")}
    pain.rate_pain(
        trainee=coached_trainee,
        session=day.session,
        exercise=day.reps.exercise,
        rating=1,
        today=today,
    )
    assert standing(coached_trainee) == set()


def test_a_worse_morning_raises_a_pain_flag(coached_trainee, day, today):
    SetLogFactory(session=day.session, exercise=day.reps.exercise, set_number=1)

    pain.answer_morning(
        trainee=coached_trainee,
        session=day.session,
        answer=MorningAnswer.WORSE,
        pain_now=3,
        today=today,
    )

    assert (Kind.PAIN, f"morning-{day.session.pk}") in standing(coached_trainee)


def test_after_a_change_of_coach_the_old_unlock_flags_the_new_coach_and_the_old_flags_clear(
    coach, coached_trainee, day, today
):
    relations.grant_override(
        coach=coach, trainee=coached_trainee, exercise=day.row.exercise, reason="Physio OK."
    )
    failed_set(another_session(day, today - timedelta(days=2)), day.reps.exercise)
    failed_set(day.session, day.reps.exercise)
    assert standing(coached_trainee) == {(Kind.FORM_FAILING, "log-pelvic-tilt")}

    relations.end_coaching(coaching=coached_trainee.coached_by.get(), by=coached_trainee)
    assert standing(coached_trainee) == set()

    new_coach = CoachFactory()
    invitation = relations.create_invitation(coach=new_coach, note="")
    relations.accept_invitation(invitation=invitation, trainee=coached_trainee)

    assert set(
        Flag.objects.filter(coach=new_coach, cleared_at__isnull=True).values_list("kind", "cause")
    ) == {(Kind.FORM_FAILING, "log-pelvic-tilt"), (Kind.FOREIGN_OVERRIDE, "log-row")}
    assert not Flag.objects.filter(coach=coach, cleared_at__isnull=True).exists()

    relations.revoke_override(override=GateOverride.objects.get())
    assert (Kind.FOREIGN_OVERRIDE, "log-row") not in standing(coached_trainee)


def test_a_trainee_without_a_coach_gets_no_flags(trainee):
    today = trainee.local_today()
    day = make_day(trainee, today)
    failed_set(another_session(day, today - timedelta(days=2)), day.reps.exercise)
    failed_set(day.session, day.reps.exercise)

    assert not Flag.objects.exists()


# --- time alone ----------------------------------------------------------------------------------


def test_the_scheduled_refresh_raises_silence_and_a_stuck_gate_and_clears_them_when_gone(
    coached_trainee, today
):
    start = today - timedelta(days=21)
    day = make_day(
        coached_trainee, today, EnrolmentFactory(trainee=coached_trainee, start_date=start)
    )

    call_command("refresh_inbox", stdout=StringIO())
    assert standing(coached_trainee) == {(Kind.INACTIVE, ""), (Kind.GATE_STUCK, "log-row")}
    assert Flag.objects.get(kind=Kind.INACTIVE).summary == (
        f"No set logged for 21 days (none since the program started on {start.isoformat()})."
    )

    SetLogFactory(session=day.session, exercise=day.reps.exercise, set_number=1)
    relations.grant_override(
        coach=coached_trainee.coached_by.get().coach,
        trainee=coached_trainee,
        exercise=day.row.exercise,
        reason="Physio OK.",
    )
    refresh_all_inboxes(timezone.now())
    assert standing(coached_trainee) == set()


def test_the_scheduled_refresh_raises_a_drop_in_adherence(coached_trainee, today):
    enrolment = EnrolmentFactory(trainee=coached_trainee, start_date=today - timedelta(days=29))
    for days_ago in range(29, 0, -3):
        session = TrainingSessionFactory(
            enrolment=enrolment, scheduled_on=today - timedelta(days=days_ago)
        )
        if days_ago > 7:
            session.completed_at = timezone.now()
            session.save()

    refresh_all_inboxes(timezone.now())

    flag = Flag.objects.get(kind=Kind.ADHERENCE_DROP)
    assert flag.summary.startswith("0 of 2 planned sessions done in the last 7 days (0%)")


def test_the_scheduled_refresh_costs_the_same_queries_for_one_client_or_many_with_history(
    coached_trainee, today
):
    day = make_day(
        coached_trainee,
        today,
        EnrolmentFactory(trainee=coached_trainee, start_date=today - timedelta(weeks=4)),
    )

    def client_with_history(weeks: int) -> None:
        client = UserFactory()
        CoachingFactory(coach=CoachFactory(), client=client)
        enrolment = EnrolmentFactory(
            trainee=client, program=day.enrolment.program, start_date=today - timedelta(weeks=weeks)
        )
        for week in range(weeks):
            session = TrainingSessionFactory(
                enrolment=enrolment, scheduled_on=today - timedelta(weeks=week, days=1)
            )
            SetLogFactory(
                session=session, exercise=day.reps.exercise, set_number=1, failed_checks=["Torso"]
            )

    refresh_all_inboxes(timezone.now())  # raises this client's flags
    with CaptureQueriesContext(connection) as one:
        refresh_all_inboxes(timezone.now())
    for weeks in (2, 8, 30):
        client_with_history(weeks)
    with CaptureQueriesContext(connection) as four:
        refresh_all_inboxes(timezone.now())

    assert Flag.objects.filter(kind=Kind.FORM_FAILING).count() == 3
    assert len(one) == len(four) == REFRESH_QUERIES


# Who to look at (2); for each batch, a savepoint and its release (2), the coachings and the
# clients (2), the figures (`read_figures`: 12) and the standing flags (1); and one write
# each to raise and to clear flags, when there are any.
REFRESH_QUERIES = 19
