"""Account settings turn the calendar feed on, give it a new address, or turn it off; the
training-days page sets the time its events are at."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import CalendarFeed
from tests.innerback.coaching.coaching_support import enrol_on_starter
from tests.programs.factories import CalendarFeedFactory

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("account")
NEW = reverse("programs:calendar_feed_new")
OFF = reverse("programs:calendar_feed_off")
PLAN_SETTINGS = reverse("programs:plan_settings")
TIME = reverse("programs:training_time")


@pytest.fixture
def signed_in(client, trainee):
    client.force_login(trainee)
    return client


def feed_address(feed: CalendarFeed) -> str:
    return "http://testserver" + reverse("programs:plan_feed", args=[feed.secret])


def test_settings_offer_to_turn_the_feed_on_when_it_is_off(signed_in):
    page = signed_in.get(ACCOUNT).text

    assert "Turn on the calendar feed" in page
    assert ".ics" not in page


def test_turning_it_on_shows_the_address_to_copy(signed_in, trainee):
    response = signed_in.post(NEW)

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT + "#calendar-feed"
    feed = CalendarFeed.objects.get(owner=trainee)
    page = signed_in.get(ACCOUNT).text
    assert f'value="{feed_address(feed)}"' in page
    assert "Regenerate the address" in page and "Turn off the calendar feed" in page
    # A trainee has no clients' feed to copy.
    assert "clients.ics" not in page


def test_a_coach_also_gets_the_address_of_their_clients_sessions(client, coach):
    feed = CalendarFeedFactory(owner=coach)
    client.force_login(coach)

    page = client.get(ACCOUNT).text

    assert reverse("programs:clients_feed", args=[feed.secret]) in page


def test_regenerating_gives_a_new_address_and_the_old_one_404s(signed_in, client, trainee):
    old = CalendarFeedFactory(owner=trainee)

    signed_in.post(NEW)

    new = CalendarFeed.objects.get(owner=trainee)
    assert new.secret != old.secret
    assert Client().get(reverse("programs:plan_feed", args=[old.secret])).status_code == 404
    assert Client().get(reverse("programs:plan_feed", args=[new.secret])).status_code == 200
    assert "no longer works" in signed_in.get(ACCOUNT).text


def test_turning_it_off_makes_the_address_404(signed_in, trainee):
    feed = CalendarFeedFactory(owner=trainee)

    response = signed_in.post(OFF)

    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(owner=trainee).exists()
    assert Client().get(reverse("programs:plan_feed", args=[feed.secret])).status_code == 404
    assert "Turn on the calendar feed" in signed_in.get(ACCOUNT).text


def test_turning_off_a_feed_that_is_off_changes_nothing(signed_in, trainee):
    assert signed_in.post(OFF).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_the_feed_settings_take_only_a_post(signed_in, trainee):
    assert signed_in.get(NEW).status_code == 405
    assert signed_in.get(OFF).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_a_signed_out_visitor_is_sent_to_log_in(client):
    response = client.post(NEW)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_a_post_without_a_csrf_token_is_refused(trainee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)

    assert client.post(NEW).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_one_persons_settings_never_touch_anothers_feed(signed_in, other_trainee):
    theirs = CalendarFeedFactory(owner=other_trainee)

    signed_in.post(NEW)
    signed_in.post(OFF)

    assert CalendarFeed.objects.get(owner=other_trainee).secret == theirs.secret


def test_each_address_is_a_long_random_secret(trainee, other_trainee):
    secrets = {CalendarFeed.objects.issue(owner=trainee).secret for _ in range(5)}
    secrets.add(CalendarFeed.objects.issue(owner=other_trainee).secret)

    assert len(secrets) == 6
    assert all(len(secret) >= 43 for secret in secrets)


# --- the training time ------------------------------------------------------------------------


def test_the_training_days_page_shows_the_training_time(signed_in, trainee):
    enrol_on_starter(trainee, weeks_ago=0)

    page = signed_in.get(PLAN_SETTINGS).text

    assert 'type="time"' in page and 'value="18:00"' in page
    assert "Save training days" in page


def test_saving_the_training_time(signed_in, trainee):
    response = signed_in.post(TIME, {"training_time": "07:30"})

    assert response.status_code == 302
    assert response["Location"] == PLAN_SETTINGS
    trainee.refresh_from_db()
    assert trainee.training_time == datetime.time(7, 30)
    assert "Saved: your sessions are at 07:30" in signed_in.get(PLAN_SETTINGS).text


def test_someone_not_following_a_program_can_set_it_too(signed_in, trainee):
    assert "You are not following a program" in signed_in.get(PLAN_SETTINGS).text

    signed_in.post(TIME, {"training_time": "06:00"})

    trainee.refresh_from_db()
    assert trainee.training_time == datetime.time(6, 0)


@pytest.mark.parametrize("bad", ["25:00", "7pm", "", "12:61", "\x00"])
def test_a_time_that_is_not_one_is_refused_beside_the_field(signed_in, trainee, bad):
    enrolment = enrol_on_starter(trainee, weeks_ago=0)

    response = signed_in.post(TIME, {"training_time": bad})

    assert response.status_code == 200
    page = response.text
    assert 'id="id_training_time_error"' in page
    assert any(words in page for words in ("like 07:30", "like 18:00", "Null characters"))
    # The rest of the page is as it was: the days form holds the plan's days.
    assert response.context["form"].initial["training_days"] == enrolment.training_days
    trainee.refresh_from_db()
    assert trainee.training_time == datetime.time(18, 0)


def test_the_training_time_takes_only_a_post(signed_in):
    assert signed_in.get(TIME).status_code == 405
