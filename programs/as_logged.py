"""History never changes: what was prescribed for an exercise already logged in a session is
what its sets recorded when they were logged (`SetLog.target_*`), not what the program, the
coach or the engine would prescribe today.

Every page that shows a session — the session page and /today/, /plan/, a coach's view of a
client's week — plans it with the engine (`engine.planned_items`) and then, for each exercise
with live sets in it, takes the prescription from those sets with `as_logged`. The engine's
targets apply to exercises not yet started. The log CSV reads the sets' own columns already.
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from programs.engine import PlannedItem
from programs.models import SetLog, convert_load

# What a session's plan reads of its logged sets.
TARGET_FIELDS = (
    "session_id",
    "exercise_id",
    "set_number",
    "target_sets",
    "target_reps_min",
    "target_reps_max",
    "target_hold_s",
    "target_load",
    "target_tempo",
    "unit",
    "performed_on",
)


@dataclass(frozen=True)
class LoggedPrescription:
    """What was prescribed for one exercise in one session, from its first live set (the
    start load is that set's), and how many live sets it has."""

    sets: int
    reps_min: int | None
    reps_max: int | None
    hold_s: int | None
    tempo: str
    load: Decimal | None
    unit: str
    logged: int
    # The day its first set was logged on: a session logged early is done on that day.
    logged_on: date


def _from_rows(rows: Iterable[dict]) -> dict[tuple[int, int], LoggedPrescription]:
    firsts: dict[tuple[int, int], dict] = {}
    counts: dict[tuple[int, int], int] = {}
    days: dict[tuple[int, int], date] = {}
    for row in rows:
        key = (row["session_id"], row["exercise_id"])
        counts[key] = counts.get(key, 0) + 1
        days[key] = min(days.get(key, row["performed_on"]), row["performed_on"])
        if key not in firsts or row["set_number"] < firsts[key]["set_number"]:
            firsts[key] = row
    return {
        key: LoggedPrescription(
            sets=row["target_sets"],
            reps_min=row["target_reps_min"],
            reps_max=row["target_reps_max"],
            hold_s=row["target_hold_s"],
            tempo=row["target_tempo"],
            load=row["target_load"],
            unit=row["unit"],
            logged=counts[key],
            logged_on=days[key],
        )
        for key, row in firsts.items()
    }


def of_sets(sets: Iterable[SetLog]) -> dict[tuple[int, int], LoggedPrescription]:
    """The prescriptions recorded by these live sets (already loaded), by (session id,
    exercise id)."""
    return _from_rows({name: getattr(s, name) for name in TARGET_FIELDS} for s in sets)


def read(session_ids: Iterable[int]) -> dict[tuple[int, int], LoggedPrescription]:
    """The prescriptions recorded by the live sets of these sessions, by (session id,
    exercise id): one query, a few dozen rows a session."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = SetLog.objects.live().filter(session_id__in=ids).order_by().values(*TARGET_FIELDS)
    return _from_rows(rows)


def as_logged(
    item: PlannedItem, logged: LoggedPrescription | None, unit: str, *, under_way: bool = False
) -> PlannedItem:
    """`item` as it was prescribed when its sets were logged; `item` itself when none was.

    The engine's reason and departure ("Coach: 10 s. Today: 8 s") speak of today's plan, so
    they go, unless `under_way` (the session is being logged, and the sets still to do
    follow the same plan) and the logged prescription is the engine's own. The rep goal is
    kept only `under_way`, inside the logged range: it guides the sets still to do, and no
    set records it."""
    if logged is None:
        return item
    load = convert_load(logged.load, logged.unit, unit)
    same = (item.sets, item.reps_min, item.reps_max, item.hold_s, item.tempo, item.load) == (
        logged.sets,
        logged.reps_min,
        logged.reps_max,
        logged.hold_s,
        logged.tempo,
        load,
    )
    keep = under_way and same
    goal = item.reps_goal if under_way else None
    if goal is not None and logged.reps_min is not None and logged.reps_max is not None:
        goal = min(max(goal, logged.reps_min), logged.reps_max)
    return dataclasses.replace(
        item,
        sets=logged.sets,
        reps_min=logged.reps_min,
        reps_max=logged.reps_max,
        hold_s=logged.hold_s,
        tempo=logged.tempo,
        load=load,
        locked=False,
        reason=item.reason if keep else "",
        change=item.change if keep else "",
        departure=item.departure if keep else "",
        substitutes=[],
        reps_goal=goal,
        as_logged=True,
    )
