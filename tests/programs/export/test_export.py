"""The log CSV: its contract (columns, values, order, safety), its ranges and who may read it."""

import csv
import datetime
import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innerback.accounts.models import User
from programs.export.csv_export import COLUMNS, csv_chunks, in_range, neutralise, stream_csv
from programs.models import PainRating, ProgramDay, ProgramWeek, SetLog
from tests.exercises.factories import ExerciseFactory
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import (
    EnrolmentFactory,
    PrescriptionFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests create many people and never check a password: skip the slow hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


HEADER = (
    "date,trainee,program,week,day,exercise,exercise_kind,set,reps,hold_s,load,unit,tempo,"
    "eccentric_s,form_ok,form_failed_checks,effort_rpe,note,pain"
)
JAN_5 = datetime.date(2026, 1, 5)
OWN = "/logs/export.csv"
ALL_CLIENTS = "/coach/export.csv"


def client_url(client_user) -> str:
    return f"/coach/clients/{client_user.pk}/export.csv"


def session_for(trainee, on=JAN_5, *, week=1, day=1, program_name="Deep Back Basics"):
    """A training session of the trainee's one current enrolment, on week `week`, day `day`."""
    enrolment = trainee.enrolments.first() or EnrolmentFactory(
        trainee=trainee, program__name=program_name
    )
    program_week, _ = ProgramWeek.objects.get_or_create(program=enrolment.program, number=week)
    program_day, _ = ProgramDay.objects.get_or_create(week=program_week, position=day)
    return TrainingSessionFactory(enrolment=enrolment, program_day=program_day, scheduled_on=on)


def log(session, exercise=None, set_number=1, **fields) -> SetLog:
    exercise = exercise or ExerciseFactory(name="Test reach", slug="test-reach")
    return SetLogFactory(session=session, exercise=exercise, set_number=set_number, **fields)


def download(client, url: str, **params) -> list[dict[str, str]]:
    response = client.get(url, params)
    assert response.status_code == 200, response
    return parse(response)


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def parse(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response), newline="")))


# The contract: header, values, order.


def test_the_header_is_the_contract_columns_in_order_even_with_no_logs(client, trainee):
    client.force_login(trainee)

    response = client.get(OWN)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    assert body(response) == HEADER + "\r\n"
    assert ",".join(COLUMNS) == HEADER


def test_a_loaded_set_with_a_failed_check_exports_every_column(client, trainee):
    trainee.display_name = "Tess Trainee"
    trainee.save()
    session = session_for(trainee, datetime.date(2026, 2, 11), week=3, day=2)
    row = PrescriptionFactory(
        day=session.program_day,
        exercise__name="Test dumbbell row",
        exercise__slug="test-dumbbell-row",
        exercise__resistance=True,
    )
    log(
        session,
        row.exercise,
        set_number=2,
        prescription=row,
        reps=9,
        load=Decimal("12.50"),
        unit="lb",
        target_tempo="3-1-1-0",
        eccentric_s=2,
        failed_checks=["Torso stayed still", "Lowered over 3 seconds"],
        effort_rpe=8,
        note="Left side tired",
    )
    PainRating.objects.create(
        trainee=trainee,
        session=session,
        exercise=row.exercise,
        rating=3,
        given_on=session.scheduled_on,
    )
    client.force_login(trainee)

    assert download(client, OWN) == [
        {
            "date": "2026-02-11",
            "trainee": "Tess Trainee",
            "program": "Deep Back Basics",
            "week": "3",
            "day": "2",
            "exercise": "Test dumbbell row",
            "exercise_kind": "resistance",
            "set": "2",
            "reps": "9",
            "hold_s": "",
            "load": "12.5",
            "unit": "lb",
            "tempo": "3-1-1-0",
            "eccentric_s": "2",
            "form_ok": "false",
            "form_failed_checks": "Torso stayed still; Lowered over 3 seconds",
            "effort_rpe": "8",
            "note": "Left side tired",
            "pain": "3",
        }
    ]


def test_bodyweight_and_hold_sets_leave_load_and_unit_blank_and_form_ok_true(client, trainee):
    session = session_for(trainee)
    plank = ExerciseFactory(name="Test hold", slug="test-hold", hold=True)
    log(session, plank, reps=None, hold_s=20, eccentric_s=None, load=None, unit="kg")
    client.force_login(trainee)

    [row] = download(client, OWN)

    assert row["exercise_kind"] == "foundational"
    assert (row["reps"], row["hold_s"]) == ("", "20")
    assert (row["load"], row["unit"]) == ("", "")
    assert (row["form_ok"], row["form_failed_checks"]) == ("true", "")
    assert (row["effort_rpe"], row["note"], row["eccentric_s"]) == ("", "", "")


def test_a_whole_number_load_in_kg_exports_without_trailing_zeros(client, trainee):
    log(session_for(trainee), load=Decimal("20.00"), unit="kg")
    client.force_login(trainee)

    [row] = download(client, OWN)

    assert (row["load"], row["unit"]) == ("20", "kg")


def test_rows_are_ordered_by_date_then_session_then_exercise_place_then_set(client, trainee):
    later = session_for(trainee, datetime.date(2026, 1, 9), day=3)
    first = session_for(trainee, JAN_5, day=1)
    catch_up = session_for(trainee, JAN_5, day=2)  # a missed day made up the same date
    row = PrescriptionFactory(day=first.program_day, position=2, exercise__name="Test row")
    bird_dog = PrescriptionFactory(day=first.program_day, position=1, exercise__name="Test reach")
    log(later, bird_dog.exercise, 1, prescription=bird_dog)
    log(catch_up, bird_dog.exercise, 1)
    log(first, row.exercise, 2, prescription=row)
    log(first, row.exercise, 1, prescription=row)
    log(first, bird_dog.exercise, 2, prescription=bird_dog)
    log(first, bird_dog.exercise, 1, prescription=bird_dog)
    client.force_login(trainee)

    rows = download(client, OWN)

    assert [(r["date"], r["day"], r["exercise"], r["set"]) for r in rows] == [
        ("2026-01-05", "1", "Test reach", "1"),
        ("2026-01-05", "1", "Test reach", "2"),
        ("2026-01-05", "1", "Test row", "1"),
        ("2026-01-05", "1", "Test row", "2"),
        ("2026-01-05", "2", "Test reach", "1"),
        ("2026-01-09", "3", "Test reach", "1"),
    ]


def test_deleted_sets_waiting_for_undo_are_not_exported(client, trainee):
    session = session_for(trainee)
    log(session, set_number=1, note="kept")
    log(session, set_number=2, note="undone", deleted_at=timezone.now())
    client.force_login(trainee)

    assert [row["note"] for row in download(client, OWN)] == ["kept"]


# Safety: formulas, and text that must round-trip exactly.


@pytest.mark.parametrize("starter", ["=", "+", "-", "@", "\t", "\r"])
def test_every_text_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised(
    client, trainee, starter
):
    formula = f'{starter}HYPERLINK("http://evil.example")'
    trainee.display_name = formula
    trainee.save()
    session = session_for(trainee, program_name=formula)
    exercise = ExerciseFactory(name=formula, slug="test-evil")
    log(session, exercise, failed_checks=[formula, "Spine stayed neutral"], note=formula)
    client.force_login(trainee)

    [row] = download(client, OWN)

    for column in ("trainee", "program", "exercise", "note"):
        assert row[column] == "'" + formula, column
    assert row["form_failed_checks"] == "'" + formula + "; Spine stayed neutral"


def test_text_that_only_contains_formula_characters_later_is_left_alone(client, trainee):
    log(session_for(trainee), note="felt good - 3 sets @ RPE 7 = fine", effort_rpe=7)
    client.force_login(trainee)

    [row] = download(client, OWN)

    assert row["note"] == "felt good - 3 sets @ RPE 7 = fine"
    assert row["effort_rpe"] == "7"


def test_neutralise_prefixes_only_formula_starters():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("\rcmd") == "'\rcmd"
    assert neutralise("Bird-dog") == "Bird-dog"
    assert neutralise("") == ""


def test_commas_quotes_and_newlines_in_a_note_round_trip_exactly(client, trainee):
    note = 'Felt "tight", then fine\nleft side, 2nd set\r\nstop; rest'
    log(session_for(trainee), note=note)
    client.force_login(trainee)

    [row] = download(client, OWN)

    assert row["note"] == note


def test_non_ascii_text_is_utf8(client, trainee):
    trainee.display_name = "Zoë Łukasz 李"
    trainee.save()
    log(session_for(trainee), note="Rücken ok ✓")
    client.force_login(trainee)

    [row] = download(client, OWN)

    assert (row["trainee"], row["note"]) == ("Zoë Łukasz 李", "Rücken ok ✓")


# Date range.


@pytest.fixture
def january_to_april(trainee):
    """One set on the last day of each month, January to April 2026."""
    for week, month in enumerate(range(1, 5), start=1):
        last_day = (datetime.date(2026, month + 1, 1)) - datetime.timedelta(days=1)
        log(session_for(trainee, last_day, week=week), note=last_day.isoformat())
    return trainee


@pytest.mark.parametrize(
    ("params", "dates"),
    [
        ({}, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]),
        ({"from": "2026-02-28", "to": "2026-03-31"}, ["2026-02-28", "2026-03-31"]),
        ({"from": "2026-03-01"}, ["2026-03-31", "2026-04-30"]),
        ({"to": "2026-01-31"}, ["2026-01-31"]),
        ({"from": "", "to": ""}, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]),
        ({"from": "2026-05-01"}, []),
    ],
)
def test_the_date_range_is_inclusive_at_both_ends(client, january_to_april, params, dates):
    client.force_login(january_to_april)

    assert [row["date"] for row in download(client, OWN, **params)] == dates


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2026-13-01"}, "from", "Enter a real date"),
        ({"to": "31/03/2026"}, "to", "Enter a real date"),
        ({"from": "2026-02-30"}, "from", "Enter a real date"),
        ({"from": "2026-03-31", "to": "2026-01-01"}, "to", "end date is before the start"),
    ],
)
def test_a_bad_date_answers_400_with_the_message_beside_the_field(
    client, january_to_april, params, field, message
):
    client.force_login(january_to_april)

    response = client.get(OWN, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    errors = response.context["export_form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    html = response.content.decode()
    assert f'id="id_{field}_errors"' in html
    assert f'action="{OWN}"' in html
    for value in params.values():
        assert f'value="{value}"' in html  # what the person typed is kept


def test_a_bad_date_on_a_coach_export_keeps_the_coach_export_as_the_action(
    client, coach, coached_trainee
):
    client.force_login(coach)

    response = client.get(client_url(coached_trainee), {"from": "soon"})

    assert response.status_code == 400
    assert f'action="{client_url(coached_trainee)}"' in response.content.decode()


# Who may export what.


@pytest.fixture
def people(coach, trainee, other_trainee):
    """Tess is Cora's current client; Otto left Cora for another coach; Pia is a stranger's."""
    CoachingFactory(coach=coach, client=trainee)
    CoachingFactory(coach=coach, client=other_trainee, ended_at=timezone.now())
    new_coach = CoachFactory(display_name="Nico New")
    CoachingFactory(coach=new_coach, client=other_trainee)
    stranger = CoachFactory(display_name="Stan Stranger")
    pia = UserFactory(display_name="Pia Pupil")
    CoachingFactory(coach=stranger, client=pia)
    for person in (trainee, other_trainee, pia, coach):
        log(session_for(person), note=f"by {person.display_name}")
    return {"new_coach": new_coach, "stranger": stranger, "pia": pia}


def notes(rows: list[dict[str, str]]) -> list[str]:
    return [row["note"] for row in rows]


def test_a_trainee_exports_only_their_own_logs(client, people, trainee, other_trainee):
    client.force_login(trainee)
    assert notes(download(client, OWN)) == ["by Tess Trainee"]

    client.force_login(other_trainee)
    assert notes(download(client, OWN)) == ["by Otto Other"]


def test_a_coach_exports_one_current_client(client, people, coach, trainee):
    client.force_login(coach)

    assert notes(download(client, client_url(trainee))) == ["by Tess Trainee"]


def test_the_coach_export_holds_every_current_client_and_nobody_else(
    client, people, coach, trainee
):
    second = UserFactory(display_name="Sam Second")
    CoachingFactory(coach=coach, client=second)
    log(session_for(second, datetime.date(2026, 1, 4)), note="by Sam Second")
    client.force_login(coach)

    rows = download(client, ALL_CLIENTS)

    # Former client Otto, the stranger's client Pia and the coach's own training stay out.
    assert notes(rows) == ["by Sam Second", "by Tess Trainee"]
    assert [row["trainee"] for row in rows] == ["Sam Second", "Tess Trainee"]


def test_a_former_coach_gets_404_for_their_former_client(client, people, coach, other_trainee):
    client.force_login(coach)

    assert client.get(client_url(other_trainee)).status_code == 404


def test_the_new_coach_of_a_client_can_export_them(client, people, other_trainee):
    client.force_login(people["new_coach"])

    assert notes(download(client, client_url(other_trainee))) == ["by Otto Other"]


def test_a_stranger_coach_gets_404_for_someone_elses_client(client, people, trainee):
    client.force_login(people["stranger"])

    assert client.get(client_url(trainee)).status_code == 404
    assert notes(download(client, ALL_CLIENTS)) == ["by Pia Pupil"]


def test_a_trainee_who_does_not_coach_gets_403_on_the_coach_exports(client, people, trainee):
    client.force_login(trainee)

    assert client.get(ALL_CLIENTS).status_code == 403
    assert client.get(client_url(trainee)).status_code == 403


def test_a_coach_who_stopped_coaching_gets_403_even_for_a_current_client(
    client, people, coach, trainee
):
    coach.is_coach = False
    coach.save()
    client.force_login(coach)

    assert client.get(client_url(trainee)).status_code == 403
    assert client.get(ALL_CLIENTS).status_code == 403


@pytest.mark.parametrize("url", [OWN, ALL_CLIENTS, "/coach/clients/1/export.csv"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_exports_only_answer_get(client, coach, coached_trainee):
    client.force_login(coach)

    for url in (OWN, ALL_CLIENTS, client_url(coached_trainee)):
        assert client.post(url).status_code == 405


# File name, query count, streaming.


def test_the_file_name_names_the_person_and_the_range_asked_for(client, trainee, january_to_april):
    client.force_login(trainee)

    response = client.get(OWN, {"from": "2026-01-01", "to": "2026-03-31"})

    assert response["Content-Disposition"] == (
        'attachment; filename="innerback-tess-trainee-2026-01-01-to-2026-03-31.csv"'
    )


def test_an_open_end_of_the_range_is_named_by_the_first_or_last_logged_date(
    client, trainee, january_to_april
):
    client.force_login(trainee)

    whole = client.get(OWN)
    from_march = client.get(OWN, {"from": "2026-03-01"})

    assert whole["Content-Disposition"] == (
        'attachment; filename="innerback-tess-trainee-2026-01-31-to-2026-04-30.csv"'
    )
    assert from_march["Content-Disposition"] == (
        'attachment; filename="innerback-tess-trainee-2026-03-01-to-2026-04-30.csv"'
    )


def test_an_export_with_no_logs_and_no_range_is_named_all(client, coach):
    coach.display_name = "Cora O'Coach"
    coach.save()
    client.force_login(coach)

    own = client.get(OWN)
    clients = client.get(ALL_CLIENTS)

    assert own["Content-Disposition"] == 'attachment; filename="innerback-cora-ocoach-all.csv"'
    assert clients["Content-Disposition"] == (
        'attachment; filename="innerback-cora-ocoach-clients-all.csv"'
    )


def test_a_name_without_latin_letters_still_gives_a_file_name(client, trainee):
    trainee.display_name = "李"
    trainee.save()
    client.force_login(trainee)

    assert client.get(OWN)["Content-Disposition"] == 'attachment; filename="innerback-logs-all.csv"'


def bulk_history(trainee, count: int) -> None:
    """`count` sets over one session per day, written in one INSERT."""
    exercise = ExerciseFactory(name="Test reach", slug="test-reach")
    sessions = [
        session_for(trainee, JAN_5 + datetime.timedelta(days=n), day=n + 1)
        for n in range(max(1, count // 100))
    ]
    SetLog.objects.bulk_create(
        SetLog(
            session=sessions[n % len(sessions)],
            trainee=trainee,
            exercise=exercise,
            set_number=n // len(sessions) + 1,
            performed_on=sessions[n % len(sessions)].scheduled_on,
            target_sets=3,
            target_tempo="3-1-1-0",
            reps=10,
            failed_checks=["Torso stayed still"] if n % 3 else [],
            form_ok=not n % 3,
            note=f"set {n}",
        )
        for n in range(count)
    )


def queries_to_export(client, url: str) -> int:
    """Queries for one whole download, the streamed body included; returns the count."""
    with CaptureQueriesContext(connection) as queries:
        rows = parse(client.get(url))
    assert rows
    return len(queries)


@pytest.mark.parametrize(
    ("url", "queries"),
    # Session, user, [the coaching], the range's first/last dates of the logged and of the
    # imported sets, then the streamed reads of both.
    [(OWN, 6), (ALL_CLIENTS, 6), ("client", 7)],
)
def test_the_query_count_does_not_grow_with_the_number_of_rows(
    client, django_assert_num_queries, coach, url, queries
):
    few, many = UserFactory(), UserFactory()
    CoachingFactory(coach=coach, client=few)
    CoachingFactory(coach=coach, client=many)
    bulk_history(few, 1)
    client.force_login(coach if url != OWN else few)
    with django_assert_num_queries(queries):
        one_row = queries_to_export(client, client_url(few) if url == "client" else url)

    bulk_history(many, 500)
    client.force_login(coach if url != OWN else many)
    with django_assert_num_queries(queries):
        many_rows = queries_to_export(client, client_url(many) if url == "client" else url)

    assert many_rows == one_row


def test_the_same_download_again_reads_the_logs_again(client, trainee):
    """Nothing of an export is kept in the process: a set logged since shows at once."""
    session = session_for(trainee)
    log(session, set_number=1, note="first")
    client.force_login(trainee)
    assert notes(download(client, OWN)) == ["first"]

    log(session, set_number=2, note="second")

    assert notes(download(client, OWN)) == ["first", "second"]


def test_a_long_export_streams_in_several_chunks_not_one_blob(client, trainee, monkeypatch):
    monkeypatch.setattr("programs.export.csv_export.CHUNK_CHARS", 2048)
    bulk_history(trainee, 300)
    client.force_login(trainee)

    response = client.get(OWN)
    chunks = list(response.streaming_content)

    assert chunks[0] == HEADER.encode() + b"\r\n"  # sent before the sets are read
    assert len(chunks) > 5
    assert max(len(chunk) for chunk in chunks) < 2048 + 200  # a chunk is cut after one row
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode(), newline="")))
    assert len(rows) == 301
    note = COLUMNS.index("note")
    assert sorted(row[note] for row in rows[1:]) == sorted(f"set {n}" for n in range(300))


@pytest.mark.django_db(transaction=True)  # autocommit, as when serving: no test transaction
def test_a_download_stopped_halfway_leaves_the_connection_usable(trainee, monkeypatch):
    monkeypatch.setattr("programs.export.csv_export.CHUNK_CHARS", 2048)
    bulk_history(trainee, 300)

    chunks = stream_csv(SetLog.objects.filter(trainee=trainee))
    next(chunks)
    next(chunks)
    chunks.close()  # what the server does when the browser goes away

    assert SetLog.objects.filter(trainee=trainee).count() == 300
    assert b"".join(stream_csv(SetLog.objects.filter(trainee=trainee))).count(b"\r\n") == 301


def test_csv_chunks_writes_the_header_first_and_one_line_per_set():
    row = (
        "2026-01-05",  # date
        "Tess",  # trainee
        "Basics",  # program
        1,  # week
        2,  # day
        "Bird-dog",  # exercise
        "foundational",  # exercise_kind
        1,  # set
        None,  # reps
        10,  # hold_s
        None,  # load
        None,  # unit
        "2-0-2-0",  # tempo
        None,  # eccentric_s
        "true",  # form_ok
        "[]",  # form_failed_checks
        None,  # effort_rpe
        "",  # note
        None,  # pain
    )

    text = b"".join(csv_chunks([row, row])).decode()

    assert text.splitlines() == [
        HEADER,
        "2026-01-05,Tess,Basics,1,2,Bird-dog,foundational,1,,10,,,2-0-2-0,,true,,,,",
        "2026-01-05,Tess,Basics,1,2,Bird-dog,foundational,1,,10,,,2-0-2-0,,true,,,,",
    ]


# The bytes: the same data gives the same file, on SQLite and on PostgreSQL.


def test_the_bytes_of_a_file_with_awkward_text_are_unchanged(client, trainee):
    """The file as it has always been written: CRLF line ends, the csv module's minimal
    quoting, formula starters neutralised, trailing zeros dropped, blank cells for None."""
    trainee.display_name = "=Tess, T"
    trainee.save()
    session = session_for(trainee, datetime.date(2026, 3, 2), week=2, day=3, program_name="+Back")
    row = PrescriptionFactory(
        day=session.program_day,
        exercise__name='Row "single"',
        exercise__slug="test-row",
        exercise__resistance=True,
    )
    reach = ExerciseFactory(name="-Reach", slug="test-reach")
    log(
        session,
        row.exercise,
        1,
        prescription=row,
        reps=8,
        load=Decimal("22.50"),
        unit="kg",
        target_tempo="3-1-1-0",
        eccentric_s=3,
        failed_checks=["@Torso", "Spine, neutral"],
        effort_rpe=9,
        note='said "ouch"\r\nthen fine',
    )
    log(session, reach, 1, reps=None, hold_s=30, load=None, unit="lb", eccentric_s=None)
    PainRating.objects.create(
        trainee=trainee,
        session=session,
        exercise=row.exercise,
        rating=7,
        given_on=session.scheduled_on,
    )
    client.force_login(trainee)

    response = client.get(OWN)

    assert b"".join(response.streaming_content) == (
        HEADER.encode() + b"\r\n"
        b'2026-03-02,"\'=Tess, T",\'+Back,2,3,"Row ""single""",resistance,1,8,,22.5,kg,3-1-1-0,3,'
        b'false,"\'@Torso; Spine, neutral",9,"said ""ouch""\r\nthen fine",7\r\n'
        b"2026-03-02,\"'=Tess, T\",'+Back,2,3,'-Reach,foundational,1,,30,,,3-1-1-0,,true,,,,\r\n"
    )


# Text a spreadsheet would run, text the CSV must quote, and text that must pass untouched.
AWKWARD_TEXTS = [
    "Plain text",
    "",
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\tstarts with a tab",
    "\rstarts with a return",
    "=",
    "'already quoted",
    'said "hi"',
    '"',
    "a, b",
    "two\nlines",
    "windows\r\nline ends\r\n",
    "a lone\rreturn",
    "\n",
    "\\.",
    "back\\slash",
    " padded ",
    "semi; colon",
    "50% off",
    "O'Brien %s",
    "Zoë Łukasz 李 ✓",
]
LOADS = [None, "0", "0.50", "2.05", "12.50", "20.00", "100.00", "9999.99"]


def contract_csv(sets) -> bytes:
    """The export of `sets` written the plain way, from model objects, cell by cell as the
    contract says (docs/export.md): what the streamed writer must give byte for byte."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    pain = {
        (rating.session_id, rating.exercise_id): rating.rating
        for rating in PainRating.objects.all()
    }
    ordered = sets.live().select_related(
        "trainee", "exercise", "prescription", "session__program_day__week__program"
    )
    ordered = sorted(
        ordered,
        key=lambda s: (
            s.performed_on,
            s.session_id,
            s.prescription is None,
            s.prescription.position if s.prescription else 0,
            s.exercise_id,
            s.set_number,
            s.pk,
        ),
    )
    for s in ordered:
        day = s.session.program_day
        writer.writerow(
            [
                s.performed_on.isoformat(),
                neutralise(s.trainee.display_name),
                neutralise(day.week.program.name),
                day.week.number,
                day.position,
                neutralise(s.exercise.name),
                s.exercise.kind,
                s.set_number,
                s.reps,
                s.hold_s,
                "" if s.load is None else format(s.load.normalize(), "f"),
                "" if s.load is None else s.unit,
                s.target_tempo,
                s.eccentric_s,
                "true" if s.form_ok else "false",
                neutralise("; ".join(s.failed_checks)),
                s.effort_rpe,
                neutralise(s.note),
                pain.get((s.session_id, s.exercise_id)),
            ]
        )
    return buffer.getvalue().encode()


@pytest.fixture
def awkward_history():
    """One trainee per awkward text, which names them, their program, their exercise and
    their note, with failed checks, loads and blank numbers varied across the sets."""
    for n, text in enumerate(AWKWARD_TEXTS):
        trainee = UserFactory(display_name=text)
        session = session_for(
            trainee, JAN_5 + datetime.timedelta(days=n % 3), week=n % 4 + 1, program_name=text
        )
        exercise = ExerciseFactory(name=text, slug=f"test-awkward-{n}", resistance=bool(n % 2))
        checks = [[], [text], [text, "Spine stayed neutral"], ["", text]][n % 4]
        load = LOADS[n % len(LOADS)]
        for set_number in (1, 2):
            log(
                session,
                exercise,
                set_number,
                note=text,
                failed_checks=checks,
                load=None if load is None else Decimal(load),
                unit="lb" if n % 2 else "kg",
                reps=None if n % 3 == 0 else 10,
                hold_s=20 if n % 3 == 0 else None,
                eccentric_s=None if n % 5 == 0 else 3,
                effort_rpe=None if n % 2 else 7,
                target_tempo="" if n == 1 else "3-1-1-0",
            )
        log(session, exercise, 3, note="deleted", deleted_at=timezone.now())
        if n % 3:  # pain given for most exercises, 0 included; blank for the rest
            PainRating.objects.create(
                trainee=trainee, session=session, exercise=exercise, rating=n % 11, given_on=JAN_5
            )


def test_every_awkward_cell_is_written_as_the_contract_says(awkward_history):
    exported = b"".join(stream_csv(SetLog.objects.all()))

    assert exported == contract_csv(SetLog.objects.all())
    rows = list(csv.DictReader(io.StringIO(exported.decode(), newline="")))
    assert len(rows) == 2 * len(AWKWARD_TEXTS)  # the deleted sets left out
    assert {row["note"] for row in rows} == {neutralise(text) for text in AWKWARD_TEXTS}
    assert {row["load"] for row in rows} == {"", "0", "0.5", "2.05", "12.5", "20", "100", "9999.99"}
    assert {row["pain"] for row in rows} == {
        str(n % 11) if n % 3 else "" for n in range(len(AWKWARD_TEXTS))
    }


def test_a_range_and_the_clients_of_a_coach_are_written_as_the_contract_says(awkward_history):
    """Parameters (dates, a sub-select, text with quotes and percent signs) reach the query."""
    clients = User.objects.filter(display_name__contains="'").values("pk")
    percent = User.objects.filter(display_name__in=["50% off", "O'Brien %s"]).values("pk")
    selections = [
        in_range(SetLog.objects.all(), JAN_5, JAN_5 + datetime.timedelta(days=1)),
        in_range(SetLog.objects.filter(trainee__in=clients), JAN_5, None),
        SetLog.objects.filter(trainee__in=percent),
    ]

    for sets in selections:
        exported = b"".join(stream_csv(sets))
        assert exported == contract_csv(sets)
        assert exported.count(b"\r\n") > 2  # the header and more than one set


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.sampled_from(list("=+-@'\"\t\r\n,; \\.")),
            st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
        ),
        max_size=40,
    ),
    checks=st.lists(st.text(alphabet=st.sampled_from(list('=-",\n a')), max_size=5), max_size=3),
    load=st.none() | st.decimals(min_value=0, max_value=Decimal("9999.99"), places=2),
)
def test_any_text_and_load_is_written_as_the_contract_says(text, checks, load):
    with transaction.atomic():  # each example rolled back: exercise names are unique
        trainee = UserFactory(display_name=text)
        session = session_for(trainee, program_name=text)
        exercise = ExerciseFactory(name=text, slug="test-any-text")
        log(session, exercise, note=text, failed_checks=checks, load=load, eccentric_s=None)

        exported = b"".join(stream_csv(SetLog.objects.all()))
        expected = contract_csv(SetLog.objects.all())
        transaction.set_rollback(True)

    assert exported == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_dates_are_year_month_day_whatever_the_connections_date_style(trainee):
    SetLogFactory(trainee=trainee, performed_on=datetime.date(2026, 1, 31))
    with connection.cursor() as cursor:
        cursor.execute("SET DateStyle = 'SQL, DMY'")

    exported = b"".join(stream_csv(SetLog.objects.filter(trainee=trainee))).decode()

    assert exported.splitlines()[1].startswith("2026-01-31,")


# The form on the account page.


def test_the_account_page_offers_the_export_with_a_date_range(client, trainee):
    client.force_login(trainee)

    html = client.get("/accounts/settings/").content.decode()

    assert 'action="/logs/export.csv"' in html
    assert 'method="get"' in html
    assert '<label for="export_from">From</label>' in html
    assert 'type="date" name="from"' in html
    assert 'type="date" name="to"' in html


def test_the_measurement_script_streams_every_row_of_a_small_history():
    path = Path(__file__).resolve().parents[3] / "scripts" / "measure_export.py"
    spec = importlib.util.spec_from_file_location("measure_export", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    coach = script.build_history(clients=2, weeks=2)
    result = script.download(coach, trace_memory=True)

    assert result.rows == 2 * 2 * 3 * 3 * 3 == SetLog.objects.count()
    assert result.queries == 6
    assert 0 < result.first_byte_seconds <= result.first_rows_seconds <= result.seconds
    assert result.peak_bytes > 0
