"""How a load reads, wherever one is shown: "20.00" → "20", "12.50" → "12.5", with its unit.

The one definition for every page, the engine's reasons, the CSV export and the catalog. It is
plain Python with no Django import because the progression engine (`programs/progression.py`)
must stay free of Django and uses it too; it sits in the catalog app because every other app
already depends on `exercises`, and `exercises` depends on none of them, so no import cycle.
"""

from decimal import Decimal


def number_text(value: Decimal) -> str:
    """A load or a step the way people say it, without the column's trailing zeros:
    20.00 → "20", 12.50 → "12.5", 0.00 → "0" (never "-0")."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def load_text(load: Decimal | None, unit: str, *, missing: str = "") -> str:
    """A load with its unit, "20 kg" or "12.5 lb"; `missing` when no load was recorded, in the
    words of the page that shows it ("", "—", "no recorded load")."""
    return missing if load is None else f"{number_text(load)} {unit}"
