"""Whether this app server can serve pages: what `/readyz` answers a load balancer.

Ready means the database answers and holds every migration this code was written for. There
is no shared cache or task queue yet; when one arrives (the task worker, issue #28), its
check belongs here too.
"""

from functools import cache

from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """The latest migration of each app, as the code on disk has them. Read once per
    process: the code does not change under a running server, and reading the migration
    files costs far more than the check itself. Migrations apply in dependency order, so
    with each app's latest applied, all of them are."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.leaf_nodes())


def unready_reason() -> str | None:
    """None when ready; else a short reason for the operator. One query either way."""
    try:
        applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return f"database unreachable: {type(error).__name__} {first_line}".strip()
    pending = sorted(expected_migrations() - applied)
    if pending:
        names = ", ".join(f"{app}.{name}" for app, name in pending)
        return f"migrations not applied: {names}"
    return None
