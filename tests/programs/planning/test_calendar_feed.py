"""The private calendar feed: the plan as iCalendar at a secret address, for a calendar
program to subscribe to; a coach's feed of their clients' sessions."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from programs.models import CalendarFeed
from programs.planning import calendar
from programs.planning.feed import WEEKS_AHEAD, WEEKS_BACK, feed_window, trainee_calendar
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import (
    CalendarFeedFactory,
    GateOverrideFactory,
    TrainingSessionFactory,
)
from tests.programs.training.logging_setup import another_session, make_day

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def plan_url(feed: CalendarFeed) -> str:
    return reverse("programs:plan_feed", args=[feed.secret])


def clients_url(feed: CalendarFeed) -> str:
    return reverse("programs:clients_feed", args=[feed.secret])


def parsed(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(cal: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


@pytest.fixture
def berliner(trainee):
    trainee.time_zone = "Europe/Berlin"
    trainee.training_time = datetime.time(7, 30)
    trainee.save()
    return trainee


@pytest.fixture
def feed(trainee):
    return CalendarFeedFactory(owner=trainee)


# --- the trainee's feed -----------------------------------------------------------------------


def test_each_session_is_an_event_at_the_training_time_in_the_trainees_time_zone(
    client, berliner, feed
):
    today = berliner.local_today()
    day = make_day(berliner, today)

    cal = parsed(client.get(plan_url(feed)))

    (event,) = cal.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == datetime.datetime.combine(today, datetime.time(7, 30), tzinfo=BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") - start == datetime.timedelta(hours=1)
    # The zone travels with the feed, so a calendar in another zone places it right.
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["URL"]) == f"http://testserver/sessions/{day.session.pk}/"
    assert str(event["UID"]) == f"session-{day.session.pk}@testserver"
    assert day.session.program_day.week.program.name in str(event["SUMMARY"])


def test_the_description_lists_each_exercise_with_its_sets_reps_hold_and_load(
    client, trainee, feed
):
    day = make_day(trainee, trainee.local_today())
    # The row opens only through a coach's override, so its load is prescribed.
    GateOverrideFactory(trainee=trainee, exercise=day.row_exercise)

    (event,) = parsed(client.get(plan_url(feed))).walk("VEVENT")

    lines = str(event["DESCRIPTION"]).split("\n")
    assert lines == [
        "Test bird-dog: 3 × 10 s hold",
        "Test pelvic tilt: 3 × 8–12 reps",
        "Test standing row: 3 × 8–12 reps, 10 kg",
        f"Open the session: http://testserver/sessions/{day.session.pk}/",
    ]


def test_a_locked_exercise_says_what_to_do_instead(client, trainee, feed):
    make_day(trainee, trainee.local_today())

    (event,) = parsed(client.get(plan_url(feed))).walk("VEVENT")

    assert "Test standing row: locked for now; do Test bird-dog instead" in str(
        event["DESCRIPTION"]
    )


def test_a_completed_session_says_it_is_done(client, trainee, feed):
    day = make_day(trainee, trainee.local_today() - datetime.timedelta(days=2))
    day.session.completed_at = timezone.now()
    day.session.save()

    (event,) = parsed(client.get(plan_url(feed))).walk("VEVENT")

    assert str(event["DESCRIPTION"]).startswith("Done.\n")


def test_the_feed_is_a_valid_calendar_with_every_required_property(client, trainee, feed):
    day = make_day(trainee, trainee.local_today())
    another_session(day, trainee.local_today() + datetime.timedelta(days=2))

    response = client.get(plan_url(feed))
    body = response.content
    cal = parsed(response)

    assert cal.name == "VCALENDAR"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//innerback//Training plan//EN"
    events = cal.walk("VEVENT")
    assert len(events) == 2
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, required
        assert event.decoded("DTSTAMP").tzinfo is not None
    assert len(events_by_uid(cal)) == 2
    # RFC 5545 §3.1: lines end in CRLF and are folded at 75 octets.
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")


def test_it_covers_four_weeks_back_to_twelve_weeks_ahead(client, trainee, feed):
    today = trainee.local_today()
    first, last = feed_window(today)
    assert first == calendar.week_start(today) - datetime.timedelta(weeks=WEEKS_BACK)
    assert last == today + datetime.timedelta(weeks=WEEKS_AHEAD)
    day = make_day(trainee, today)
    inside = [another_session(day, first), another_session(day, last)]
    for outside in (first - datetime.timedelta(days=1), last + datetime.timedelta(days=1)):
        another_session(day, outside)

    uids = set(events_by_uid(parsed(client.get(plan_url(feed)))))

    assert uids == {f"session-{s.pk}@testserver" for s in (day.session, *inside)}


def test_another_persons_sessions_are_never_in_the_feed(client, trainee, other_trainee, feed):
    make_day(other_trainee, other_trainee.local_today())

    assert parsed(client.get(plan_url(feed))).walk("VEVENT") == []


def test_a_change_of_training_days_moves_the_event_and_keeps_its_uid(client, trainee, feed):
    enrolment = enrol_on_starter(trainee, weeks_ago=0)
    before = {
        uid: event.decoded("DTSTART").date()
        for uid, event in events_by_uid(parsed(client.get(plan_url(feed)))).items()
    }

    calendar.change_training_days(
        enrolment=enrolment, training_days=[1, 3, 5], today=trainee.local_today()
    )
    after = {
        uid: event.decoded("DTSTART").date()
        for uid, event in events_by_uid(parsed(client.get(plan_url(feed)))).items()
    }

    moved = {uid for uid in after if uid in before and after[uid] != before[uid]}
    assert moved, "the upcoming sessions moved to the new days"
    assert {on.weekday() for uid, on in after.items() if uid in moved} <= {1, 3, 5}


def test_pausing_takes_the_upcoming_sessions_off_the_feed(client, trainee, feed):
    enrolment = enrol_on_starter(trainee, weeks_ago=0)
    assert parsed(client.get(plan_url(feed))).walk("VEVENT")

    calendar.pause(enrolment=enrolment, today=trainee.local_today())

    upcoming = [
        event
        for event in parsed(client.get(plan_url(feed))).walk("VEVENT")
        if event.decoded("DTSTART").date() >= trainee.local_today()
    ]
    assert upcoming == []


def test_a_new_training_time_shows_in_the_next_fetch(client, trainee, feed):
    make_day(trainee, trainee.local_today())
    trainee.training_time = datetime.time(6, 15)
    trainee.save()

    (event,) = parsed(client.get(plan_url(feed))).walk("VEVENT")

    assert event.decoded("DTSTART").time() == datetime.time(6, 15)


# --- who may read it --------------------------------------------------------------------------


def test_it_needs_no_sign_in_and_starts_no_session(client, trainee, feed):
    response = client.get(plan_url(feed))

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies


def test_a_wrong_secret_is_a_404(client, feed):
    assert client.get(reverse("programs:plan_feed", args=["x" * 43])).status_code == 404
    assert client.get(reverse("programs:plan_feed", args=[feed.secret[:-1]])).status_code == 404


def test_a_regenerated_address_replaces_the_old_one(client, trainee, feed):
    old = plan_url(feed)

    new = CalendarFeed.objects.issue(owner=trainee)

    assert client.get(old).status_code == 404
    assert client.get(plan_url(new)).status_code == 200


def test_a_turned_off_feed_is_a_404(client, trainee, feed):
    CalendarFeed.objects.turn_off(owner=trainee)

    assert client.get(plan_url(feed)).status_code == 404


def test_a_deactivated_persons_feed_is_a_404(client, trainee, feed):
    trainee.is_active = False
    trainee.save()

    assert client.get(plan_url(feed)).status_code == 404


def test_only_a_coach_has_a_clients_feed(client, feed):
    assert client.get(clients_url(feed)).status_code == 404


def test_the_feed_only_answers_reads(client, feed):
    assert client.post(plan_url(feed)).status_code == 405
    assert client.head(plan_url(feed)).status_code == 200


def test_it_is_kept_by_no_shared_cache_and_never_indexed(client, feed):
    response = client.get(plan_url(feed))

    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_robots_txt_does_not_name_the_feeds(client):
    assert b"calendar" not in client.get("/robots.txt").content


def test_an_unchanged_plan_answers_304_to_its_etag(client, trainee, feed):
    make_day(trainee, trainee.local_today())
    first = client.get(plan_url(feed))
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)

    again = client.get(plan_url(feed), headers={"If-None-Match": etag})
    assert again.status_code == 304

    trainee.training_time = datetime.time(9, 0)
    trainee.save()
    changed = client.get(plan_url(feed), headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


# --- the coach's feed -------------------------------------------------------------------------


def test_a_coachs_feed_holds_each_current_clients_sessions_named_after_them(client, coach):
    feed = CalendarFeedFactory(owner=coach)
    ana = UserFactory(display_name="Ana Client", time_zone="Europe/Berlin")
    ana.training_time = datetime.time(19, 0)
    ana.save()
    CoachingFactory(coach=coach, client=ana)
    day = make_day(ana, ana.local_today())
    former = UserFactory(display_name="Fred Former")
    CoachingFactory(coach=coach, client=former, ended_at=timezone.now())
    TrainingSessionFactory(enrolment__trainee=former, scheduled_on=former.local_today())
    someone_elses = UserFactory(display_name="Sam Someone")
    CoachingFactory(coach=CoachFactory(), client=someone_elses)
    TrainingSessionFactory(enrolment__trainee=someone_elses, scheduled_on=coach.local_today())
    # The coach's own training is in their own plan's feed, not here.
    TrainingSessionFactory(enrolment__trainee=coach, scheduled_on=coach.local_today())

    cal = parsed(client.get(clients_url(feed)))

    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Ana Client: ")
    assert event.decoded("DTSTART") == datetime.datetime.combine(
        day.session.scheduled_on, datetime.time(19, 0), tzinfo=BERLIN
    )
    url = f"http://testserver/coach/clients/{ana.pk}/"
    assert str(event["URL"]) == url
    assert str(event["DESCRIPTION"]).split("\n") == [
        "Test bird-dog",
        "Test pelvic tilt",
        "Test standing row",
        f"Open Ana Client's page: {url}",
    ]
    assert str(event["UID"]) == f"client-session-{day.session.pk}@testserver"


# --- bounded work -----------------------------------------------------------------------------

# The feed, the window's sessions, the engine's state (catalog, gate rules, stored progress,
# overrides), the days' prescriptions and adjustments, and what is already logged.
PLAN_FEED_QUERIES = 9
# The feed, the clients' sessions with each client and program day, their exercises' names.
CLIENTS_FEED_QUERIES = 3


def test_the_plan_feed_runs_the_same_queries_whatever_the_plan_and_history(
    client, trainee, feed, django_assert_num_queries
):
    enrolment = enrol_on_starter(trainee, weeks_ago=3)
    with django_assert_num_queries(PLAN_FEED_QUERIES):
        assert client.get(plan_url(feed)).status_code == 200

    for session in enrolment.sessions.filter(scheduled_on__lt=trainee.local_today()):
        log_session(session)
    with django_assert_num_queries(PLAN_FEED_QUERIES):
        cal = parsed(client.get(plan_url(feed)))
    assert len(cal.walk("VEVENT")) > 20


def test_the_clients_feed_runs_the_same_queries_for_one_client_or_several(
    client, coach, django_assert_num_queries
):
    feed = CalendarFeedFactory(owner=coach)
    first = UserFactory()
    CoachingFactory(coach=coach, client=first)
    enrol_on_starter(first, weeks_ago=1)
    with django_assert_num_queries(CLIENTS_FEED_QUERIES):
        one = parsed(client.get(clients_url(feed)))

    for _ in range(3):
        CoachingFactory(coach=coach, client=(more := UserFactory()))
        enrol_on_starter(more, weeks_ago=2)
    with django_assert_num_queries(CLIENTS_FEED_QUERIES):
        four = parsed(client.get(clients_url(feed)))
    assert len(four.walk("VEVENT")) > 3 * len(one.walk("VEVENT"))


# --- any zone, any time -----------------------------------------------------------------------

ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


@pytest.fixture
def one_session(trainee):
    return make_day(trainee, trainee.local_today()).session


@given(
    zone=st.sampled_from(ZONES),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_event_is_at_the_training_time_in_any_zone_even_read_from_the_vtimezone_alone(
    trainee, one_session, zone, at
):
    trainee.time_zone, trainee.training_time = zone, at
    day = one_session.scheduled_on

    body = trainee_calendar(
        trainee=trainee, today=day, session_url=lambda s: "https://example.com/", host="x"
    ).to_ical()

    cal = Calendar.from_ical(body)
    (event,) = cal.walk("VEVENT")
    expected = datetime.datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(zone))
    assert event.decoded("DTSTART") == expected
    vtimezones = cal.walk("VTIMEZONE")
    if not vtimezones:
        # A zone that is UTC all year round (UTC, GMT, Africa/Abidjan) is written in UTC.
        assert event["DTSTART"].to_ical().endswith(b"Z")
        assert expected.utcoffset() == datetime.timedelta(0)
        return
    # The VTIMEZONE shipped in the feed, read without looking its name up, places the
    # event at the same instant as the zone database does.
    (vtimezone,) = vtimezones
    assert str(vtimezone["TZID"]) == zone
    shipped = vtimezone.to_tz(lookup_tzid=False)
    assert expected.replace(tzinfo=shipped).utcoffset() == expected.utcoffset()
