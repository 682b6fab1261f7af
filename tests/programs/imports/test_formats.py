"""Reading Strong, Hevy and innerback files: no database needed."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.imports.formats import (
    MAX_BYTES,
    MAX_ROWS,
    FileProblem,
    Source,
    parse,
    unneutralise,
)

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str, unit: str = "kg"):
    return parse((FIXTURES / name).read_bytes(), default_unit=unit)


def test_a_strong_file_is_read_set_by_set_skipping_rest_timers_and_notes():
    parsed = read("strong.csv")

    assert parsed.source is Source.STRONG
    assert parsed.skipped == 2
    assert [(s.day, s.workout, s.exercise, s.set_number) for s in parsed.sets] == [
        (date(2026, 1, 15), "Morning back", "Romanian Deadlift (Barbell)", 1),
        (date(2026, 1, 15), "Morning back", "Romanian Deadlift (Barbell)", 2),
        (date(2026, 1, 15), "Morning back", "Bird Dog", 1),
        (date(2026, 1, 17), "Evening", "Bent Over Row (Dumbbell)", 1),
        (date(2026, 1, 17), "Evening", "Bent Over Row (Dumbbell)", 2),
    ]
    second = parsed.sets[1]
    assert (second.load, second.unit, second.reps, second.effort_rpe) == (
        Decimal("62.50"),
        "kg",
        8,
        9,
    )
    assert second.note == "slow, controlled"
    assert second.form_ok is None
    bird_dog = parsed.sets[2]
    assert (bird_dog.reps, bird_dog.hold_s, bird_dog.load, bird_dog.unit) == (None, 30, None, "")


def test_a_strong_file_without_units_reads_weights_in_the_persons_unit_and_says_so():
    parsed = read("strong.csv", unit="lb")

    assert parsed.assumed_unit == "lb"
    assert parsed.sets[0].unit == "lb"


def test_a_semicolon_strong_file_with_units_in_the_headers_and_a_bom():
    parsed = read("strong_semicolon_units.csv")

    assert parsed.source is Source.STRONG
    assert parsed.assumed_unit == ""
    assert [(s.exercise, s.load, s.unit, s.hold_s) for s in parsed.sets] == [
        ("Bent Over Row (Dumbbell)", Decimal("45.00"), "lb", None),
        ("Bent Over Row (Dumbbell)", Decimal("45.50"), "lb", None),
        ("Walking", None, "", 900),
    ]
    assert parsed.skipped == 1


def test_the_older_strong_file_gives_each_rows_weight_unit():
    parsed = read("strong_weight_unit.csv")

    assert [(s.exercise, s.load, s.unit) for s in parsed.sets] == [
        ("Deadlift (Barbell)", Decimal("100.00"), "kg"),
        ("Deadlift (Barbell)", Decimal("225.00"), "lb"),
        ("Pelvic Tilt", None, ""),
    ]


def test_a_hevy_file_numbers_sets_from_one_and_keeps_exercise_notes_once():
    parsed = read("hevy.csv")

    assert parsed.source is Source.HEVY
    assert parsed.skipped == 1  # a set with nothing done
    assert [(s.day, s.exercise, s.set_number, s.load, s.reps, s.hold_s) for s in parsed.sets] == [
        (date(2026, 1, 15), "Romanian Deadlift (Barbell)", 1, Decimal("40.00"), 10, None),
        (date(2026, 1, 15), "Romanian Deadlift (Barbell)", 2, Decimal("60.00"), 8, None),
        (date(2026, 1, 15), "Bird Dog", 1, None, None, 30),
    ]
    assert [s.note for s in parsed.sets] == ["hinge, not squat", "", ""]
    assert parsed.sets[1].effort_rpe == 8


def test_a_hevy_file_in_pounds():
    parsed = read("hevy_lbs.csv")

    assert [(s.load, s.unit, s.effort_rpe) for s in parsed.sets] == [
        (Decimal("40.00"), "lb", None),
        (Decimal("45.00"), "lb", 10),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "The file is empty."),
        (b"a,b,c\n1,2,3\n", "Line 1: This is not a file from Strong, Hevy or innerback"),
        (
            b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
            b"2026-01-01,W,Row,1,20,8\n2026-01-01,W,Row,2,20\n",
            "Line 3: this row has 5 cells where the header has 6.",
        ),
        (
            b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
            b"2026-01-01,W,Row,1,20,8\n\n2026-01-01,W,Row,2,heavy,8\n",
            "Line 4: the weight “heavy” is not a number.",
        ),
        (
            b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\nyesterday,W,Row,1,20,8\n",
            "Line 2: the date “yesterday” cannot be read.",
        ),
        (
            b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2026-01-01,W,Row,1,20,-3\n",
            "Line 2: the reps “-3” is not a whole number",
        ),
        (
            b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2026-01-01,W,R\xe9,1,20,8\n",
            "Line 2: this is not UTF-8 text.",
        ),
        (
            b'Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2026-01-01,"W,Row,1,20,8\n',
            "Line 2: this row cannot be read",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_the_line(text, message):
    with pytest.raises(FileProblem) as refused:
        parse(text, default_unit="kg")

    assert str(refused.value).startswith(message)


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(FileProblem, match="larger than 10 MB"):
        parse(b" " * (MAX_BYTES + 1), default_unit="kg")


def test_a_file_over_the_row_limit_is_refused():
    header = b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
    rows = b"2026-01-01,W,Row,1,20,8\n" * (MAX_ROWS + 1)

    with pytest.raises(FileProblem, match="more than 50,000 rows"):
        parse(header + rows, default_unit="kg")


def test_an_innerback_file_of_several_people_is_refused():
    text = (
        "date,trainee,program,week,day,exercise,exercise_kind,set,reps,hold_s,load,unit,"
        "tempo,eccentric_s,form_ok,form_failed_checks,effort_rpe,note\r\n"
        "2026-01-05,Tess,P,1,1,Bird-dog,foundational,1,,10,,,2-0-2-0,,true,,,\r\n"
        "2026-01-05,Otto,P,1,1,Bird-dog,foundational,1,,10,,,2-0-2-0,,true,,,\r\n"
    )
    with pytest.raises(FileProblem, match="Line 3: this file holds the logs of more than one"):
        parse(text.encode(), default_unit="kg")


def test_an_innerback_column_not_known_yet_is_kept_by_its_header_name():
    text = (
        "date,trainee,program,week,day,exercise,exercise_kind,set,reps,hold_s,load,unit,"
        "tempo,eccentric_s,form_ok,form_failed_checks,effort_rpe,note,pain,mood\r\n"
        "2026-01-05,Tess,P,1,1,Bird-dog,foundational,1,,10,,,2-0-2-0,,true,,,,3,ok\r\n"
    )
    (parsed_set,) = parse(text.encode(), default_unit="kg").sets

    assert parsed_set.extra == (("pain", "3"), ("mood", "ok"))


def test_the_same_file_gives_the_same_fingerprints_and_twin_sets_stay_two():
    data = (FIXTURES / "strong.csv").read_bytes()
    twice = data + data.split(b"\r\n", 1)[1]

    once_prints = parse(data, default_unit="kg").fingerprints()
    twice_prints = parse(twice, default_unit="kg").fingerprints()

    assert once_prints == parse(data, default_unit="kg").fingerprints()
    assert twice_prints[: len(once_prints)] == once_prints
    assert len(set(twice_prints)) == len(twice_prints)


@given(st.text())
def test_unneutralising_what_the_export_neutralised_gives_the_same_cell_back(text):
    from programs.export.csv_export import neutralise

    cell = neutralise(text)
    assert neutralise(unneutralise(cell)) == cell
