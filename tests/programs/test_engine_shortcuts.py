"""The shortcuts the engine takes for speed (issue #10) give exactly the long way's answers."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from exercises.catalog_data import GATES
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
