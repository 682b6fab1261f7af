"""Every create form of programs and coaching, sent 8 times at the same moment: never a
server error, one row for the same form (a double tap), distinct rows with distinct
positions for different forms, and nothing saved by halves.

Each submission runs in a thread of its own, with its own test client and database
connection, held at a barrier so that all of them start together; the tests commit
(`transaction=True`), as requests do.
"""

import re
import threading
from collections.abc import Callable

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from uuid6 import uuid7

from innerback.coaching.models import Coaching, Invitation
from programs.limits import MAX_DAYS_PER_WEEK
from programs.models import (
    CalendarFeed,
    Enrolment,
    GateOverride,
    Prescription,
    PrescriptionAdjustment,
    Program,
    ProgramDay,
    SessionComment,
    SetLog,
    TrainingSession,
)
from programs.planning import calendar
from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
    TrainingSessionFactory,
)
from tests.programs.training.logging_setup import hold_post, log_url, make_day

pytestmark = pytest.mark.django_db(transaction=True)

TIMES = 8
HTMX = {"HX-Request": "true"}

# One submission: who sends it, where, what, and with which headers.
Post = tuple[object, str, dict, dict]


def at_once(posts: list[Post]) -> list[int]:
    """Send every post from a thread of its own, all released together; the status codes.
    A view that raises counts as a 500 (with the error kept for the failure message)."""
    signed_in: dict[int, Client] = {}
    for user, *_ in posts:
        if user.pk not in signed_in:
            signed_in[user.pk] = Client()
            signed_in[user.pk].force_login(user)
    barrier = threading.Barrier(len(posts))
    answers: list = [None] * len(posts)

    def send(index: int, user, url: str, data: dict, headers: dict) -> None:
        client = Client()
        client.cookies = signed_in[user.pk].cookies
        try:
            barrier.wait()
            answers[index] = client.post(url, data, headers=headers).status_code
        except Exception as error:  # the view's own error, re-raised by the test client
            answers[index] = (500, repr(error))
        finally:
            connections.close_all()  # this thread's connections only

    threads = [
        threading.Thread(target=send, args=(index, *post)) for index, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def assert_no_errors(answers: list, *, gone: bool = False) -> None:
    """Every answer a page or a redirect; with `gone`, a 404 too: a removal sent again
    after it was done finds nothing left to remove, as with anything that is not there."""
    # 303 is the builder's way back to the week it changed, for a browser without htmx.
    allowed = (200, 302, 303, 404) if gone else (200, 302, 303)
    assert all(answer in allowed for answer in answers), answers


def same(user, url: str, data: dict, headers: dict | None = None) -> list[Post]:
    """The same form, token and all, sent TIMES times: a double tap, or a retry."""
    return [(user, url, data, headers or {})] * TIMES


def different(user, url: str, data: Callable[[], dict], headers=None) -> list[Post]:
    """TIMES different drawings of one form (two tabs, two devices): each its own token."""
    return [(user, url, data(), headers or {}) for _ in range(TIMES)]


def token() -> str:
    return str(uuid7())


def numbers(rows, field: str) -> list[int]:
    return sorted(rows.values_list(field, flat=True))


@pytest.fixture
def program(trainee):
    """The trainee's own program: two weeks, each with two days of two items."""
    program = ProgramFactory(owner=trainee, name="Mine")
    for number in (1, 2):
        week = ProgramWeekFactory(program=program, number=number)
        for position in (1, 2):
            day = ProgramDayFactory(week=week, position=position)
            for item in (1, 2):
                PrescriptionFactory(day=day, position=item)
    return program


@pytest.fixture
def follower(other_trainee, program):
    """Someone following the program (a client the owner assigned it to), so each change to
    its days re-lays their calendar."""
    calendar.enrol(
        trainee=other_trainee,
        program=program,
        start_date=other_trainee.local_today(),
        training_days=[0, 1, 2, 3, 4, 5, 6],
    )
    return other_trainee


def assert_one_session_per_day(trainee, program) -> None:
    """Each of the program's days is on the follower's calendar exactly once."""
    days = ProgramDay.objects.filter(week__program=program).count()
    sessions = TrainingSession.objects.filter(trainee=trainee, enrolment__ended_at__isnull=True)
    assert sessions.count() == days
    assert sessions.values("program_day").distinct().count() == days


# --- the program builder -----------------------------------------------------------------------


def test_creating_a_program_twice_at_once_makes_one(trainee):
    data = {"name": "Desk plan", "description": "Short days.", "client_token": token()}

    assert_no_errors(at_once(same(trainee, reverse("programs:mine"), data)))

    assert Program.objects.filter(owner=trainee).count() == 1


def test_copying_a_program_twice_at_once_makes_one_whole_copy(trainee, program):
    program.owner = None
    program.save()
    url = reverse("programs:duplicate", args=[program.pk])

    assert_no_errors(at_once(same(trainee, url, {"client_token": token()})))

    copy = Program.objects.get(owner=trainee)
    assert copy.weeks.count() == 2
    assert ProgramDay.objects.filter(week__program=copy).count() == 4
    assert Prescription.objects.filter(day__week__program=copy).count() == 8


def test_adding_a_week_twice_at_once_adds_one_with_its_first_day(trainee, program, follower):
    url = reverse("programs:add_week", args=[program.pk])

    assert_no_errors(at_once(same(trainee, url, {"focus": "Load", "client_token": token()}, HTMX)))

    assert numbers(program.weeks, "number") == [1, 2, 3]
    assert program.weeks.get(number=3).days.count() == 1
    assert_one_session_per_day(follower, program)


def test_weeks_added_from_different_tabs_at_once_take_the_next_numbers(trainee, program, follower):
    url = reverse("programs:add_week", args=[program.pk])

    assert_no_errors(
        at_once(different(trainee, url, lambda: {"focus": "", "client_token": token()}))
    )

    assert numbers(program.weeks, "number") == list(range(1, 3 + TIMES))
    assert_one_session_per_day(follower, program)


def test_adding_a_day_twice_at_once_adds_one(trainee, program, follower):
    week = program.weeks.get(number=1)
    url = reverse("programs:add_day", args=[week.pk])

    assert_no_errors(at_once(same(trainee, url, {"title": "Hinge", "client_token": token()})))

    assert numbers(week.days, "position") == [1, 2, 3]
    assert_one_session_per_day(follower, program)


def test_days_added_from_different_tabs_at_once_take_the_next_positions_up_to_the_cap(
    trainee, program, follower
):
    week = program.weeks.get(number=2)
    url = reverse("programs:add_day", args=[week.pk])

    assert_no_errors(
        at_once(different(trainee, url, lambda: {"title": "", "client_token": token()}, HTMX))
    )

    # Eight tabs at once against a week of two days: five fit below the cap of seven, the
    # other three get the "at most 7 training days" message (a page, not an error).
    assert TIMES > MAX_DAYS_PER_WEEK - 2
    assert numbers(week.days, "position") == list(range(1, MAX_DAYS_PER_WEEK + 1))
    assert_one_session_per_day(follower, program)


def test_duplicating_a_week_twice_at_once_makes_one_whole_copy(trainee, program, follower):
    url = reverse("programs:duplicate_week", args=[program.weeks.get(number=1).pk])

    assert_no_errors(at_once(same(trainee, url, {"client_token": token()}, HTMX)))

    assert numbers(program.weeks, "number") == [1, 2, 3]
    copy = program.weeks.get(number=3)
    assert numbers(copy.days, "position") == [1, 2]
    assert Prescription.objects.filter(day__week=copy).count() == 4
    assert_one_session_per_day(follower, program)


def item_data(exercise, client_token: str) -> dict:
    return {
        "exercise": str(exercise.pk),
        "sets": "3",
        "reps_min": "8",
        "reps_max": "12",
        "tempo": "3-1-1-0",
        "rest_s": "60",
        "client_token": client_token,
    }


def test_adding_an_item_twice_at_once_adds_one(trainee, program):
    day = ProgramDay.objects.get(week__program=program, week__number=1, position=1)
    url = reverse("programs:add_prescription", args=[day.pk])

    assert_no_errors(at_once(same(trainee, url, item_data(ExerciseFactory(), token()), HTMX)))

    assert numbers(day.prescriptions, "position") == [1, 2, 3]


def test_items_added_from_different_tabs_at_once_take_distinct_positions(trainee, program):
    day = ProgramDay.objects.get(week__program=program, week__number=1, position=1)
    url = reverse("programs:add_prescription", args=[day.pk])
    exercise = ExerciseFactory()

    assert_no_errors(at_once(different(trainee, url, lambda: item_data(exercise, token()))))

    assert numbers(day.prescriptions, "position") == list(range(1, 3 + TIMES))


def test_moving_and_removing_items_at_once_keeps_positions_distinct(trainee, program):
    day = ProgramDay.objects.get(week__program=program, week__number=1, position=1)
    for position in range(3, 7):
        PrescriptionFactory(day=day, position=position)
    first, *_, last = day.prescriptions.order_by("position")
    move = reverse("programs:move_prescription", args=[first.pk])
    remove = reverse("programs:remove_prescription", args=[last.pk])

    posts = same(trainee, move, {"direction": "down"})[:4] + same(trainee, remove, {})[:4]
    assert_no_errors(at_once(posts), gone=True)

    assert numbers(day.prescriptions, "position") == [1, 2, 3, 4, 5]


def test_removing_two_weeks_at_once_removes_both_and_closes_the_gap(trainee, program, follower):
    ProgramWeekFactory(program=program, number=3)
    first, second = program.weeks.get(number=1), program.weeks.get(number=2)
    posts = [
        (trainee, reverse("programs:remove_week", args=[week.pk]), {}, HTMX)
        for week in (first, second)
    ] * (TIMES // 2)

    assert_no_errors(at_once(posts), gone=True)

    assert numbers(program.weeks, "number") == [1]
    assert_one_session_per_day(follower, program)


def test_removing_two_days_at_once_removes_both_and_closes_the_gap(trainee, program, follower):
    week = program.weeks.get(number=1)
    ProgramDayFactory(week=week, position=3)
    posts = [
        (trainee, reverse("programs:remove_day", args=[day.pk]), {}, {})
        for day in week.days.filter(position__in=[1, 2])
    ] * (TIMES // 2)

    assert_no_errors(at_once(posts), gone=True)

    assert numbers(week.days, "position") == [1]
    assert_one_session_per_day(follower, program)


# --- following a program -----------------------------------------------------------------------


def enrol_data(person, client_token: str) -> dict:
    return {
        "start_date": person.local_today().isoformat(),
        "training_days": ["0", "2", "4"],
        "client_token": client_token,
    }


def test_starting_a_program_twice_at_once_starts_it_once(trainee, program):
    url = reverse("programs:enrol", args=[program.pk])

    assert_no_errors(at_once(same(trainee, url, enrol_data(trainee, token()))))

    enrolment = Enrolment.objects.get(trainee=trainee)
    assert enrolment.sessions.count() == 4
    assert enrolment.sessions.values("program_day").distinct().count() == 4


def test_starting_a_program_while_the_coach_assigns_one_leaves_one_current_plan(
    coach, coached_trainee, program
):
    starter = ProgramFactory(owner=None)
    ProgramDayFactory(week__program=starter)
    mine = (coached_trainee, reverse("programs:enrol", args=[program.pk]))
    theirs = (coach, reverse("coach:assign", args=[coached_trainee.pk]))
    by_trainee = enrol_data(coached_trainee, token())
    by_coach = {**enrol_data(coached_trainee, token()), "program": str(starter.pk)}
    posts = [(*mine, by_trainee, {}), (*theirs, by_coach, HTMX)] * (TIMES // 2)

    assert_no_errors(at_once(posts))

    # One enrolment per form; the later one ended the earlier.
    assert Enrolment.objects.filter(trainee=coached_trainee).count() == 2
    current = Enrolment.objects.current().get(trainee=coached_trainee)
    days = ProgramDay.objects.filter(week__program=current.program).count()
    assert current.sessions.count() == days
    # The ended plan left nothing open on the calendar.
    assert TrainingSession.objects.filter(trainee=coached_trainee).count() == days


def test_resuming_twice_at_once_lays_each_day_once(trainee, program):
    enrolment = calendar.enrol(
        trainee=trainee,
        program=program,
        start_date=trainee.local_today(),
        training_days=[0, 2, 4],
    )
    calendar.pause(enrolment=enrolment, today=trainee.local_today())

    assert_no_errors(at_once(same(trainee, reverse("programs:plan_resume"), {})))

    assert enrolment.sessions.count() == 4
    assert enrolment.sessions.values("program_day").distinct().count() == 4


def test_logging_a_set_twice_at_once_logs_it_once(trainee):
    day = make_day(trainee, trainee.local_today())

    assert_no_errors(at_once(same(trainee, log_url(day.session, day.hold), hold_post(), HTMX)))

    assert SetLog.objects.filter(session=day.session).count() == 1


# --- coaching ----------------------------------------------------------------------------------


def test_creating_an_invitation_twice_at_once_makes_one(coach):
    data = {"note": "Sam", "client_token": token()}

    assert_no_errors(at_once(same(coach, reverse("coach:invite_create"), data, HTMX)))

    assert Invitation.objects.filter(coach=coach).count() == 1


def test_turning_the_calendar_feed_on_twice_at_once_leaves_one_feed(trainee):
    # No token: sent again, the form gives the feed another new address, which is what
    # "Regenerate" asks for; the person's address is whichever came last.
    assert_no_errors(at_once(same(trainee, reverse("programs:calendar_feed_new"), {})))

    assert CalendarFeed.objects.filter(owner=trainee).count() == 1


def test_accepting_an_invitation_twice_at_once_makes_one_coaching(coach, trainee):
    invitation = Invitation.objects.create(coach=coach)

    assert_no_errors(at_once(same(trainee, reverse("invite", args=[invitation.code]), {})))

    assert Coaching.objects.filter(client=trainee).count() == 1


def test_commenting_twice_at_once_leaves_one_comment(coach, coached_trainee):
    session = TrainingSessionFactory(trainee=coached_trainee, enrolment__trainee=coached_trainee)
    url = reverse("coach:comment", args=[coached_trainee.pk, session.pk])
    data = {"body": "Lovely control.", "client_token": token()}

    assert_no_errors(at_once(same(coach, url, data, HTMX)))

    assert SessionComment.objects.filter(session=session).count() == 1


def test_unlocking_an_exercise_twice_at_once_leaves_one_live_unlock(coach, coached_trainee):
    gated = PrerequisiteFactory().exercise
    url = reverse("coach:override", args=[coached_trainee.pk])
    data = {"exercise": str(gated.pk), "reason": "Cleared by her physio last week."}

    assert_no_errors(at_once(same(coach, url, data, HTMX)))

    assert GateOverride.objects.filter(trainee=coached_trainee, revoked_at=None).count() == 1


def test_adjusting_a_prescription_twice_at_once_stores_one_adjustment(
    coach, coached_trainee, program
):
    calendar.enrol(
        trainee=coached_trainee,
        program=program,
        start_date=coached_trainee.local_today(),
        training_days=[0, 2, 4],
    )
    item = Prescription.objects.filter(day__week__program=program).first()
    url = reverse("coach:adjust", args=[coached_trainee.pk, item.pk])

    assert_no_errors(at_once(same(coach, url, {"sets": "4", "note": "One more set."})))

    assert PrescriptionAdjustment.objects.get(prescription=item).sets == 4


def test_each_create_form_of_the_builder_draws_its_own_token(client, trainee, program):
    client.force_login(trainee)
    page = reverse("programs:edit", args=[program.pk])

    first, second = _tokens(client.get(page).text), _tokens(client.get(page).text)

    # The builder opens one week: its "Duplicate week" and "Add a day", "Add an item" on each
    # of its two days, and "Add a week".
    assert len(first) == len(set(first)) == 2 + 2 + 1
    assert set(first).isdisjoint(second)


def _tokens(html: str) -> list[str]:
    return re.findall(r'name="client_token" value="([0-9a-f-]+)"', html)


def test_every_other_create_form_carries_a_token(client, coach, coached_trainee, program):
    """The forms a person fills in before a create: each drawing carries its token."""
    pages = {
        coached_trainee: [
            reverse("programs:mine"),  # new program, and a copy button per built-in one
            reverse("programs:enrol", args=[program.pk]),
        ],
        # New invitation; the client page's program assignment.
        coach: [reverse("coach:home"), reverse("coach:client", args=[coached_trainee.pk])],
    }
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            assert _tokens(client.get(url).text), url
