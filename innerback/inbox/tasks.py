from datetime import datetime

from django.tasks import task

from .refresh import refresh_all_inboxes


@task
def refresh_inboxes(at: str) -> int:
    """Raise and clear the flags time alone brings, as of the moment `at` (a scheduler's
    slot)."""
    return refresh_all_inboxes(datetime.fromisoformat(at))
