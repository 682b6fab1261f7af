"""The weekly outcome answers: one row per answered item, as the outcomes CSV has them.

A week is the trainee's own Monday-to-Sunday week in their time zone
(`programs.planning.calendar.week_start` of `User.local_today()`). Answers belong to the week
they were given in and can be changed until it ends; earlier weeks stay as they were.

PSFS activities are named once and can be changed later. A new name starts a **new series**:
the old activity is retired with its scores kept under its own name, because a score for
"carrying the shopping" says nothing about "sitting through a film", and a PSFS change is
only ever read within one activity. A retired activity with no scores is simply removed.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from innerback.accounts.models import User
from programs.once import locked
from programs.planning.calendar import week_start

from .limits import ACTIVITY_NAME_LENGTH
from .measures import ACTIVITIES, HIGHEST, LOWEST, Kind


class ActivityQuerySet(models.QuerySet["Activity"]):
    def current(self) -> "ActivityQuerySet":
        """The activities the trainee rates now, in the order they named them."""
        return self.filter(retired_at__isnull=True).order_by("position", "pk")


class Activity(models.Model):
    """An everyday activity a trainee named for the PSFS, rated 0–10 each week."""

    trainee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="psfs_activities")
    name = models.CharField(max_length=ACTIVITY_NAME_LENGTH)
    position = models.PositiveSmallIntegerField()  # its place among the current ones, 1–3
    named_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["trainee", "position"], name="activity_trainee_position")]

    def __str__(self) -> str:
        return self.name


class AnswerQuerySet(models.QuerySet["Answer"]):
    def in_order(self) -> "AnswerQuerySet":
        """By week; within a week the pain rating first, then the activities in order."""
        return self.order_by(
            "week", "trainee_id", "kind", "activity__position", "activity_id", "pk"
        )


class Answer(models.Model):
    """One answered item of one week: the week's average pain, or one activity's score."""

    trainee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="outcome_answers")
    week = models.DateField(help_text="The Monday of the trainee's week.")
    kind = models.CharField(max_length=9, choices=[(kind.value, kind.value) for kind in Kind])
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    score = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)  # the latest change

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=LOWEST, score__lte=HIGHEST), name="answer_score_0_to_10"
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.PAIN_WEEK.value, activity__isnull=True)
                | Q(kind=Kind.PSFS.value, activity__isnull=False),
                name="answer_activity_only_for_psfs",
            ),
            models.UniqueConstraint(
                fields=["trainee", "week"],
                condition=Q(kind=Kind.PAIN_WEEK.value),
                name="answer_one_pain_rating_a_week",
            ),
            models.UniqueConstraint(
                fields=["activity", "week"],
                condition=Q(activity__isnull=False),
                name="answer_one_score_per_activity_a_week",
            ),
        ]
        indexes = [models.Index(fields=["trainee", "week"], name="answer_trainee_week")]

    def __str__(self) -> str:
        item = self.activity.name if self.activity_id else "back pain"
        return f"Week of {self.week}: {item} {self.score}"


@dataclass
class ThisWeek:
    """A trainee's check-in for their current week: what they rate, and what they have
    answered so far (nothing yet, or answers they may still change)."""

    week: date
    activities: list[Activity]
    pain: int | None = None
    scores: dict[int, int] = field(default_factory=dict)  # by activity id

    @property
    def answered(self) -> bool:
        return self.pain is not None

    @property
    def rated(self) -> list[tuple[Activity, int | None]]:
        return [(activity, self.scores.get(activity.pk)) for activity in self.activities]


def this_week(trainee: User) -> ThisWeek:
    """The trainee's current week and its answers so far. Two queries."""
    week = week_start(trainee.local_today())
    found = ThisWeek(week, list(Activity.objects.filter(trainee=trainee).current()))
    for kind, activity_id, score in Answer.objects.filter(trainee=trainee, week=week).values_list(
        "kind", "activity_id", "score"
    ):
        if kind == Kind.PAIN_WEEK:
            found.pain = score
        else:
            found.scores[activity_id] = score
    return found


@transaction.atomic
def answer_week(*, trainee: User, pain: int, scores: Mapping[int, int]) -> date:
    """Store the trainee's answers for their current week, replacing any they gave earlier
    in the same week, and give back the week. `scores` maps activity ids to 0–10; only the
    trainee's current activities are read from it. A form sent twice stores the same rows."""
    locked(trainee)  # two submissions of the same week write one after the other
    week = week_start(trainee.local_today())
    now = timezone.now()
    Answer.objects.update_or_create(
        trainee=trainee,
        week=week,
        kind=Kind.PAIN_WEEK,
        defaults={"score": pain, "answered_at": now},
    )
    for activity in Activity.objects.filter(trainee=trainee, pk__in=list(scores)).current():
        Answer.objects.update_or_create(
            trainee=trainee,
            week=week,
            kind=Kind.PSFS,
            activity=activity,
            defaults={"score": scores[activity.pk], "answered_at": now},
        )
    return week


@transaction.atomic
def name_activities(*, trainee: User, names: Sequence[str]) -> list[Activity]:
    """Set the trainee's PSFS activities to `names` (up to ACTIVITIES, in order; a blank
    leaves that place empty) and give back the current ones.

    Each place keeps its activity while the name stays the same. A changed name retires the
    activity there and starts a new series; clearing a place retires its activity. A retired
    activity never scored is deleted, since there is no history to keep."""
    if len(names) > ACTIVITIES:
        raise ValueError(f"At most {ACTIVITIES} activities, not {len(names)}.")
    locked(trainee)
    now = timezone.now()
    by_position = {a.position: a for a in Activity.objects.filter(trainee=trainee).current()}
    for position in range(1, ACTIVITIES + 1):
        name = names[position - 1].strip() if position <= len(names) else ""
        existing = by_position.get(position)
        if existing is not None and existing.name == name:
            continue
        if existing is not None:
            if existing.answers.exists():
                existing.retired_at = now
                existing.save(update_fields=["retired_at"])
            else:
                existing.delete()
        if name:
            Activity.objects.create(trainee=trainee, name=name, position=position, named_at=now)
    return list(Activity.objects.filter(trainee=trainee).current())
