"""The progression engine, rule by rule: plain values in, decisions with reasons out.

No database: the engine is pure, so these tests build logged sets by hand.
"""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from programs.progression import (
    ExerciseInfo,
    GateDecision,
    GateFloor,
    GateRule,
    LoadDecision,
    LoggedSet,
    Override,
    Targets,
    day_text,
    decide,
    floor_text,
    gate_status,
    load_jump,
    next_set_load,
    qualifying_days,
    round_down_to_step,
    session_qualifies,
    session_start_load,
    session_targets,
)

TODAY = date(2025, 3, 14)

BIRD_DOG = ExerciseInfo(
    slug="bird-dog",
    name="Bird-dog",
    kind="foundational",
    measure="hold",
    increment=Decimal(0),
    reps_min=None,
    reps_max=None,
    hold_s=20,
)
PELVIC_TILT = ExerciseInfo(
    slug="pelvic-tilt",
    name="Pelvic tilt",
    kind="foundational",
    measure="reps",
    increment=Decimal(0),
    reps_min=10,
    reps_max=15,
    hold_s=None,
)
ROW = ExerciseInfo(
    slug="standing-row",
    name="Standing bent-over dumbbell row",
    kind="resistance",
    measure="reps",
    increment=Decimal(1),
    reps_min=8,
    reps_max=12,
    hold_s=None,
)
SINGLE_LEG_ROW = replace(ROW, slug="single-leg-row", name="Single-leg bent-over dumbbell row")
RDL = ExerciseInfo(
    slug="romanian-deadlift",
    name="Romanian deadlift",
    kind="resistance",
    measure="reps",
    increment=Decimal("2.5"),
    reps_min=6,
    reps_max=10,
    hold_s=None,
)
CATALOG = {e.slug: e for e in (BIRD_DOG, PELVIC_TILT, ROW, SINGLE_LEG_ROW, RDL)}

ROW_GATE = GateRule(exercise="standing-row", required="bird-dog")
SINGLE_LEG_GATE = GateRule(exercise="single-leg-row", required="standing-row")


def a_set(exercise: ExerciseInfo = BIRD_DOG, **changes: object) -> LoggedSet:
    """A clean set that met everything prescribed; `changes` spoil whatever a test needs."""
    hold = exercise.measure == "hold"
    values: dict[str, object] = {
        "session_id": 1,
        "day": TODAY,
        "exercise": exercise.slug,
        "set_number": 1,
        "prescribed_sets": 3,
        "reps": None if hold else exercise.reps_max,
        "hold_s": exercise.hold_s,
        "load": None if exercise.kind == "foundational" else Decimal(20),
        "eccentric_s": 3,
        "checks_failed": 0,
        "target_reps_min": exercise.reps_min,
        "target_reps_max": exercise.reps_max,
        "target_hold_s": exercise.hold_s,
        "target_eccentric_s": 3,
        "target_load": None,
    }
    values.update(changes)
    return LoggedSet(**values)  # type: ignore[arg-type]  # the test spells out every field


def a_session(
    exercise: ExerciseInfo = BIRD_DOG,
    *,
    session_id: int = 1,
    day: date = TODAY,
    sets: int = 3,
    **changes: object,
) -> list[LoggedSet]:
    """All prescribed sets of one session, alike unless `changes` say otherwise."""
    return [
        a_set(
            exercise, session_id=session_id, day=day, set_number=n, prescribed_sets=sets, **changes
        )
        for n in range(1, sets + 1)
    ]


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def bird_dog_days(*ago: int) -> list[LoggedSet]:
    """One qualifying bird-dog session on each of the given days before today."""
    return [s for i, n in enumerate(ago) for s in a_session(session_id=100 + i, day=days_ago(n))]


def row_gate(
    history: list[LoggedSet],
    rules: list[GateRule] | None = None,
    overrides: list[Override] | None = None,
) -> GateDecision:
    return gate_status(
        "standing-row",
        rules=[ROW_GATE] if rules is None else rules,
        history=history,
        today=TODAY,
        overrides=overrides or [],
        exercises=CATALOG,
    )


# --- qualifying sessions ---------------------------------------------------------------------


def test_a_fully_logged_clean_session_qualifies() -> None:
    result = session_qualifies(a_session())
    assert result.qualifies
    assert "all 3 sets logged" in result.reason


def test_no_sets_do_not_qualify() -> None:
    assert not session_qualifies([]).qualifies


def test_a_partially_logged_session_does_not_qualify() -> None:
    result = session_qualifies(a_session()[:2])
    assert not result.qualifies
    assert result.reason == "2 of 3 sets logged"


def test_a_set_logged_twice_counts_once_towards_the_prescribed_sets() -> None:
    first, second, _ = a_session()
    assert session_qualifies([first, second, second]).reason == "2 of 3 sets logged"


def test_a_missed_form_check_disqualifies_the_session() -> None:
    sets = a_session()
    sets[1] = replace(sets[1], checks_failed=1)
    result = session_qualifies(sets)
    assert not result.qualifies
    assert result.reason == "form check missed on set 2"


def test_several_missed_checks_are_counted_in_the_reason() -> None:
    sets = a_session()
    sets[2] = replace(sets[2], checks_failed=2)
    assert session_qualifies(sets).reason == "2 form checks missed on set 3"


def test_an_eccentric_shorter_than_prescribed_disqualifies_the_session() -> None:
    sets = a_session(ROW)
    sets[0] = replace(sets[0], eccentric_s=1)
    result = session_qualifies(sets)
    assert not result.qualifies
    assert result.reason == "set 1 lowered in 1 s, 3 s prescribed"


def test_an_unlogged_eccentric_does_not_meet_a_prescribed_one() -> None:
    sets = a_session(ROW, eccentric_s=None)
    assert not session_qualifies(sets).qualifies
    assert "set 1 no lowering time logged, 3 s prescribed" in session_qualifies(sets).reason


def test_without_an_eccentric_target_any_lowering_time_qualifies() -> None:
    sets = a_session(ROW, eccentric_s=None, target_eccentric_s=None)
    assert session_qualifies(sets).qualifies


def test_a_hold_shorter_than_prescribed_disqualifies_the_session() -> None:
    sets = a_session()
    sets[1] = replace(sets[1], hold_s=15)
    result = session_qualifies(sets)
    assert not result.qualifies
    assert result.reason == "set 2 held 15 s, 20 s prescribed"


def test_a_hold_exactly_at_the_target_qualifies() -> None:
    assert session_qualifies(a_session(hold_s=20, target_hold_s=20)).qualifies


def test_every_problem_of_a_session_is_named() -> None:
    sets = a_session(ROW)[:2]
    sets[1] = replace(sets[1], checks_failed=1, eccentric_s=2)
    assert session_qualifies(sets).reason == (
        "2 of 3 sets logged; form check missed on set 2; set 2 lowered in 2 s, 3 s prescribed"
    )


# --- qualifying days -------------------------------------------------------------------------


def test_two_sessions_on_one_day_count_once() -> None:
    history = a_session(session_id=1) + a_session(session_id=2)
    assert qualifying_days(history, "bird-dog", TODAY, 14) == [TODAY]


def test_the_first_day_of_the_window_counts() -> None:
    history = a_session(day=days_ago(13))
    assert qualifying_days(history, "bird-dog", TODAY, 14) == [days_ago(13)]


def test_the_day_before_the_window_does_not_count() -> None:
    assert qualifying_days(a_session(day=days_ago(14)), "bird-dog", TODAY, 14) == []


def test_sets_dated_after_today_are_ignored() -> None:
    assert qualifying_days(a_session(day=TODAY + timedelta(days=1)), "bird-dog", TODAY, 14) == []


def test_a_session_cut_short_by_today_does_not_qualify() -> None:
    sets = a_session()
    sets[2] = replace(sets[2], day=TODAY + timedelta(days=1))
    assert qualifying_days(sets, "bird-dog", TODAY, 14) == []


def test_sessions_that_did_not_qualify_are_not_counted() -> None:
    history = bird_dog_days(1) + a_session(session_id=2, day=days_ago(2), checks_failed=1)
    assert qualifying_days(history, "bird-dog", TODAY, 14) == [days_ago(1)]


def test_only_the_named_exercise_counts() -> None:
    assert qualifying_days(a_session(PELVIC_TILT), "bird-dog", TODAY, 14) == []


def test_qualifying_days_come_oldest_first() -> None:
    history = bird_dog_days(1, 5, 3)
    assert qualifying_days(history, "bird-dog", TODAY, 14) == [
        days_ago(5),
        days_ago(3),
        days_ago(1),
    ]


# --- gates -----------------------------------------------------------------------------------


def test_an_exercise_without_rules_is_unlocked() -> None:
    decision = gate_status(
        "bird-dog", rules=[ROW_GATE], history=[], today=TODAY, overrides=[], exercises=CATALOG
    )
    assert decision.unlocked
    assert not decision.overridden
    assert decision.progress == ()
    assert decision.reason == "Bird-dog has no prerequisites."


def test_a_gate_stays_locked_short_of_the_qualifying_sessions() -> None:
    decision = row_gate(bird_dog_days(1, 2))
    assert not decision.unlocked
    assert decision.reason == (
        "Bird-dog: 2 of 3 qualifying sessions in the last 14 days — "
        "1 more unlocks Standing bent-over dumbbell row"
    )


def test_a_gate_unlocks_with_enough_qualifying_days_in_the_window() -> None:
    decision = row_gate(bird_dog_days(1, 7, 13))
    assert decision.unlocked
    assert not decision.overridden
    assert decision.reason == "Unlocked — Bird-dog: 3 of 3 qualifying sessions in the last 14 days"


def test_a_gate_counts_only_days_inside_its_window() -> None:
    assert not row_gate(bird_dog_days(1, 7, 14)).unlocked


def test_a_gate_does_not_count_one_day_twice() -> None:
    history = bird_dog_days(1, 2) + a_session(session_id=7, day=days_ago(2))
    assert row_gate(history).progress[0].done == 2


def test_a_gate_reports_its_progress() -> None:
    (progress,) = row_gate(bird_dog_days(4, 2)).progress
    assert progress.required == "bird-dog"
    assert progress.required_name == "Bird-dog"
    assert (progress.done, progress.needed, progress.window_days) == (2, 3, 14)
    assert progress.days == (days_ago(4), days_ago(2))
    assert not progress.met
    assert progress.required_unlocked


def test_a_gate_follows_its_own_session_count_and_window() -> None:
    rule = GateRule(exercise="standing-row", required="bird-dog", sessions=2, window_days=7)
    assert row_gate(bird_dog_days(1, 6), rules=[rule]).unlocked
    assert not row_gate(bird_dog_days(1, 7), rules=[rule]).unlocked


def test_every_rule_on_an_exercise_must_hold() -> None:
    rules = [ROW_GATE, GateRule(exercise="standing-row", required="pelvic-tilt", sessions=1)]
    decision = row_gate(bird_dog_days(1, 2, 3), rules=rules)
    assert not decision.unlocked
    assert decision.reason == (
        "Pelvic tilt: 0 of 1 qualifying session in the last 14 days — "
        "1 more unlocks Standing bent-over dumbbell row"
    )


def test_several_unmet_rules_are_all_explained() -> None:
    rules = [ROW_GATE, GateRule(exercise="standing-row", required="pelvic-tilt", sessions=1)]
    assert row_gate([], rules=rules).reason == (
        "Bird-dog: 0 of 3 qualifying sessions in the last 14 days — 3 more needed; "
        "Pelvic tilt: 0 of 1 qualifying session in the last 14 days — 1 more needed"
    )


def test_an_override_unlocks_a_locked_exercise_and_says_who_and_why() -> None:
    override = Override("standing-row", "Cleared by physio after review", "Cora Coach", days_ago(1))
    decision = row_gate([], overrides=[override])
    assert decision.unlocked
    assert decision.overridden
    assert decision.reason == (
        "Unlocked by Cora Coach on Thu 13 Mar: Cleared by physio after review"
    )
    assert decision.progress[0].done == 0


def test_an_override_dated_after_today_is_not_in_force_yet() -> None:
    override = Override("standing-row", "From Monday", "Cora Coach", TODAY + timedelta(days=3))
    decision = row_gate([], overrides=[override])
    assert not decision.unlocked
    assert not decision.overridden


def test_an_override_for_another_exercise_changes_nothing() -> None:
    override = Override("romanian-deadlift", "Ready", "Cora Coach", TODAY)
    assert not row_gate([], overrides=[override]).unlocked


def test_the_latest_override_gives_the_reason() -> None:
    overrides = [
        Override("standing-row", "Newer note", "Cora Coach", days_ago(1)),
        Override("standing-row", "Older note", "Cora Coach", days_ago(9)),
    ]
    assert row_gate([], overrides=overrides).reason.endswith("Newer note")


def single_leg_gate(
    history: list[LoggedSet], overrides: list[Override] | None = None
) -> GateDecision:
    return gate_status(
        "single-leg-row",
        rules=[ROW_GATE, SINGLE_LEG_GATE],
        history=history,
        today=TODAY,
        overrides=overrides or [],
        exercises=CATALOG,
    )


def standing_row_days(*ago: int) -> list[LoggedSet]:
    return [
        s for i, n in enumerate(ago) for s in a_session(ROW, session_id=200 + i, day=days_ago(n))
    ]


def test_a_chain_needs_its_gated_prerequisite_unlocked_itself() -> None:
    decision = single_leg_gate(bird_dog_days(1, 2) + standing_row_days(1, 2, 3))
    assert not decision.unlocked
    (progress,) = decision.progress
    assert progress.done == 3
    assert not progress.required_unlocked
    assert not progress.met
    assert decision.reason == (
        "Standing bent-over dumbbell row: 3 of 3 qualifying sessions in the last 14 days, "
        "and Standing bent-over dumbbell row is still locked itself"
    )


def test_a_chain_unlocks_when_every_link_holds() -> None:
    decision = single_leg_gate(bird_dog_days(4, 5, 6) + standing_row_days(1, 2, 3))
    assert decision.unlocked


def test_an_override_on_a_prerequisite_opens_the_next_link() -> None:
    override = Override("standing-row", "Trained with me in person", "Cora Coach", TODAY)
    assert single_leg_gate(standing_row_days(1, 2, 3), [override]).unlocked


def test_an_override_further_down_a_chain_does_not_count_as_logs() -> None:
    override = Override("standing-row", "Trained with me in person", "Cora Coach", TODAY)
    assert not single_leg_gate(standing_row_days(1, 2), [override]).unlocked


def test_a_loop_in_the_rules_stays_locked_and_says_so() -> None:
    rules = [ROW_GATE, GateRule(exercise="bird-dog", required="standing-row")]
    history = bird_dog_days(1, 2, 3) + standing_row_days(1, 2, 3)
    decision = row_gate(history, rules=rules)
    assert not decision.unlocked
    assert decision.reason.startswith(
        "Locked: these prerequisites form a loop "
        "(Standing bent-over dumbbell row → Bird-dog → Standing bent-over dumbbell row)"
    )


def test_a_rule_requiring_its_own_exercise_stays_locked() -> None:
    rule = GateRule(exercise="standing-row", required="standing-row")
    assert not row_gate(standing_row_days(1, 2, 3), rules=[rule]).unlocked


def test_a_loop_broken_by_an_override_is_not_reported_as_a_loop() -> None:
    rules = [ROW_GATE, GateRule(exercise="bird-dog", required="standing-row")]
    override = Override("bird-dog", "Assessed in clinic", "Cora Coach", TODAY)
    decision = row_gate(bird_dog_days(1, 2), rules=rules, overrides=[override])
    assert not decision.unlocked
    assert decision.reason == (
        "Bird-dog: 2 of 3 qualifying sessions in the last 14 days — "
        "1 more unlocks Standing bent-over dumbbell row"
    )


def test_a_loop_opens_only_by_override() -> None:
    rules = [ROW_GATE, GateRule(exercise="bird-dog", required="standing-row")]
    override = Override("bird-dog", "Assessed in clinic", "Cora Coach", TODAY)
    assert row_gate(bird_dog_days(1, 2, 3), rules=rules, overrides=[override]).unlocked


# --- the next set's load ---------------------------------------------------------------------


def next_load(
    session_sets: list[LoggedSet],
    exercise: ExerciseInfo = ROW,
    history: list[LoggedSet] | None = None,
) -> LoadDecision:
    return next_set_load(
        exercise, session_sets=session_sets, history=history or [], planned_load=Decimal(20)
    )


def test_the_first_set_starts_at_the_planned_load() -> None:
    decision = next_load([])
    assert (decision.load, decision.change) == (Decimal(20), "start")
    assert decision.reason == "Start at the planned 20 kg."


def test_a_clean_set_keeps_the_load() -> None:
    decision = next_load([a_set(ROW, load=Decimal("22.5"))])
    assert (decision.load, decision.change) == (Decimal("22.5"), "hold")


def test_a_failed_form_check_goes_back_to_the_last_load_where_form_held() -> None:
    sets = [
        a_set(ROW, set_number=1, load=Decimal("17.5")),
        a_set(ROW, set_number=2, load=Decimal(20), checks_failed=1),
    ]
    decision = next_load(sets)
    assert (decision.load, decision.change) == (Decimal("17.5"), "reduce")
    assert decision.reason == (
        "Form broke on set 2 at 20 kg — back to 17.5 kg, the last load where form held."
    )


def test_the_last_load_where_form_held_can_come_from_history() -> None:
    history = a_session(ROW, session_id=1, day=days_ago(3), load=Decimal(18))
    failed = [a_set(ROW, session_id=2, load=Decimal(20), checks_failed=1)]
    assert next_load(failed, history=history).load == Decimal(18)


def test_the_most_recent_lower_clean_load_wins() -> None:
    history = a_session(ROW, session_id=1, day=days_ago(9), load=Decimal(15)) + a_session(
        ROW, session_id=2, day=days_ago(3), load=Decimal(18)
    )
    failed = [a_set(ROW, session_id=3, load=Decimal(20), checks_failed=1)]
    assert next_load(failed, history=history).load == Decimal(18)


def test_a_clean_set_at_or_above_the_failed_load_is_not_where_form_held() -> None:
    history = a_session(ROW, session_id=1, day=days_ago(3), load=Decimal(20))
    failed = [a_set(ROW, session_id=2, load=Decimal(20), checks_failed=1)]
    assert next_load(failed, history=history).load == Decimal(18)


def test_a_set_with_a_missed_check_is_not_where_form_held() -> None:
    history = a_session(ROW, session_id=1, day=days_ago(3), load=Decimal(19), checks_failed=1)
    failed = [a_set(ROW, session_id=2, load=Decimal(20), checks_failed=1)]
    assert next_load(failed, history=history).load == Decimal(18)


def test_sets_logged_after_the_failed_one_are_not_where_form_held() -> None:
    later = a_session(ROW, session_id=9, day=TODAY + timedelta(days=2), load=Decimal(19))
    failed = [a_set(ROW, session_id=2, load=Decimal(20), checks_failed=1)]
    assert next_load(failed, history=later).load == Decimal(18)


@pytest.mark.parametrize(
    ("unit", "increment", "failed", "reduced"),
    [
        ("kg", "1", "20", "18"),
        ("kg", "1", "23", "20"),  # 20.7 rounds down
        ("kg", "2.5", "20", "17.5"),  # 18 rounds down to the plate step
        ("kg", "2.5", "42.5", "37.5"),  # 38.25
        ("lb", "2", "25", "22"),  # 22.5
        ("lb", "2", "45", "40"),  # 40.5
        ("lb", "5", "50", "45"),
        ("lb", "5", "35", "30"),  # 31.5
        ("kg", "0", "7", "6"),  # 6.3: without an increment, round down to 0.5
        ("kg", "0", "7.5", "6.5"),  # 6.75
    ],
)
def test_without_a_held_load_the_reduction_is_ten_percent_rounded_down(
    unit: str, increment: str, failed: str, reduced: str
) -> None:
    exercise = replace(ROW, increment=Decimal(increment), unit=unit)
    decision = next_load([a_set(exercise, load=Decimal(failed), checks_failed=1)], exercise)
    assert decision.load == Decimal(reduced)
    assert decision.change == "reduce"
    assert f"at {failed} {unit} — back to {reduced} {unit}, 10 % lighter" in decision.reason


def test_a_reduction_in_pounds_says_pounds() -> None:
    exercise = replace(RDL, increment=Decimal(5), unit="lb")
    decision = next_load([a_set(exercise, load=Decimal(50), checks_failed=1)], exercise)
    assert decision.reason == (
        "Form broke on set 1 at 50 lb — back to 45 lb, 10 % lighter, rounded down to the 5 lb step."
    )


def test_a_reduction_never_goes_below_zero() -> None:
    decision = next_load([a_set(RDL, load=Decimal(1), checks_failed=1)], RDL)
    assert decision.load == Decimal(0)
    assert decision.change == "reduce"


def test_a_failed_set_without_added_load_has_nothing_to_take_off() -> None:
    for load in (None, Decimal(0)):
        decision = next_load([a_set(ROW, load=load, checks_failed=1)])
        assert (decision.load, decision.change) == (load, "hold")
        assert "nothing to take off" in decision.reason


def test_only_the_latest_set_decides_the_next_load() -> None:
    sets = [
        a_set(ROW, set_number=1, load=Decimal(20), checks_failed=1),
        a_set(ROW, set_number=2, load=Decimal(18)),
    ]
    assert next_load(sets).load == Decimal(18)


def test_other_exercises_in_the_session_do_not_affect_the_next_load() -> None:
    sets = [
        a_set(ROW, load=Decimal(20)),
        a_set(RDL, set_number=2, load=Decimal(40), checks_failed=1),
    ]
    assert next_load(sets).load == Decimal(20)


# --- the session's start load ----------------------------------------------------------------


def start_load(history: list[LoggedSet], exercise: ExerciseInfo = ROW) -> LoadDecision:
    return session_start_load(exercise, history=history, today=TODAY, planned_load=Decimal(15))


def row_sessions(*loads_and_reps: tuple[str, int], **changes: object) -> list[LoggedSet]:
    """One ROW session per (load, reps), on consecutive days up to yesterday, oldest first."""
    count = len(loads_and_reps)
    return [
        s
        for i, (load, reps) in enumerate(loads_and_reps)
        for s in a_session(
            ROW, session_id=i + 1, day=days_ago(count - i), load=Decimal(load), reps=reps, **changes
        )
    ]


def test_with_no_history_the_planned_load_starts() -> None:
    decision = start_load([])
    assert (decision.load, decision.change) == (Decimal(15), "start")


def test_without_a_planned_load_the_first_session_says_to_choose_one() -> None:
    decision = session_start_load(ROW, history=[], today=TODAY, planned_load=None)
    assert (decision.load, decision.change) == (None, "start")
    assert "No load is planned" in decision.reason


def test_the_working_load_carries_over_from_the_last_session() -> None:
    decision = start_load(row_sessions(("18", 10), ("20", 10)))
    assert (decision.load, decision.change) == (Decimal(20), "hold")
    assert decision.reason.startswith("Last session's working load: 20 kg.")


def test_the_planned_load_does_not_override_the_log() -> None:
    assert start_load(row_sessions(("20", 10))).load == Decimal(20)


def test_a_session_that_ended_in_a_reduction_starts_at_the_reduced_load() -> None:
    history = row_sessions(("20", 10))
    history[-1] = replace(history[-1], checks_failed=1)
    decision = start_load(history)
    assert (decision.load, decision.change) == (Decimal(18), "reduce")
    assert decision.reason == (
        "Form broke on the last set on Thu 13 Mar at 20 kg — start at 18 kg, "
        "10 % lighter, rounded down to the 1 kg step."
    )


def test_a_session_that_recovered_after_a_reduction_starts_at_its_last_clean_load() -> None:
    history = row_sessions(("20", 10))
    history[1] = replace(history[1], checks_failed=1)
    history[2] = replace(history[2], load=Decimal(18))
    assert start_load(history).load == Decimal(18)


def test_two_sessions_at_the_top_of_the_range_add_one_increment() -> None:
    decision = start_load(row_sessions(("20", 12), ("20", 12)))
    assert (decision.load, decision.change) == (Decimal(21), "increase")
    assert decision.reason == (
        "Every set reached the top of the range with clean form and tempo on the last "
        "2 training days at 20 kg — up 1 kg to 21 kg, and reps go back to the bottom of the range."
    )


def test_a_barbell_goes_up_by_its_own_increment() -> None:
    history = [
        s
        for i in (1, 2)
        for s in a_session(RDL, session_id=i, day=days_ago(3 - i), load=Decimal(40), reps=10)
    ]
    assert start_load(history, RDL).load == Decimal("42.5")


def test_one_session_at_the_top_of_the_range_is_not_enough() -> None:
    decision = start_load(row_sessions(("20", 11), ("20", 12)))
    assert (decision.load, decision.change) == (Decimal(20), "hold")
    assert "once more, on another day, adds 1 kg" in decision.reason


def test_a_top_session_with_a_missed_form_check_does_not_count() -> None:
    history = row_sessions(("20", 12), ("20", 12))
    history[0] = replace(history[0], checks_failed=1)
    assert start_load(history).change == "hold"


def test_a_top_session_with_a_short_lowering_does_not_count() -> None:
    history = row_sessions(("20", 12), ("20", 12))
    history[4] = replace(history[4], eccentric_s=2)
    assert start_load(history).change == "hold"


def test_a_partially_logged_top_session_does_not_count() -> None:
    history = row_sessions(("20", 12), ("20", 12))
    del history[-1]
    assert start_load(history).change == "hold"


def test_top_sessions_at_a_lighter_load_do_not_raise_the_new_load_again() -> None:
    decision = start_load(row_sessions(("20", 12), ("21", 12)))
    assert (decision.load, decision.change) == (Decimal(21), "hold")


def test_the_top_of_the_range_is_the_one_prescribed_when_the_set_was_logged() -> None:
    history = row_sessions(("20", 10), ("20", 10), target_reps_min=6, target_reps_max=10)
    assert start_load(history).load == Decimal(21)


def test_sessions_dated_after_today_do_not_move_the_start_load() -> None:
    future = [
        s for s in a_session(ROW, session_id=9, day=TODAY + timedelta(days=1), load=Decimal(30))
    ]
    assert start_load(row_sessions(("20", 10)) + future).load == Decimal(20)


def test_foundational_work_stays_at_bodyweight() -> None:
    decision = session_start_load(
        BIRD_DOG, history=a_session(day=days_ago(1)), today=TODAY, planned_load=None
    )
    assert (decision.load, decision.change) == (None, "hold")
    assert decision.reason == "Bodyweight: Bird-dog progresses by hold time, not load."


# --- targets ---------------------------------------------------------------------------------


def targets(
    history: list[LoggedSet],
    exercise: ExerciseInfo = ROW,
    reps_range: tuple[int, int] | None = None,
    hold_s: int | None = None,
) -> Targets:
    return session_targets(
        exercise, history=history, today=TODAY, reps_range=reps_range, hold_s=hold_s
    )


def test_a_first_session_aims_for_the_bottom_of_the_range() -> None:
    result = targets([])
    assert (result.reps_min, result.reps_max, result.reps_goal, result.change) == (
        8,
        12,
        8,
        "start",
    )
    assert result.reason == "First session: aim for 8 reps a set (range 8–12)."


def test_after_a_qualifying_session_the_goal_is_one_more_than_the_fewest_reps() -> None:
    history = row_sessions(("20", 10))
    history[1] = replace(history[1], reps=9)
    result = targets(history)
    assert (result.reps_goal, result.change) == (10, "increase")


def test_after_a_session_that_did_not_qualify_the_goal_stays() -> None:
    history = row_sessions(("20", 10))
    history[0] = replace(history[0], checks_failed=1)
    result = targets(history)
    assert (result.reps_goal, result.change) == (10, "hold")
    assert "form check missed on set 1" in result.reason


def test_the_goal_never_leaves_the_range() -> None:
    assert targets(row_sessions(("20", 4))).reps_goal == 8
    assert targets(row_sessions(("20", 4), checks_failed=1)).reps_goal == 8
    assert targets(row_sessions(("20", 12))).reps_goal == 12


def test_a_load_increase_sends_reps_back_to_the_bottom_of_the_range() -> None:
    result = targets(row_sessions(("20", 12), ("20", 12)))
    assert (result.reps_goal, result.change) == (8, "reset")
    assert result.reason == "The load goes up, so reps go back to 8, the bottom of the range 8–12."


def test_the_program_rep_range_wins_over_the_logged_one() -> None:
    result = targets(row_sessions(("20", 10)), reps_range=(6, 8))
    assert (result.reps_min, result.reps_max, result.reps_goal) == (6, 8, 8)


def test_foundational_reps_grow_one_at_a_time_up_to_the_top_of_the_range() -> None:
    history = a_session(PELVIC_TILT, day=days_ago(1), reps=12)
    assert targets(history, PELVIC_TILT).reps_goal == 13
    at_top = a_session(PELVIC_TILT, day=days_ago(1), reps=15)
    result = targets(at_top, PELVIC_TILT)
    assert (result.reps_goal, result.change) == (15, "hold")


def hold_sessions(*holds: int, achieved: int | None = None) -> list[LoggedSet]:
    """One bird-dog session per target hold, oldest first, each met unless `achieved` says."""
    count = len(holds)
    return [
        s
        for i, hold in enumerate(holds)
        for s in a_session(
            session_id=i + 1,
            day=days_ago(count - i),
            target_hold_s=hold,
            hold_s=hold if achieved is None else achieved,
        )
    ]


def test_a_first_hold_session_uses_the_program_hold_or_the_default() -> None:
    assert targets([], BIRD_DOG).hold_s == 20
    assert targets([], BIRD_DOG, hold_s=10).hold_s == 10


def test_a_hold_grows_by_five_seconds_after_two_qualifying_sessions_in_a_row() -> None:
    result = targets(hold_sessions(20, 20), BIRD_DOG)
    assert (result.hold_s, result.change) == (25, "increase")
    assert result.reason == (
        "Qualified at 20 s on the last 2 training days (Wed 12 Mar, Thu 13 Mar) — hold 25 s now."
    )


def test_one_qualifying_hold_session_is_not_enough() -> None:
    result = targets(hold_sessions(20), BIRD_DOG)
    assert (result.hold_s, result.change) == (20, "hold")


def test_a_session_short_of_its_hold_keeps_the_hold() -> None:
    result = targets(hold_sessions(20, 20, achieved=18), BIRD_DOG)
    assert (result.hold_s, result.change) == (20, "hold")
    assert "set 1 held 18 s, 20 s prescribed" in result.reason


def test_a_longer_hold_needs_its_own_two_sessions() -> None:
    assert targets(hold_sessions(20, 20, 25), BIRD_DOG).hold_s == 25
    assert targets(hold_sessions(20, 20, 25, 25), BIRD_DOG).hold_s == 30


def test_holds_stop_growing_at_sixty_seconds() -> None:
    assert targets(hold_sessions(58, 58), BIRD_DOG).hold_s == 60
    result = targets(hold_sessions(60, 60), BIRD_DOG)
    assert (result.hold_s, result.change) == (60, "hold")


# --- everything at once ----------------------------------------------------------------------


def test_decide_answers_for_every_exercise_with_reasons() -> None:
    history = bird_dog_days(1, 2) + row_sessions(("20", 12))
    decisions = decide(
        exercises=CATALOG,
        rules=[ROW_GATE, SINGLE_LEG_GATE],
        history=history,
        today=TODAY,
        overrides=[],
        planned_loads={"romanian-deadlift": Decimal(30)},
    )
    assert list(decisions) == list(CATALOG)
    assert decisions["bird-dog"].gate.unlocked
    assert not decisions["standing-row"].gate.unlocked
    assert not decisions["single-leg-row"].gate.unlocked
    assert decisions["standing-row"].load.load == Decimal(20)
    assert decisions["romanian-deadlift"].load.load == Decimal(30)
    assert decisions["romanian-deadlift"].load.change == "start"
    assert decisions["bird-dog"].targets.hold_s == 25
    for decision in decisions.values():
        assert decision.gate.reason and decision.load.reason and decision.targets.reason


def test_plate_rounding_goes_down_to_a_whole_step_and_never_below_zero():
    assert round_down_to_step(Decimal("18.9"), Decimal("2.5")) == Decimal("17.5")
    assert round_down_to_step(Decimal("20"), Decimal("2.5")) == Decimal("20")
    assert round_down_to_step(Decimal("0.4"), Decimal("0.5")) == 0
    assert round_down_to_step(Decimal("-3"), Decimal("1")) == 0


def test_plate_rounding_leaves_a_load_alone_when_there_is_no_step():
    assert round_down_to_step(Decimal("7.25"), Decimal(0)) == Decimal("7.25")


# --- a gate's floor ---------------------------------------------------------------------------

BIRD_DOG_FLOOR = GateFloor(sets=3, hold_s=10, lowering_s=2)
FLOORED_ROW_GATE = GateRule(exercise="standing-row", required="bird-dog", floor=BIRD_DOG_FLOOR)


def _one_second_bird_dogs(*days: date) -> list[LoggedSet]:
    """Sessions of a trainee's own prescription, 1 set × 1 s at tempo 0-0-0-0, all met."""
    return [
        s
        for i, day in enumerate(days)
        for s in a_session(
            session_id=i + 1,
            day=day,
            sets=1,
            hold_s=1,
            target_hold_s=1,
            eccentric_s=None,
            target_eccentric_s=None,
        )
    ]


def test_sessions_of_a_self_written_one_second_hold_do_not_unlock_a_floored_gate() -> None:
    history = _one_second_bird_dogs(days_ago(1), days_ago(3), days_ago(5))
    assert session_qualifies(history[:1]).qualifies  # they met their own prescription

    gate = gate_status(
        "standing-row",
        rules=[FLOORED_ROW_GATE],
        history=history,
        today=TODAY,
        overrides=[],
        exercises=CATALOG,
    )

    assert not gate.unlocked
    assert gate.progress[0].done == 0
    assert gate.progress[0].below_floor == (days_ago(5), days_ago(3), days_ago(1))
    assert (
        "3 other days met their own prescription but not the gate floor: "
        "at least 3 sets of 10 s held, lowering 2 s or more" in gate.reason
    )


def test_sessions_at_the_floor_unlock_the_gate() -> None:
    history = [
        s
        for i, ago in enumerate((1, 3, 5))
        for s in a_session(
            session_id=i + 1,
            day=days_ago(ago),
            hold_s=10,
            target_hold_s=10,
            eccentric_s=2,
            target_eccentric_s=2,
        )
    ]

    gate = gate_status(
        "standing-row",
        rules=[FLOORED_ROW_GATE],
        history=history,
        today=TODAY,
        overrides=[],
        exercises=CATALOG,
    )

    assert gate.unlocked


def test_a_session_short_of_the_floor_in_one_set_does_not_count() -> None:
    history = a_session(hold_s=10, target_hold_s=8, eccentric_s=2, target_eccentric_s=2)
    history[1] = replace(history[1], hold_s=9)

    assert session_qualifies(history).qualifies
    assert qualifying_days(history, "bird-dog", TODAY, 14, BIRD_DOG_FLOOR) == []
    assert qualifying_days(history, "bird-dog", TODAY, 14) == [TODAY]


def test_a_coach_override_still_opens_a_floored_gate() -> None:
    gate = gate_status(
        "standing-row",
        rules=[FLOORED_ROW_GATE],
        history=_one_second_bird_dogs(TODAY),
        today=TODAY,
        overrides=[Override("standing-row", "Seen it in clinic", "Cora Coach", TODAY)],
        exercises=CATALOG,
    )

    assert gate.unlocked and gate.overridden


def test_a_floor_reads_in_domain_words() -> None:
    assert floor_text(GateFloor(sets=3, hold_s=10, lowering_s=2)) == (
        "at least 3 sets of 10 s held, lowering 2 s or more"
    )
    assert floor_text(GateFloor(sets=2, reps=8)) == "at least 2 sets of 8 reps"
    assert floor_text(GateFloor()) == "at least 1 set"


# --- one training day counts once -----------------------------------------------------------


def _same_day(sessions: list[LoggedSet], day: date = TODAY) -> list[LoggedSet]:
    return [replace(s, day=day) for s in sessions]


def test_bird_dog_sessions_logged_early_on_one_afternoon_do_not_raise_the_hold() -> None:
    # Wednesday: this week's and next week's sessions, all logged at 10 s.
    history = _same_day(hold_sessions(10, 10, 10, 10))

    result = targets(history, BIRD_DOG)

    assert (result.hold_s, result.change) == (10, "hold")
    assert result.reason == (
        f"Qualified at 10 s on {day_text(TODAY)} — a qualifying session at 10 s on another "
        "day adds 5 s."
    )


def test_a_hold_grows_once_for_two_days_however_many_sessions_they_held() -> None:
    history = [
        *_same_day(hold_sessions(10, 10), days_ago(1)),
        *[replace(s, session_id=s.session_id + 10) for s in _same_day(hold_sessions(10, 10))],
    ]

    assert targets(history, BIRD_DOG).hold_s == 15


def test_a_failed_second_session_holds_the_day_back() -> None:
    first = _same_day(hold_sessions(10), days_ago(1))
    today = _same_day(hold_sessions(10, 10))
    today = [*today[:3], *[replace(s, checks_failed=1) for s in today[3:]]]

    result = targets([*first, *today], BIRD_DOG)

    assert (result.hold_s, result.change) == (10, "hold")
    assert "did not qualify" in result.reason


def test_two_topped_out_row_sessions_on_one_day_do_not_add_load() -> None:
    decision = start_load(_same_day(row_sessions(("20", 12), ("20", 12))))

    assert (decision.load, decision.change) == (Decimal(20), "hold")


def test_reps_go_up_once_a_day_however_many_sessions() -> None:
    one = _same_day(a_session(PELVIC_TILT, session_id=1, reps=11))
    two = _same_day(a_session(PELVIC_TILT, session_id=2, reps=12))

    assert targets(one, PELVIC_TILT).reps_goal == 12
    assert targets([*one, *two], PELVIC_TILT).reps_goal == 12


# --- load jumps -------------------------------------------------------------------------------


def test_a_load_over_one_and_a_half_times_the_prescribed_one_is_a_jump() -> None:
    assert load_jump(Decimal(400), Decimal(10), increment=Decimal("2.5"), unit="kg") == (
        "400 kg is more than 1.5 × the prescribed 10 kg"
    )


def test_a_load_more_than_two_increments_above_is_a_jump() -> None:
    assert load_jump(Decimal("45.5"), Decimal(40), increment=Decimal("2.5"), unit="kg") == (
        "45.5 kg is more than 2 steps of 2.5 kg above the prescribed 40 kg"
    )
    assert load_jump(Decimal(45), Decimal(40), increment=Decimal("2.5"), unit="kg") == ""


def test_with_no_prescribed_load_nothing_is_a_jump() -> None:
    assert load_jump(Decimal(400), None, increment=Decimal(1), unit="kg") == ""


def test_a_confirmed_jump_leaves_the_next_set_at_the_prescribed_load() -> None:
    jump = a_set(ROW, load=Decimal(400), target_load=Decimal(10), load_jump=True)

    decision = next_set_load(ROW, session_sets=[jump], history=[], planned_load=Decimal(10))

    assert (decision.load, decision.change) == (Decimal(10), "hold")
    assert decision.reason == (
        "Set 1 was a confirmed jump above the prescribed 10 kg; a jump does not raise the load, "
        "so the next set stays at 10 kg."
    )


def test_a_confirmed_jump_leaves_the_next_session_at_the_working_load() -> None:
    history = row_sessions(("10", 10))
    history[-1] = replace(history[-1], load=Decimal(400), target_load=Decimal(10), load_jump=True)

    decision = start_load(history)

    assert (decision.load, decision.change) == (Decimal(10), "hold")
    assert "A confirmed jump above the prescribed load does not raise it." in decision.reason
