"""`make backup` and `make restore` (scripts/backup.py) give back the same database: every
table holds as many rows, and every trainee's log CSV comes out byte for byte the same.

Each run checks the database it runs on: the SQLite run the backup API, the PostgreSQL run
pg_dump and pg_restore."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from exercises.catalog import load_catalog
from programs.authoring.starter import load_starter_program
from scripts.backup import drop_database, is_postgres
from scripts.loadgen.seed import Command as SeedLoad
from tests.innerback.accounts.factories import UserFactory
from tests.programs.factories import SetLogFactory

ROOT = Path(__file__).resolve().parents[2]

# Run in the database at DATABASE_URL: each table's row count (printed as JSON) and each
# person's log CSV as the export writes it, one file per person in OUT.
MEASURE = """
import json
from pathlib import Path
from django.db import connection
from innerback.accounts.models import User
from programs.export.csv_export import stream_csv
from programs.models import SetLog

counts = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
for user in User.objects.order_by("pk"):
    csv = b"".join(stream_csv(SetLog.objects.filter(trainee=user)))
    (Path(OUT) / f"{user.pk}.csv").write_bytes(csv)
print(json.dumps(counts))
"""


def database_url() -> str:
    """The URL of the database this test runs on (the test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def run(*args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def measure(url: str, out: Path) -> dict[str, int]:
    out.mkdir()
    code = MEASURE.replace("OUT", repr(str(out)))
    printed = run("manage.py", "shell", "--no-imports", "-c", code, env={"DATABASE_URL": url})
    return json.loads(printed.strip().splitlines()[-1])


@pytest.fixture
def seeded(transactional_db):
    """Load-test trainees with weeks of history and a coach, the demo coach and trainee,
    and one trainee whose notes a spreadsheet or an encoding could trip on."""
    load_catalog()
    load_starter_program()
    call_command(SeedLoad(), "--trainees", "6", "--weeks", "6", "--clients", "3", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    odd = UserFactory(display_name="Zoë =HYPERLINK()")
    first = SetLogFactory(session__enrolment__trainee=odd, set_number=1, note="=1+1")
    for number, note in enumerate(['Łódź, "quoted"\nsecond line', "tab\there"], 2):
        SetLogFactory(session=first.session, set_number=number, note=note)


@pytest.fixture
def restored_url(tmp_path):
    """Where the restore goes: a new database beside the test one, dropped afterwards."""
    source = database_url()
    if is_postgres(source):
        url = source + "_restored"
        drop_database(url)
        yield url
        drop_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"


def test_a_restored_backup_has_every_row_and_every_trainees_csv_byte_for_byte(
    seeded, restored_url, tmp_path
):
    source = database_url()
    backup_file = tmp_path / "innerback.backup"

    run("scripts/backup.py", "backup", "--from", source, "--to", str(backup_file))
    run("scripts/backup.py", "restore", str(backup_file), "--into", restored_url)

    before = measure(source, tmp_path / "before")
    after = measure(restored_url, tmp_path / "after")
    assert after == before
    assert before["programs_setlog"] > 100
    assert before["innerback_user"] >= 10
    csvs = sorted(path.name for path in (tmp_path / "before").iterdir())
    assert csvs == sorted(path.name for path in (tmp_path / "after").iterdir())
    for name in csvs:
        original = (tmp_path / "before" / name).read_bytes()
        assert (tmp_path / "after" / name).read_bytes() == original, name
    assert sum(b"=1+1" in (tmp_path / "after" / name).read_bytes() for name in csvs) == 1


def test_restore_refuses_a_database_that_exists(transactional_db, tmp_path):
    source = database_url()
    backup_file = tmp_path / "innerback.backup"
    run("scripts/backup.py", "backup", "--from", source, "--to", str(backup_file))

    result = subprocess.run(
        [sys.executable, "scripts/backup.py", "restore", str(backup_file), "--into", source],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "exists; restore makes a new" in result.stderr
