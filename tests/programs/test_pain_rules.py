"""The pain rules of the engine (issue 25): examples of each rule, then its invariants.

Pain reported for a session — 0–10 during an exercise, and the next morning better, the same
or worse — holds training where it is or steps it back, never forward:

1. Pain of 6/10 or more never raises a load and never counts toward a gate.
2. A higher rating (during the session, or the next morning) or a worse morning answer never
   gives a more aggressive decision than a lower one, all else equal.
"""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.progression import (
    PAIN_HOLD,
    PAIN_STEP_BACK,
    PAIN_USUAL,
    ExerciseDecision,
    LoggedSet,
    PainRules,
    day_text,
    pain_call,
    pain_verdict,
    qualified_sessions,
    session_start_load,
    session_targets,
    worse_by,
)
from tests.programs.test_progression import (
    BIRD_DOG,
    PELVIC_TILT,
    ROW,
    ROW_GATE,
    TODAY,
    a_session,
    bird_dog_days,
    days_ago,
    row_gate,
)
from tests.programs.test_progression_properties import (
    CATALOG as PROPERTY_CATALOG,
)
from tests.programs.test_progression_properties import (
    TODAY as PROPERTY_TODAY,
)
from tests.programs.test_progression_properties import (
    decide_all,
    scenarios,
)


def two_topped_out_row_days(**latest_pain: object) -> list[LoggedSet]:
    """Two row sessions at 20 kg with every set at the top of the range: an increase is
    earned unless the latest one's pain (`latest_pain`) says otherwise."""
    return [
        *a_session(ROW, session_id=1, day=days_ago(3)),
        *a_session(ROW, session_id=2, day=days_ago(1), **latest_pain),
    ]


def start_load(history: list[LoggedSet]):
    return session_start_load(ROW, history=history, today=TODAY, planned_load=None)


# --- what one session's pain calls for -----------------------------------------------------


@pytest.mark.parametrize(
    ("during", "call"),
    [
        *[(None, PAIN_USUAL), (0, PAIN_USUAL), (3, PAIN_USUAL)],
        *[(4, PAIN_HOLD), (5, PAIN_HOLD), (6, PAIN_STEP_BACK), (10, PAIN_STEP_BACK)],
    ],
)
def test_pain_during_the_session_calls_for_usual_hold_or_step_back(during, call):
    verdict = pain_call(day=TODAY, during=during, morning=None, morning_pain=None, pain_before=None)

    assert verdict.call == call
    if during is not None and during >= 4:
        assert verdict.reason == f"Pain {during}/10 during the session on {day_text(TODAY)}"


@pytest.mark.parametrize(
    ("morning", "now", "before", "by"),
    [
        ("better", 1, 5, 0),
        ("same", 7, 2, 0),  # only "worse" is worse, whatever the numbers
        ("worse", 3, 2, 1),
        ("worse", 5, 3, 2),
        ("worse", 2, 4, 1),  # said worse: at least 1
        ("worse", 6, None, 1),  # nothing to compare with: worse by 1
    ],
)
def test_worse_by_counts_points_up_from_the_answer_before_and_at_least_one(
    morning, now, before, by
):
    assert worse_by(morning, now, before) == by


def test_a_morning_worse_by_one_holds_and_by_two_steps_back():
    held = pain_call(day=TODAY, during=2, morning="worse", morning_pain=3, pain_before=2)
    stepped = pain_call(day=TODAY, during=2, morning="worse", morning_pain=5, pain_before=3)

    assert held.call == PAIN_HOLD
    assert stepped.call == PAIN_STEP_BACK
    assert stepped.reason == (
        f"Back worse the morning after the session on {day_text(TODAY)} (5/10, up from 3/10)"
    )


def test_worse_with_no_numbers_to_compare_still_holds():
    verdict = pain_call(day=TODAY, during=None, morning="worse", morning_pain=7, pain_before=None)

    assert verdict.call == PAIN_HOLD
    assert verdict.reason == f"Back worse the morning after the session on {day_text(TODAY)}"


def test_the_stronger_call_wins_and_pain_during_names_it_first():
    both = pain_call(day=TODAY, during=6, morning="worse", morning_pain=6, pain_before=2)
    morning = pain_call(day=TODAY, during=4, morning="worse", morning_pain=6, pain_before=2)

    assert both.reason.startswith("Pain 6/10 during")
    assert morning.call == PAIN_STEP_BACK and morning.reason.startswith("Back worse")


def test_the_rules_are_data_with_defaults():
    stricter = PainRules(hold_from=2, step_back_from=4, step_back_worse_by=1)
    sets = a_session(ROW, pain=3)

    assert pain_verdict(sets).call == PAIN_USUAL
    assert pain_verdict(sets, stricter).call == PAIN_HOLD


# --- what follows: loads, targets, gates ---------------------------------------------------


def test_pain_up_to_three_and_a_same_morning_progress_as_usual():
    decision = start_load(two_topped_out_row_days(pain=3, morning="same", morning_pain=2))

    assert (decision.load, decision.change) == (Decimal(21), "increase")


def test_pain_of_four_or_five_holds_the_load_and_says_why():
    decision = start_load(two_topped_out_row_days(pain=5))

    assert (decision.load, decision.change) == (Decimal(20), "hold")
    assert decision.reason.startswith(
        f"Pain 5/10 during the session on {day_text(days_ago(1))}: no increase, and the "
        "session does not count toward unlocking."
    )


def test_pain_of_six_steps_the_load_back_one_increment():
    decision = start_load(two_topped_out_row_days(pain=6))

    assert (decision.load, decision.change) == (Decimal(19), "reduce")
    assert decision.reason == (
        f"Pain 6/10 during the session on {day_text(days_ago(1))}: load one step back to 19 kg."
    )


def test_a_morning_worse_by_two_steps_the_load_back():
    decision = start_load(two_topped_out_row_days(morning="worse", morning_pain=5, pain_before=3))

    assert (decision.load, decision.change) == (Decimal(19), "reduce")


def test_a_step_back_after_form_broke_takes_the_lower_load():
    history = a_session(ROW, day=days_ago(1), pain=7, checks_failed=1, load=Decimal(30))
    history += a_session(ROW, session_id=0, day=days_ago(5), load=Decimal(25))

    decision = start_load(history)

    assert decision.load == Decimal(25)  # the last load where form held, below 29 kg


def test_a_painful_earlier_day_earns_no_increase():
    history = [
        *a_session(ROW, session_id=1, day=days_ago(3), pain=4),
        *a_session(ROW, session_id=2, day=days_ago(1)),
    ]

    assert start_load(history).change == "hold"


def test_once_the_stepped_back_session_is_done_pain_free_the_load_carries_on_from_there():
    history = [
        *a_session(ROW, session_id=1, day=days_ago(3), pain=6),
        *a_session(ROW, session_id=2, day=days_ago(1), load=Decimal(19), reps=9),
    ]

    assert (start_load(history).load, start_load(history).change) == (Decimal(19), "hold")


def test_a_foundational_hold_steps_back_five_seconds_after_pain_of_six():
    history = a_session(BIRD_DOG, day=days_ago(1), hold_s=30, target_hold_s=30, pain=6)

    targets = session_targets(BIRD_DOG, history=history, today=TODAY)

    assert (targets.hold_s, targets.change) == (25, "reduce")
    assert targets.reason.endswith("hold one step back, to 25 s.")


def test_a_foundational_hold_stays_after_pain_of_four_though_it_earned_more():
    history = [
        *a_session(BIRD_DOG, session_id=1, day=days_ago(3)),
        *a_session(BIRD_DOG, session_id=2, day=days_ago(1), pain=4),
    ]

    targets = session_targets(BIRD_DOG, history=history, today=TODAY)

    assert (targets.hold_s, targets.change) == (20, "hold")


def test_bodyweight_reps_go_one_rep_back_after_pain_of_six():
    history = a_session(PELVIC_TILT, day=days_ago(1), reps=12, pain=6)

    targets = session_targets(PELVIC_TILT, history=history, today=TODAY)

    assert (targets.reps_goal, targets.change) == (11, "reduce")


def test_loaded_reps_stay_when_the_load_steps_back():
    targets = session_targets(ROW, history=two_topped_out_row_days(pain=6), today=TODAY)

    assert (targets.reps_goal, targets.change) == (12, "hold")


def test_a_painful_session_counts_toward_no_gate():
    history = bird_dog_days(1, 2) + a_session(session_id=9, day=days_ago(3), pain=4)

    assert [q.session_id for q in qualified_sessions(history, "bird-dog")] == [101, 100]
    assert not row_gate(history, [ROW_GATE]).unlocked
    assert row_gate(bird_dog_days(1, 2, 3), [ROW_GATE]).unlocked


# --- properties ----------------------------------------------------------------------------


def _with_pain(history: list[LoggedSet], session_id: int, **pain: object) -> list[LoggedSet]:
    return [replace(s, **pain) if s.session_id == session_id else s for s in history]


def _never_more_aggressive(more: ExerciseDecision, less: ExerciseDecision) -> None:
    """`more` (decided with more pain) asks for no more than `less`: no higher load, no gate
    open that was closed, no longer hold, and at an equal load no more reps."""
    assert not more.gate.unlocked or less.gate.unlocked
    heavier = None not in (more.load.load, less.load.load) and more.load.load > less.load.load
    assert not heavier
    if more.targets.hold_s is not None and less.targets.hold_s is not None:
        assert more.targets.hold_s <= less.targets.hold_s
    if more.load.load == less.load.load and None not in (
        more.targets.reps_goal,
        less.targets.reps_goal,
    ):
        assert more.targets.reps_goal <= less.targets.reps_goal


pain_ratings = st.integers(min_value=0, max_value=10)


@settings(max_examples=300)
@given(scenario=scenarios(), data=st.data(), rating=st.integers(min_value=6, max_value=10))
def test_pain_of_six_or_more_never_raises_a_load_or_unlocks_a_gate(scenario, data, rating):
    history, rule_list, override_list = scenario
    if not history:
        return
    painful = data.draw(st.sampled_from(sorted({s.session_id for s in history})))
    hurt = _with_pain(history, painful, pain=rating)

    without = decide_all(history, rule_list, override_list)
    with_pain = decide_all(hurt, rule_list, override_list)

    for slug in PROPERTY_CATALOG:
        assert qualified_sessions(hurt, slug) == [
            q for q in qualified_sessions(history, slug) if q.session_id != painful
        ]
        _never_more_aggressive(with_pain[slug], without[slug])
        latest = max(
            (s for s in hurt if s.exercise == slug and s.day <= PROPERTY_TODAY),
            key=lambda s: (s.day, s.session_id),
            default=None,
        )
        if latest is not None and latest.session_id == painful:
            assert with_pain[slug].load.change != "increase"


@settings(max_examples=300)
@given(scenario=scenarios(), data=st.data(), low=pain_ratings, high=pain_ratings)
def test_a_higher_rating_during_the_session_is_never_more_aggressive(scenario, data, low, high):
    history, rule_list, override_list = scenario
    if not history or low == high:
        return
    low, high = sorted((low, high))
    session = data.draw(st.sampled_from(sorted({s.session_id for s in history})))

    less = decide_all(_with_pain(history, session, pain=low), rule_list, override_list)
    more = decide_all(_with_pain(history, session, pain=high), rule_list, override_list)

    for slug in PROPERTY_CATALOG:
        _never_more_aggressive(more[slug], less[slug])


@settings(max_examples=300)
@given(
    scenario=scenarios(),
    data=st.data(),
    answers=st.lists(st.sampled_from(["better", "same", "worse"]), min_size=2, max_size=2),
    ratings=st.lists(pain_ratings, min_size=2, max_size=2),
    before=st.none() | pain_ratings,
)
def test_a_worse_or_more_painful_morning_is_never_more_aggressive(
    scenario, data, answers, ratings, before
):
    history, rule_list, override_list = scenario
    if not history:
        return
    order = ["better", "same", "worse"]
    mild_answer, bad_answer = sorted(answers, key=order.index)
    mild_now, bad_now = sorted(ratings)
    session = data.draw(st.sampled_from(sorted({s.session_id for s in history})))
    during = data.draw(st.none() | pain_ratings)

    def morning(answer: str, now: int) -> dict[str, ExerciseDecision]:
        answered = _with_pain(
            history, session, pain=during, morning=answer, morning_pain=now, pain_before=before
        )
        return decide_all(answered, rule_list, override_list)

    less, more = morning(mild_answer, mild_now), morning(bad_answer, bad_now)

    for slug in PROPERTY_CATALOG:
        _never_more_aggressive(more[slug], less[slug])
