"""One person's export is kept once downloaded, under everything it shows: the next download
of the same range is the same CSV without reading the logs, until anything in it changes."""

import gzip
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innerback.models import User
from programs import export
from tests.innerback.factories import UserFactory
from tests.programs.factories import SetLogFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

OWN = "/logs/export.csv"


def client_url(person) -> str:
    return f"/coach/clients/{person.pk}/export.csv"


@pytest.fixture
def logged(coached_trainee):
    """Two sets of one session of the trainee (a client of `coach`)."""
    session = TrainingSessionFactory(trainee=coached_trainee, enrolment__trainee=coached_trainee)
    first = SetLogFactory(session=session, set_number=1, note="steady")
    SetLogFactory(session=session, exercise=first.exercise, set_number=2)
    return first


def csv_text(response) -> str:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode()


def download(client, url, **extra) -> tuple[str, object]:
    response = client.get(url, **extra)
    return csv_text(response), response


@pytest.mark.parametrize("who", ["trainee", "coach"])
def test_a_second_download_of_an_unchanged_export_is_kept_and_reads_no_logs(
    client, coach, logged, who
):
    person = logged.trainee
    client.force_login(person if who == "trainee" else coach)
    url = OWN if who == "trainee" else client_url(person)
    first, streamed = download(client, url)

    with CaptureQueriesContext(connection) as queries:
        again, kept = download(client, url)

    assert streamed.streaming and not kept.streaming
    assert again == first and "steady" in again
    assert kept["Content-Disposition"] == streamed["Content-Disposition"]
    assert not any("programs_setlog" in query["sql"] for query in queries.captured_queries)


def test_a_browser_that_takes_gzip_gets_the_kept_export_as_it_is_kept(client, logged):
    client.force_login(logged.trainee)
    first, _ = download(client, OWN)

    response = client.get(OWN, headers={"accept-encoding": "gzip, deflate"})

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode() == first


def _rename_exercise(set_log):
    set_log.exercise.name = "Renamed reach"
    set_log.exercise.save()


def _rename_program(set_log):
    program = set_log.session.program_day.week.program
    program.name = "Renamed program"
    program.save()


def _rename_person(set_log):
    set_log.trainee.display_name = "Renamed Person"
    set_log.trainee.save()


def _delete_set(set_log):
    set_log.deleted_at = timezone.now()
    set_log.save()


@pytest.mark.parametrize(
    ("change", "shows"),
    [
        (lambda s: SetLogFactory(session=s.session, set_number=3, note="third"), "third"),
        (lambda s: setattr(s, "note", "edited") or s.save(), "edited"),
        (_delete_set, None),
        (_rename_exercise, "Renamed reach"),
        (_rename_program, "Renamed program"),
        (_rename_person, "Renamed Person"),
    ],
    ids=["set logged", "set edited", "set deleted", "exercise", "program", "person's name"],
)
def test_anything_the_export_shows_changing_gives_a_fresh_one(client, coach, logged, change, shows):
    client.force_login(coach)
    before, _ = download(client, client_url(logged.trainee))

    change(logged)
    after, response = download(client, client_url(logged.trainee))

    assert response.streaming
    if shows is None:
        assert "steady" in before and "steady" not in after
    else:
        assert shows not in before and shows in after


def test_each_range_is_kept_apart(client, logged):
    client.force_login(logged.trainee)
    day = logged.performed_on
    whole, _ = download(client, OWN)

    later, from_later = download(client, OWN, query_params={"from": day + timedelta(days=1)})
    earlier, to_earlier = download(client, OWN, query_params={"to": day - timedelta(days=1)})
    same_day, _ = download(client, OWN, query_params={"from": day, "to": day})

    assert from_later.streaming and to_earlier.streaming
    assert later.count("\n") == 1 == earlier.count("\n")
    assert whole.count("\n") == 3 == same_day.count("\n")


def test_nobody_elses_kept_export_is_served(client, logged):
    other = UserFactory(display_name=logged.trainee.display_name)
    SetLogFactory(trainee=other, session__trainee=other, note="someone else")
    # Everything else the key holds the same: the name, and the stamp.
    User.objects.filter(pk__in=[other.pk, logged.trainee_id]).update(training_stamp=7)
    client.force_login(logged.trainee)
    download(client, OWN)

    client.force_login(other)
    theirs, _ = download(client, OWN)

    assert "someone else" in theirs and "steady" not in theirs


def test_an_export_longer_than_the_limit_streams_every_time(client, logged, monkeypatch):
    monkeypatch.setattr(export, "KEPT_EXPORT_MAX_BYTES", 100)
    client.force_login(logged.trainee)
    download(client, OWN)

    _, again = download(client, OWN)

    assert again.streaming


def test_a_download_stopped_halfway_is_not_kept():
    stopped = export.keeping(iter([b"date\r\n", b"2026-01-05\r\n"]), key="a", filename="a.csv")
    finished = export.keeping(iter([b"date\r\n", b"2026-01-05\r\n"]), key="b", filename="b.csv")
    next(stopped)
    stopped.close()  # what the server does when the browser goes away
    list(finished)

    assert export.kept_export("a") is None
    assert gzip.decompress(export.kept_export("b").gzipped) == b"date\r\n2026-01-05\r\n"


def test_the_export_of_all_of_a_coachs_clients_is_never_kept(client, coach, logged):
    client.force_login(coach)
    download(client, "/coach/export.csv")

    _, again = download(client, "/coach/export.csv")

    assert again.streaming
