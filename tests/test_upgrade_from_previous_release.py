"""Upgrading a database made by the previous release keeps every row and every export byte
(the log CSV gains only its new last column, `pain`, empty for what was logged before).

The previous release's own code (its tree from git, run with this checkout's Python
environment) migrates a fresh database and seeds the demo data; this checkout's `migrate`
then upgrades that same database. Before and after, each code base counts the rows of every
table and downloads the demo trainee's and the demo coach's CSV exports. Nothing is mocked:
both sides are separate `manage.py` processes against a real scratch database, a SQLite file
or, when the suite runs on PostgreSQL, a database created on the same server for this test
and dropped after it.
"""

import base64
import difflib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

# The release before this one; its tree is taken from this clone's history.
PREVIOUS_RELEASE = "b203bcf"
REPO = Path(__file__).resolve().parent.parent

# Django's bookkeeping, not data: each migration new in this release adds a row to
# django_migrations, and each model new in it adds its content type and permissions. Every
# other table must keep exactly its rows.
CONTENT_TYPES = "django_content_type"
PERMISSIONS = "auth_permission"
MIGRATIONS = "django_migrations"

# Runs inside `manage.py shell -c` of either code base; only Django APIs present in both.
# Writes JSON to $SNAPSHOT_OUT. With SNAPSHOT_COUNTS_FIRST=true the rows are counted before
# the logins (the new code: a login adds a session row the old code's counts cannot have);
# otherwise after them (the old code: its logins' rows are then part of what must survive).
SNAPSHOT = r"""
import base64, json, os
from pathlib import Path

import programs
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse


def row_counts():
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
            counts[table] = cursor.fetchone()[0]
    return counts


def content_types():
    kinds = []
    for kind in ContentType.objects.order_by("app_label", "model"):
        model = kind.model_class()
        kinds.append({
            "label": kind.app_label + "." + kind.model,
            "table": model._meta.db_table if model is not None else None,
            "permissions": Permission.objects.filter(content_type=kind).count(),
        })
    return kinds


def migrations():
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(app + "." + name for app, name in applied)


def download(email, path):
    client = Client()
    login = client.post(reverse("login"), {"username": email, "password": "innerback-demo"})
    logged_in = login.status_code == 302 and "_auth_user_id" in client.session
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "logged_in": logged_in,
        "login_status": login.status_code,
        "status": response.status_code,
        "content_type": response.get("Content-Type", ""),
        "body": base64.b64encode(body).decode(),
    }


def exports():
    return {
        "trainee": download("trainee@example.com", "/logs/export.csv"),
        "coach": download("coach@example.com", "/coach/export.csv"),
    }


snapshot = {"code": str(Path(programs.__file__).resolve().parent.parent)}
if os.environ["SNAPSHOT_COUNTS_FIRST"] == "true":
    snapshot["counts"] = row_counts()
    snapshot["content_types"] = content_types()
    snapshot["migrations"] = migrations()
    snapshot["exports"] = exports()
else:
    snapshot["exports"] = exports()
    snapshot["counts"] = row_counts()
    snapshot["content_types"] = content_types()
    snapshot["migrations"] = migrations()
Path(os.environ["SNAPSHOT_OUT"]).write_text(json.dumps(snapshot))
"""


@dataclass
class Upgrade:
    before: dict
    after: dict
    rebuild_check: subprocess.CompletedProcess
    seconds: dict

    @property
    def new_tables(self) -> list[str]:
        return sorted(set(self.after["counts"]) - set(self.before["counts"]))


def _previous_release_tree(into: Path) -> Path:
    """The previous release's files, from git; a clone without them fails, never skips."""
    try:
        found = subprocess.run(
            ["git", "-C", str(REPO), "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"],
            capture_output=True,
        )
    except FileNotFoundError:
        pytest.fail("git is not installed: the upgrade test needs it to get the previous release.")
    if found.returncode != 0:
        pytest.fail(
            f"The previous release, commit {PREVIOUS_RELEASE}, is not in the history of {REPO} "
            f"(a shallow clone? run `git fetch --unshallow`): the upgrade test cannot run.\n"
            f"{found.stderr.decode(errors='replace')}"
        )
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", PREVIOUS_RELEASE],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


class _ScratchDatabase:
    """A database for this test only: a SQLite file, or one on the suite's PostgreSQL server."""

    def __init__(self, tmp: Path) -> None:
        self.vendor = connections["default"].vendor
        if self.vendor == "sqlite":
            self.url = f"sqlite:///{tmp / 'upgrade.sqlite3'}"
        elif self.vendor == "postgresql":
            import psycopg

            self.name = f"innerback_upgrade_{secrets.token_hex(4)}"
            server = urlsplit(os.environ["DATABASE_URL"])
            self.url = server._replace(path=f"/{self.name}").geturl()
            self.admin = server._replace(path="/postgres", query="").geturl()
            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
        else:
            pytest.fail(
                f"The upgrade test makes scratch databases on SQLite and PostgreSQL only, "
                f"not on {self.vendor}."
            )

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _manage(code: Path, database_url: str, *args: str, env: dict | None = None, check=True):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DEBUG="true",
        SECRET_KEY="upgrade-test-only-key",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="0",
        **(env or {}),
    )
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if check and done.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args)}` of {code} failed ({done.returncode}):\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
        )
    return done


def _snapshot(code: Path, database_url: str, out: Path, *, counts_first: bool) -> dict:
    _manage(
        code,
        database_url,
        "shell",
        "-c",
        SNAPSHOT,
        env={"SNAPSHOT_OUT": str(out), "SNAPSHOT_COUNTS_FIRST": str(counts_first).lower()},
    )
    snapshot = json.loads(out.read_text())
    # The subprocess really ran the code it was meant to (not a copy found on a path).
    assert Path(snapshot["code"]) == code.resolve(), snapshot["code"]
    return snapshot


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory) -> Upgrade:
    tmp = tmp_path_factory.mktemp("upgrade")
    seconds = {}
    started = time.monotonic()
    old = _previous_release_tree(tmp / "previous-release")
    seconds["extract"] = time.monotonic() - started
    database = _ScratchDatabase(tmp)
    try:
        mark = time.monotonic()
        _manage(old, database.url, "migrate", "--no-input")
        _manage(old, database.url, "seed_demo")
        before = _snapshot(old, database.url, tmp / "before.json", counts_first=False)
        seconds["previous release"] = time.monotonic() - mark
        mark = time.monotonic()
        _manage(REPO, database.url, "migrate", "--no-input")
        after = _snapshot(REPO, database.url, tmp / "after.json", counts_first=True)
        rebuild_check = _manage(REPO, database.url, "rebuild_progress", "--check", check=False)
        seconds["upgrade"] = time.monotonic() - mark
    finally:
        database.drop()
    seconds["total"] = time.monotonic() - started
    result = Upgrade(before=before, after=after, rebuild_check=rebuild_check, seconds=seconds)
    migrations = sorted(set(after["migrations"]) - set(before["migrations"]))
    print(f"\nupgrade on {database.vendor}: applied {migrations}; new tables {result.new_tables}")
    print(f"seconds: { {step: round(took, 1) for step, took in seconds.items()} }")
    return result


def _added_kinds(upgrade: Upgrade) -> list[dict]:
    """Content types of models whose tables this release adds."""
    new = set(upgrade.new_tables)
    return [kind for kind in upgrade.after["content_types"] if kind["table"] in new]


def test_the_previous_release_made_the_demo_data(upgrade):
    counts = upgrade.before["counts"]
    assert counts["innerback_user"] == 2
    assert counts["programs_setlog"] > 0
    for who, export in upgrade.before["exports"].items():
        assert export["logged_in"], (who, export["login_status"])
        assert export["status"] == 200, who
        assert base64.b64decode(export["body"]).count(b"\n") > 1, f"{who}'s export is empty"


def test_every_table_keeps_its_rows(upgrade):
    before, after = upgrade.before["counts"], upgrade.after["counts"]
    missing = sorted(set(before) - set(after))
    assert not missing, f"tables gone after the upgrade: {missing}"

    forgotten = sorted(set(upgrade.before["migrations"]) - set(upgrade.after["migrations"]))
    assert not forgotten, f"applied migrations no longer recorded: {forgotten}"
    added_migrations = sorted(set(upgrade.after["migrations"]) - set(upgrade.before["migrations"]))
    added_kinds = _added_kinds(upgrade)
    expected = dict(before)
    # The allowances: a row per migration this release applies, and for each model new in
    # it, its content type and permissions.
    expected[MIGRATIONS] += len(added_migrations)
    expected[CONTENT_TYPES] += len(added_kinds)
    expected[PERMISSIONS] += sum(kind["permissions"] for kind in added_kinds)
    changed = {
        table: {"before": before[table], "after": after[table], "expected": expected[table]}
        for table in before
        if after[table] != expected[table]
    }
    assert not changed, f"row counts changed (new tables: {upgrade.new_tables}): {changed}"
    # Every content type the old code had still names a model (none left stale by a move).
    stale = [kind["label"] for kind in upgrade.after["content_types"] if kind["table"] is None]
    assert not stale, f"content types without a model after the upgrade: {stale}"


def test_the_new_tables_are_the_ones_this_release_adds(upgrade):
    # Stored progress, filled from the log by the data migration (checked below); the
    # history of edits to sets, empty until someone edits one; the weekly check-ins and their
    # activities, and pain during sessions, the morning checks and the coach's pain flags
    # (issue 25), all empty until someone answers; imports and their sets, API tokens and
    # the API's shared throttle cache (issue 30), empty until someone uses them; the coach's
    # inbox (issue 28), empty until flags are raised; the task queue and notification mail
    # (issue 28), empty until the scheduler runs or someone saves their mail settings.
    assert upgrade.new_tables == [
        "api_cache",
        "api_personalaccesstoken",
        "django_tasks_database_dbtaskresult",
        "inbox_flag",
        "notifications_preferences",
        "notifications_scheduledrun",
        "notifications_sentmail",
        "outcomes_activity",
        "outcomes_answer",
        "programs_exerciseprogress",
        "programs_import",
        "programs_importedset",
        "programs_morningcheck",
        "programs_painflag",
        "programs_painrating",
        "programs_setedit",
    ]
    for table in (
        *["programs_setedit", "outcomes_activity", "outcomes_answer"],
        *["programs_morningcheck", "programs_painflag", "programs_painrating"],
        *["api_cache", "api_personalaccesstoken", "programs_import", "programs_importedset"],
        "inbox_flag",
        "django_tasks_database_dbtaskresult",
        *["notifications_preferences", "notifications_scheduledrun", "notifications_sentmail"],
    ):
        assert upgrade.after["counts"][table] == 0, table
    assert upgrade.after["counts"]["programs_exerciseprogress"] > 0


def _with_empty_pain(old_body: bytes) -> bytes:
    """The previous release's export as this one writes the same log: the `pain` column
    added at the end (issue 25), empty on every row since no pain was given then. (The
    demo notes hold no line breaks, so each line is a row.)"""
    header, *rows, end = old_body.split(b"\r\n")
    assert end == b""
    return b"\r\n".join([header + b",pain", *(row + b"," for row in rows), end])


@pytest.mark.parametrize("who", ["trainee", "coach"])
def test_the_csv_export_keeps_every_byte_and_adds_an_empty_pain_column(upgrade, who):
    old, new = upgrade.before["exports"][who], upgrade.after["exports"][who]
    assert new["status"] == old["status"] == 200
    assert new["content_type"] == old["content_type"]
    old_body, new_body = base64.b64decode(old["body"]), base64.b64decode(new["body"])
    old_body = _with_empty_pain(old_body)
    if new_body != old_body:
        diff = difflib.unified_diff(
            old_body.decode(errors="replace").splitlines(),
            new_body.decode(errors="replace").splitlines(),
            "previous release",
            "after upgrade",
            lineterm="",
            n=1,
        )
        pytest.fail(f"{who}'s CSV export changed in the upgrade:\n" + "\n".join(list(diff)[:60]))


def test_stored_progress_matches_the_log_after_the_upgrade(upgrade):
    done = upgrade.rebuild_check
    assert done.returncode == 0, f"rebuild_progress --check failed:\n{done.stdout}{done.stderr}"
    assert " 0 differ" in done.stdout, done.stdout


@pytest.mark.parametrize("who", ["trainee", "coach"])
def test_the_demo_logins_still_work(upgrade, who):
    export = upgrade.after["exports"][who]
    assert export["logged_in"], f"{who} could not log in after the upgrade: {export}"
