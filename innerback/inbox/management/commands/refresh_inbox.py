from django.core.management.base import BaseCommand
from django.utils import timezone

from innerback.inbox.refresh import refresh_all_inboxes


class Command(BaseCommand):
    help = (
        "Raise and clear the coaches' inbox flags that time alone brings (a client gone "
        "quiet, a gate locked too long, adherence sliding). Run it hourly."
    )

    def handle(self, *args, **options) -> None:
        looked_at = refresh_all_inboxes(timezone.now())
        self.stdout.write(f"Inbox refreshed for {looked_at} clients.")
