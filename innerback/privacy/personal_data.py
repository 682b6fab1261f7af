"""A person's own data: everything innerback holds about them, and deleting their account.

Deleting an account removes the person and everything that is theirs: their logs, sessions,
enrolments, programs, invitations and coaching relationships. It never removes other
people's data. What a coach wrote about a client (comments, gate overrides, adjustments)
stays with the client, without the coach's name. Programs a coach wrote that other people
follow are handed over: each person who follows one (now or in the past) gets their own
copy, owned by them, and their enrolment, calendar and logs move onto that copy unchanged,
so their plan goes on as if nothing happened and they can keep editing it themselves.
"""

from collections import defaultdict
from datetime import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from innerback.accounts.models import User
from innerback.api.models import PersonalAccessToken
from innerback.coaching.models import Coaching, Invitation
from innerback.notifications.models import Preferences
from innerback.outcomes.models import Activity, Answer
from programs.imports.models import Import, ImportedSet
from programs.models import (
    Enrolment,
    GateOverride,
    MorningCheck,
    PainFlag,
    PainRating,
    Prescription,
    PrescriptionAdjustment,
    Program,
    ProgramDay,
    ProgramWeek,
    SessionComment,
    SetLog,
    TrainingSession,
)


def _name(person: User | None) -> str | None:
    return person.display_name if person is not None else None


def _program_tree(programs) -> list[dict[str, Any]]:
    return [
        {
            "id": program.pk,
            "name": program.name,
            "description": program.description,
            "created_at": program.created_at,
            "updated_at": program.updated_at,
            "weeks": [
                {
                    "number": week.number,
                    "focus": week.focus,
                    "days": [
                        {
                            "position": day.position,
                            "title": day.title,
                            "prescriptions": [
                                {
                                    "exercise": item.exercise.name,
                                    "sets": item.sets,
                                    "reps_min": item.reps_min,
                                    "reps_max": item.reps_max,
                                    "hold_s": item.hold_s,
                                    "tempo": item.tempo,
                                    "start_load_kg": item.start_load_kg,
                                    "rest_s": item.rest_s,
                                    "notes": item.notes,
                                }
                                for item in day.prescriptions.all()
                            ],
                        }
                        for day in week.days.all()
                    ],
                }
                for week in program.weeks.all()
            ],
        }
        for program in programs
    ]


class _Clients:
    """What a person's download says of the people they coach or coached.

    Someone they no longer coach is theirs only for the time of the coaching: the download
    calls them "Former client 1", "Former client 2"… (in the order the coachings began; the
    name they go by now is not the coach's to keep) and leaves out what happened after the
    coaching ended (their reading a comment, an unlock being revoked). The person's own
    records keep their own name and times.
    """

    def __init__(self, user: User, coachings: list[Coaching]) -> None:
        self.user = user
        mine = sorted((c for c in coachings if c.coach_id == user.pk), key=lambda c: c.started_at)
        self.periods: dict[int, list[Coaching]] = defaultdict(list)
        for coaching in mine:
            self.periods[coaching.client_id].append(coaching)
        self.names = {c.client_id: c.client.display_name for c in mine if c.ended_at is None}
        former = 0
        for coaching in mine:
            if coaching.client_id not in self.names:
                former += 1
                self.names[coaching.client_id] = f"Former client {former}"

    def name(self, person: User | None) -> str | None:
        if person is None:
            return None
        if person.pk == self.user.pk:
            return person.display_name
        return self.names.get(person.pk, "Former client")

    def during_coaching(self, person: User, moment: datetime | None) -> datetime | None:
        """`moment`, if it is the person's own or fell while they were coached; else None."""
        if moment is None or person.pk == self.user.pk:
            return moment
        for coaching in self.periods.get(person.pk, []):
            if coaching.started_at <= moment and (
                coaching.ended_at is None or moment <= coaching.ended_at
            ):
                return moment
        return None


def personal_data(user: User) -> dict[str, Any]:
    """Everything innerback stores about `user`, as plain values ready for JSON.

    Reads a fixed number of queries however long the person's history is.
    """
    enrolments = Enrolment.objects.filter(trainee=user).select_related("program", "assigned_by")
    sessions = TrainingSession.objects.filter(trainee=user).select_related("program_day__week")
    sets = SetLog.objects.filter(trainee=user).select_related("exercise").order_by("pk")
    pain_ratings = list(
        PainRating.objects.filter(trainee=user).select_related("exercise").order_by("pk")
    )
    pain_of = {(r.session_id, r.exercise_id): r.rating for r in pain_ratings}
    morning_checks = MorningCheck.objects.filter(trainee=user).order_by("pk")
    pain_flags = PainFlag.objects.filter(trainee=user).select_related("exercise").order_by("pk")
    coachings = Coaching.objects.filter(Q(coach=user) | Q(client=user)).select_related(
        "coach", "client"
    )
    comments = SessionComment.objects.filter(
        Q(session__trainee=user) | Q(author=user)
    ).select_related("author", "session__trainee")
    overrides = GateOverride.objects.filter(Q(trainee=user) | Q(granted_by=user)).select_related(
        "exercise", "granted_by", "trainee"
    )
    adjustments = PrescriptionAdjustment.objects.filter(
        Q(enrolment__trainee=user) | Q(created_by=user)
    ).select_related("prescription__exercise", "created_by", "enrolment__trainee")
    invitations = Invitation.objects.filter(coach=user).select_related("accepted_by")
    activities = Activity.objects.filter(trainee=user).order_by("pk")
    answers = Answer.objects.filter(trainee=user).select_related("activity").in_order()
    coachings = list(coachings)
    clients = _Clients(user, coachings)
    programs = Program.objects.filter(owner=user).prefetch_related(
        Prefetch("weeks", queryset=ProgramWeek.objects.order_by("number")),
        Prefetch("weeks__days", queryset=ProgramDay.objects.order_by("position")),
        Prefetch(
            "weeks__days__prescriptions",
            queryset=Prescription.objects.select_related("exercise").order_by("position", "pk"),
        ),
    )
    mail = Preferences.of(user)
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "is_coach": user.is_coach,
            "time_zone": user.time_zone,
            "load_unit": user.load_unit,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "mail_preferences": {
            "digest": mail.digest,
            "digest_hour": mail.digest_hour,
            "reminder": mail.reminder,
            "reminder_hour": mail.reminder_hour,
            "comment": mail.comment,
            "quiet_start": mail.quiet_start,
            "quiet_end": mail.quiet_end,
        },
        "enrolments": [
            {
                "id": enrolment.pk,
                "program": enrolment.program.name,
                "program_id": enrolment.program_id,
                "start_date": enrolment.start_date,
                "training_days": enrolment.training_days,
                "paused_on": enrolment.paused_on,
                "assigned_by": _name(enrolment.assigned_by),
                "created_at": enrolment.created_at,
                "ended_at": enrolment.ended_at,
            }
            for enrolment in enrolments
        ],
        "sessions": [
            {
                "id": session.pk,
                "enrolment_id": session.enrolment_id,
                "week": session.program_day.week.number,
                "day": session.program_day.position,
                "day_title": session.program_day.title,
                "scheduled_on": session.scheduled_on,
                "completed_at": session.completed_at,
            }
            for session in sessions
        ],
        "set_logs": [
            {
                "id": log.pk,
                "session_id": log.session_id,
                "exercise": log.exercise.name,
                "set_number": log.set_number,
                "performed_on": log.performed_on,
                "created_at": log.created_at,
                "target_sets": log.target_sets,
                "target_reps_min": log.target_reps_min,
                "target_reps_max": log.target_reps_max,
                "target_hold_s": log.target_hold_s,
                "target_load": log.target_load,
                "target_tempo": log.target_tempo,
                "reps": log.reps,
                "hold_s": log.hold_s,
                "load": log.load,
                "unit": log.unit,
                "eccentric_s": log.eccentric_s,
                "checks_total": log.checks_total,
                "failed_checks": log.failed_checks,
                "form_ok": log.form_ok,
                "effort_rpe": log.effort_rpe,
                "note": log.note,
                "deleted_at": log.deleted_at,
                # As in the log CSV: the pain given during the set's exercise in its session.
                "pain": pain_of.get((log.session_id, log.exercise_id)),
            }
            for log in sets
        ],
        "pain_ratings": [
            {
                "session_id": rating.session_id,
                "exercise": rating.exercise.name,
                "rating": rating.rating,
                "given_on": rating.given_on,
                "created_at": rating.created_at,
                "updated_at": rating.updated_at,
            }
            for rating in pain_ratings
        ],
        "morning_checks": [
            {
                "session_id": check.session_id,
                "answer": check.answer,
                "pain_now": check.pain_now,
                "pain_before": check.pain_before,
                "answered_on": check.answered_on,
                "created_at": check.created_at,
                "updated_at": check.updated_at,
            }
            for check in morning_checks
        ],
        "pain_flags": [
            {
                "session_id": flag.session_id,
                "exercise": flag.exercise.name,
                "day": flag.day,
                "reason": flag.reason,
                "created_at": flag.created_at,
            }
            for flag in pain_flags
        ],
        "psfs_activities": [
            {
                "id": activity.pk,
                "name": activity.name,
                "position": activity.position,
                "named_at": activity.named_at,
                "retired_at": activity.retired_at,
            }
            for activity in activities
        ],
        # The weekly check-ins, as the outcomes CSV has them (`/logs/outcomes.csv`).
        "outcome_answers": [
            {
                "week": answer.week,
                "kind": answer.kind,
                "activity_id": answer.activity_id,
                "item": answer.activity.name if answer.activity else "",
                "score": answer.score,
                "answered_at": answer.answered_at,
            }
            for answer in answers
        ],
        "coaching": [
            {
                "role": "coach" if coaching.coach_id == user.pk else "client",
                "coach": _name(coaching.coach),
                "client": clients.name(coaching.client),
                "started_at": coaching.started_at,
                "ended_at": coaching.ended_at,
            }
            for coaching in coachings
        ],
        "comments": [
            {
                "on_session_of": clients.name(comment.session.trainee),
                "session_id": comment.session_id,
                "author": _name(comment.author),
                "body": comment.body,
                "created_at": comment.created_at,
                "read_at": clients.during_coaching(comment.session.trainee, comment.read_at),
            }
            for comment in comments
        ],
        "gate_overrides": [
            {
                "trainee": clients.name(override.trainee),
                "exercise": override.exercise.name,
                "granted_by": _name(override.granted_by),
                "reason": override.reason,
                "created_at": override.created_at,
                "revoked_at": clients.during_coaching(override.trainee, override.revoked_at),
            }
            for override in overrides
        ],
        "prescription_adjustments": [
            {
                "trainee": clients.name(adjustment.enrolment.trainee),
                "enrolment_id": adjustment.enrolment_id,
                "exercise": adjustment.prescription.exercise.name,
                "sets": adjustment.sets,
                "reps_min": adjustment.reps_min,
                "reps_max": adjustment.reps_max,
                "hold_s": adjustment.hold_s,
                "tempo": adjustment.tempo,
                "start_load_kg": adjustment.start_load_kg,
                "note": adjustment.note,
                "created_by": _name(adjustment.created_by),
                "created_at": adjustment.created_at,
            }
            for adjustment in adjustments
        ],
        "invitations_sent": [
            {
                "code": invitation.code,
                "note": invitation.note,
                "created_at": invitation.created_at,
                "expires_at": invitation.expires_at,
                "accepted_by": clients.name(invitation.accepted_by),
                "accepted_at": invitation.accepted_at,
                "revoked_at": invitation.revoked_at,
            }
            for invitation in invitations
        ],
        "programs": _program_tree(programs),
        "imports": [
            {
                "id": upload.pk,
                "source": upload.source,
                "file_name": upload.file_name,
                "status": upload.status,
                "created_at": upload.created_at,
                "imported_at": upload.imported_at,
            }
            for upload in Import.objects.of(user).defer("text")
        ],
        "imported_sets": [
            {
                "import_id": row.source_id,
                "performed_on": row.performed_on,
                "workout": row.workout,
                "program": row.program,
                "exercise": row.exercise_name,
                "exercise_in_file": row.source_exercise,
                "set_number": row.set_number,
                "reps": row.reps,
                "hold_s": row.hold_s,
                "load": row.load,
                "unit": row.unit,
                "tempo": row.tempo,
                "eccentric_s": row.eccentric_s,
                "form_ok": row.form_ok,
                "failed_checks": row.failed_checks,
                "effort_rpe": row.effort_rpe,
                "note": row.note,
            }
            for row in ImportedSet.objects.filter(trainee=user).select_related("exercise")
        ],
        # Never the token itself: only its first characters are kept.
        "api_tokens": [
            {
                "name": token.name,
                "starts_with": token.shown,
                "scope": token.scope,
                "created_at": token.created_at,
                "last_used_at": token.last_used_at,
                "revoked_at": token.revoked_at,
            }
            for token in PersonalAccessToken.objects.filter(user=user)
        ],
        # Failed logins against this address, kept only while they count toward a lockout.
        "recent_failed_logins": [
            {"last_attempt_at": attempt.attempt_time, "failures": attempt.failures_since_start}
            for attempt in AccessAttempt.objects.filter(username=user.email)
        ],
    }


def followed_programs(user: User) -> list[tuple[Program, list[User]]]:
    """The person's own programs that other people follow or followed, with those people.

    These are the programs that deleting the account hands over.
    """
    enrolments = (
        Enrolment.objects.filter(program__owner=user)
        .exclude(trainee=user)
        .select_related("program", "trainee")
        .order_by("program_id", "trainee_id")
    )
    followers: dict[int, list[User]] = defaultdict(list)
    programs: dict[int, Program] = {}
    for enrolment in enrolments:
        programs[enrolment.program_id] = enrolment.program
        if enrolment.trainee not in followers[enrolment.program_id]:
            followers[enrolment.program_id].append(enrolment.trainee)
    return [(programs[pk], followers[pk]) for pk in programs]


def _copy_for(program: Program, follower: User) -> None:
    """Give `follower` their own copy of `program` and move their history onto it."""
    copy = Program.objects.create(
        name=program.name, description=program.description, owner=follower
    )
    day_map: dict[int, ProgramDay] = {}
    item_map: dict[int, Prescription] = {}
    weeks = program.weeks.prefetch_related("days__prescriptions")
    for week in weeks:
        new_week = ProgramWeek.objects.create(program=copy, number=week.number, focus=week.focus)
        for day in week.days.all():
            new_day = ProgramDay.objects.create(
                week=new_week, position=day.position, title=day.title
            )
            day_map[day.pk] = new_day
            for item in day.prescriptions.all():
                old_pk = item.pk
                item.pk = None
                item._state.adding = True
                item.day = new_day
                item.save()
                item_map[old_pk] = item

    enrolments = Enrolment.objects.filter(program=program, trainee=follower)
    for old_pk, new_day in day_map.items():
        TrainingSession.objects.filter(enrolment__in=enrolments, program_day_id=old_pk).update(
            program_day=new_day
        )
    for old_pk, new_item in item_map.items():
        PrescriptionAdjustment.objects.filter(
            enrolment__in=enrolments, prescription_id=old_pk
        ).update(prescription=new_item)
        SetLog.objects.filter(trainee=follower, prescription_id=old_pk).update(
            prescription=new_item
        )
    enrolments.update(program=copy)


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Delete the person and what is theirs; hand their followed programs over first.

    Afterwards no row names them: their login-attempt records go too.
    """
    for program, followers in followed_programs(user):
        for follower in followers:
            _copy_for(program, follower)
    email = user.email
    # Their own enrolments first: they hold the sessions that pin the program days which
    # deleting their programs removes (PROTECT on Enrolment.program and session days).
    Enrolment.objects.filter(trainee=user).delete()
    user.delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=email).delete()
