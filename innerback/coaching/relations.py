"""Coaching: invitations, the coach–client relationship, and who may see what.

Permissions live here and nowhere else. A coach reaches a client only through `client_for`,
which answers 404 unless a *current* coaching links the two, so a stranger, another coach or a
former coach cannot tell a client exists. Views for coaches carry `@coach_required`.

Invitation rules: an invitation is single-use and expires; the coach can revoke it while it is
open. A trainee has at most one coach at a time, so accepting while coached is refused with an
explanation (the trainee ends the current coaching first). Either side can end a coaching;
the client's program, logs and comments stay with the client.

A coach writes at most `limits.COMMENTS_PER_HOUR` comments and `limits.INVITATIONS_PER_HOUR`
invitations in any hour (`LimitReached`), counted from the stored rows.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from exercises.models import Exercise
from innerback.accounts.models import User
from innerback.notifications.tasks import notify_comment
from programs import once
from programs.models import (
    GateOverride,
    PrescriptionAdjustment,
    SessionComment,
    TrainingSession,
)

from .limits import COMMENTS_PER_HOUR, INVITATIONS_PER_HOUR, RATE_WINDOW
from .models import Coaching, Invitation, new_invite_code

NOT_COACH_TEMPLATE = "innerback/coach/not_coach.html"


class CoachingError(Exception):
    """A coaching action that the rules refuse; the message is written for the person."""


class LimitReached(CoachingError):
    """The coach has written as many of these as an hour allows; the message says when the
    next one can go."""


def _check_hourly_limit(coach: User, written: QuerySet, limit: int, what: str) -> None:
    """Refuse the next of `written` (the coach's rows of one kind, by `created_at`) when the
    last hour holds `limit` of them. Call with the coach locked (`once.locked`), inside the
    transaction that writes the row: simultaneous posts by one coach are then counted one
    after another and cannot pass the limit together."""
    now = timezone.now()
    recent = written.filter(created_at__gt=now - RATE_WINDOW).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    if recent["count"] >= limit:
        wait = recent["oldest"] + RATE_WINDOW - now
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        raise LimitReached(
            f"You have sent {limit} {what} in the last hour, the most an hour allows. "
            f"You can send the next one in {minutes} minute{'s' if minutes != 1 else ''}."
        )


# --- permissions -----------------------------------------------------------------------------


def coach_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in coaches only. Anyone else signed in gets a friendly 403 page that offers to
    turn coaching on in their account settings; anonymous visitors are sent to log in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_coach:
            return TemplateResponse(request, NOT_COACH_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def coaching_for(coach: User, client_id: int) -> Coaching:
    """The current coaching of `client_id` by `coach`, with the client, or 404 for everyone
    else."""
    try:
        client_id = int(client_id)
    except (ValueError, TypeError) as error:
        raise Http404("No such client.") from error
    current = (
        Coaching.objects.current()
        .select_related("client")
        # client__pk, not client_id: Django finds nothing for an id out of the database's
        # integer range on a primary key, where a raw foreign-key column overflows (a 500).
        .filter(coach=coach, client__pk=client_id)
        .first()
    )
    if current is None:
        raise Http404("No such client.")
    return current


def client_for(coach: User, client_id: int) -> User:
    """The client `client_id` of `coach`, or 404 unless they are a current client."""
    return coaching_for(coach, client_id).client


def current_coaching(trainee: User) -> Coaching | None:
    """The trainee's one current coaching, with the coach, if they have a coach."""
    return Coaching.objects.current().select_related("coach").filter(client=trainee).first()


# --- invitations -----------------------------------------------------------------------------


@transaction.atomic
def create_invitation(
    *, coach: User, note: str = "", client_token: uuid.UUID | None = None
) -> Invitation:
    """A fresh invitation from `coach`, up to INVITATIONS_PER_HOUR; the same form sent again
    gives back the first one (the coach is locked, so the check and the insert are one step).
    Codes are random; a clash just draws another one."""
    if not coach.is_coach:
        raise CoachingError("Turn on coaching in your account settings to invite clients.")
    once.locked(coach)
    earlier = once.earlier(Invitation.objects.filter(coach=coach), client_token)
    if earlier is not None:
        return earlier
    _check_hourly_limit(
        coach, Invitation.objects.filter(coach=coach), INVITATIONS_PER_HOUR, "invitations"
    )
    for _ in range(5):
        try:
            with transaction.atomic():
                return Invitation.objects.create(
                    coach=coach, note=note, code=new_invite_code(), client_token=client_token
                )
        except IntegrityError:
            continue
    raise CoachingError("Could not make a new code just now; please try again.")


def normalise_code(code: str) -> str:
    """Codes are read out and typed on phones: ignore case, spaces and dashes."""
    return re.sub(r"[\s-]", "", code or "").upper()


def invitation_by_code(code: str) -> Invitation | None:
    code = normalise_code(code)
    if not code:
        return None
    return Invitation.objects.select_related("coach").filter(code=code).first()


def open_invitations(coach: User):
    """The coach's invitations that can still be accepted, newest first."""
    return Invitation.objects.filter(
        coach=coach,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def invitation_problem(
    invitation: Invitation, trainee: User, now: datetime | None = None
) -> str | None:
    """Why `trainee` cannot accept `invitation` right now, or None if they can.

    Answers without writing, so the invite page can explain before anyone presses a button.
    """
    now = now or timezone.now()
    if invitation.revoked_at is not None:
        return f"{invitation.coach} withdrew this invitation. Ask them for a new one."
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == trainee.pk:
            return "You already accepted this invitation."
        return "This invitation has already been used. Ask your coach for a new one."
    if invitation.expires_at <= now:
        return "This invitation has expired. Ask your coach for a new one."
    if invitation.coach_id == trainee.pk:
        return "This is your own invitation: share the link or code with the person you coach."
    coaching = current_coaching(trainee)
    if coaching is not None:
        if coaching.coach_id == invitation.coach_id:
            return f"{coaching.coach} is already your coach."
        return (
            f"You are coached by {coaching.coach}. You can have one coach at a time: end that "
            "coaching first, then accept this invitation."
        )
    return None


def accept_invitation(*, invitation: Invitation, trainee: User) -> Coaching:
    """`trainee` becomes a client of the invitation's coach; the invitation is used up.

    The claim on the invitation is a conditional update, so two people (or one double tap)
    racing for one code get one coaching between them; the one-current-coach constraint does
    the same for a trainee accepting two invitations at once.
    """
    now = timezone.now()
    problem = invitation_problem(invitation, trainee, now)
    if problem:
        raise CoachingError(problem)
    try:
        with transaction.atomic():
            claimed = Invitation.objects.filter(
                pk=invitation.pk,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=now,
            ).update(accepted_by=trainee, accepted_at=now)
            if not claimed:
                raise CoachingError("This invitation has already been used or withdrawn.")
            coaching = Coaching.objects.create(
                coach=invitation.coach, client=trainee, started_at=now
            )
    except IntegrityError as error:
        raise CoachingError(
            "You already have a coach: end that coaching first, then accept this invitation."
        ) from error
    invitation.accepted_by, invitation.accepted_at = trainee, now
    return coaching


def revoke_invitation(*, invitation: Invitation) -> None:
    """Withdraw an open invitation; a used or already withdrawn one stays as it is."""
    if invitation.accepted_at is not None:
        raise CoachingError("This invitation was already accepted; end the coaching instead.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def end_coaching(*, coaching: Coaching, by: User) -> None:
    """End a coaching, by the coach or the client. The client keeps their program and logs;
    the coach loses access to them at once."""
    if by.pk not in (coaching.coach_id, coaching.client_id):
        raise CoachingError("Only the coach or the client can end this coaching.")
    if coaching.ended_at is None:
        coaching.ended_at = timezone.now()
        coaching.ended_by = by
        coaching.save(update_fields=["ended_at", "ended_by"])


# --- comments, overrides ---------------------------------------------------------------------


def comments_to_show(trainee: User, session: TrainingSession | None = None) -> list[SessionComment]:
    """Coach comments for the trainee to read; showing them writes nothing.

    Without a session: every unread comment (the dashboard's banner). With a session: every
    comment on that session, read or not, so the session page keeps the conversation. A
    comment stays new (`is_new`) until the trainee marks it read (`comment_read`, a POST).
    """
    comments = SessionComment.objects.filter(session__trainee=trainee).select_related(
        "author", "session"
    )
    if session is None:
        comments = comments.filter(read_at__isnull=True)
    else:
        comments = comments.filter(session=session)
    shown = list(comments.order_by("created_at", "id")[:50])
    for comment in shown:
        comment.is_new = comment.read_at is None
    return shown


def comment_for(trainee: User, comment_id: int) -> SessionComment:
    """A coach comment on one of `trainee`'s own sessions, or 404 for anyone else's."""
    return get_object_or_404(
        SessionComment.objects.select_related("author", "session"),
        pk=comment_id,
        session__trainee=trainee,
    )


@transaction.atomic
def add_comment(
    *, coach: User, session: TrainingSession, body: str, client_token: uuid.UUID | None = None
) -> SessionComment:
    """The coach's comment on a session, up to COMMENTS_PER_HOUR; the same form sent again
    gives back the first. The coach is locked: their comments are written one at a time."""
    once.locked(coach)
    earlier = once.earlier(session.comments.all(), client_token)
    if earlier is not None:
        return earlier
    _check_hourly_limit(
        coach, SessionComment.objects.filter(author=coach), COMMENTS_PER_HOUR, "comments"
    )
    comment = SessionComment.objects.create(
        session=session, author=coach, body=body, client_token=client_token
    )
    notify_comment(comment)
    return comment


@transaction.atomic
def grant_override(*, coach: User, trainee: User, exercise: Exercise, reason: str) -> GateOverride:
    """Unlock `exercise` for `trainee`, with the coach's reason. An exercise unlocked already
    stays unlocked by the unlock it has (one live unlock each, `one_live_override`): granting
    it again, or twice at once, gives that one back."""
    once.locked(trainee)
    live = GateOverride.objects.filter(
        trainee=trainee, exercise=exercise, revoked_at__isnull=True
    ).first()
    if live is not None:
        return live
    return GateOverride.objects.create(
        trainee=trainee, exercise=exercise, granted_by=coach, reason=reason
    )


def save_adjustment(*, adjustment: PrescriptionAdjustment, coach: User) -> None:
    """Store the coach's change to one prescription for one client: a new one, or over the
    one there is (one per prescription and enrolment). One statement that inserts or
    updates, so the same form sent twice at once stores one adjustment."""
    adjustment.created_by, adjustment.created_at = coach, timezone.now()
    # Inserted or, on the unique pair, updated: the row keeps its first id.
    adjustment.pk = None
    PrescriptionAdjustment.objects.bulk_create(
        [adjustment],
        update_conflicts=True,
        unique_fields=["enrolment", "prescription"],
        update_fields=[
            field.name
            for field in PrescriptionAdjustment._meta.concrete_fields
            if field.name not in ("id", "enrolment", "prescription")
        ],
    )


def revoke_override(*, override: GateOverride) -> None:
    """Take back an unlock; the record stays, with when it was revoked."""
    if override.revoked_at is None:
        override.revoked_at = timezone.now()
        override.save(update_fields=["revoked_at"])
