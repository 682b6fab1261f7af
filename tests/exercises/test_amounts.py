"""How a load reads: one definition for every page, the engine's reasons and the export."""

import subprocess
import sys
from decimal import Decimal

import pytest

from exercises.amounts import load_text, number_text


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("20.00", "20"),
        ("12.50", "12.5"),
        ("2.05", "2.05"),
        ("0.50", "0.5"),
        ("100.00", "100"),
        ("0.00", "0"),
        ("-0.00", "0"),
    ],
)
def test_a_load_reads_without_the_columns_trailing_zeros(stored, shown):
    assert number_text(Decimal(stored)) == shown


def test_a_load_reads_with_its_unit():
    assert load_text(Decimal("12.50"), "kg") == "12.5 kg"
    assert load_text(Decimal("20.00"), "lb") == "20 lb"


def test_a_missing_load_reads_in_the_words_the_page_chooses():
    assert load_text(None, "kg") == ""
    assert load_text(None, "kg", missing="no recorded load") == "no recorded load"


def test_the_load_wording_and_the_engine_import_no_django():
    code = (
        "import sys, exercises.amounts, programs.progression; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
