import factory

from innerback.coaching.models import Coaching
from tests.innerback.accounts.factories import CoachFactory, UserFactory


class CoachingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coaching

    coach = factory.SubFactory(CoachFactory)
    client = factory.SubFactory(UserFactory)
