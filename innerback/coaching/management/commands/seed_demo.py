"""Create the demo coach and trainee; running it again changes nothing.

The trainee is the coach's client, on the starter program the coach assigned about four weeks
ago (Monday, Wednesday, Friday), with those weeks logged the way the app would log them: the
engine decides every target (loads, holds, locks) and each set is stored beside it. One
Wednesday was missed; foundational work was done cleanly, so the bird-dog gate opened and the
standing row unlocked; in the latest row session one set missed a form check and the next
set was prescribed, and done, at a lower load. The coach left one comment on that session.

Pain was rated for each exercise (mostly 0–2 out of 10) and the morning check answered after
every session but the latest, which the dashboard still asks about. Once, in the third week,
a loaded exercise hurt (6/10): the engine stepped its next session back one load step, and
the coach's client page lists the flag.

Two more clients give the coach's inbox one flag of each kind, from data of their own and
the inbox's refresh (`refresh_inbox`), never by writing flags: Quinn trained the first week
of the starter program three weeks ago and has been quiet since (adherence dropped, nothing
logged, gates still locked); Sam came over from another coach, who had unlocked the standing
row for him, and in his two latest sessions failed a form check on the bird-dog and reported
pain of 7/10 in the last.

The trainee named three everyday activities and answered the weekly check-in in each of
those weeks, back pain easing and the activities getting easier; this week's is left for
them to answer, so the dashboard asks.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from exercises.models import Exercise, Kind, tempo_eccentric_seconds
from innerback.accounts.models import User
from innerback.coaching.models import Coaching
from innerback.coaching.relations import add_comment, grant_override
from innerback.outcomes.measures import Kind as AnswerKind
from innerback.outcomes.models import Activity, Answer, name_activities
from programs import engine
from programs.models import (
    Enrolment,
    ExerciseProgress,
    Program,
    SessionComment,
    SetLog,
    TrainingSession,
)
from programs.planning import calendar
from programs.training.pain import answer_morning, rate_pain

DEMO_PASSWORD = "innerback-demo"
DEMO_COACH = ("coach@example.com", "Demo Coach")
DEMO_TRAINEE = ("trainee@example.com", "Demo Trainee")
STARTER_SLUG = "inner-back-foundations"
WEEKS_OF_HISTORY = 4
# The one painful rating of the demo history: enough for the engine to step back.
STEP_BACK_PAIN = 6
FAILED_CHECK = "Torso stayed still — no rotation or shift"
COMMENT = (
    "Good call on set 3 of the rows: the torso turned on set 2, and dropping the load kept "
    "the pattern clean. Stay there next time until all three sets feel just as still."
)

# The inbox's demo clients (no logins of their own) and Sam's former coach.
QUIET_CLIENT = ("quinn@example.com", "Quinn (demo client)")
SORE_CLIENT = ("sam@example.com", "Sam (demo client)")
FORMER_COACH = ("former.coach@example.com", "Former Coach (demo)")
UNLOCKED_BY_FORMER_COACH = "standing-dumbbell-row"
SORE_PAIN = 7
FAILING_FORM = "bird-dog"

DEMO_ACTIVITIES = ("Sitting through a working day", "Carrying the shopping", "Walking for 30 min")
# One check-in a week, oldest first, up to last week: (back pain, each activity's score).
DEMO_CHECK_INS = (
    (6, (4, 3, 5)),
    (5, (5, 3, 6)),
    (5, (5, 4, 6)),
    (3, (7, 5, 8)),
)


def ensure_user(email: str, name: str, *, is_coach: bool) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "is_coach": is_coach}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def ensure_enrolment(trainee: User, coach: User, *, start: date | None = None) -> Enrolment:
    """The starter program, assigned by the coach from `start`, by default the Monday four
    weeks back."""
    existing = Enrolment.objects.filter(trainee=trainee).order_by("-created_at").first()
    if existing is not None:
        return existing
    program = Program.objects.filter(slug=STARTER_SLUG).first()
    if program is None:
        raise CommandError(
            f"The starter program {STARTER_SLUG!r} is missing: run `manage.py migrate` first."
        )
    if start is None:
        start = calendar.week_start(trainee.local_today()) - timedelta(weeks=WEEKS_OF_HISTORY)
    return calendar.enrol(
        trainee=trainee,
        program=program,
        start_date=start,
        training_days=[0, 2, 4],
        assigned_by=coach,
    )


def _missed(session: TrainingSession, start: date) -> bool:
    # One skipped Wednesday in the second week makes the adherence figures honest.
    return session.scheduled_on == start + timedelta(weeks=1, days=2)


def _at(trainee: User, day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(18, 0), tzinfo=trainee.zone) + timedelta(minutes=minutes)


def log_history(trainee: User, enrolment: Enrolment) -> int:
    """Log every past session but one, in date order, through the engine's decisions; then
    replay the latest loaded exercise with a missed form check on its second set."""
    today = trainee.local_today()
    sessions = [
        s
        for s in enrolment.sessions.filter(scheduled_on__lt=today).order_by("scheduled_on")
        if not _missed(s, enrolment.start_date)
    ]
    painful_from = enrolment.start_date + timedelta(weeks=2)
    hurt = False
    for number, session in enumerate(sessions):
        items = [item for item in _plan(trainee, session) if not item.locked]
        for item in items:
            _log_item(trainee, session, item)
        session.completed_at = _at(trainee, session.scheduled_on, 60)
        session.save(update_fields=["completed_at"])
        for position, item in enumerate(items):
            rating = (number + position) % 3
            if not hurt and session.scheduled_on >= painful_from and _loaded(item):
                rating, hurt = STEP_BACK_PAIN, True
            rate_pain(
                trainee=trainee,
                session=session,
                exercise=item.exercise,
                rating=rating,
                today=session.scheduled_on,
            )
        if session is not sessions[-1]:
            answer_morning(
                trainee=trainee,
                session=session,
                answer="better" if number % 3 == 2 else "same",
                pain_now=1 + number % 2,
                today=session.scheduled_on + timedelta(days=1),
            )
    _stumble(trainee)
    return SetLog.objects.filter(trainee=trainee).count()


def _loaded(item: engine.PlannedItem) -> bool:
    return item.exercise.kind == Kind.RESISTANCE and bool(item.load)


def _plan(trainee: User, session: TrainingSession) -> list[engine.PlannedItem]:
    state = engine.trainee_state(trainee, session.scheduled_on)
    return engine.planned_items(trainee=trainee, sessions=[session], state=state)[session.pk]


def _log_item(
    trainee: User, session: TrainingSession, item: engine.PlannedItem, *, fail_set: int = 0
) -> None:
    """Log one exercise's sets as prescribed, each at the load the engine offers for it, as
    the session page does. Locked work is skipped: the trainee cannot log it."""
    if item.locked:
        return
    resistance = item.exercise.kind == Kind.RESISTANCE
    for number in range(1, item.sets + 1):
        target = item.load
        if resistance:
            target = engine.next_set_load(
                trainee=trainee, session=session, exercise=item.exercise, planned_load=item.load
            ).load
        failed = [FAILED_CHECK] if number == fail_set else []
        SetLog.objects.create(
            trainee=trainee,
            session=session,
            exercise=item.exercise,
            prescription=item.prescription,
            set_number=number,
            performed_on=session.scheduled_on,
            created_at=_at(trainee, session.scheduled_on, item.prescription.position * 8 + number),
            target_sets=item.sets,
            target_reps_min=item.reps_min,
            target_reps_max=item.reps_max,
            target_hold_s=item.hold_s,
            target_load=target,
            target_tempo=item.tempo,
            reps=None if item.exercise.is_hold else (item.reps_goal or item.reps_max),
            hold_s=item.hold_s if item.exercise.is_hold else None,
            load=target if target is not None else (Decimal("0") if resistance else None),
            unit=trainee.load_unit,
            eccentric_s=tempo_eccentric_seconds(item.tempo),
            checks_total=len(item.exercise.form_check_list),
            failed_checks=failed,
            effort_rpe=7 if resistance else None,
            note="Felt the torso twist as I pulled." if failed else "",
        )


def _stumble(trainee: User) -> None:
    """Redo the latest loaded exercise of three or more sets with set 2 missing a form check;
    the engine then lowers set 3's load, which the trainee follows."""
    latest = (
        SetLog.objects.filter(
            trainee=trainee, exercise__kind=Kind.RESISTANCE, target_sets__gte=3, load__gt=0
        )
        .select_related("session")
        .order_by("-performed_on", "prescription__position")
        .first()
    )
    if latest is None:
        return
    session = latest.session
    SetLog.objects.filter(session=session, exercise=latest.exercise).delete()
    ExerciseProgress.objects.refresh(trainee.pk, latest.exercise_id)
    item = next(i for i in _plan(trainee, session) if i.prescription.pk == latest.prescription_id)
    _log_item(trainee, session, item, fail_set=2)


def _log_sessions(
    trainee: User, enrolment: Enrolment, *, until: date, failing: tuple[int, str] = (0, "")
) -> list[TrainingSession]:
    """Log each session of `enrolment` scheduled before `until` as prescribed and mark it
    done; with `failing` (count, slug), in the last `count` sessions that exercise's first
    set misses a form check. Returns the sessions logged."""
    sessions = list(enrolment.sessions.filter(scheduled_on__lt=until).order_by("scheduled_on"))
    count, slug = failing
    for number, session in enumerate(sessions):
        late = number >= len(sessions) - count
        for item in _plan(trainee, session):
            fails = late and item.exercise.slug == slug
            _log_item(trainee, session, item, fail_set=1 if fails else 0)
        session.completed_at = _at(trainee, session.scheduled_on, 60)
        session.save(update_fields=["completed_at"])
    return sessions


def ensure_inbox_clients(coach: User) -> None:
    """Quinn and Sam, each with the history that raises their flags (see the module's
    docstring); nothing when they exist."""
    if User.objects.filter(email__in=[QUIET_CLIENT[0], SORE_CLIENT[0]]).exists():
        return
    quiet = ensure_user(*QUIET_CLIENT, is_coach=False)
    Coaching.objects.create(coach=coach, client=quiet)
    monday = calendar.week_start(quiet.local_today())
    start = monday - timedelta(weeks=3)
    enrolment = ensure_enrolment(quiet, coach, start=start)
    _log_sessions(quiet, enrolment, until=start + timedelta(weeks=1))

    sore = ensure_user(*SORE_CLIENT, is_coach=False)
    former = ensure_user(*FORMER_COACH, is_coach=True)
    earlier = Coaching.objects.create(coach=former, client=sore)
    grant_override(
        coach=former,
        trainee=sore,
        exercise=Exercise.objects.get(slug=UNLOCKED_BY_FORMER_COACH),
        reason="Cleared by his physio after an assessment.",
    )
    earlier.ended_at, earlier.ended_by = timezone.now(), sore
    earlier.save(update_fields=["ended_at", "ended_by"])
    Coaching.objects.create(coach=coach, client=sore)
    today = sore.local_today()
    enrolment = ensure_enrolment(sore, coach, start=today - timedelta(days=12))
    latest = _log_sessions(sore, enrolment, until=today, failing=(2, FAILING_FORM))[-1]
    rate_pain(
        trainee=sore,
        session=latest,
        exercise=Exercise.objects.get(slug=FAILING_FORM),
        rating=SORE_PAIN,
        today=today,
    )


def ensure_check_ins(trainee: User) -> int:
    """The demo activities and a check-in for each past week of DEMO_CHECK_INS, each given on
    the week's Sunday evening; nothing when the trainee has answered any. The answers are
    loaded as they were given then; `answer_week` only ever writes the current week."""
    if Answer.objects.filter(trainee=trainee).exists():
        return 0
    activities = name_activities(trainee=trainee, names=DEMO_ACTIVITIES)
    monday = calendar.week_start(trainee.local_today())
    first = monday - timedelta(weeks=len(DEMO_CHECK_INS))
    Activity.objects.filter(pk__in=[a.pk for a in activities]).update(
        named_at=_at(trainee, first, 0)
    )
    answers = []
    for week, (pain, scores) in zip(
        (first + timedelta(weeks=n) for n in range(len(DEMO_CHECK_INS))),
        DEMO_CHECK_INS,
        strict=True,
    ):
        given = _at(trainee, week + timedelta(days=6), 90)
        answers.append(
            Answer(
                trainee=trainee, week=week, kind=AnswerKind.PAIN_WEEK, score=pain, answered_at=given
            )
        )
        answers += [
            Answer(
                trainee=trainee,
                week=week,
                kind=AnswerKind.PSFS,
                activity=activity,
                score=score,
                answered_at=given,
            )
            for activity, score in zip(activities, scores, strict=True)
        ]
    Answer.objects.bulk_create(answers)
    return len(DEMO_CHECK_INS)


class Command(BaseCommand):
    help = "Create the demo coach and trainee (with a program and a few weeks of logs)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        coach = ensure_user(*DEMO_COACH, is_coach=True)
        trainee = ensure_user(*DEMO_TRAINEE, is_coach=False)
        if not Coaching.objects.current().filter(client=trainee).exists():
            # The coach took the trainee on a week before assigning the program.
            since = timezone.now() - timedelta(weeks=WEEKS_OF_HISTORY + 1)
            Coaching.objects.create(coach=coach, client=trainee, started_at=since)
        enrolment = ensure_enrolment(trainee, coach)
        if not SetLog.objects.filter(trainee=trainee).exists():
            sets = log_history(trainee, enrolment)
            self.stdout.write(f"Logged {sets} sets over {WEEKS_OF_HISTORY} weeks for the trainee.")
        if not SessionComment.objects.filter(session__trainee=trainee).exists():
            stumble = (
                TrainingSession.objects.filter(trainee=trainee, sets__form_ok=False)
                .order_by("-scheduled_on")
                .first()
            )
            if stumble is not None:
                add_comment(coach=coach, session=stumble, body=COMMENT)
        if weeks := ensure_check_ins(trainee):
            self.stdout.write(f"Answered {weeks} weekly check-ins for the trainee.")
        ensure_inbox_clients(coach)
        call_command("refresh_inbox", stdout=self.stdout)
        self.stdout.write(f"Demo logins (password for both: {DEMO_PASSWORD}):")
        self.stdout.write(f"  coach:   {coach.email}")
        self.stdout.write(f"  trainee: {trainee.email}")
