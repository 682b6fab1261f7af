"""The periodic work: which daily mail is due now, and the scheduler's tick that enqueues it.

The scheduler (`manage.py run_scheduler`) ticks each minute; a tick claims the current
quarter-hour slot (`ScheduledRun`) and enqueues that slot's work once, whichever scheduler
claims it. Quarter hours, so that time zones half or three quarters of an hour off UTC get
their mail at the hour they chose.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.tasks import Task, task
from django.utils import timezone

from innerback.accounts.models import User
from programs.models import Enrolment, TrainingSession

from . import rules
from .models import Kind, Preferences, ScheduledRun, SentMail
from .tasks import send_digest, send_reminder

SLOT = timedelta(minutes=15)
# Claimed slots are kept two days: long enough to refuse a late second scheduler. A mail's
# key matters only until its cause is past (a day, and a comment held by quiet hours):
# kept a week, they keep the table small.
KEEP_RUNS = timedelta(days=2)
KEEP_SENT = timedelta(days=7)


def slot_of(moment: datetime) -> datetime:
    """The start of the quarter hour `moment` falls in."""
    moment = moment.astimezone(UTC)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def tick(now: datetime) -> bool:
    """Enqueue the work of `now`'s slot unless a scheduler already did; True when this one
    did."""
    slot = slot_of(now)
    if not ScheduledRun.claim(slot):
        return False
    send_due_mail.enqueue(slot.isoformat())
    ScheduledRun.objects.filter(slot__lt=slot - KEEP_RUNS).delete()
    SentMail.objects.filter(at__lt=slot - KEEP_SENT).delete()
    return True


def _is_due(preferences: Preferences, kind: Kind, local_now: datetime) -> bool:
    return preferences.wants(kind) and rules.due(
        local_now, preferences.hour_of(kind), *preferences.quiet()
    )


def due_mail(now: datetime) -> Iterator[tuple[Task, list]]:
    """Each digest and reminder due at `now` and not yet settled, as (task, arguments).

    A digest is due for a coach who wants it from their chosen hour to the end of their
    day, outside quiet hours; a reminder likewise for a trainee whose plan has a session
    not yet done on their local date. A handful of queries, however many people.
    """
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_coach=True) | Exists(Enrolment.objects.current().filter(trainee=OuterRef("pk")))
        )
        .select_related("notification_preferences")
    )
    digests: dict[str, tuple[Task, list]] = {}
    reminders: dict[tuple[int, str], str] = {}
    for person in people:
        preferences = Preferences.of(person)
        local_now = timezone.localtime(now, person.zone)
        day = local_now.date().isoformat()
        if person.is_coach and _is_due(preferences, Kind.DIGEST, local_now):
            digests[SentMail.key_for(Kind.DIGEST, person.pk, day)] = (
                send_digest,
                [person.pk, day],
            )
        if _is_due(preferences, Kind.REMINDER, local_now):
            reminders[(person.pk, day)] = SentMail.key_for(Kind.REMINDER, person.pk, day)

    training = {
        (pk, day.isoformat())
        for pk, day in TrainingSession.objects.filter(
            trainee__in={pk for pk, _ in reminders},
            scheduled_on__in={day for _, day in reminders},
            completed_at__isnull=True,
            enrolment__ended_at__isnull=True,
        ).values_list("trainee_id", "scheduled_on")
    }
    due = dict(digests)
    for (pk, day), key in reminders.items():
        if (pk, day) in training:
            due[key] = (send_reminder, [pk, day])
    settled = set(SentMail.objects.filter(key__in=list(due)).values_list("key", flat=True))
    for key, work in due.items():
        if key not in settled:
            yield work


@task
def send_due_mail(at: str) -> int:
    """Enqueue every digest and reminder due at the moment `at` (a scheduler's slot)."""
    queued = 0
    for work, args in due_mail(datetime.fromisoformat(at)):
        work.enqueue(*args)
        queued += 1
    return queued
