"""The meaningful-change rule: 2 points or more from the first answer, said in words."""

from hypothesis import given
from hypothesis import strategies as st

from innerback.outcomes.measures import (
    HIGHEST,
    LOWEST,
    MEANINGFUL_POINTS,
    Kind,
    change_from_baseline,
    change_words,
    is_meaningful,
)

scores = st.integers(min_value=LOWEST, max_value=HIGHEST)


def test_two_points_is_meaningful_and_one_is_not():
    assert is_meaningful(change_from_baseline(6, 4))
    assert is_meaningful(change_from_baseline(3, 5))
    assert not is_meaningful(change_from_baseline(6, 5))
    assert not is_meaningful(change_from_baseline(6, 6))


@given(baseline=scores, score=scores)
def test_a_change_is_meaningful_exactly_when_it_moves_two_points_either_way(baseline, score):
    change = change_from_baseline(baseline, score)

    assert is_meaningful(change) == (abs(score - baseline) >= MEANINGFUL_POINTS)
    assert is_meaningful(change) == is_meaningful(change_from_baseline(score, baseline))


def test_less_pain_is_better_and_more_function_is_better():
    assert change_words(Kind.PAIN_WEEK, -3) == (
        "3 points lower than at the start (a meaningful change, better)"
    )
    assert change_words(Kind.PAIN_WEEK, 2) == (
        "2 points higher than at the start (a meaningful change, worse)"
    )
    assert change_words(Kind.PSFS, 4) == (
        "4 points higher than at the start (a meaningful change, better)"
    )


def test_a_small_change_is_said_without_the_meaningful_mark():
    assert change_words(Kind.PSFS, -1) == "1 point lower than at the start"
    assert change_words(Kind.PAIN_WEEK, 0) == "the same as at the start"


@given(kind=st.sampled_from(Kind), baseline=scores, score=scores)
def test_the_words_mark_a_change_meaningful_exactly_when_the_rule_does(kind, baseline, score):
    change = change_from_baseline(baseline, score)

    assert ("meaningful" in change_words(kind, change)) == is_meaningful(change)
