"""The API's operations, and who may reach what: the web pages' rules hold (your own data
only; a coach reads current clients only, 404 for anyone else's; non-coaches get 403)."""

import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from exercises.models import Exercise
from programs.models import ExerciseProgress, Prescription, SetLog
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.api.conftest import api_client
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session
from tests.innerback.coaching.factories import CoachingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_session(coached_trainee):
    enrolment = enrol_on_starter(coached_trainee, weeks_ago=0)
    return enrolment.sessions.order_by("scheduled_on").first()


def first_item(session) -> Prescription:
    return (
        Prescription.objects.filter(day=session.program_day)
        .select_related("exercise")
        .order_by("position")
        .first()
    )


def new_set(session, item: Prescription, **fields) -> dict:
    measure = {"hold_s": item.hold_s} if item.exercise.is_hold else {"reps": item.reps_min}
    return {
        "session": session.pk,
        "prescription": item.pk,
        "eccentric_s": 3,
        **measure,
        **fields,
    }


def test_exercises_list_the_catalog_with_form_checks(trainee):
    body = api_client(trainee, "read").get("/api/v1/exercises/").json()

    slugs = {row["slug"] for row in body["results"]}
    assert "bird-dog" in slugs
    bird_dog = api_client(trainee, "read").get("/api/v1/exercises/bird-dog/").json()
    assert bird_dog["form_checks"] == Exercise.objects.get(slug="bird-dog").form_check_list


def test_an_offset_past_any_history_is_an_empty_page_not_a_server_error(trainee):
    response = api_client(trainee, "read").get(
        "/api/v1/exercises/", {"offset": str(2**63), "limit": str(2**63)}
    )

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_logging_a_set_saves_it_through_the_log_and_updates_stored_progress(
    coached_trainee, today_session
):
    item = first_item(today_session)
    token = str(uuid.uuid4())

    response = api_client(coached_trainee).post(
        "/api/v1/sets/", new_set(today_session, item, client_token=token), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["set_number"], body["exercise"], body["form_ok"]) == (1, item.exercise.slug, True)
    assert ExerciseProgress.objects.filter(trainee=coached_trainee, exercise=item.exercise).exists()


def test_the_same_client_token_logs_one_set(coached_trainee, today_session):
    item = first_item(today_session)
    client = api_client(coached_trainee)
    payload = new_set(today_session, item, client_token=str(uuid.uuid4()))

    first = client.post("/api/v1/sets/", payload, format="json")
    again = client.post("/api/v1/sets/", payload, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert SetLog.objects.filter(trainee=coached_trainee).count() == 1


def test_a_failed_check_is_named_and_an_unknown_one_refused(coached_trainee, today_session):
    item = first_item(today_session)
    check = item.exercise.form_check_list[0]
    client = api_client(coached_trainee)

    bad = client.post(
        "/api/v1/sets/", new_set(today_session, item, failed_checks=["Not a check"]), format="json"
    )
    good = client.post(
        "/api/v1/sets/", new_set(today_session, item, failed_checks=[check]), format="json"
    )

    assert bad.status_code == 400
    assert "failed_checks" in bad.json()
    assert good.status_code == 201
    assert (good.json()["failed_checks"], good.json()["form_ok"]) == ([check], False)


def test_bad_values_get_the_web_forms_messages_and_save_nothing(coached_trainee, today_session):
    item = first_item(today_session)
    measure = "reps" if item.exercise.is_hold else "hold_s"

    response = api_client(coached_trainee).post(
        "/api/v1/sets/", new_set(today_session, item, **{measure: 10}), format="json"
    )

    assert response.status_code == 400
    assert not SetLog.objects.exists()


def test_editing_and_deleting_a_set_go_through_the_log(coached_trainee, today_session):
    (logged, *_) = log_session(today_session)
    client = api_client(coached_trainee)

    edited = client.patch(f"/api/v1/sets/{logged.pk}/", {"note": "felt good"}, format="json")
    deleted = client.delete(f"/api/v1/sets/{logged.pk}/")

    assert edited.status_code == 200, edited.json()
    assert edited.json()["note"] == "felt good"
    assert logged.edits.count() == 1
    assert deleted.status_code == 204
    logged.refresh_from_db()
    assert logged.deleted_at is not None


def test_the_plan_names_this_weeks_sessions_and_what_to_log_against(coached_trainee, today_session):
    body = api_client(coached_trainee, "read").get("/api/v1/plan/").json()

    day = next(d for d in body["days"] if d["session"] == today_session.pk)
    item = first_item(today_session)
    assert day["entries"][0]["prescription"] == item.pk
    assert day["entries"][0]["exercise"] == item.exercise.slug
    assert all(entry["reason"] is not None for entry in day["entries"])
    assert (
        api_client(coached_trainee, "read")
        .get("/api/v1/plan/", {"week_of": "not a date"})
        .status_code
        == 400
    )


def test_decisions_carry_a_reason_for_every_exercise(trainee):
    rows = api_client(trainee, "read").get("/api/v1/decisions/").json()

    by_slug = {row["exercise"]: row for row in rows}
    assert by_slug["standing-dumbbell-row"]["unlocked"] is False
    assert by_slug["standing-dumbbell-row"]["gate_reason"]
    assert all(row["load_reason"] is not None for row in rows)


def test_the_csv_is_the_log_export(coached_trainee, today_session):
    log_session(today_session)

    response = api_client(coached_trainee, "read").get("/api/v1/logs.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("date,trainee,program,")
    assert text.count("\r\n") == 1 + SetLog.objects.count()


# --- who may reach what ------------------------------------------------------------------


@pytest.fixture
def people(coach, coached_trainee, other_trainee, today_session):
    (logged, *_) = log_session(today_session)
    former = CoachFactory(display_name="Fred Former")
    CoachingFactory(coach=former, client=coached_trainee, ended_at=timezone.now(), ended_by=former)
    other_coach = CoachFactory(display_name="Olga Other")
    CoachingFactory(coach=other_coach, client=UserFactory())
    return {
        "coach": coach,
        "former_coach": former,
        "other_coach": other_coach,
        "client": coached_trainee,
        "other_trainee": other_trainee,
        "set": logged,
        "session": today_session,
    }


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("client", 200), ("other_trainee", 404), ("coach", 404), ("former_coach", 404)],
)
@pytest.mark.parametrize("what", ["set", "session"])
def test_a_set_or_session_is_only_its_trainees(people, actor, expected, what):
    url = f"/api/v1/{what}s/{people[what].pk}/"

    assert api_client(people[actor], "read").get(url).status_code == expected


@pytest.mark.parametrize("actor", ["other_trainee", "coach"])
def test_nobody_else_edits_deletes_or_logs_into_someone_elses_sets(people, actor):
    client = api_client(people[actor])
    logged = people["set"]

    assert (
        client.patch(f"/api/v1/sets/{logged.pk}/", {"note": "x"}, format="json").status_code == 404
    )
    assert client.delete(f"/api/v1/sets/{logged.pk}/").status_code == 404
    item = first_item(people["session"])
    posted = client.post("/api/v1/sets/", new_set(people["session"], item), format="json")
    assert posted.status_code == 404
    logged.refresh_from_db()
    assert logged.note != "x"
    assert logged.deleted_at is None


@pytest.mark.parametrize(
    ("actor", "clients", "sets"),
    [
        ("coach", 200, 200),
        ("other_coach", 200, 404),
        ("former_coach", 200, 404),
        ("client", 403, 403),
        ("other_trainee", 403, 403),
    ],
)
def test_coach_endpoints_follow_the_coach_pages_rules(people, actor, clients, sets):
    client = api_client(people[actor], "read")

    listed = client.get("/api/v1/clients/")
    their_sets = client.get(f"/api/v1/clients/{people['client'].pk}/sets/")

    assert (listed.status_code, their_sets.status_code) == (clients, sets)
    if actor == "coach":
        assert [row["id"] for row in listed.json()["results"]] == [people["client"].pk]
        assert (
            len(their_sets.json()["results"])
            == SetLog.objects.filter(trainee=people["client"]).count()
        )
    elif clients == 200:
        assert people["client"].pk not in [row["id"] for row in listed.json()["results"]]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/exercises/",
        "/api/v1/sessions/",
        "/api/v1/sets/",
        "/api/v1/plan/",
        "/api/v1/decisions/",
        "/api/v1/logs.csv",
        "/api/v1/clients/",
    ],
)
def test_anonymous_and_session_cookies_get_401(client, trainee, url):
    """The API answers tokens only: a browser's session cookie is not enough (no CSRF
    surface)."""
    client.force_login(trainee)

    assert client.get(url).status_code == 401
    assert APIClient().get(url).status_code == 401


def test_reads_answer_in_the_same_number_of_queries_for_a_short_and_a_longer_history(
    coached_trainee, today_session, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(coached_trainee, "read")
    # The token and its last use (2), the request count in the shared database cache (a
    # read, and a write of four statements in a savepoint: 6), then a list's count and page,
    # the engine's four reads of stored progress, or the week's plan.
    budgets = {
        "/api/v1/sets/": 10,
        "/api/v1/sessions/": 10,
        "/api/v1/decisions/": 12,
        "/api/v1/plan/": 20,
    }

    def counts() -> dict[str, int]:
        found = {}
        for url in budgets:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    log_session(today_session)
    short = counts()
    for session in today_session.enrolment.sessions.exclude(pk=today_session.pk)[:4]:
        log_session(session)
    assert SetLog.objects.filter(trainee=coached_trainee).count() > 20

    assert counts() == short
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            client.get(url)
