import factory

from innerback.inbox.models import Flag, Kind
from tests.innerback.accounts.factories import CoachFactory, UserFactory


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    coach = factory.SubFactory(CoachFactory)
    client = factory.SubFactory(UserFactory)
    kind = Kind.INACTIVE
    cause = ""
    summary = "No set logged for 9 days (the last on 2026-11-24)."
    link = factory.LazyAttribute(lambda flag: f"/coach/clients/{flag.client.pk}/#figures-heading")
