"""Importing innerback's own log CSV into a fresh account gives back the same file, byte for
byte; imported sets of any app join the export beside the logged ones."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from programs.export.csv_export import stream_csv
from programs.imports import importing
from programs.imports.models import ImportedSet
from programs.models import SetLog
from tests.exercises.factories import ExerciseFactory
from tests.innerback.accounts.factories import UserFactory
from tests.programs.export.test_export import AWKWARD_TEXTS, JAN_5, LOADS, log, session_for

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def export_of(person) -> bytes:
    return b"".join(
        stream_csv(
            SetLog.objects.filter(trainee=person), ImportedSet.objects.filter(trainee=person)
        )
    )


def import_into(person, data: bytes, name: str = "log.csv") -> None:
    """Upload, look at the preview, confirm with the mapping it offers."""
    waiting = importing.upload(trainee=person, file_name=name, data=data)
    preview = importing.preview(waiting, person)
    importing.confirm(waiting, person, {e.name: e.exercise for e in preview.exercises})


def awkward_person(n: int, text: str):
    """One person whose name, program, exercise, checks and notes are an awkward text, over
    three days and two weeks, loads and blanks varied."""
    person = UserFactory(display_name=text)
    exercise = ExerciseFactory(name=text or "Blank", slug=f"test-trip-{n}", resistance=bool(n % 2))
    other = ExerciseFactory(name=f"{text} two", slug=f"test-trip-{n}-b")
    for offset in range(3):
        session = session_for(
            person,
            JAN_5 + datetime.timedelta(days=offset * 3),
            week=offset // 2 + 1,
            day=offset % 2 + 1,
            program_name=text,
        )
        checks = [[], [text], [text, "Spine, neutral"], ["", text]][(n + offset) % 4]
        load = LOADS[(n + offset) % len(LOADS)]
        for set_number in (1, 2):
            log(
                session,
                exercise,
                set_number,
                note=text,
                failed_checks=checks,
                load=None if load is None else Decimal(load),
                unit="lb" if n % 2 else "kg",
                reps=None if offset == 0 else 10,
                hold_s=20 if offset == 0 else None,
                eccentric_s=None if n % 5 == 0 else 3,
                effort_rpe=None if n % 2 else 7,
                target_tempo="" if n == 1 else "3-1-1-0",
            )
        log(session, other, 1, note="", effort_rpe=10)
        log(session, exercise, 3, note="deleted", deleted_at=timezone.now())
    return person


@pytest.mark.parametrize(("n", "text"), list(enumerate(AWKWARD_TEXTS)))
def test_an_innerback_export_imported_into_a_fresh_account_exports_byte_for_byte(n, text):
    person = awkward_person(n, text)
    original = export_of(person)
    fresh = UserFactory(display_name=text)

    import_into(fresh, original)

    assert not SetLog.objects.filter(trainee=fresh).exists()
    assert ImportedSet.objects.filter(trainee=fresh).count() == 9
    assert export_of(fresh) == original


def test_an_export_with_a_byte_order_mark_and_imported_sets_round_trips_too(trainee):
    """A file saved again by a spreadsheet gains a BOM; sets imported from Strong (no
    program, no form checks, an exercise kept as "other") come back as they were."""
    session = session_for(trainee, JAN_5)
    log(session, ExerciseFactory(name="Reach", slug="test-reach-trip"), 1, note="logged")
    import_into(trainee, (FIXTURES / "strong.csv").read_bytes(), "strong.csv")
    original = export_of(trainee)
    fresh = UserFactory(display_name=trainee.display_name)

    import_into(fresh, b"\xef\xbb\xbf" + original)

    assert export_of(fresh) == original
    assert b",Morning back," not in original  # a workout's name is not a program
    assert b"2026-01-15,Tess Trainee,,,,Bird-dog,foundational,1,,30,,,,,,,,,\r\n" in original


def test_imported_sets_are_exported_after_the_days_logged_sets_and_in_date_order(trainee):
    session = session_for(trainee, datetime.date(2026, 1, 15))
    log(session, ExerciseFactory(name="Reach", slug="test-reach-trip"), 1)
    import_into(trainee, (FIXTURES / "hevy_lbs.csv").read_bytes())
    import_into(trainee, (FIXTURES / "hevy.csv").read_bytes())

    lines = export_of(trainee).decode().splitlines()[1:]

    assert [line.split(",")[0] for line in lines] == ["2026-01-15"] * 4 + ["2026-03-01"] * 2
    assert ",Reach," in lines[0]
    assert lines[1] == (
        "2026-01-15,Tess Trainee,,,,Romanian Deadlift (Barbell),,1,10,,40,kg,,,,,,"
        '"hinge, not squat",'
    )


def test_the_own_export_page_holds_the_imported_sets_and_names_the_file_by_their_dates(
    client, trainee
):
    import_into(trainee, (FIXTURES / "strong.csv").read_bytes())
    client.force_login(trainee)

    response = client.get("/logs/export.csv")

    assert response["Content-Disposition"] == (
        'attachment; filename="innerback-tess-trainee-2026-01-15-to-2026-01-17.csv"'
    )
    assert b"".join(response.streaming_content).count(b"\r\n") == 6


def test_a_coach_export_holds_a_clients_imported_sets(client, coach, coached_trainee):
    import_into(coached_trainee, (FIXTURES / "hevy_lbs.csv").read_bytes())
    client.force_login(coach)

    one = b"".join(client.get(f"/coach/clients/{coached_trainee.pk}/export.csv").streaming_content)
    every = b"".join(client.get("/coach/export.csv").streaming_content)

    assert one == every
    assert one.count(b"Bent Over Row (Dumbbell)") == 2


def test_a_column_added_to_the_export_later_round_trips_from_the_cells_kept(trainee, monkeypatch):
    """When the export gains a column (as it gained `pain` in issue 25), a file that had it
    comes back with it, though the importer stores only what it knows by name."""
    from programs.export import csv_export

    monkeypatch.setattr(csv_export, "COLUMNS", (*csv_export.COLUMNS, "feel"))
    text = (
        ",".join(csv_export.COLUMNS) + "\r\n"
        "2026-01-05,Tess Trainee,P,1,1,Bird-dog,foundational,1,,10,,,2-0-2-0,,true,,,,3,easy\r\n"
    )
    import_into(trainee, text.encode())

    assert export_of(trainee).decode() == text
