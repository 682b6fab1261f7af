"""Pain during a session and the next-morning check: what the trainee answers, when the
morning check is asked, and the flags a coach sees. No HTTP here.

Rules this module owns:

* **An answer can be changed on the day it was given** (the trainee's date), not after: a
  decision already made from it stays explained by it (`can_change`).
* **When the morning check asks**: about the latest session trained before today, from the
  morning after it, for MORNING_CHECK_DAYS days, once per session (`morning_check_due`).
* **What a pain answer touches**: the stored progress of the exercises it is about and the
  session's pain flags, in the transaction that saves it (`rate_pain`, `answer_morning`).

What pain calls for is the engine's rule (`progression.pain_call`). The app does not
diagnose; these answers only pace training.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from exercises.models import Exercise
from programs import progression
from programs.models import (
    PAIN_SCALE,
    ExerciseProgress,
    MorningCheck,
    PainFlag,
    PainRating,
    Prescription,
    SetLog,
    TrainingSession,
)
from programs.signals import tell_trainee_changed

# The morning check asks on the morning after a session and the day after that; later, the
# answer says more about the days since than about the session.
MORNING_CHECK_DAYS = 2


class AnswerClosed(Exception):
    """The answer was given on an earlier day, so it can no longer be changed."""


def can_change(given_on: date, today: date) -> bool:
    """An answer about pain can be changed on the day it was given, and not after."""
    return given_on == today


@dataclass(frozen=True)
class MorningAsk:
    """The session the morning check asks about today, the day it was trained, and the
    answer already given (changeable today only)."""

    session: TrainingSession
    day: date
    check: MorningCheck | None


def morning_check_due(trainee, today: date) -> MorningAsk | None:
    """What the morning check asks about today, if anything: the latest session with sets
    logged before today, within MORNING_CHECK_DAYS days, unless it was answered on an
    earlier day. One query."""
    latest = (
        SetLog.objects.live()
        .filter(
            trainee=trainee,
            performed_on__lt=today,
            performed_on__gte=today - timedelta(days=MORNING_CHECK_DAYS),
        )
        .select_related("session__morning_check")
        .order_by("-performed_on", "-session_id")
        .first()
    )
    if latest is None:
        return None
    session = latest.session
    check = getattr(session, "morning_check", None)
    if check is not None and not can_change(check.answered_on, today):
        return None
    return MorningAsk(session, latest.performed_on, check)


def rate_pain(
    *, trainee, session: TrainingSession, exercise: Exercise, rating: int, today: date
) -> PainRating:
    """Keep the trainee's 0–10 for `exercise` in `session`, or change the one given today;
    one given on an earlier day raises AnswerClosed and nothing changes."""
    with transaction.atomic():
        found, created = PainRating.objects.get_or_create(
            session=session,
            exercise=exercise,
            defaults={"trainee": trainee, "rating": rating, "given_on": today},
        )
        if not created:
            if not can_change(found.given_on, today):
                raise AnswerClosed
            found.rating = rating
            found.updated_at = timezone.now()
            found.save(update_fields=["rating", "updated_at"])
        ExerciseProgress.objects.refresh(trainee.pk, exercise.pk)
        sync_pain_flags(session)
        tell_trainee_changed(trainee.pk)
    return found


def answer_morning(
    *, trainee, session: TrainingSession, answer: str, pain_now: int, today: date
) -> MorningCheck:
    """Keep the morning check of `session`, or change the one answered today; one answered
    on an earlier day raises AnswerClosed. Its baseline (`pain_before`) is the trainee's
    latest morning answer given by the day the session was trained."""
    with transaction.atomic():
        trained = session_day(session)
        before = (
            MorningCheck.objects.filter(trainee=trainee, answered_on__lte=trained)
            .exclude(session=session)
            .order_by("-answered_on", "-id")
            .values_list("pain_now", flat=True)
            .first()
        )
        found, created = MorningCheck.objects.get_or_create(
            session=session,
            defaults={
                "trainee": trainee,
                "answer": answer,
                "pain_now": pain_now,
                "pain_before": before,
                "answered_on": today,
            },
        )
        if not created:
            if not can_change(found.answered_on, today):
                raise AnswerClosed
            found.answer, found.pain_now = answer, pain_now
            found.updated_at = timezone.now()
            found.save(update_fields=["answer", "pain_now", "updated_at"])
        for exercise_id in trained_exercises(session):
            ExerciseProgress.objects.refresh(trainee.pk, exercise_id)
        sync_pain_flags(session)
        tell_trainee_changed(trainee.pk)
    return found


def session_day(session: TrainingSession) -> date:
    """The day a session was trained: its sets' day, or its scheduled day before any."""
    days = SetLog.objects.live().filter(session=session).values_list("performed_on", flat=True)
    return min(days, default=session.scheduled_on)


def trained_exercises(session: TrainingSession) -> set[int]:
    return set(SetLog.objects.live().filter(session=session).values_list("exercise_id", flat=True))


def sync_pain_flags(session: TrainingSession) -> None:
    """Flag, for the coach, each exercise of the session whose pain calls for a step back
    (`progression.pain_call`), and unflag the ones that no longer do: the exercises rated
    during it, and with a morning answer, every exercise trained in it."""
    ratings = dict(PainRating.objects.filter(session=session).values_list("exercise_id", "rating"))
    check = MorningCheck.objects.filter(session=session).first()
    exercises = set(ratings) | (trained_exercises(session) if check is not None else set())
    day = session_day(session)
    flagged = set()
    for exercise_id in sorted(exercises):
        verdict = progression.pain_call(
            day=day,
            during=ratings.get(exercise_id),
            morning=check.answer if check else None,
            morning_pain=check.pain_now if check else None,
            pain_before=check.pain_before if check else None,
        )
        if verdict.call == progression.PAIN_STEP_BACK:
            flagged.add(exercise_id)
            PainFlag.objects.update_or_create(
                session=session,
                exercise_id=exercise_id,
                defaults={"trainee_id": session.trainee_id, "day": day, "reason": verdict.reason},
            )
    PainFlag.objects.filter(session=session).exclude(exercise_id__in=flagged).delete()


def ratings_of(session: TrainingSession) -> dict[int, PainRating]:
    """The session's pain ratings by exercise id (one query)."""
    return {rating.exercise_id: rating for rating in PainRating.objects.filter(session=session)}


@dataclass
class PainControl:
    """One exercise's pain rating on a session page: the rating given, if any, whether it
    can still be given or changed today, and a message beside it after a refused tap."""

    session_id: int
    key: int  # the prescription's id, as the exercise's block is keyed
    exercise_name: str
    rating: int | None
    given_on: date | None
    changeable: bool
    error: str = ""

    @property
    def anchor(self) -> str:
        return f"ex-{self.key}-pain"

    @property
    def scale(self) -> range:
        return range(PAIN_SCALE[0], PAIN_SCALE[1] + 1)

    @classmethod
    def of(
        cls,
        session: TrainingSession,
        prescription: Prescription,
        rating: PainRating | None,
        today: date,
    ) -> "PainControl":
        """The control for `prescription` (its exercise loaded) in `session`."""
        return cls(
            session_id=session.pk,
            key=prescription.pk,
            exercise_name=prescription.exercise.name,
            rating=rating.rating if rating else None,
            given_on=rating.given_on if rating else None,
            changeable=rating is None or can_change(rating.given_on, today),
        )
