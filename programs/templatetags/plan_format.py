"""How a prescription reads on the plan and in the builder: "3 × 8–12 reps", "6 kg"."""

from decimal import Decimal

from django import template

from exercises import amounts
from programs.models import Weekday

register = template.Library()


@register.filter
def dose(item) -> str:
    """Sets × reps range, or sets × hold seconds for a held exercise: "3 × 8–12 reps",
    "4 × 10 s hold", "2 × 10 reps" when the range is a single number."""
    if item.hold_s and (item.reps_min is None or item.exercise.is_hold):
        return f"{item.sets} × {item.hold_s} s hold"
    if item.reps_min == item.reps_max:
        return f"{item.sets} × {item.reps_min} reps"
    return f"{item.sets} × {item.reps_min}–{item.reps_max} reps"


@register.filter
def load_text(load: Decimal | None, unit: str = "kg") -> str:
    """A load as a trainee reads it: "6 kg", "bodyweight" for zero, "by feel" for none."""
    if load is None:
        return "by feel"
    if load == 0:
        return "bodyweight"
    return amounts.load_text(load, unit)


@register.filter
def number_text(value: Decimal) -> str:
    """A load as a plain number, as `exercises.amounts` writes every load: "12.5", "20"."""
    return amounts.number_text(value)


@register.filter
def count_to(count: int) -> range:
    """1, 2, … count: one column per set on the printable week."""
    return range(1, count + 1)


@register.filter
def weekday_names(days: list[int]) -> str:
    """Weekday numbers as names: [0, 2, 4] reads "Monday, Wednesday and Friday"."""
    names = [Weekday(day).label for day in days]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
