"""Pain during a session (one tap, 0–10, beside each exercise's sets) and the next-morning
check (dashboard and /today/), with and without JavaScript; what they change on the next
session, and the flag the coach sees."""

import datetime

import pytest
from django.urls import reverse

from programs.models import MorningCheck, PainFlag, PainRating
from programs.progression import day_text
from programs.training import pain
from tests.programs.factories import SetLogFactory
from tests.programs.training.logging_setup import another_session, qualify_bird_dog

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
QUESTION = "How is your back this morning compared with before that session?"


def pain_url(session, prescription) -> str:
    """Where pain is rated for `prescription`'s exercise in `session` (its own item of it)."""
    item = session.program_day.prescriptions.get(exercise=prescription.exercise)
    return reverse("programs:rate_pain", args=[session.pk, item.pk])


def morning_url(session) -> str:
    return reverse("programs:morning_check", args=[session.pk])


def trained(day, on: datetime.date, prescription=None, **fields):
    """A session of the day's program on `on` with one set of `prescription` logged."""
    session = another_session(day, on)
    prescription = prescription or day.reps
    SetLogFactory(session=session, exercise=prescription.exercise, set_number=1, **fields)
    return session


# --- pain during the session ---------------------------------------------------------------


def test_one_tap_rates_pain_without_javascript_and_the_page_shows_it(signed_in, day, today):
    response = signed_in.post(pain_url(day.session, day.reps), {"rating": "4"})

    assert response.status_code == 302
    assert response.url == f"/sessions/{day.session.pk}/#ex-{day.reps.pk}-pain"
    rating = PainRating.objects.get(session=day.session, exercise=day.reps.exercise)
    assert (rating.rating, rating.given_on) == (4, today)
    page = signed_in.get(f"/sessions/{day.session.pk}/").text
    assert 'value="4" class="secondary" aria-pressed="true"' in page
    assert "Saved: 4/10." in page
    assert "At 4 or 5 the next session stays where it is" in page
    assert "innerback does not diagnose" in page


def test_with_htmx_the_pain_control_comes_back_alone(signed_in, day):
    response = signed_in.post(pain_url(day.session, day.hold), {"rating": "0"}, headers=HTMX)

    assert response.status_code == 200
    assert f'id="ex-{day.hold.pk}-pain"' in response.text
    assert "<html" not in response.text
    assert "Saved: 0/10." in response.text


def test_a_second_tap_the_same_day_changes_the_rating(signed_in, day):
    signed_in.post(pain_url(day.session, day.reps), {"rating": "7"}, headers=HTMX)
    signed_in.post(pain_url(day.session, day.reps), {"rating": "2"}, headers=HTMX)

    assert list(PainRating.objects.values_list("rating", flat=True)) == [2]


@pytest.mark.parametrize("rating", ["11", "-1", "", "four"])
def test_a_rating_off_the_scale_is_refused_beside_the_control(signed_in, day, rating):
    response = signed_in.post(pain_url(day.session, day.reps), {"rating": rating}, headers=HTMX)
    without_js = signed_in.post(pain_url(day.session, day.reps), {"rating": rating}, follow=True)

    assert response.status_code == 200
    assert "Choose a number from 0 (no pain) to 10" in response.text
    assert 'role="alert"' in response.text
    assert "Choose a number from 0 (no pain) to 10" in without_js.text
    assert not PainRating.objects.exists()


def test_a_rating_given_on_an_earlier_day_stays_as_it_was(signed_in, day, today, trainee):
    yesterday = today - datetime.timedelta(days=1)
    PainRating.objects.create(
        trainee=trainee,
        session=day.session,
        exercise=day.reps.exercise,
        rating=3,
        given_on=yesterday,
    )

    response = signed_in.post(pain_url(day.session, day.reps), {"rating": "0"}, headers=HTMX)

    assert "given on an earlier day" in response.text
    assert PainRating.objects.get().rating == 3
    page = signed_in.get(f"/sessions/{day.session.pk}/").text
    assert f"3/10, given {yesterday:%A} {yesterday.day} {yesterday:%B}" in page


def test_pain_is_only_rated_in_ones_own_session_for_its_own_exercises(client, other_trainee, day):
    client.force_login(other_trainee)
    assert client.post(pain_url(day.session, day.reps), {"rating": "1"}).status_code == 404

    client.force_login(day.enrolment.trainee)
    elsewhere = another_session(day, day.session.scheduled_on)
    foreign = elsewhere.program_day.prescriptions.first()
    foreign_url = reverse("programs:rate_pain", args=[day.session.pk, foreign.pk])
    assert client.post(foreign_url, {"rating": "1"}).status_code == 404
    assert client.get(pain_url(day.session, day.reps)).status_code == 405
    assert not PainRating.objects.exists()


def test_pain_of_six_steps_the_next_load_back_and_flags_it_for_the_coach(
    client, coach, coached_trainee, day, today
):
    for ago in (2, 3, 4):
        qualify_bird_dog(day, today - datetime.timedelta(days=ago))
    yesterday = today - datetime.timedelta(days=1)
    before = trained(day, yesterday, day.row, load=10, target_load=10, reps=10)
    client.force_login(coached_trainee)
    step = day.row_exercise.load_increment("kg")

    client.post(pain_url(before, day.row), {"rating": "6"})

    reason = f"Pain 6/10 during the session on {day_text(yesterday)}"
    assert f"{reason}: load one step back to {10 - step:g} kg." in client.get("/today/").text
    [flag] = PainFlag.objects.all()
    assert (flag.trainee, flag.day, flag.exercise, flag.reason) == (
        coached_trainee,
        yesterday,
        day.row_exercise,
        reason,
    )
    client.force_login(coach)
    assert reason in client.get(f"/coach/clients/{coached_trainee.pk}/").text

    # A slip of the finger, mended the same day: the flag goes with it.
    client.force_login(coached_trainee)
    client.post(pain_url(before, day.row), {"rating": "3"})
    assert not PainFlag.objects.exists()


# --- the morning check ---------------------------------------------------------------------


def test_the_morning_after_a_session_the_dashboard_and_today_ask_about_it(signed_in, day, today):
    trained(day, today - datetime.timedelta(days=1))

    for url in ("/", "/today/"):
        page = signed_in.get(url).text
        assert QUESTION in page, url
        assert "innerback does not diagnose" in page


@pytest.mark.parametrize("days_ago", [0, 3])
def test_the_morning_check_is_not_asked_on_the_day_itself_nor_days_later(
    signed_in, day, today, days_ago
):
    trained(day, today - datetime.timedelta(days=days_ago))

    assert QUESTION not in signed_in.get("/today/").text


def test_answering_without_javascript_saves_it_and_goes_back(signed_in, day, today):
    session = trained(day, today - datetime.timedelta(days=1))

    response = signed_in.post(
        morning_url(session), {"answer": "same", "pain_now": "2", "next": "/"}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert "Thank you: your answer is saved." in response.text
    check = MorningCheck.objects.get(session=session)
    assert (check.answer, check.pain_now, check.answered_on) == ("same", 2, today)
    # Still changeable today: the form holds the answer.
    assert 'value="same" id="id_morning_answer_1" required checked' in response.text
    assert 'name="pain_now" value="2"' in response.text


def test_answering_with_htmx_returns_the_check_saved(signed_in, day, today):
    session = trained(day, today - datetime.timedelta(days=1))

    response = signed_in.post(
        morning_url(session), {"answer": "better", "pain_now": "1"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Thank you: your answer is saved." in response.text
    assert MorningCheck.objects.get().answer == "better"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["without-js", "htmx"])
def test_bad_morning_answers_come_back_beside_their_fields_and_save_nothing(
    signed_in, day, today, headers
):
    session = trained(day, today - datetime.timedelta(days=1))

    response = signed_in.post(
        morning_url(session), {"answer": "awful", "pain_now": "12", "next": "/"}, headers=headers
    )

    assert response.status_code == 200
    assert '<input type="hidden" name="next" value="/">' in response.text  # back where it was
    assert "Choose better, about the same or worse." in response.text
    assert 'id="id_morning_pain_now_errors"' in response.text
    assert "Choose a number from 0 (no pain) to 10" in response.text
    assert not MorningCheck.objects.exists()


def test_the_morning_check_is_answered_once_and_changeable_only_that_day(
    signed_in, day, today, trainee
):
    session = trained(day, today - datetime.timedelta(days=1))
    signed_in.post(morning_url(session), {"answer": "worse", "pain_now": "5"})
    signed_in.post(morning_url(session), {"answer": "same", "pain_now": "3"})

    assert list(MorningCheck.objects.values_list("answer", "pain_now")) == [("same", 3)]

    MorningCheck.objects.update(answered_on=today - datetime.timedelta(days=1))
    assert QUESTION not in signed_in.get("/today/").text
    closed = signed_in.post(
        morning_url(session), {"answer": "better", "pain_now": "0"}, follow=True
    )
    assert "This morning check is closed, so nothing was saved." in closed.text
    assert list(MorningCheck.objects.values_list("answer", "pain_now")) == [("same", 3)]


def test_only_the_session_asked_about_takes_an_answer(client, other_trainee, day, today):
    asked = trained(day, today - datetime.timedelta(days=1))
    older = trained(day, today - datetime.timedelta(days=2))
    client.force_login(other_trainee)
    assert client.post(morning_url(asked), {"answer": "same", "pain_now": "1"}).status_code == 404

    client.force_login(day.enrolment.trainee)
    response = client.post(morning_url(older), {"answer": "same", "pain_now": "1"}, headers=HTMX)
    assert "This morning check is closed" in response.text
    assert not MorningCheck.objects.exists()


def test_a_morning_two_points_worse_than_the_last_answer_steps_back(signed_in, day, today, trainee):
    first = trained(day, today - datetime.timedelta(days=3))
    pain.answer_morning(
        trainee=trainee,
        session=first,
        answer="same",
        pain_now=2,
        today=today - datetime.timedelta(days=2),
    )
    yesterday = today - datetime.timedelta(days=1)
    session = trained(day, yesterday)

    signed_in.post(morning_url(session), {"answer": "worse", "pain_now": "4"})

    check = MorningCheck.objects.get(session=session)
    assert check.pain_before == 2
    [flag] = PainFlag.objects.filter(session=session)
    assert flag.reason == (
        f"Back worse the morning after the session on {day_text(yesterday)} (4/10, up from 2/10)"
    )
    targets = signed_in.get("/today/").text
    assert "(4/10, up from 2/10): one rep back" in targets


def test_the_account_download_carries_the_pain_answers(signed_in, day, today):
    session = trained(day, today - datetime.timedelta(days=1))
    signed_in.post(pain_url(session, day.reps), {"rating": "2"})
    signed_in.post(morning_url(session), {"answer": "better", "pain_now": "1"})

    data = signed_in.get(reverse("data_export")).json()

    assert [s["pain"] for s in data["set_logs"]] == [2]
    assert [r["rating"] for r in data["pain_ratings"]] == [2]
    assert [(c["answer"], c["pain_now"]) for c in data["morning_checks"]] == [("better", 1)]
