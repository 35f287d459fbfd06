"""Completeness: validate and evaluate count the values a ruleset needs that the data lacks.

The ruleset in tests/hostile/complete/ needs 20 values from its units.csv (1 kota, 4 kelurahan):
ikm 4 kelurahan × 4 triwulan = 16, aduan 1 kota × 1 year = 1, rpd 1 kota × 3 items = 3. Every
count below is worked out by hand from that and from the files, not by the code under test.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.test_bad_inputs import assert_clean, run

HERE = Path(__file__).parent / "complete"
RULESET, UNITS = str(HERE), str(HERE / "units.csv")
# (unit, period, variable, item) → value: the four cells filled in the template
FILLED = {
    ("KEL1", "2024-TW1", "ikm", None): 81,
    ("KEL1", "2024-TW2", "ikm", None): 82,
    ("KOTA", "2024", "aduan", None): 12,
    ("KOTA", "2024", "rpd", "1"): 1000000,
}


def _template_with_four_values(folder: Path) -> Path:
    """The xlsx template perkin writes for the ruleset and units, with four cells filled."""
    book = folder / "isian.xlsx"
    made = run(["template", RULESET, "--units", UNITS, "-o", str(book)])
    assert made.exit_code == 0, made.stderr
    wb = openpyxl.load_workbook(book)
    ws = wb["Data"]
    filled = 0
    for row in ws.iter_rows(min_row=2):
        key = tuple(None if c.value is None else str(c.value) for c in row[:4])
        if key in FILLED:
            row[4].value = FILLED[key]
            filled += 1
    assert filled == 4 and ws.max_row == 21  # a header and the 20 values
    wb.save(book)
    return book


def test_template_with_four_values_lists_what_is_missing(tmp_path: Path) -> None:
    book = _template_with_four_values(tmp_path)
    result = run(["validate", "--ruleset", RULESET, str(book)])
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok  4 of 20 values given, 16 missing, 0 reported N/A; 5 units fit hostile_complete",
        "  ikm: 14 of 16 missing (KEL2 all 4; KEL3 all 4; KEL4 all 4; 1 more unit)",
        "  rpd: 2 of 3 missing (KOTA tahunan [2], tahunan [3])",
    ]


def test_template_with_four_values_is_an_error_with_strict(tmp_path: Path) -> None:
    book = _template_with_four_values(tmp_path)
    result = run(["validate", "--strict", "--ruleset", RULESET, str(book)])
    assert_clean(result)
    assert result.exit_code == 1
    assert (
        f"{book}: error[D113]: 16 of 20 input values missing, most in ikm (14), rpd (2)"
        in result.stderr
    )
    assert "\nhint: fill them in, or write N/A" in result.stderr


def test_full_data_misses_nothing() -> None:
    for strict in ([], ["--strict"]):
        result = run(["validate", *strict, "--ruleset", RULESET, UNITS, str(HERE / "full.csv")])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines() == [
            "ok  20 of 20 values given, 0 missing, 0 reported N/A; 5 units fit hostile_complete"
        ]


def test_reported_na_is_counted_apart_from_missing() -> None:
    # ikm: KEL1 81, N/A, '-', blank; KEL2 one value; KEL3 and KEL4 none → 2 given, 2 N/A, 12
    # missing (a blank cell is missing, not N/A); aduan N/A; rpd item 1 given, 2 and 3 missing.
    data = str(HERE / "reported_na.csv")
    result = run(["validate", "--ruleset", RULESET, UNITS, data])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok  3 of 20 values given, 14 missing, 3 reported N/A; 5 units fit hostile_complete",
        "  ikm: 12 of 16 missing, 2 reported N/A (KEL3 all 4; KEL4 all 4; KEL2 TW2, TW3, TW4; "
        "1 more unit)",
        "  rpd: 2 of 3 missing (KOTA tahunan [2], tahunan [3])",
    ]


def test_evaluate_says_how_many_values_are_missing() -> None:
    data = str(HERE / "reported_na.csv")
    result = run(["evaluate", RULESET, UNITS, data, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    see = f"see perkin validate --ruleset {RULESET} {UNITS} {data}"
    line = f"14 of 20 input values missing: {see}"
    assert line in result.stderr.replace("\n", " ")
    quiet = run(["evaluate", RULESET, UNITS, data, "--format", "json", "--quiet"])
    assert quiet.exit_code == 0 and "missing" not in quiet.stderr


def test_evaluate_counts_the_values_of_the_scored_period() -> None:
    # TW1 needs ikm TW1 of 4 kelurahan (KEL1, KEL2 given), aduan and rpd 1–3 of the year: 8, and
    # misses ikm of KEL3 and KEL4 and rpd items 2 and 3.
    data = str(HERE / "reported_na.csv")
    result = run(["evaluate", RULESET, UNITS, data, "--period", "2024-TW1", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "4 of 8 input values missing" in result.stderr


def test_evaluate_strict_refuses_missing_values() -> None:
    data = str(HERE / "reported_na.csv")
    result = run(["evaluate", "--strict", RULESET, UNITS, data, "--format", "json"])
    assert_clean(result)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{UNITS}, {data}: error[D113]: 14 of 20 input values missing" in result.stderr
    full = run(["evaluate", "--strict", RULESET, UNITS, str(HERE / "full.csv"), "--quiet"])
    assert full.exit_code == 0, full.stderr
