"""Create the demo coach and trainee; running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from innerback.models import Coaching, User

DEMO_PASSWORD = "innerback-demo"
DEMO_COACH = ("coach@example.com", "Demo Coach")
DEMO_TRAINEE = ("trainee@example.com", "Demo Trainee")


def ensure_user(email: str, name: str, *, is_coach: bool) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "is_coach": is_coach}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


class Command(BaseCommand):
    help = "Create the demo coach and trainee (with a program and a few weeks of logs)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        coach = ensure_user(*DEMO_COACH, is_coach=True)
        trainee = ensure_user(*DEMO_TRAINEE, is_coach=False)
        if not Coaching.objects.current().filter(client=trainee).exists():
            Coaching.objects.create(coach=coach, client=trainee)
        self.stdout.write(f"Demo logins (password for both: {DEMO_PASSWORD}):")
        self.stdout.write(f"  coach:   {coach.email}")
        self.stdout.write(f"  trainee: {trainee.email}")
