"""The mail as tasks for the worker (`manage.py db_worker`): requests and the scheduler
only enqueue, so none of them waits for SMTP or fails when it is down.

Each task is safe to run twice (the mail's key decides), and a send that fails is enqueued
again after a growing delay (`rules.retry_delay`), up to `rules.MAX_ATTEMPTS` attempts.
"""

import logging
import smtplib
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone

from innerback.accounts.models import User
from programs.models import SessionComment

from . import rules
from .mail import send_once
from .messages import comment_notice, digest, reminder
from .models import Kind, Preferences, SentMail

logger = logging.getLogger(__name__)


def _sending(task_: Task, args: list, attempt: int, send: Callable[[], bool]) -> str:
    """Run `send`; when the mail server fails, enqueue the task again after the back-off
    (or give up, loudly, after the last attempt)."""
    try:
        return "sent" if send() else "settled"
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= rules.MAX_ATTEMPTS:
            logger.error("%s%s: giving up after %d attempts: %r", task_.name, args, attempt, error)
            raise
        delay = rules.retry_delay(attempt)
        task_.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        logger.warning("%s%s failed (%r); again in %s", task_.name, args, error, delay)
        return f"retry in {delay}"


@task
def send_digest(coach_id: int, day: str, attempt: int = 1) -> str:
    """The coach's digest of the flags raised since the previous day's digest."""
    coach = User.objects.filter(pk=coach_id, is_active=True).first()
    if coach is None or not Preferences.of(coach).wants(Kind.DIGEST):
        return "not wanted"
    key = SentMail.key_for(Kind.DIGEST, coach_id, day)
    return _sending(
        send_digest,
        [coach_id, day],
        attempt,
        lambda: send_once(key, lambda: digest(coach, date.fromisoformat(day))),
    )


@task
def send_reminder(trainee_id: int, day: str, attempt: int = 1) -> str:
    """The trainee's reminder of the session their plan has on `day`."""
    trainee = User.objects.filter(pk=trainee_id, is_active=True).first()
    if trainee is None or not Preferences.of(trainee).wants(Kind.REMINDER):
        return "not wanted"
    key = SentMail.key_for(Kind.REMINDER, trainee_id, day)
    return _sending(
        send_reminder,
        [trainee_id, day],
        attempt,
        lambda: send_once(key, lambda: reminder(trainee, date.fromisoformat(day))),
    )


@task
def send_comment_notice(comment_id: int, attempt: int = 1) -> str:
    """The trainee's notice of their coach's comment; held until their quiet hours end."""
    comment = (
        SessionComment.objects.select_related("session__trainee", "session__program_day", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return "comment gone"
    trainee = comment.session.trainee
    preferences = Preferences.of(trainee)
    if not trainee.is_active or not preferences.wants(Kind.COMMENT):
        return "not wanted"
    local_now = timezone.localtime(timezone.now(), trainee.zone)
    send_at = rules.quiet_hours_end(local_now, *preferences.quiet())
    if send_at > local_now:
        send_comment_notice.using(run_after=send_at).enqueue(comment_id, attempt=attempt)
        return f"held until {send_at.isoformat()}"
    key = SentMail.key_for(Kind.COMMENT, comment_id)
    return _sending(
        send_comment_notice,
        [comment_id],
        attempt,
        lambda: send_once(key, lambda: comment_notice(comment)),
    )


def notify_comment(comment) -> None:
    """Once the comment is saved for good, have the worker tell the trainee about it."""
    transaction.on_commit(lambda: send_comment_notice.enqueue(comment.pk))
