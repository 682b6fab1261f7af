"""Stored progress (`ExerciseProgress`): what the engine keeps of each exercise's log.

1. Deciding from the kept sets and qualifying sessions gives exactly the decisions the whole
   log gives (pure engine, hypothesis).
2. Rows maintained write by write — log, edit, delete, undo, override, revoke, adjust,
   re-enrol, rate pain, answer the morning check — equal a rebuild from the log, and
   `rebuild_progress --check` agrees.
"""

import contextlib
import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs import progression
from programs.models import (
    ExerciseProgress,
    GateOverride,
    PrescriptionAdjustment,
    SetLog,
)
from programs.planning import calendar
from programs.training import logging, pain
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import (
    EnrolmentFactory,
    PrescriptionFactory,
    SetLogFactory,
    TrainingSessionFactory,
)
from tests.programs.test_progression_properties import CATALOG, TODAY, rules, sessions

# --- 1. the kept sets decide as the whole log does -----------------------------------------


@st.composite
def long_histories(draw: st.DrawFn) -> list[progression.LoggedSet]:
    """Up to a dozen sessions of two exercises over five weeks: enough that older sessions
    fall out of the kept ones and the clean loads before them matter. Some report pain
    during the session or the next morning, which the kept sets carry with them."""
    history: list[progression.LoggedSet] = []
    for session_id in range(1, draw(st.integers(min_value=0, max_value=12)) + 1):
        slug = draw(st.sampled_from(["row", "bird-dog"]))
        ago = draw(st.integers(min_value=0, max_value=35))
        reported = {
            "pain": draw(st.none() | st.integers(0, 10)),
            "morning": draw(st.sampled_from([None, "better", "same", "worse"])),
            "morning_pain": draw(st.integers(0, 10)),
            "pain_before": draw(st.none() | st.integers(0, 10)),
        }
        history += [replace(s, **reported) for s in draw(sessions(session_id, slug=slug, ago=ago))]
    return history


def _kept(history, slug):
    return progression.sets_to_keep(history, slug), progression.qualified_sessions(history, slug)


# No deadline: what is checked is the decisions, and on a busy machine one example of the
# longer histories (now with pain) can take more than the default 200 ms.
@settings(max_examples=300, deadline=None)
@given(history=long_histories(), rule_list=rules, planned=st.none() | st.just(Decimal(10)))
def test_the_kept_sets_decide_loads_targets_and_gates_as_the_whole_log(history, rule_list, planned):
    kept, qualified = {}, {}
    for slug in CATALOG:
        kept[slug], qualified[slug] = _kept(history, slug)
    for slug, info in CATALOG.items():
        whole = [s for s in history if s.exercise == slug]
        assert progression.session_start_load(
            info, history=kept[slug], today=TODAY, planned_load=planned
        ) == progression.session_start_load(info, history=whole, today=TODAY, planned_load=planned)
        assert progression.session_targets(
            info, history=kept[slug], today=TODAY
        ) == progression.session_targets(info, history=whole, today=TODAY)
    gates = dict(rules=rule_list, today=TODAY, overrides=[], exercises=CATALOG)
    assert progression.gates_from_qualified(
        CATALOG, qualified=qualified, **gates
    ) == progression.gate_statuses(CATALOG, history=history, **gates)


@settings(max_examples=300)
@given(history=long_histories(), failing_set=st.booleans())
def test_the_next_set_after_the_latest_session_is_decided_as_from_the_whole_log(
    history, failing_set
):
    info = CATALOG["row"]
    whole = [s for s in history if s.exercise == "row"]
    kept, _ = _kept(history, "row")
    today_set = progression.LoggedSet(
        session_id=99,
        day=TODAY,
        exercise="row",
        set_number=1,
        prescribed_sets=3,
        reps=8,
        hold_s=None,
        load=Decimal(25),
        eccentric_s=3,
        checks_failed=int(failing_set),
        target_reps_min=8,
        target_reps_max=12,
        target_hold_s=None,
        target_eccentric_s=3,
        target_load=Decimal(25),
    )
    decide = dict(session_sets=[today_set], planned_load=None)
    assert progression.next_set_load(info, history=kept, **decide) == (
        progression.next_set_load(info, history=whole, **decide)
    )


# --- 2. maintained write by write, equal to a rebuild --------------------------------------


WRITES = [
    *["log", "log", "log", "edit", "late-edit", "delete", "undo"],
    *["override", "revoke", "adjust", "enrol", "pain", "morning"],
]


@pytest.fixture
def world(trainee, coach):
    hold = ExerciseFactory(hold=True)
    row = ExerciseFactory(resistance=True)
    enrolment = EnrolmentFactory(trainee=trainee)
    return {"exercises": [hold, row], "enrolment": enrolment, "coach": coach}


def _apply(write: str, draw: st.DataObject, trainee, world) -> None:
    """One write as the app makes it, through the model and domain methods."""
    live = list(SetLog.objects.filter(trainee=trainee).order_by("pk"))
    exercise = draw.draw(st.sampled_from(world["exercises"]))
    if write == "log" or (not live and write in ("edit", "late-edit", "delete", "undo")):
        enrolment = trainee.enrolments.current().get()
        session = TrainingSessionFactory(
            enrolment=enrolment,
            scheduled_on=TODAY - timedelta(days=draw.draw(st.integers(0, 150))),
        )
        for number in range(1, draw.draw(st.integers(1, 3)) + 1):
            SetLogFactory(
                session=session,
                exercise=exercise,
                set_number=number,
                target_sets=3,
                # 400 kg against a prescribed 10 kg is a jump (`SetLog.judge_load` marks it).
                load=draw.draw(
                    st.sampled_from([None, Decimal(8), Decimal(10), Decimal(12), Decimal(400)])
                ),
                target_load=draw.draw(st.sampled_from([None, Decimal(10)])),
                failed_checks=draw.draw(st.sampled_from([[], [], ["Hips level"]])),
            )
    elif write == "edit":
        set_log = draw.draw(st.sampled_from(live))
        set_log.load = Decimal(draw.draw(st.sampled_from([0, 8, 12, 30, 400])))
        set_log.failed_checks = draw.draw(st.sampled_from([[], ["Hips level"]]))
        set_log.save()
    elif write == "late-edit":
        # Three days after it was logged: the engine goes on reading the set as it was.
        set_log = draw.draw(st.sampled_from(live))
        changes = {
            "load": Decimal(draw.draw(st.sampled_from([0, 8, 12, 400]))),
            "failed_checks": draw.draw(st.sampled_from([[], ["Hips level"]])),
        }
        set_log.edit(changes, by=trainee, at=set_log.created_at + timedelta(days=3))
    elif write == "delete":
        logging.delete_set(draw.draw(st.sampled_from(live)))
    elif write == "undo":
        deleted = [s for s in live if s.deleted_at is not None]
        if deleted:
            with contextlib.suppress(logging.CannotRestore):  # its number was logged again
                logging.restore_set(draw.draw(st.sampled_from(deleted)))
    elif write == "override":
        # An exercise has one live unlock at most: unlocking it again changes nothing.
        GateOverride.objects.get_or_create(
            trainee=trainee,
            exercise=exercise,
            revoked_at=None,
            defaults={"granted_by": world["coach"], "reason": "Seen it"},
        )
    elif write == "revoke":
        for override in GateOverride.objects.filter(trainee=trainee, revoked_at__isnull=True):
            override.revoked_at = override.created_at
            override.save()
    elif write == "adjust":
        enrolment = trainee.enrolments.current().get()
        prescription = PrescriptionFactory(exercise=exercise)
        PrescriptionAdjustment.objects.create(
            enrolment=enrolment, prescription=prescription, sets=2, created_by=world["coach"]
        )
    elif write in ("pain", "morning") and live:
        logged = draw.draw(st.sampled_from(live))
        if write == "pain":
            pain.rate_pain(
                trainee=trainee,
                session=logged.session,
                exercise=logged.exercise,
                rating=draw.draw(st.integers(0, 10)),
                today=TODAY,
            )
        else:
            pain.answer_morning(
                trainee=trainee,
                session=logged.session,
                answer=draw.draw(st.sampled_from(["better", "same", "worse"])),
                pain_now=draw.draw(st.integers(0, 10)),
                today=TODAY,
            )
    elif write == "enrol":
        calendar.enrol(
            trainee=trainee,
            program=trainee.enrolments.current().get().program,
            start_date=TODAY,
            training_days=[0, 3],
        )


def _stored(trainee) -> dict:
    return {
        row.exercise_id: row.stored_values()
        for row in ExerciseProgress.objects.filter(trainee=trainee)
    }


def _rebuilt(trainee) -> dict:
    rebuilt = {}
    for exercise_id in set(
        SetLog.objects.filter(trainee=trainee).values_list("exercise_id", flat=True)
    ):
        row = ExerciseProgress.objects.computed(trainee.pk, exercise_id)
        if row is not None:
            rebuilt[exercise_id] = row.stored_values()
    return rebuilt


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(writes=st.lists(st.sampled_from(WRITES), min_size=1, max_size=8), draw=st.data())
def test_progress_kept_write_by_write_equals_a_rebuild_from_the_log(trainee, world, writes, draw):
    with transaction.atomic():
        for write in writes:
            _apply(write, draw, trainee, world)
            assert _stored(trainee) == _rebuilt(trainee), write
        out = io.StringIO()
        call_command("rebuild_progress", "--check", stdout=out)
        assert "0 differ" in out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_rebuild_check_names_each_difference_and_fails_then_a_rebuild_mends_it(trainee):
    set_log = SetLogFactory(trainee=trainee, session__enrolment__trainee=trainee)
    # A write that skips SetLog.save leaves the stored row behind.
    SetLog.objects.filter(pk=set_log.pk).update(performed_on=date(2020, 1, 1))
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 of 1 progress rows differ"):
        call_command("rebuild_progress", "--check", stdout=out)
    assert f"trainee {trainee.pk}, exercise {set_log.exercise_id}: last_day" in out.getvalue()

    call_command("rebuild_progress", stdout=io.StringIO())
    call_command("rebuild_progress", "--check", stdout=out)
    assert "1 progress rows checked, 0 differ." in out.getvalue()
