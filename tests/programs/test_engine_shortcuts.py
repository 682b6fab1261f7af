"""The shortcuts the engine takes for speed (issue #10) give exactly the long way's answers."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from exercises.catalog_data import GATES
from programs import calendar
from programs.calendar import week_start
from programs.engine import load_history
from programs.load_data import DAY_PATTERNS
from programs.logging import SessionLog, SetValues, build_set_log, delete_set, log_set
from programs.management.commands.seed_load import STARTER_SLUG, write_histories
from programs.models import Program, SetLog
from programs.progression import (
    GateRule,
    LoggedSet,
    _in_order,
    _set_key,
    gate_status,
    gate_statuses,
)

TODAY = date(2026, 3, 2)
SLUGS = sorted({slug for gate in GATES for slug in gate[:2]})
RULES = [GateRule(exercise=e, required=r, sessions=n, window_days=d) for e, r, n, d in GATES]

logged_sets = st.builds(
    LoggedSet,
    session_id=st.integers(1, 3),
    day=st.integers(0, 20).map(lambda n: TODAY - timedelta(days=n)),
    exercise=st.sampled_from(SLUGS),
    set_number=st.integers(1, 4),
    prescribed_sets=st.integers(1, 4),
    reps=st.none() | st.integers(1, 12),
    hold_s=st.none() | st.integers(1, 30),
    load=st.none() | st.integers(0, 40).map(Decimal),
    eccentric_s=st.none() | st.integers(0, 4),
    checks_failed=st.integers(0, 2),
    target_reps_min=st.none() | st.just(8),
    target_reps_max=st.none() | st.just(12),
    target_hold_s=st.none() | st.just(10),
    target_eccentric_s=st.none() | st.integers(1, 3),
    target_load=st.none() | st.just(Decimal(6)),
)


@given(st.lists(logged_sets, max_size=12))
def test_sets_in_order_match_the_full_ordering_even_with_repeats_and_mixed_sessions(sets):
    assert _in_order(sets) == tuple(sorted(sets, key=_set_key))


@given(st.lists(logged_sets, max_size=60))
def test_all_gates_at_once_decide_as_each_gate_alone(history):
    gated = sorted({rule.exercise for rule in RULES})

    together = gate_statuses(
        gated, rules=RULES, history=history, today=TODAY, overrides=[], exercises={}
    )

    for slug in gated:
        alone = gate_status(
            slug, rules=RULES, history=history, today=TODAY, overrides=[], exercises={}
        )
        assert together[slug] == alone


@pytest.mark.django_db
def test_reloading_a_session_after_writes_gives_the_history_a_full_reload_would(trainee):
    today = timezone.localdate()
    number = next(n for n, days in enumerate(DAY_PATTERNS) if today.weekday() in days)
    write_histories(
        [(number, trainee)],
        program=Program.objects.get(slug=STARTER_SLUG),
        first_monday=week_start(today) - timedelta(weeks=4),
        today=today,
    )
    session = calendar.session_for_day(trainee=trainee, day=today)
    log = SessionLog(trainee=trainee, session=session)
    block = next(b for b in log.blocks if b.next_number is not None)
    item = block.item
    values = SetValues(
        reps=item.reps_min,
        hold_s=item.hold_s,
        load=Decimal(0) if item.exercise.is_resistance else None,
        eccentric_s=item.eccentric_s,
        failed_checks=[item.exercise.form_check_list[0]],
        checks_total=len(item.exercise.form_check_list),
        effort_rpe=None,
        note="",
    )
    for number in (1, 2):
        log_set(
            set_log=build_set_log(
                trainee=trainee,
                session=session,
                item=item,
                set_number=number,
                values=values,
                target_load=None,
                performed_on=log.performed_on,
                client_token=uuid.uuid4(),
            )
        )
    delete_set(SetLog.objects.get(session=session, set_number=1, exercise=item.exercise))

    log.reload_sets()

    full = load_history(trainee, log.day)
    assert sorted(log.state.history, key=_set_key) == sorted(full, key=_set_key)
    assert sum(1 for h in full if h.session_id == session.pk) == 1
