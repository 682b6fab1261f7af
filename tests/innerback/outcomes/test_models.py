"""Storing the weekly answers and naming the activities: one answer per item a week,
changeable during the week, renaming starts a new series."""

from datetime import date, datetime
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from innerback.outcomes.measures import Kind
from innerback.outcomes.models import Activity, Answer, answer_week, name_activities, this_week
from tests.innerback.outcomes.factories import ActivityFactory, PainAnswerFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def on(day: date):
    """The trainee's today is `day` (their time zone is UTC in the factories)."""
    return mock.patch(
        "django.utils.timezone.now",
        return_value=datetime(day.year, day.month, day.day, 12, tzinfo=timezone.UTC),
    )


def answers(trainee) -> list[tuple]:
    return list(
        Answer.objects.filter(trainee=trainee)
        .in_order()
        .values_list("week", "kind", "activity__name", "score")
    )


def test_answering_stores_one_row_per_item_in_the_trainees_week(trainee):
    walk, sit = name_activities(trainee=trainee, names=["Walking", "Sitting"])

    with on(date(2026, 3, 4)):
        week = answer_week(trainee=trainee, pain=4, scores={walk.pk: 6, sit.pk: 3})

    assert week == MONDAY
    assert answers(trainee) == [
        (MONDAY, "pain_week", None, 4),
        (MONDAY, "psfs", "Walking", 6),
        (MONDAY, "psfs", "Sitting", 3),
    ]


def test_answering_again_in_the_same_week_changes_the_answers_instead_of_adding(trainee):
    (walk,) = name_activities(trainee=trainee, names=["Walking"])
    with on(date(2026, 3, 2)):
        answer_week(trainee=trainee, pain=4, scores={walk.pk: 6})
    with on(date(2026, 3, 8)):
        answer_week(trainee=trainee, pain=2, scores={walk.pk: 7})

    assert answers(trainee) == [(MONDAY, "pain_week", None, 2), (MONDAY, "psfs", "Walking", 7)]


def test_the_next_week_is_a_new_answer_and_leaves_the_last_one_alone(trainee):
    with on(date(2026, 3, 8)):
        answer_week(trainee=trainee, pain=5, scores={})
    with on(date(2026, 3, 9)):
        answer_week(trainee=trainee, pain=3, scores={})

    assert answers(trainee) == [
        (MONDAY, "pain_week", None, 5),
        (date(2026, 3, 9), "pain_week", None, 3),
    ]


def test_the_week_follows_the_trainees_time_zone(trainee):
    trainee.time_zone = "Pacific/Auckland"
    trainee.save()
    # Sunday evening in UTC is already Monday morning in Auckland.
    sunday_evening_utc = datetime(2026, 3, 8, 20, tzinfo=timezone.UTC)

    with mock.patch("django.utils.timezone.now", return_value=sunday_evening_utc):
        week = answer_week(trainee=trainee, pain=3, scores={})

    assert week == date(2026, 3, 9)


def test_scores_for_someone_elses_or_a_retired_activity_are_not_stored(trainee, other_trainee):
    theirs = ActivityFactory(trainee=other_trainee)
    retired = ActivityFactory(trainee=trainee, retired_at=timezone.now())

    answer_week(trainee=trainee, pain=3, scores={theirs.pk: 9, retired.pk: 9})

    assert [kind for _, kind, _, _ in answers(trainee)] == ["pain_week"]
    assert not Answer.objects.filter(trainee=other_trainee).exists()


def test_this_week_shows_the_answers_so_far(trainee):
    walk, sit = name_activities(trainee=trainee, names=["Walking", "Sitting"])
    assert not this_week(trainee).answered

    answer_week(trainee=trainee, pain=4, scores={walk.pk: 6, sit.pk: 2})

    current = this_week(trainee)
    assert current.answered and current.pain == 4
    assert [(a.name, score) for a, score in current.rated] == [("Walking", 6), ("Sitting", 2)]


def test_keeping_a_name_keeps_its_activity_and_its_series(trainee):
    (walk,) = name_activities(trainee=trainee, names=["Walking"])
    answer_week(trainee=trainee, pain=4, scores={walk.pk: 6})

    (kept,) = name_activities(trainee=trainee, names=["Walking", "", ""])

    assert kept.pk == walk.pk


def test_renaming_an_activity_starts_a_new_series_and_keeps_the_old_scores(trainee):
    (walk,) = name_activities(trainee=trainee, names=["Walking"])
    answer_week(trainee=trainee, pain=4, scores={walk.pk: 6})

    (stairs,) = name_activities(trainee=trainee, names=["Climbing stairs"])

    walk.refresh_from_db()
    assert stairs.pk != walk.pk and stairs.position == 1
    assert walk.retired_at is not None
    assert Answer.objects.get(activity=walk).score == 6


def test_clearing_an_activity_never_scored_removes_it(trainee):
    name_activities(trainee=trainee, names=["Walking", "Sitting"])

    current = name_activities(trainee=trainee, names=["Walking", ""])

    assert [a.name for a in current] == ["Walking"]
    assert list(Activity.objects.values_list("name", flat=True)) == ["Walking"]


def test_more_than_three_activities_are_refused(trainee):
    with pytest.raises(ValueError, match="At most 3"):
        name_activities(trainee=trainee, names=["a", "b", "c", "d"])

    assert not Activity.objects.exists()


@pytest.mark.parametrize("score", [-1, 11])
def test_the_database_refuses_a_score_outside_0_to_10(trainee, score):
    with pytest.raises(IntegrityError), transaction.atomic():
        PainAnswerFactory(trainee=trainee, week=MONDAY, score=score)


def test_the_database_refuses_a_second_pain_rating_for_a_week(trainee):
    PainAnswerFactory(trainee=trainee, week=MONDAY)

    with pytest.raises(IntegrityError), transaction.atomic():
        PainAnswerFactory(trainee=trainee, week=MONDAY)


def test_the_database_refuses_an_activity_on_a_pain_rating(trainee):
    activity = ActivityFactory(trainee=trainee)

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            trainee=trainee, week=MONDAY, kind=Kind.PAIN_WEEK, activity=activity, score=3
        )
