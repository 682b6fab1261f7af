"""Invariants of the progression engine, checked over generated histories with hypothesis.

1. No gated exercise unlocks without its prerequisites met or a coach's override.
2. A failed form check never raises the next prescribed load.
3. Logging one more qualifying session never locks anything again.
4. The same inputs give the same decisions, whatever order the history comes in.
5. A session below the gate's floor never counts toward it.
6. Two sessions on one day never count twice.
7. A jump in load (confirmed, so logged) never becomes the working load.
8. The loads a set form carries for offline use (`next_set_outcomes`) are the loads the
   engine decides once the sets are logged, down every branch; a broken branch never
   raises the load.

That no edit older than 48 h changes a decision is a property of the log as stored
(`SetLog.edit`), checked against the database in tests/programs/training/test_set_edits.py.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from programs.progression import (
    NO_FLOOR,
    ExerciseDecision,
    ExerciseInfo,
    GateFloor,
    GateRule,
    LoggedSet,
    Override,
    decide,
    gate_status,
    load_jump,
    next_set_load,
    next_set_outcomes,
    round_down_to_step,
    session_start_load,
)

TODAY = date(2025, 3, 14)

CATALOG = {
    e.slug: e
    for e in (
        ExerciseInfo("bird-dog", "Bird-dog", "foundational", "hold", Decimal(0), None, None, 20),
        ExerciseInfo(
            "pelvic-tilt", "Pelvic tilt", "foundational", "reps", Decimal(0), 10, 15, None
        ),
        ExerciseInfo("row", "Standing row", "resistance", "reps", Decimal(1), 8, 12, None),
        ExerciseInfo(
            "sl-row", "Single-leg row", "resistance", "reps", Decimal(2), 8, 12, None, "lb"
        ),
        ExerciseInfo("rdl", "Romanian deadlift", "resistance", "reps", Decimal("2.5"), 6, 10, None),
        ExerciseInfo(
            "back-ext", "45° back extension", "resistance", "reps", Decimal(5), 8, 12, None
        ),
    )
}
SLUGS = sorted(CATALOG)
RESISTANCE = sorted(slug for slug, e in CATALOG.items() if e.kind == "resistance")

# Half-unit steps cover every plate and dumbbell increment in kg and lb.
loads = st.integers(min_value=0, max_value=120).map(lambda halves: Decimal(halves) / 2)
# A few loads trainees repeat, so sessions at the same load (and so increases) come up often.
session_loads = st.sampled_from([Decimal(10), Decimal("12.5"), Decimal(20)]) | loads
# Most sessions are whole and clean; the rest have one flaw each, so every rule gets exercised.
# A "jump" is a load far above the prescribed one, confirmed by the trainee and so logged.
FLAWS = ["none"] * 6 + ["partial", "form", "tempo", "hold", "jump"]


@st.composite
def sessions(
    draw: st.DrawFn,
    session_id: int,
    *,
    qualifying: bool = False,
    slug: str | None = None,
    ago: int | None = None,
) -> list[LoggedSet]:
    """One session of one exercise: whole and clean, or spoiled by one flaw as real logs are."""
    exercise = CATALOG[slug if slug is not None else draw(st.sampled_from(SLUGS))]
    if ago is None:
        ago = draw(st.integers(min_value=0 if qualifying else -2, max_value=16))
    prescribed = draw(st.integers(min_value=1, max_value=3))
    flaw = "none" if qualifying else draw(st.sampled_from(FLAWS))
    flawed_set = draw(st.integers(min_value=1, max_value=prescribed))
    load = None if exercise.kind == "foundational" else draw(session_loads)
    at_top = draw(st.booleans())
    target_eccentric = draw(st.sampled_from([None, 3]))
    hold = exercise.measure == "hold"
    logged = prescribed - 1 if flaw == "partial" else prescribed
    return [
        LoggedSet(
            session_id=session_id,
            day=TODAY - timedelta(days=ago),
            exercise=exercise.slug,
            set_number=number,
            prescribed_sets=prescribed,
            reps=None
            if hold
            else exercise.reps_max
            if at_top
            else draw(st.integers(min_value=4, max_value=13)),
            hold_s=(10 if flaw == "hold" and number == flawed_set else 20) if hold else None,
            load=load * 4 + 10 if jumped else load,
            eccentric_s=2 if flaw == "tempo" and number == flawed_set else 3,
            checks_failed=1 if flaw == "form" and number == flawed_set else 0,
            target_reps_min=exercise.reps_min,
            target_reps_max=exercise.reps_max,
            target_hold_s=20 if hold else None,
            target_eccentric_s=target_eccentric if flaw != "tempo" else 3,
            target_load=load,
            load_jump=jumped,
        )
        for number in range(1, logged + 1)
        for jumped in [flaw == "jump" and number == flawed_set and load is not None]
    ]


@st.composite
def histories(draw: st.DrawFn, streak_slugs: Sequence[str] = SLUGS) -> list[LoggedSet]:
    """Scattered sessions, plus a few streaks of qualifying sessions on distinct recent days
    for some of `streak_slugs` — the way a trainee actually earns a gate."""
    count = draw(st.integers(min_value=0, max_value=6))
    history = [s for i in range(count) for s in draw(sessions(i + 1))]
    streaks = draw(st.lists(st.sampled_from(streak_slugs), max_size=4, unique=True))
    for streak, slug in enumerate(streaks):
        days_ago = draw(st.sets(st.integers(min_value=0, max_value=13), min_size=1, max_size=3))
        for i, ago in enumerate(sorted(days_ago)):
            session_id = 100 * (streak + 1) + i
            history += draw(sessions(session_id, qualifying=True, slug=slug, ago=ago))
    return history


# No floor, and floors that the generated sessions (1–3 sets, 20 s holds, 4–13 or top reps,
# lowering 2–3 s) sometimes meet and sometimes miss.
FLOORS = [
    NO_FLOOR,
    GateFloor(sets=3, hold_s=20, lowering_s=3),
    GateFloor(sets=2, reps=8, lowering_s=2),
    GateFloor(sets=2),
]

rules = st.lists(
    st.builds(
        GateRule,
        # Mostly resistance work behind gates, but any exercise may be, so loops come up too.
        exercise=st.sampled_from(RESISTANCE) | st.sampled_from(SLUGS),
        required=st.sampled_from(SLUGS),
        sessions=st.integers(min_value=1, max_value=3),
        window_days=st.integers(min_value=7, max_value=21),
        floor=st.sampled_from(FLOORS),
    ),
    max_size=4,
)
overrides = st.lists(
    st.builds(
        Override,
        exercise=st.sampled_from(RESISTANCE),
        reason=st.sampled_from(["Assessed in clinic", "Trained with me"]),
        granted_by=st.sampled_from(["Cora Coach", "Demo Coach"]),
        on=st.integers(min_value=-3, max_value=30).map(lambda n: TODAY - timedelta(days=n)),
    ),
    max_size=2,
)


Scenario = tuple[list[LoggedSet], list[GateRule], list[Override]]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Rules, a coach's overrides, and a history whose streaks aim at the rules' prerequisites,
    so gates and chains really do open in a good share of examples."""
    rule_list = draw(rules)
    prerequisites = sorted({rule.required for rule in rule_list}) or SLUGS
    return draw(histories(prerequisites)), rule_list, draw(overrides)


def decide_all(
    history: list[LoggedSet], rule_list: list[GateRule], override_list: list[Override]
) -> dict[str, ExerciseDecision]:
    return decide(
        exercises=CATALOG, rules=rule_list, history=history, today=TODAY, overrides=override_list
    )


def qualifying_day_count(
    history: list[LoggedSet], exercise: str, window_days: int, floor: GateFloor = NO_FLOOR
) -> int:
    """An independent, deliberately plain restatement of "qualified on distinct days, each
    session meeting the gate's floor"."""
    by_session: dict[int, list[LoggedSet]] = {}
    for s in history:
        if s.exercise == exercise and s.day <= TODAY:
            by_session.setdefault(s.session_id, []).append(s)
    days = set()
    for sets in by_session.values():
        whole = len({s.set_number for s in sets}) >= max(s.prescribed_sets for s in sets)
        clean = all(s.checks_failed == 0 for s in sets)
        tempo = all(
            s.target_eccentric_s is None or (s.eccentric_s or 0) >= s.target_eccentric_s
            for s in sets
        )
        held = all(s.target_hold_s is None or (s.hold_s or 0) >= s.target_hold_s for s in sets)
        day = min(s.day for s in sets)
        floor_met = len({s.set_number for s in sets}) >= floor.sets and all(
            (s.reps or 0) >= floor.reps
            and (s.hold_s or 0) >= floor.hold_s
            and (s.eccentric_s or 0) >= floor.lowering_s
            for s in sets
        )
        if whole and clean and tempo and held and floor_met and (TODAY - day).days < window_days:
            days.add(day)
    return len(days)


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios())
def test_nothing_unlocks_without_its_prerequisites_or_an_override(scenario: Scenario) -> None:
    history, rule_list, override_list = scenario
    decisions = decide_all(history, rule_list, override_list)
    for slug, decision in decisions.items():
        gate = decision.gate
        in_force = any(o.exercise == slug and o.on <= TODAY for o in override_list)
        assert gate.overridden == in_force
        if not gate.unlocked or gate.overridden:
            continue
        for rule in (r for r in rule_list if r.exercise == slug):
            count = qualifying_day_count(history, rule.required, rule.window_days, rule.floor)
            assert count >= rule.sessions
            assert decisions[rule.required].gate.unlocked


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios(), floor=st.sampled_from(FLOORS[1:]))
def test_a_session_below_the_gate_floor_never_counts(scenario: Scenario, floor: GateFloor) -> None:
    history, rule_list, override_list = scenario
    rule_list = [replace(rule, floor=floor) for rule in rule_list]
    below = {
        (s.exercise, s.session_id)
        for s in history
        if (s.reps or 0) < floor.reps
        or (s.hold_s or 0) < floor.hold_s
        or (s.eccentric_s or 0) < floor.lowering_s
    }
    by_session: dict[tuple[str, int], set[int]] = {}
    for s in history:
        by_session.setdefault((s.exercise, s.session_id), set()).add(s.set_number)
    below |= {key for key, numbers in by_session.items() if len(numbers) < floor.sets}
    without = [s for s in history if (s.exercise, s.session_id) not in below]

    def counted(h: list[LoggedSet]) -> dict:
        return {
            slug: (d.gate.unlocked, tuple(p.done for p in d.gate.progress))
            for slug, d in decide_all(h, rule_list, override_list).items()
        }

    assert counted(history) == counted(without)


@settings(max_examples=50, deadline=None)
@given(rule_list=rules)
def test_with_no_logs_and_no_override_every_gated_exercise_is_locked(
    rule_list: list[GateRule],
) -> None:
    for slug, decision in decide_all([], rule_list, []).items():
        assert decision.gate.unlocked == (not any(r.exercise == slug for r in rule_list))


@settings(max_examples=150, deadline=None)
@given(history=histories(), data=st.data())
def test_a_failed_form_check_never_raises_the_next_load(
    history: list[LoggedSet], data: st.DataObject
) -> None:
    session = data.draw(sessions(999, qualifying=True))
    exercise = CATALOG[session[0].exercise]
    failed_on = data.draw(st.integers(min_value=0, max_value=len(session) - 1))
    failed_load = data.draw(st.none() | loads)
    session = [*session[:failed_on], replace(session[failed_on], checks_failed=1, load=failed_load)]
    decision = next_set_load(
        exercise,
        session_sets=session,
        history=history,
        planned_load=data.draw(st.none() | loads),
    )
    assert decision.change in ("reduce", "hold")
    if failed_load is None:
        assert decision.load is None
    else:
        assert decision.load is not None
        assert Decimal(0) <= decision.load <= failed_load
        if failed_load > 0:
            assert decision.load < failed_load


@settings(max_examples=150, deadline=None)
@given(history=histories(), planned=st.none() | loads)
def test_a_session_with_a_failed_form_check_never_raises_the_next_start_load(
    history: list[LoggedSet], planned: Decimal | None
) -> None:
    for exercise in CATALOG.values():
        mine = [s for s in history if s.exercise == exercise.slug and s.day <= TODAY]
        if not mine:
            continue
        _, last_session = max((s.day, s.session_id) for s in mine)
        last = [s for s in mine if s.session_id == last_session]
        if not any(s.checks_failed for s in last):
            continue
        final = max(last, key=lambda s: s.set_number)
        decision = session_start_load(exercise, history=history, today=TODAY, planned_load=planned)
        assert decision.change != "increase"
        if final.load is not None:
            assert decision.load is not None
            assert decision.load <= final.load


@settings(max_examples=100, deadline=None)
@given(scenario=scenarios(), data=st.data())
def test_logging_a_qualifying_session_never_locks_anything_again(
    scenario: Scenario, data: st.DataObject
) -> None:
    history, rule_list, override_list = scenario
    slug = data.draw(st.sampled_from(sorted({r.required for r in rule_list}) or SLUGS))
    extra = data.draw(sessions(10_000, qualifying=True, slug=slug))
    before = decide_all(history, rule_list, override_list)
    after = decide_all(history + extra, rule_list, override_list)
    for exercise, decision in before.items():
        if decision.gate.unlocked:
            assert after[exercise].gate.unlocked, after[exercise].gate.reason


@settings(max_examples=100, deadline=None)
@given(scenario=scenarios(), data=st.data())
def test_the_same_inputs_give_the_same_decisions_in_any_order(
    scenario: Scenario, data: st.DataObject
) -> None:
    history, rule_list, override_list = scenario
    first = decide_all(history, rule_list, override_list)
    assert decide_all(history, rule_list, override_list) == first
    assert (
        decide_all(
            data.draw(st.permutations(history)),
            data.draw(st.permutations(rule_list)),
            data.draw(st.permutations(override_list)),
        )
        == first
    )


@settings(max_examples=50, deadline=None)
@given(scenario=scenarios())
def test_each_gate_on_its_own_agrees_with_the_whole_picture(scenario: Scenario) -> None:
    history, rule_list, override_list = scenario
    decisions = decide_all(history, rule_list, override_list)
    for slug in SLUGS:
        alone = gate_status(
            slug,
            rules=rule_list,
            history=history,
            today=TODAY,
            overrides=override_list,
            exercises=CATALOG,
        )
        assert alone == decisions[slug].gate


LOADS = st.decimals(min_value=-50, max_value=500, places=2, allow_nan=False, allow_infinity=False)
STEPS = st.decimals(min_value=0, max_value=25, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(load=LOADS, step=STEPS)
def test_plate_rounding_lands_on_the_heaviest_whole_step_at_or_below_the_load(
    load: Decimal, step: Decimal
) -> None:
    rounded = round_down_to_step(load, step)
    if load <= 0:
        assert rounded == 0
    elif step == 0:
        assert rounded == load
    else:
        assert 0 <= load - rounded < step
        assert rounded % step == 0


@settings(max_examples=300, deadline=None)
@given(load=LOADS, step=STEPS)
def test_plate_rounding_gives_both_callers_what_they_gave_before_it_was_one_rule(
    load: Decimal, step: Decimal
) -> None:
    floor = (load / step).to_integral_value(rounding=ROUND_FLOOR) * step if step > 0 else None
    # The engine's 10 % reduction always has a step (0.5 when the exercise has none) and
    # rounded a load of zero or less to 0.
    if step > 0:
        assert round_down_to_step(load, step) == (floor if load > 0 else 0)
    # The planned load kept its value without a step; its loads are never below zero.
    if load >= 0:
        assert round_down_to_step(load, step) == (floor if step > 0 else load)


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios(), pick=st.integers(min_value=0))
def test_two_sessions_on_one_day_never_count_twice(scenario: Scenario, pick: int) -> None:
    """Logging a session again on the same day (the next week's, opened early) changes no
    decision: no gate, no load, no target."""
    history, rule_list, override_list = scenario
    # Even ids leave room for a copy right after each session, on its day.
    history = [replace(s, session_id=2 * s.session_id) for s in history]
    keys = sorted({(s.exercise, s.session_id) for s in history})
    if not keys:
        return
    exercise, session_id = keys[pick % len(keys)]
    again = [
        replace(s, session_id=session_id + 1)
        for s in history
        if (s.exercise, s.session_id) == (exercise, session_id)
    ]

    assert decide_all([*history, *again], rule_list, override_list) == decide_all(
        history, rule_list, override_list
    )


@settings(max_examples=150, deadline=None)
@given(
    history=histories(RESISTANCE),
    slug=st.sampled_from(RESISTANCE),
    working=st.sampled_from([Decimal(10), Decimal("12.5"), Decimal(20)]),
    factor=st.sampled_from([Decimal(2), Decimal(5), Decimal(40)]),
    failed=st.booleans(),
)
def test_a_jump_never_becomes_the_working_load(
    history: list[LoggedSet], slug: str, working: Decimal, factor: Decimal, failed: bool
) -> None:
    """A set logged far above its prescribed load (confirmed, so marked as a jump) gives the
    next set and the next session the same load as that set done at its prescribed load."""
    info = CATALOG[slug]
    at_target = LoggedSet(
        session_id=999,
        day=TODAY,
        exercise=slug,
        set_number=1,
        prescribed_sets=1,
        reps=info.reps_max,
        hold_s=None,
        load=working,
        eccentric_s=3,
        checks_failed=int(failed),
        target_reps_min=info.reps_min,
        target_reps_max=info.reps_max,
        target_hold_s=None,
        target_eccentric_s=3,
        target_load=working,
    )
    jump = replace(at_target, load=working * factor, load_jump=True)
    assert load_jump(jump.load, working, increment=info.increment, unit=info.unit)

    def loads(latest: LoggedSet) -> tuple:
        start = session_start_load(
            info, history=[*history, latest], today=TODAY, planned_load=Decimal(10)
        )
        following = next_set_load(
            info, session_sets=[latest], history=history, planned_load=Decimal(10)
        )
        return start.load, start.change, following.load, following.change

    assert loads(jump) == loads(at_target)
    assert loads(jump)[2] <= working


@settings(max_examples=100, deadline=None)
@given(history=histories(), data=st.data())
def test_the_offline_outcomes_are_the_engines_decisions_down_every_branch(
    history: list[LoggedSet], data: st.DataObject
) -> None:
    session = data.draw(sessions(999, qualifying=True))
    exercise = CATALOG[session[0].exercise]
    done = session[: data.draw(st.integers(min_value=0, max_value=len(session) - 1))]
    offered = next_set_load(
        exercise, session_sets=done, history=history, planned_load=session[0].load
    )
    upcoming = replace(
        session[len(done)], load=offered.load, target_load=offered.load, load_jump=False
    )
    path = data.draw(st.lists(st.booleans(), min_size=1, max_size=4))

    outcomes = next_set_outcomes(
        exercise, session_sets=done, history=history, upcoming=upcoming, sets_after=len(path)
    )

    logged = list(done)
    for depth, broke in enumerate(path):
        assert outcomes is not None
        logged.append(replace(upcoming, checks_failed=int(broke)))
        decided = next_set_load(
            exercise, session_sets=logged, history=history, planned_load=upcoming.load
        )
        branch = outcomes.broke if broke else outcomes.held
        assert branch == decided
        if broke and upcoming.load is not None:
            assert branch.load is not None and branch.load <= upcoming.load
        outcomes = outcomes.after_broke if broke else outcomes.after_held
        upcoming = replace(
            upcoming,
            set_number=upcoming.set_number + 1,
            load=decided.load,
            target_load=decided.load,
        )
        assert (outcomes is None) == (depth == len(path) - 1)
