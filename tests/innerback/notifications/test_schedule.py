"""What the scheduler finds due costs the same few queries however many people there are."""

from datetime import UTC, date, datetime, time

import pytest

from innerback.notifications.schedule import due_mail, slot_of
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.programs.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 3)
NOON = datetime.combine(DAY, time(12, 7), tzinfo=UTC)


def people(count: int) -> None:
    for _ in range(count):
        CoachFactory()
        TrainingSessionFactory(enrolment__trainee=UserFactory(), scheduled_on=DAY)
    UserFactory()  # follows no plan and coaches nobody: never considered


@pytest.mark.parametrize("count", [1, 6])
def test_finding_the_due_mail_reads_three_queries_for_any_number_of_people(
    count, django_assert_num_queries
):
    people(count)

    with django_assert_num_queries(3):
        due = list(due_mail(NOON))

    assert len(due) == 2 * count
    assert sorted({work.name for work, _ in due}) == ["send_digest", "send_reminder"]


def test_a_slot_is_the_quarter_hour_a_moment_falls_in():
    assert slot_of(NOON) == datetime.combine(DAY, time(12, 0), tzinfo=UTC)
    assert slot_of(datetime.combine(DAY, time(12, 59, 59), tzinfo=UTC)).minute == 45
