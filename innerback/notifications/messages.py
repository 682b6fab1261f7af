"""What each notification says: each builder returns the mail, or None when there is
nothing to say (no new flags, no session left to do that day)."""

from datetime import date

from django.urls import reverse

from innerback.inbox.models import Flag
from programs.models import Prescription, SessionComment
from programs.planning.calendar import session_for_day
from programs.templatetags.dates import day as day_text

from . import rules
from .mail import absolute, compose
from .models import Kind, Preferences


def digest(coach, day: date):
    """The flags raised for the coach since the previous day's digest, one line each."""
    start, end = rules.digest_span(day, Preferences.of(coach).digest_hour, coach.zone)
    flags = list(Flag.objects.raised_between(coach, start, end).select_related("client"))
    if not flags:
        return None
    rows = [
        {
            "client": flag.client,
            "kind": flag.get_kind_display(),
            "summary": flag.summary,
            "url": absolute(flag.link),
        }
        for flag in flags
    ]
    count = len(flags)
    return compose(
        kind=Kind.DIGEST,
        user=coach,
        subject=f"innerback: {count} new flag{'s' if count != 1 else ''} in your inbox",
        template="digest",
        context={"flags": rows, "day": day},
    )


def reminder(trainee, day: date):
    """Today's planned session, with its exercises, unless it is done already."""
    session = session_for_day(trainee=trainee, day=day)
    if session is None or session.completed_at is not None:
        return None
    exercises = [
        prescription.exercise.name
        for prescription in Prescription.objects.filter(day=session.program_day)
        .select_related("exercise")
        .order_by("position")
    ]
    return compose(
        kind=Kind.REMINDER,
        user=trainee,
        subject=f"innerback: training today, {day_text(day)}",
        template="reminder",
        context={
            "session": session,
            "exercises": exercises,
            "day": day,
            "url": absolute(reverse("programs:session", args=[session.pk])),
        },
    )


def comment_notice(comment: SessionComment):
    """The coach's comment in full, with a link to the session it is about; none once the
    trainee has read it in the app."""
    if comment.read_at is not None:
        return None
    session = comment.session
    return compose(
        kind=Kind.COMMENT,
        user=session.trainee,
        subject=f"innerback: {comment.author or 'Your coach'} commented on your session",
        template="comment",
        context={
            "comment": comment,
            "session": session,
            "url": absolute(reverse("programs:session", args=[session.pk])),
        },
    )
