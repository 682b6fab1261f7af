"""Whether this app server can serve pages: what `/readyz` answers a load balancer.

Ready means the database answers and holds every migration this code was written for, and
the task queue takes work. The queue is a table in the same database (django-tasks-db), so
pages enqueue mail with one insert and need no broker; the only shared cache is the API's
cache table, also in the database. Whether the worker is running does not decide readiness:
a request only enqueues, and the mail goes out once a worker runs.
"""

from functools import cache

from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tasks_db.models import DBTaskResult


@cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """The latest migration of each app, as the code on disk has them. Read once per
    process: the code does not change under a running server, and reading the migration
    files costs far more than the check itself. Migrations apply in dependency order, so
    with each app's latest applied, all of them are."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.leaf_nodes())


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return f"{type(error).__name__} {text.splitlines()[0] if text else ''}".strip()


def unready_reason() -> str | None:
    """None when ready; else a short reason for the operator. Two queries at most."""
    try:
        applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    except DatabaseError as error:
        return f"database unreachable: {_first_line(error)}"
    pending = sorted(expected_migrations() - applied)
    if pending:
        names = ", ".join(f"{app}.{name}" for app, name in pending)
        return f"migrations not applied: {names}"
    try:
        DBTaskResult.objects.exists()
    except DatabaseError as error:
        return f"task queue unreachable: {_first_line(error)}"
    return None
