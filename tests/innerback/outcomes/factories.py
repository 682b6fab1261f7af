import factory

from innerback.outcomes.measures import Kind
from innerback.outcomes.models import Activity, Answer
from tests.innerback.accounts.factories import UserFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    trainee = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Everyday activity {n}")
    position = 1


class PainAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    trainee = factory.SubFactory(UserFactory)
    kind = Kind.PAIN_WEEK.value
    score = 5


class ActivityAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    activity = factory.SubFactory(ActivityFactory)
    trainee = factory.SelfAttribute("activity.trainee")
    kind = Kind.PSFS.value
    score = 5
