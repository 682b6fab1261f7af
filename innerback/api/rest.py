"""The REST API under /api/v1/. Every read starts from the token's person
(`request.user`), so one person never reaches another's data; a coach reaches a client's
logs only through `coaching.relations.client_for`, the web pages' own rule. Every write to
a set goes through the web's set form and `programs.training.logging` (the same
validation, idempotency by client token, and stored progress in the same transaction)."""

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from uuid6 import uuid7

from exercises.models import Exercise
from innerback.coaching.models import Coaching
from innerback.coaching.relations import client_for
from programs import engine
from programs.export.csv_export import export_filename, stream_csv
from programs.export.views import CSV_TYPE
from programs.imports.models import ImportedSet
from programs.models import SetLog, TrainingSession
from programs.planning.calendar import week_start
from programs.planning.weekplan import week_plan
from programs.training.forms import edit_set_form, next_set_form
from programs.training.logging import (
    SessionLog,
    SetNumberTaken,
    build_set_log,
    delete_set,
    log_set,
    update_set,
)

from . import serializers


class ExerciseViewSet(viewsets.ReadOnlyModelViewSet):
    """The exercise catalog."""

    serializer_class = serializers.ExerciseSerializer
    lookup_field = "slug"
    queryset = Exercise.objects.order_by("kind", "name")


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Your training sessions, scheduled and done: your plan, day by day."""

    serializer_class = serializers.SessionSerializer

    def get_queryset(self):
        return (
            TrainingSession.objects.filter(trainee=self.request.user)
            .select_related("program_day__week__program")
            .order_by("scheduled_on", "id")
        )


def _errors(form) -> dict:
    """A form's errors keyed as the API's fields (the form's `checks` are `failed_checks`)."""
    return {
        ("failed_checks" if name == "checks" else name): list(messages)
        for name, messages in form.errors.items()
    }


def _form_data(values: dict, check_texts: list[str]) -> dict:
    """The set form's data from the API's validated values."""
    failed = values.get("failed_checks") or []
    unknown = [text for text in failed if text not in check_texts]
    if unknown:
        raise ValidationError(
            {"failed_checks": [f"Not a form check of this exercise: {text}" for text in unknown]}
        )
    data = {
        name: "" if values.get(name) is None else str(values[name])
        for name in ("reps", "hold_s", "load", "eccentric_s", "effort_rpe")
    }
    data["note"] = values.get("note", "")
    data["checks"] = [text for text in check_texts if text not in failed]
    if values.get("confirm_load"):
        data["confirm_load"] = "on"
    return data


class SetLogViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your logged sets: log one (once per client token), read, edit what was done, delete."""

    serializer_class = serializers.SetLogSerializer

    def get_queryset(self):
        return (
            SetLog.objects.live()
            .filter(trainee=self.request.user)
            .select_related("exercise")
            .order_by("performed_on", "session_id", "exercise_id", "set_number", "id")
        )

    @extend_schema(
        request=serializers.NewSetSerializer,
        examples=[
            OpenApiExample(
                "A 10 s hold, every form check held",
                request_only=True,
                value={
                    "session": 12,
                    "prescription": 3,
                    "hold_s": 10,
                    "eccentric_s": 2,
                    "failed_checks": [],
                    "client_token": "0190f0c2-6f4e-7000-8000-000000000001",
                },
            )
        ],
        responses={
            201: serializers.SetLogSerializer,
            200: OpenApiResponse(serializers.SetLogSerializer, "Already logged with this token."),
            409: OpenApiResponse(description="The exercise is locked or the set number taken."),
        },
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        new = serializers.NewSetSerializer(data=request.data)
        new.is_valid(raise_exception=True)
        values = new.validated_data
        trainee = request.user
        session = get_object_or_404(TrainingSession, pk=values["session"], trainee=trainee)
        log = SessionLog(trainee=trainee, session=session, prescription_id=values["prescription"])
        block = log.block(values["prescription"])
        if block is None:
            raise ValidationError({"prescription": ["Not an exercise of this session."]})
        if block.item.locked:
            return Response(
                {"detail": f"{block.exercise.name} is locked: {block.item.reason}"},
                status=status.HTTP_409_CONFLICT,
            )
        data = _form_data(values, block.exercise.form_check_list)
        # With every set logged, the number after the last: the form then says so.
        number = values.get("set_number") or block.next_number or block.item.sets + 1
        data["set_number"] = str(number)
        data["client_token"] = str(values.get("client_token") or uuid7())
        form = next_set_form(block, trainee.load_unit, data=data)
        if not form.is_valid():
            raise ValidationError(_errors(form))
        set_log = build_set_log(
            trainee=trainee,
            session=session,
            item=block.item,
            set_number=form.cleaned_data["set_number"],
            values=form.values(),
            target_load=block.next_load.load if block.next_load else None,
            performed_on=log.performed_on,
            client_token=form.cleaned_data["client_token"],
        )
        try:
            saved, created = log_set(set_log=set_log)
        except SetNumberTaken:
            return Response(
                {"detail": f"Set {set_log.set_number} is already logged; nothing was saved."},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            serializers.SetLogSerializer(saved).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        request=serializers.SetValuesSerializer,
        examples=[
            OpenApiExample(
                "Correct the reps; one form check did not hold",
                request_only=True,
                value={"reps": 9, "failed_checks": ["Torso stayed still — no rotation or shift"]},
            )
        ],
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        set_log = self.get_object()
        given = serializers.SetValuesSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        current = {
            "reps": set_log.reps,
            "hold_s": set_log.hold_s,
            "load": set_log.load,
            "eccentric_s": set_log.eccentric_s,
            "failed_checks": set_log.failed_checks,
            "effort_rpe": set_log.effort_rpe,
            "note": set_log.note,
        }
        values = {**current, **given.validated_data}
        form = edit_set_form(set_log, data=_form_data(values, set_log.exercise.form_check_list))
        if not form.is_valid():
            raise ValidationError(_errors(form))
        update_set(set_log, form.values(), by=request.user)
        return Response(serializers.SetLogSerializer(set_log).data)

    def perform_destroy(self, instance: SetLog) -> None:
        delete_set(instance)


def _decision(state: engine.TraineeState, slug: str) -> dict:
    decision = state.decision(slug)
    gate, load, targets = decision.gate, decision.load, decision.targets
    return {
        "exercise": slug,
        "unlocked": gate.unlocked,
        "overridden": gate.overridden,
        "gate_reason": gate.reason,
        "gate_progress": [
            {
                "required": p.required,
                "done": p.done,
                "needed": p.needed,
                "window_days": p.window_days,
                "met": p.met,
            }
            for p in gate.progress
        ],
        "load": load.load,
        "load_change": str(load.change),
        "load_reason": load.reason,
        "reps_min": targets.reps_min,
        "reps_max": targets.reps_max,
        "reps_goal": targets.reps_goal,
        "hold_s": targets.hold_s,
        "targets_reason": targets.reason,
    }


@extend_schema(parameters=[serializers.WeekOfSerializer], responses=serializers.PlanSerializer)
@api_view(["GET"])
def plan(request: Request) -> Response:
    """Your plan for a week, as /plan/ shows it: each session with its exercises, what the
    engine prescribes today (locks, loads, targets, each with its reason) and the sets
    already logged."""
    query = serializers.WeekOfSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    trainee = request.user
    today = trainee.local_today()
    week = week_plan(
        trainee=trainee, monday=week_start(query.validated_data.get("week_of", today)), today=today
    )
    body = {
        "monday": week.monday,
        "days": [
            {
                "session": day.session.pk,
                "scheduled_on": day.session.scheduled_on,
                "status": day.status,
                "entries": [
                    {
                        "prescription": entry.planned.prescription.pk,
                        "exercise": entry.planned.exercise.slug,
                        "sets": entry.planned.sets,
                        "logged": entry.logged,
                        "reps_min": entry.planned.reps_min,
                        "reps_max": entry.planned.reps_max,
                        "reps_goal": entry.planned.reps_goal,
                        "hold_s": entry.planned.hold_s,
                        "tempo": entry.planned.tempo,
                        "load": entry.planned.load,
                        "unit": entry.planned.unit,
                        "locked": entry.planned.locked,
                        "reason": entry.planned.reason,
                    }
                    for entry in day.entries
                ],
            }
            for day in week.days
        ],
    }
    return Response(serializers.PlanSerializer(body).data)


@extend_schema(responses=serializers.DecisionSerializer(many=True))
@api_view(["GET"])
def decisions(request: Request) -> Response:
    """The engine's decisions for you today, exercise by exercise, each with its reason:
    locked or unlocked and why, the load to start at and why, the targets and why."""
    state = engine.trainee_state(request.user)
    rows = [_decision(state, slug) for slug in state.exercises]
    return Response(serializers.DecisionSerializer(rows, many=True).data)


@extend_schema(tags=["logs"], responses={(200, "text/csv"): OpenApiTypes.STR})
@api_view(["GET"])
def logs_csv(request: Request):
    """Your log CSV, every logged and imported set (the columns of /logs/export.csv)."""
    sets = SetLog.objects.filter(trainee=request.user)
    imported = ImportedSet.objects.filter(trainee=request.user)
    response = StreamingHttpResponse(stream_csv(sets, imported), content_type=CSV_TYPE)
    filename = export_filename(request.user.display_name, sets, None, None, imported)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class IsCoach(permissions.BasePermission):
    """Coach endpoints answer coaches only (403 for anyone else, as the coach pages do)."""

    message = "Only coaches have clients: turn coaching on in your account settings."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_coach)


class ClientViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Your current clients (coaches only)."""

    serializer_class = serializers.ClientSerializer

    def get_permissions(self):
        return [*super().get_permissions(), IsCoach()]

    def get_queryset(self):
        return (
            Coaching.objects.current()
            .filter(coach=self.request.user)
            .select_related("client")
            .order_by("client__display_name", "client_id")
        )

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = [{"id": c.client.pk, "display_name": c.client.display_name} for c in page]
        return self.get_paginated_response(serializers.ClientSerializer(rows, many=True).data)


class ClientSetViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """One current client's logged sets (their coach only; 404 for anyone else's)."""

    serializer_class = serializers.SetLogSerializer

    def get_permissions(self):
        return [*super().get_permissions(), IsCoach()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SetLog.objects.none()
        client = client_for(self.request.user, self.kwargs["client_id"])
        return (
            SetLog.objects.live()
            .filter(trainee=client)
            .select_related("exercise")
            .order_by("performed_on", "session_id", "exercise_id", "set_number", "id")
        )
