"""The scheduler process: each minute, enqueue the periodic work that is due.

It only enqueues (the worker, `manage.py db_worker`, does the work), and a slot's work is
claimed in the database, so running two schedulers, or restarting one, enqueues it once.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from innerback.notifications.schedule import tick


class Command(BaseCommand):
    help = "Enqueue the periodic work (daily digests, reminders) each minute, for the worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Tick once and exit.")

    def handle(self, *, once: bool, verbosity: int, **options) -> None:
        try:
            while True:
                # A connection the database dropped while we slept is replaced, not reused.
                close_old_connections()
                now = timezone.now()
                if tick(now) and verbosity > 1:
                    self.stdout.write(f"{now.isoformat()}: enqueued this slot's work")
                if once:
                    return
                close_old_connections()
                time.sleep(60 - timezone.now().second)
        except KeyboardInterrupt:
            return
