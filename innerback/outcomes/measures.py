"""The weekly outcome measures and what counts as a meaningful change in them.

Two measures, each a whole number from 0 to 10, answered once a week:

- **Average back pain** over the past week, on a numeric rating scale: 0 is no pain, 10 the
  worst pain imaginable. Lower is better.
- The **Patient-Specific Functional Scale (PSFS)**: the trainee names up to three everyday
  activities their back makes hard, and rates each week how well they can do each one: 0 is
  unable to do it, 10 is able to do it as well as before the problem. Higher is better.

A change of 2 points or more on either scale is the smallest change that usually matters to
the person, rather than week-to-week noise. It is measured **against the first answer**
(the baseline) of the same series, never week on week: a run of one-point weeks that adds up
to a real change then shows, and one odd week does not.

No HTTP and no database: plain values in, plain values out. These measures describe how
training sits with someone; they diagnose nothing.
"""

from enum import StrEnum

LOWEST = 0
HIGHEST = 10
ACTIVITIES = 3  # the PSFS asks for up to three activities
MEANINGFUL_POINTS = 2


class Kind(StrEnum):
    """The kinds of answer, as the outcomes CSV names them."""

    PAIN_WEEK = "pain_week"
    PSFS = "psfs"

    @property
    def better(self) -> str:
        """Which way is better on this scale: less pain, more function."""
        return "lower" if self == Kind.PAIN_WEEK else "higher"


def change_from_baseline(baseline: int, score: int) -> int:
    """Points moved since the first answer of the series: positive is up, negative down."""
    return score - baseline


def is_meaningful(change: int) -> bool:
    """A change of at least MEANINGFUL_POINTS either way, against the baseline, counts as
    meaningful; anything smaller may be an ordinary week."""
    return abs(change) >= MEANINGFUL_POINTS


def change_words(kind: Kind, change: int) -> str:
    """The change since the first answer in plain words, marked when it is meaningful and
    said as better or worse for the scale: "3 points lower than at the start (a meaningful
    change, better)" for pain that fell by 3."""
    if change == 0:
        return "the same as at the start"
    points = abs(change)
    way = "higher" if change > 0 else "lower"
    words = f"{points} point{'s' if points != 1 else ''} {way} than at the start"
    if not is_meaningful(change):
        return words
    verdict = "better" if way == kind.better else "worse"
    return f"{words} (a meaningful change, {verdict})"
