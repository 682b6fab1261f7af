"""The inbox rules, like the engine: examples per rule, and properties over any figures."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from innerback.inbox import rules
from innerback.inbox.rules import Adherence, ClientFigures, ExerciseSession, PainNote, WorseMorning

TODAY = date(2026, 12, 3)


def rate(done: int, planned: int) -> Adherence:
    return Adherence(done, planned, round(100 * done / planned) if planned else None)


def kinds(figures: ClientFigures) -> set[tuple[str, str]]:
    return set(rules.causes(figures))


# --- adherence ---------------------------------------------------------------------------------


def test_adherence_twenty_points_below_the_month_raises_with_both_rates():
    figures = ClientFigures(TODAY, recent=rate(1, 3), usual=rate(10, 12))

    (cause,) = rules.causes(figures).values()

    assert cause.key == (rules.ADHERENCE_DROP, "")
    assert cause.summary == (
        "1 of 3 planned sessions done in the last 7 days (33%), against 83% over 30 days "
        "(10 of 12)."
    )


def test_adherence_nineteen_points_below_is_no_cause():
    assert not kinds(ClientFigures(TODAY, recent=rate(61, 100), usual=rate(80, 100)))
    assert kinds(ClientFigures(TODAY, recent=rate(60, 100), usual=rate(80, 100)))


def test_adherence_with_nothing_planned_this_week_is_no_cause():
    assert not kinds(ClientFigures(TODAY, recent=rate(0, 0), usual=rate(10, 10)))


# --- form ----------------------------------------------------------------------------------


def sessions(*failed: int, sets: int = 3) -> tuple[str, list[ExerciseSession]]:
    return (
        "Bird-dog",
        [
            ExerciseSession(TODAY - timedelta(days=2 * (len(failed) - n)), n + 1, sets, count)
            for n, count in enumerate(failed)
        ],
    )


def test_a_failed_check_in_two_sessions_running_raises_per_exercise():
    figures = ClientFigures(TODAY, sessions={"bird-dog": sessions(0, 1, 2)})

    (cause,) = rules.causes(figures).values()

    assert cause.key == (rules.FORM_FAILING, "bird-dog")
    assert "1 of 3 sets, then 2 of 3 sets" in cause.summary


def test_a_clean_session_in_between_or_last_is_no_cause():
    assert not kinds(ClientFigures(TODAY, sessions={"bird-dog": sessions(1, 0, 1)}))
    assert not kinds(ClientFigures(TODAY, sessions={"bird-dog": sessions(1, 1, 0)}))
    assert not kinds(ClientFigures(TODAY, sessions={"bird-dog": sessions(1)}))


# --- gates, silence ------------------------------------------------------------------------


def test_a_gate_locked_after_21_days_on_the_program_raises():
    start = TODAY - timedelta(days=21)
    figures = ClientFigures(
        TODAY, plan_start=start, locked={"rdl": "Romanian deadlift"}, last_logged=TODAY
    )

    assert kinds(figures) == {(rules.GATE_STUCK, "rdl")}
    assert rules.causes(figures)[(rules.GATE_STUCK, "rdl")].summary == (
        "Romanian deadlift is still locked after 21 days on the program."
    )
    assert not kinds(
        ClientFigures(
            TODAY, plan_start=start + timedelta(days=1), locked={"rdl": "RDL"}, last_logged=TODAY
        )
    )


def test_seven_silent_days_on_an_active_plan_raise_and_a_paused_plan_does_not():
    start = TODAY - timedelta(days=30)
    silent = ClientFigures(TODAY, plan_start=start, last_logged=TODAY - timedelta(days=7))
    assert rules.causes(silent)[(rules.INACTIVE, "")].summary == (
        "No set logged for 7 days (the last on 2026-11-26)."
    )
    assert not kinds(ClientFigures(TODAY, plan_start=start, last_logged=TODAY - timedelta(days=6)))
    assert not kinds(ClientFigures(TODAY, plan_start=start, plan_paused=True, last_logged=None))
    assert not kinds(ClientFigures(TODAY, plan_start=None, last_logged=None))


def test_silence_counts_from_the_start_of_the_plan_when_nothing_was_logged_since():
    start = TODAY - timedelta(days=8)
    figures = ClientFigures(TODAY, plan_start=start, last_logged=start - timedelta(days=40))

    assert rules.causes(figures)[(rules.INACTIVE, "")].summary == (
        "No set logged for 8 days (none since the program started on 2026-11-25)."
    )


# --- overrides, pain -------------------------------------------------------------------------


def test_an_unlock_by_another_coach_raises_per_exercise():
    figures = ClientFigures(
        TODAY, foreign_overrides={"rdl": ("Romanian deadlift", "Old Coach", TODAY)}
    )

    assert rules.causes(figures)[(rules.FOREIGN_OVERRIDE, "rdl")].summary.startswith(
        "Romanian deadlift was unlocked by Old Coach on 2026-12-03, not by you"
    )


def test_pain_flags_and_worse_mornings_of_the_last_seven_days_raise_one_each():
    figures = ClientFigures(
        TODAY,
        pain=(
            PainNote(7, "rdl", "Romanian deadlift", TODAY - timedelta(days=6), "Pain 7/10."),
            PainNote(3, "rdl", "Romanian deadlift", TODAY - timedelta(days=7), "Pain 6/10."),
        ),
        worse_mornings=(
            WorseMorning(7, TODAY, 5, 2),
            WorseMorning(2, TODAY - timedelta(days=9), 5, None),
        ),
    )

    found = rules.causes(figures)

    assert set(found) == {(rules.PAIN, "session-7-rdl"), (rules.PAIN, "morning-7")}
    assert found[(rules.PAIN, "morning-7")].summary == (
        "Worse the morning after a session: pain 5/10, from 2/10, answered on 2026-12-03."
    )


# --- properties --------------------------------------------------------------------------------

days = st.integers(min_value=0, max_value=60).map(lambda n: TODAY - timedelta(days=n))
adherence = st.tuples(st.integers(0, 30), st.integers(0, 30)).map(
    lambda pair: rate(min(pair), max(pair))
)
figures_strategy = st.builds(
    ClientFigures,
    today=st.just(TODAY),
    recent=adherence,
    usual=adherence,
    sessions=st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.lists(
            st.builds(
                ExerciseSession, days, st.integers(1, 99), st.integers(1, 5), st.integers(0, 5)
            ),
            max_size=4,
        ).map(lambda found: ("Name", found)),
    ),
    plan_start=st.none() | days,
    plan_paused=st.booleans(),
    locked=st.dictionaries(st.sampled_from(["x", "y"]), st.just("Locked one")),
    last_logged=st.none() | days,
    foreign_overrides=st.dictionaries(
        st.sampled_from(["x", "y"]), st.tuples(st.just("X"), st.just("Someone"), days)
    ),
    pain=st.lists(
        st.builds(PainNote, st.integers(1, 9), st.just("a"), st.just("A"), days, st.just("r"))
    ),
    worse_mornings=st.lists(
        st.builds(
            WorseMorning,
            st.integers(1, 9),
            days,
            st.integers(0, 10),
            st.none() | st.integers(0, 10),
        )
    ),
)


@given(figures_strategy)
def test_the_same_figures_give_the_same_causes_each_with_a_summary_that_fits(figures):
    found = rules.causes(figures)

    assert found == rules.causes(figures)
    for (kind, cause), reason in found.items():
        assert reason.key == (kind, cause)
        assert reason.summary and len(cause) <= 100
        assert any(ch.isdigit() for ch in reason.summary)  # said in numbers


@given(figures_strategy)
def test_a_paused_or_missing_plan_never_asks_about_silence_or_gates(figures):
    from dataclasses import replace

    for quiet in (replace(figures, plan_start=None), replace(figures, plan_paused=True)):
        assert (rules.INACTIVE, "") not in rules.causes(quiet)
    no_plan = rules.causes(replace(figures, plan_start=None))
    assert not {key for key in no_plan if key[0] == rules.GATE_STUCK}


@given(figures_strategy)
def test_logging_today_never_leaves_a_silence_cause(figures):
    from dataclasses import replace

    assert (rules.INACTIVE, "") not in rules.causes(replace(figures, last_logged=TODAY))


# --- transitions -------------------------------------------------------------------------------


def test_a_cause_that_holds_raises_and_one_that_is_gone_clears():
    changes = rules.transitions(standing={"a", "b"}, holding={"b", "c"})

    assert changes.raise_ == {"c"} and changes.clear == {"a"}


class Inbox:
    """Flags kept in memory the way the database keeps them: raised, handled, cleared."""

    def __init__(self) -> None:
        self.flags: list[dict] = []

    def standing(self) -> dict[str, dict]:
        return {flag["key"]: flag for flag in self.flags if not flag["cleared"]}

    def apply(self, holding: set[str]) -> None:
        standing = self.standing()
        changes = rules.transitions(standing, holding)
        for key in changes.clear:
            standing[key]["cleared"] = True
        for key in changes.raise_:
            self.flags.append({"key": key, "handled": False, "cleared": False})

    def handle(self, key: str) -> None:
        if key in self.standing():
            self.standing()[key]["handled"] = True


snapshot = st.sets(st.sampled_from("abcd"))


@given(st.lists(st.tuples(snapshot, st.sets(st.sampled_from("abcd"))), max_size=12))
def test_snapshots_applied_one_by_one_raise_once_per_return_of_a_cause(steps):
    inbox = Inbox()
    for holding, handled in steps:
        before = {key: flag["handled"] for key, flag in inbox.standing().items()}
        inbox.apply(holding)
        # A cause that lasted keeps its flag as it was, handled or not.
        for key, flag in inbox.standing().items():
            if key in before:
                assert flag["handled"] == before[key]
        for key in handled:
            inbox.handle(key)

    # Whatever the order: the standing flags are exactly the causes of the last snapshot, at
    # most one per cause, and each cause raised once per stretch of snapshots it held in.
    last = steps[-1][0] if steps else set()
    assert set(inbox.standing()) == last
    assert len(inbox.standing()) == len([f for f in inbox.flags if not f["cleared"]])
    for key in "abcd":
        stretches = sum(
            1
            for n, (holding, _) in enumerate(steps)
            if key in holding and (n == 0 or key not in steps[n - 1][0])
        )
        assert len([f for f in inbox.flags if f["key"] == key]) == stretches
