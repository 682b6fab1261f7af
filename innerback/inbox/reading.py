"""What the inbox rules read of many clients at once: plain `rules.ClientFigures` from the
stored figures (adherence and last activity as `programs.progress.figures` defines them,
gates from the stored progress as the engine decides them, pain flags and morning answers
as written). A fixed number of queries for any number of clients, and none of them reads a
client's whole history: each is bounded by a window of recent days or by stored rows."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Q

from innerback.accounts.models import User, local_date
from programs import engine, progression
from programs.models import (
    Enrolment,
    ExerciseProgress,
    GateOverride,
    MorningAnswer,
    MorningCheck,
    PainFlag,
    Prescription,
    SetLog,
)
from programs.progress import figures

from . import rules

# How far back the form rule looks for an exercise's two latest sessions.
FORM_WINDOW_DAYS = 28


def read_figures(
    coach_of: dict[int, int], clients: list[User], now: datetime
) -> dict[int, rules.ClientFigures]:
    """The rules' figures of each client (`coach_of`: client id → current coach id) on their
    own today at `now`. Twelve queries, whatever the number of clients."""
    if not clients:
        return {}
    todays = {client.pk: client.local_date(now) for client in clients}
    ids = list(todays)
    earliest = min(todays.values())

    spans = (rules.ADHERENCE_RECENT_DAYS, rules.ADHERENCE_USUAL_DAYS)
    adherence = figures.adherence_over_days(todays, spans)
    last = figures.last_activity(ids)

    sessions: dict[int, dict[str, tuple[str, list]]] = defaultdict(dict)
    for row in (
        SetLog.objects.live()
        .filter(trainee_id__in=ids, performed_on__gt=earliest - timedelta(days=FORM_WINDOW_DAYS))
        .values("trainee_id", "exercise__slug", "exercise__name", "session_id", "performed_on")
        .annotate(sets=Count("id"), failed=Count("id", filter=Q(form_ok=False)))
        .order_by()
    ):
        if row["performed_on"] > todays[row["trainee_id"]]:
            continue
        _, found = sessions[row["trainee_id"]].setdefault(
            row["exercise__slug"], (row["exercise__name"], [])
        )
        found.append(
            rules.ExerciseSession(
                row["performed_on"], row["session_id"], row["sets"], row["failed"]
            )
        )

    enrolments = {
        row["trainee_id"]: row
        for row in Enrolment.objects.current()
        .filter(trainee_id__in=ids)
        .values("trainee_id", "program_id", "start_date", "paused_on")
    }
    locked = _locked_gates(clients, todays, enrolments)

    time_zones = {client.pk: client.time_zone for client in clients}
    foreign: dict[int, dict[str, tuple[str, str, date]]] = defaultdict(dict)
    for override in GateOverride.objects.filter(
        trainee_id__in=ids, revoked_at__isnull=True
    ).select_related("exercise", "granted_by"):
        if override.granted_by_id != coach_of.get(override.trainee_id):
            foreign[override.trainee_id][override.exercise.slug] = (
                override.exercise.name,
                str(override.granted_by or "a former coach"),
                local_date(override.created_at, time_zones[override.trainee_id]),
            )

    since = earliest - timedelta(days=rules.PAIN_DAYS)
    pain: dict[int, list[rules.PainNote]] = defaultdict(list)
    for flag in PainFlag.objects.filter(trainee_id__in=ids, day__gte=since).select_related(
        "exercise"
    ):
        pain[flag.trainee_id].append(
            rules.PainNote(
                flag.session_id, flag.exercise.slug, flag.exercise.name, flag.day, flag.reason
            )
        )
    mornings: dict[int, list[rules.WorseMorning]] = defaultdict(list)
    for check in MorningCheck.objects.filter(
        trainee_id__in=ids, answer=MorningAnswer.WORSE, answered_on__gte=since
    ):
        mornings[check.trainee_id].append(
            rules.WorseMorning(
                check.session_id, check.answered_on, check.pain_now, check.pain_before
            )
        )

    found = {}
    for client_id, today in todays.items():
        by_span = adherence.get(client_id, {})
        enrolment = enrolments.get(client_id)
        found[client_id] = rules.ClientFigures(
            today=today,
            recent=_adherence(*by_span.get(spans[0], (0, 0))),
            usual=_adherence(*by_span.get(spans[1], (0, 0))),
            sessions=dict(sessions.get(client_id, {})),
            plan_start=enrolment["start_date"] if enrolment else None,
            plan_paused=bool(enrolment and enrolment["paused_on"]),
            locked=locked.get(client_id, {}),
            last_logged=last.get(client_id),
            foreign_overrides=dict(foreign.get(client_id, {})),
            pain=tuple(pain.get(client_id, ())),
            worse_mornings=tuple(mornings.get(client_id, ())),
        )
    return found


def _adherence(done: int, planned: int) -> rules.Adherence:
    return rules.Adherence(done, planned, figures.percent(done, planned))


def _locked_gates(
    clients: list[User], todays: dict[int, date], enrolments: dict[int, dict]
) -> dict[int, dict[str, str]]:
    """Slug → name of each gated exercise of each client's current program that the engine
    keeps locked today (an unlock counts as open), from the stored progress: five queries."""
    exercises, gate_rules = engine.read_catalog()
    gated = {rule.exercise for rule in gate_rules}
    in_program: dict[int, set[str]] = defaultdict(set)
    for program_id, slug in (
        Prescription.objects.filter(
            day__week__program_id__in={row["program_id"] for row in enrolments.values()},
            exercise__slug__in=gated,
        )
        .values_list("day__week__program_id", "exercise__slug")
        .distinct()
        .order_by()
    ):
        in_program[program_id].add(slug)
    asked = {
        client_id: in_program[row["program_id"]]
        for client_id, row in enrolments.items()
        if in_program[row["program_id"]]
    }
    if not asked:
        return {}
    by_id = {exercise.pk: slug for slug, exercise in exercises.items()}
    qualified: dict[int, dict[str, list[progression.QualifiedSession]]] = defaultdict(dict)
    for row in ExerciseProgress.objects.filter(trainee_id__in=list(asked)).only(
        "trainee_id", "exercise_id", "qualified"
    ):
        qualified[row.trainee_id][by_id[row.exercise_id]] = row.qualified_sessions()
    overrides = engine.overrides_by_trainee(
        {client.pk: client.time_zone for client in clients if client.pk in asked}
    )
    units = {client.pk: client.load_unit for client in clients}
    found: dict[int, dict[str, str]] = {}
    for client_id, wanted in asked.items():
        decisions = progression.gates_from_qualified(
            sorted(wanted),
            rules=gate_rules,
            qualified=qualified[client_id],
            today=todays[client_id],
            overrides=overrides[client_id],
            exercises={
                slug: engine.exercise_info(exercise, units[client_id])
                for slug, exercise in exercises.items()
            },
        )
        found[client_id] = {
            slug: exercises[slug].name
            for slug, decision in decisions.items()
            if slug in wanted and not decision.unlocked
        }
    return found
