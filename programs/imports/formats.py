"""Reading a workout log exported by Strong, Hevy or innerback itself into plain sets.

No Django and no database here: bytes in, `ParsedFile` out, or `FileProblem` naming the line
that stopped it. Every column is found by its header name, never by its place, so a column
added to a format later (innerback's log CSV only ever grows at the end) is kept as it was
read (`ParsedSet.extra`) instead of breaking the read.

Rules this module owns:

* **Which app wrote a file**: from its header row alone (`detect`).
* **What is a set**: a row that records something done (reps, a load, seconds or a
  distance). Strong's rest-timer and note rows, and empty rows, are skipped and counted.
* **Limits**: at most MAX_BYTES of UTF-8 (with or without a byte-order mark) and MAX_ROWS
  rows; anything malformed refuses the whole file.
"""

import csv
import enum
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from programs.limits import IMPORT_FILE_BYTES

MAX_BYTES = IMPORT_FILE_BYTES
MAX_ROWS = 50_000

# Longest texts kept, as the log's own fields allow.
NAME_LENGTH = 200
NOTE_LENGTH = 500

# The largest number a count column holds (a small integer in the database), and the
# largest load (six digits, two after the point).
MAX_COUNT = 32767
MAX_LOAD = Decimal("9999.99")

# innerback's log CSV as its first release wrote it, in order: what the importer reads by
# name. The export writes these, then each column added since (`export.csv_export.COLUMNS`).
INNERBACK_COLUMNS = (
    "date",
    "trainee",
    "program",
    "week",
    "day",
    "exercise",
    "exercise_kind",
    "set",
    "reps",
    "hold_s",
    "load",
    "unit",
    "tempo",
    "eccentric_s",
    "form_ok",
    "form_failed_checks",
    "effort_rpe",
    "note",
)

# A cell the export prefixed with a quote so that a spreadsheet would not run it.
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")


class Source(enum.StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    INNERBACK = "innerback"

    @property
    def label(self) -> str:
        return {"strong": "Strong", "hevy": "Hevy", "innerback": "innerback"}[self.value]


class FileProblem(Exception):
    """The file cannot be imported; `str()` says why, naming the line where there is one."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass(frozen=True)
class ParsedSet:
    """One set read from a file, in the file's words: the exercise is the name it used."""

    line: int
    day: date
    exercise: str
    set_number: int
    workout: str = ""
    program: str = ""
    week: int | None = None
    program_day: int | None = None
    kind: str = ""
    reps: int | None = None
    hold_s: int | None = None
    load: Decimal | None = None
    unit: str = ""
    tempo: str = ""
    eccentric_s: int | None = None
    # None when the app that wrote the file had no form checks (Strong, Hevy).
    form_ok: bool | None = None
    failed_checks: tuple[str, ...] = ()
    effort_rpe: int | None = None
    note: str = ""
    # Columns of an innerback file this reader does not know yet, by header name.
    extra: tuple[tuple[str, str], ...] = ()

    def identity(self) -> str:
        """What makes two sets the same set, whichever file they came in: everything read
        but the line (a later export of the same app shifts the lines)."""
        values = (
            self.day.isoformat(),
            self.exercise.casefold(),
            self.set_number,
            self.workout,
            self.program,
            self.week,
            self.program_day,
            self.reps,
            self.hold_s,
            None if self.load is None else str(self.load.normalize()),
            self.unit,
            self.tempo,
            self.eccentric_s,
            self.form_ok,
            self.failed_checks,
            self.effort_rpe,
            self.note,
            self.extra,
        )
        return repr(values)


@dataclass
class ParsedFile:
    source: Source
    sets: list[ParsedSet]
    # Rows that were not sets: rest timers, notes, empty rows.
    skipped: int = 0
    # Where loads had no unit of their own, the unit they were read in.
    assumed_unit: str = ""
    notices: list[str] = field(default_factory=list)

    def fingerprints(self) -> list[str]:
        """One per set: its identity and how many times the same set came before it in this
        file, hashed. The same file uploaded again gives the same fingerprints, and two
        sets alike in every way in one file stay two."""
        seen: Counter[str] = Counter()
        prints = []
        for parsed in self.sets:
            identity = parsed.identity()
            prints.append(hashlib.sha256(f"{identity}#{seen[identity]}".encode()).hexdigest())
            seen[identity] += 1
        return prints


# --- text and rows ---------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 text, the byte-order mark dropped; anything else is refused with its line."""
    if len(data) > MAX_BYTES:
        raise FileProblem(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            "this is not UTF-8 text. Export the file again as UTF-8 (CSV UTF-8 in a spreadsheet).",
            line,
        ) from None


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and each row as {header: cell} with the line it starts on. Comma or
    semicolon, whichever the header row uses (Strong writes either, by locale)."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise FileProblem("The file is empty.") from None
    except csv.Error as error:
        raise FileProblem(f"the header row cannot be read ({error}).", 1) from None
    rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if cells and any(cell.strip() for cell in cells):
                if len(cells) != len(header):
                    raise FileProblem(
                        f"this row has {len(cells)} cells where the header has {len(header)}.",
                        line,
                    )
                if len(rows) >= MAX_ROWS:
                    raise FileProblem(f"The file has more than {MAX_ROWS:,} rows.")
                rows.append((line, dict(zip(header, cells, strict=True))))
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileProblem(f"this row cannot be read ({error}).", line) from None
    return header, rows


# --- cells -----------------------------------------------------------------------------------


def _text(cell: str, line: int, what: str, length: int = NAME_LENGTH) -> str:
    if len(cell) > length:
        raise FileProblem(f"the {what} is longer than {length} characters.", line)
    return cell


def _count(cell: str, line: int, what: str) -> int | None:
    """A whole number of reps, seconds or a set's place; empty is none. "12.0" reads 12."""
    cell = cell.strip()
    if not cell:
        return None
    try:
        number = Decimal(cell.replace(",", "."))
    except InvalidOperation:
        raise FileProblem(f"the {what} “{cell}” is not a number.", line) from None
    if not number.is_finite() or number < 0 or number > MAX_COUNT or number != number.to_integral():
        raise FileProblem(f"the {what} “{cell}” is not a whole number from 0 to {MAX_COUNT}.", line)
    return int(number)


def _load(cell: str, line: int, what: str = "weight") -> Decimal | None:
    """A load (or a distance) to the hundredth; empty is none."""
    cell = cell.strip()
    if not cell:
        return None
    try:
        load = Decimal(cell.replace(",", "."))
    except InvalidOperation:
        raise FileProblem(f"the {what} “{cell}” is not a number.", line) from None
    if not load.is_finite() or load < 0 or load > MAX_LOAD:
        raise FileProblem(f"the {what} “{cell}” is not a number from 0 to {MAX_LOAD}.", line)
    return load.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rpe(cell: str, line: int) -> int | None:
    """Effort 1–10 as a whole number: Strong and Hevy allow halves (8.5 reads 9)."""
    cell = cell.strip()
    if not cell:
        return None
    try:
        rpe = Decimal(cell.replace(",", "."))
    except InvalidOperation:
        raise FileProblem(f"the RPE “{cell}” is not a number.", line) from None
    if not rpe.is_finite() or not 1 <= rpe <= 10:
        raise FileProblem(f"the RPE “{cell}” is not from 1 to 10.", line)
    return int(rpe.to_integral_value(rounding=ROUND_HALF_UP))


DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d %b %Y, %H:%M")


def _day(cell: str, line: int) -> date:
    """The day a workout was done, from a date or a date and time."""
    cell = cell.strip()
    try:
        return date.fromisoformat(cell)
    except ValueError:
        pass
    for format in DATE_FORMATS:
        try:
            return datetime.strptime(cell, format).date()
        except ValueError:
            continue
    raise FileProblem(f"the date “{cell}” cannot be read.", line)


def _unit(cell: str, line: int) -> str:
    unit = cell.strip().lower()
    if unit in ("kg", "kgs"):
        return "kg"
    if unit in ("lb", "lbs"):
        return "lb"
    if not unit:
        return ""
    raise FileProblem(f"the weight unit “{cell}” is neither kg nor lb.", line)


def unneutralise(cell: str) -> str:
    """The text before the export's formula guard: a quote put before `=`, `+`, `-`, `@`,
    tab or CR is taken off again, so exporting it once more writes the same cell."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTERS):
        return cell[1:]
    return cell


def _did_something(*values) -> bool:
    return any(value not in (None, 0) for value in values)


# --- the formats -----------------------------------------------------------------------------

STRONG_NEEDS = {"Date", "Workout Name", "Exercise Name", "Set Order", "Reps"}
HEVY_NEEDS = {"title", "start_time", "exercise_title", "set_index", "reps"}


def _weight_column(header: list[str]) -> tuple[str, str]:
    """Strong's weight column and the unit its name gives ("Weight (kg)"), or "" when it
    has none of its own."""
    for name in header:
        if name == "Weight":
            return name, ""
        if name.startswith("Weight (") and name.endswith(")"):
            return name, _unit(name[len("Weight (") : -1], 1)
    raise FileProblem("this Strong file has no weight column.", 1)


def detect(header: list[str]) -> Source:
    """Which app wrote a file, from the names in its header row."""
    names = set(header)
    if names >= set(INNERBACK_COLUMNS):
        return Source.INNERBACK
    if names >= STRONG_NEEDS:
        return Source.STRONG
    if names >= HEVY_NEEDS and ({"weight_kg", "weight_lbs"} & names):
        return Source.HEVY
    raise FileProblem(
        "This is not a file from Strong, Hevy or innerback: its header row does not name "
        "their columns.",
        1,
    )


def parse(data: bytes, *, default_unit: str) -> ParsedFile:
    """Every set in an exported file. Loads with no unit of their own are read in
    `default_unit` (the person's); `ParsedFile.assumed_unit` says so."""
    header, rows = _rows(decode(data))
    source = detect(header)
    if source is Source.STRONG:
        return _strong(header, rows, default_unit)
    if source is Source.HEVY:
        return _hevy(header, rows)
    return _innerback(header, rows)


def _strong(header: list[str], rows: list, default_unit: str) -> ParsedFile:
    weight, header_unit = _weight_column(header)
    per_row_unit = "Weight Unit" in header
    assumed = "" if header_unit or per_row_unit else default_unit
    distance_column = next(
        (name for name in header if name.startswith("Distance") and name != "Distance Unit"),
        None,
    )
    parsed = ParsedFile(Source.STRONG, [], assumed_unit=assumed)
    for line, row in rows:
        order = row["Set Order"].strip()
        if not order.isdigit():
            # "Rest Timer" and "Note" rows: Strong writes them among the sets.
            parsed.skipped += 1
            continue
        reps = _count(row["Reps"], line, "reps")
        hold = _count(row.get("Seconds", ""), line, "seconds")
        load = _load(row[weight], line)
        distance = _load(row[distance_column], line, "distance") if distance_column else None
        if not _did_something(reps, hold, load, distance):
            parsed.skipped += 1
            continue
        unit = _unit(row["Weight Unit"], line) if per_row_unit else header_unit
        parsed.sets.append(
            ParsedSet(
                line=line,
                day=_day(row["Date"], line),
                workout=_text(row["Workout Name"].strip(), line, "workout name"),
                exercise=_exercise(row["Exercise Name"], line),
                set_number=int(order),
                # Strong and Hevy write 0 for what a set did not have: no reps, no seconds.
                reps=reps or None,
                hold_s=hold or None,
                load=load or None,
                unit=(unit or default_unit) if load else "",
                effort_rpe=_rpe(row.get("RPE", ""), line),
                note=_text(row.get("Notes", "").strip(), line, "note", NOTE_LENGTH),
            )
        )
    return parsed


def _hevy(header: list[str], rows: list) -> ParsedFile:
    weight, unit = ("weight_kg", "kg") if "weight_kg" in header else ("weight_lbs", "lb")
    distance = "distance_km" if "distance_km" in header else "distance_miles"
    parsed = ParsedFile(Source.HEVY, [])
    noted: set[tuple] = set()
    for line, row in rows:
        reps = _count(row["reps"], line, "reps")
        hold = _count(row.get("duration_seconds", ""), line, "seconds")
        load = _load(row[weight], line)
        if not _did_something(reps, hold, load, _load(row.get(distance, ""), line, "distance")):
            parsed.skipped += 1
            continue
        index = _count(row["set_index"], line, "set index")
        if index is None or index >= MAX_COUNT:
            raise FileProblem("the set index is missing.", line)
        day = _day(row["start_time"], line)
        workout = _text(row["title"].strip(), line, "workout title")
        exercise = _exercise(row["exercise_title"], line)
        # Hevy repeats an exercise's notes on each of its sets; the first set keeps them.
        key = (day, workout, exercise)
        note = "" if key in noted else row.get("exercise_notes", "").strip()
        noted.add(key)
        parsed.sets.append(
            ParsedSet(
                line=line,
                day=day,
                workout=workout,
                exercise=exercise,
                set_number=index + 1,
                # Strong and Hevy write 0 for what a set did not have: no reps, no seconds.
                reps=reps or None,
                hold_s=hold or None,
                load=load or None,
                unit=unit if load else "",
                effort_rpe=_rpe(row.get("rpe", ""), line),
                note=_text(note, line, "note", NOTE_LENGTH),
            )
        )
    return parsed


def _exercise(cell: str, line: int, *, exact: bool = False) -> str:
    """The exercise's name, trimmed unless the file is to be read back `exact`ly."""
    name = cell if exact else cell.strip()
    if not name:
        raise FileProblem("the exercise name is empty.", line)
    return _text(name, line, "exercise name")


def _innerback(header: list[str], rows: list) -> ParsedFile:
    """innerback's own log CSV, read back exactly: exporting what it imports writes the
    same cells again."""
    known = set(INNERBACK_COLUMNS)
    others = [name for name in header if name not in known]
    parsed = ParsedFile(Source.INNERBACK, [])
    trainee = None
    for line, row in rows:
        if trainee is None:
            trainee = row["trainee"]
        elif row["trainee"] != trainee:
            raise FileProblem(
                "this file holds the logs of more than one person. Import a file of your own logs.",
                line,
            )
        form_ok = row["form_ok"].strip()
        if form_ok not in ("true", "false", ""):
            raise FileProblem(f"form_ok is “{form_ok}”, not true or false.", line)
        checks = unneutralise(row["form_failed_checks"])
        set_number = _count(row["set"], line, "set number")
        if set_number is None:
            raise FileProblem("the set number is missing.", line)
        tempo = row["tempo"].strip()
        parsed.sets.append(
            ParsedSet(
                line=line,
                day=_iso_day(row["date"], line),
                program=_text(unneutralise(row["program"]), line, "program name"),
                week=_count(row["week"], line, "week"),
                program_day=_count(row["day"], line, "day"),
                exercise=_exercise(unneutralise(row["exercise"]), line, exact=True),
                kind=row["exercise_kind"].strip(),
                set_number=set_number,
                reps=_count(row["reps"], line, "reps"),
                hold_s=_count(row["hold_s"], line, "hold"),
                load=_load(row["load"], line),
                unit=_unit(row["unit"], line),
                tempo=_text(tempo, line, "tempo", 11),
                eccentric_s=_count(row["eccentric_s"], line, "lowering seconds"),
                form_ok={"true": True, "false": False}.get(form_ok),
                failed_checks=tuple(checks.split("; ")) if checks else (),
                effort_rpe=_rpe(row["effort_rpe"], line),
                note=_text(unneutralise(row["note"]), line, "note", NOTE_LENGTH),
                extra=tuple((name, row[name]) for name in others),
            )
        )
    return parsed


def _iso_day(cell: str, line: int) -> date:
    try:
        return date.fromisoformat(cell.strip())
    except ValueError:
        raise FileProblem(f"the date “{cell}” is not written as year-month-day.", line) from None
