import factory
from django_tasks_db.management.commands.db_worker import Worker

from innerback.inbox.models import Flag, Kind
from innerback.notifications.models import Preferences
from tests.innerback.accounts.factories import CoachFactory, UserFactory


class PreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preferences

    user = factory.SubFactory(UserFactory)


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    coach = factory.SubFactory(CoachFactory)
    client = factory.SubFactory(UserFactory)
    kind = Kind.INACTIVE
    cause = factory.Sequence(lambda n: f"cause-{n}")
    summary = "No session logged for 8 days while a plan is active."
    link = factory.LazyAttribute(lambda flag: f"/coach/clients/{flag.client.pk}/")


def run_worker() -> None:
    """The task worker, in this process, until no task is ready (`db_worker --batch`,
    without its signal handlers)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
