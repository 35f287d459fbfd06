"""parse_cell: every way an Indonesian office writes a number, a label or no value."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsl.errors import PerkinError
from engine.data.cells import (
    CellError,
    Labelled,
    Missing,
    TextValue,
    parse_cell,
    raw_text,
)

KINDS = [None, "text", "number", "percent", "count", "currency"]

# (raw, kind, expected value)
CASES = [
    ("86,75", None, 86.75),
    ("86.75", None, 86.75),
    ("8.797.819.537", None, 8797819537.0),
    ("8,797,819,537", None, 8797819537.0),
    ("1,234.5", None, 1234.5),
    ("1.234,5", None, 1234.5),
    ("8.797.819.537,25", None, 8797819537.25),
    ("1 000 000", None, 1000000.0),
    ("1\u00a0000\u00a0000", None, 1000000.0),
    ("40%", None, 0.4),
    ("40,5 %", None, 0.405),
    ("40,5 %", "percent", 40.5),
    ("  12  ", None, 12.0),
    ("\u00a086,75\u00a0", None, 86.75),
    ("Rp 1.000", None, 1000.0),
    ("Rp1.500.000,-", None, 1500000.0),
    ("IDR 2,500", None, 2500.0),
    ("-5", None, -5.0),
    ("+5", None, 5.0),
    ("\u22123,5", None, -3.5),
    ("- Rp 1.000", None, -1000.0),
    ("1.234", None, 1.234),
    ("1.234", "currency", 1234.0),
    ("1.234", "count", 1234.0),
    ("1,234", None, 1.234),
    ("1,234", "count", 1234.0),
    ("0.500", "currency", 0.5),
    ("1234.567", "currency", 1234.567),
    ("12,3456", None, 12.3456),
    (".5", None, 0.5),
    ("1e5", None, 100000.0),
    ("2.5E-3", None, 0.0025),
    ("0", None, 0.0),
    ("WTP (3)", None, Labelled("WTP", 3.0)),
    ("A (82)", None, Labelled("A", 82.0)),
    ("A (82)", "number", Labelled("A", 82.0)),
    ("(3)", None, Labelled("", 3.0)),
    ("(5)", "number", Labelled("", 5.0)),
    ("B (70,5)", None, Labelled("B", 70.5)),
    ("WTP", None, TextValue("WTP")),
    ("Sangat Tinggi", None, TextValue("Sangat Tinggi")),
    ("WTP (audit)", None, TextValue("WTP (audit)")),
    ("1.2.3", None, TextValue("1.2.3")),
    ("0\r0", None, TextValue("0\r0")),  # a line break is not a thousands separator
    ("WTP (3)", "text", TextValue("WTP (3)")),
    ("86,75", "text", TextValue("86,75")),
    ("N/A", "text", TextValue("N/A")),
    ("N/A", None, Missing("na")),
    ("n/a", "number", Missing("na")),
    ("NA", None, Missing("na")),
    ("-", None, Missing("dash")),
    ("—", "currency", Missing("dash")),
    ("–", None, Missing("dash")),
    ("", None, Missing("blank")),
    ("   ", "text", Missing("blank")),
    ("#N/A", None, Missing("spreadsheet")),
    ("#n/a", "number", Missing("spreadsheet")),
    (None, None, Missing("blank")),
    (None, "text", Missing("blank")),
    (3, None, 3.0),
    (86.75, "currency", 86.75),
    (1.234, "currency", 1.234),
    (float("nan"), None, Missing("nan")),
    (Decimal("2.5"), None, 2.5),
    (2024, "text", TextValue("2024")),
    (86.0, "text", TextValue("86")),
    (dt.date(2024, 1, 31), "text", TextValue("2024-01-31")),
]

# (raw, kind, code, message)
ERRORS = [
    ("abc", "number", "D001", "expected a number, got 'abc'"),
    ("1.2.3", "count", "D001", "expected a number, got '1.2.3'"),
    ("12 34", "number", "D001", "expected a number, got '12 34'"),
    ("#DIV/0!", None, "D002", "spreadsheet error #DIV/0! where a value was expected"),
    ("#VALUE!", "number", "D002", "spreadsheet error #VALUE! where a value was expected"),
    ("#ref!", None, "D002", "spreadsheet error #REF! where a value was expected"),
    (dt.datetime(2024, 1, 1), None, "D003", "a date where a number was expected"),
    (dt.date(2024, 1, 1), "number", "D003", "a date where a number was expected"),
    (dt.time(12, 0), None, "D003", "a date where a number was expected"),
    (True, None, "D004", "a true/false value where a number was expected"),
    (False, "number", "D004", "a true/false value where a number was expected"),
    (float("inf"), None, "D005", "a number too large to use"),
    ("9" * 400, None, "D005", "a number too large to use"),
    ([1], None, "D005", "unsupported cell value of type list"),
    ("x" * 60, "number", "D001", f"expected a number, got '{'x' * 39}…'"),
    ("1.234", "number", "D109", "'1.234' is ambiguous: a thousands dot or a decimal point"),
    ("1.234", "percent", "D109", "'1.234' is ambiguous: a thousands dot or a decimal point"),
    ("92%", "number", "D109", "'92%' has a % sign, but the input is a number"),
]


@pytest.mark.parametrize(("raw", "kind", "expected"), CASES)
def test_parse_cell(raw: object, kind: str | None, expected: object) -> None:
    assert parse_cell(raw, kind=kind) == expected


@pytest.mark.parametrize(("raw", "kind", "code", "message"), ERRORS)
def test_parse_cell_errors(raw: object, kind: str | None, code: str, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(raw, kind=kind)
    assert (caught.value.code, caught.value.message) == (code, message)
    assert caught.value.location.label() == "<input>"
    assert caught.value.hint


def test_float_results_are_floats() -> None:
    assert type(parse_cell(3)) is float
    assert type(parse_cell("7")) is float


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("1.234", None, 1.234),
        ("1.234", "currency", 1234.0),
        ("1,234", "count", 1234.0),
        ("1,234", "number", 1.234),
        ("A (1.234)", None, Labelled("A", 1.234)),
        ("Rp 1.234", "number", 1234.0),
        ("1.234,5", "number", 1234.5),
        ("1.2345", "number", 1.2345),
        ("92%", "percent", 92.0),
        ("92%", None, 0.92),
    ],
)
def test_ambiguous_separators_read_by_kind(raw: str, kind: str | None, expected: object) -> None:
    assert parse_cell(raw, kind=kind) == expected


@pytest.mark.parametrize(
    ("raw", "text"),
    [(None, ""), (3.0, "3"), (86.75, "86.75"), (True, "TRUE"), ("  x ", "  x "), (7, "7")],
)
def test_raw_text(raw: object, text: str) -> None:
    assert raw_text(raw) == text


@settings(max_examples=400, deadline=200)
@given(st.text(), st.sampled_from(KINDS))
def test_any_text_parses_or_raises_a_cell_error(text: str, kind: str | None) -> None:
    try:
        value = parse_cell(text, kind=kind)
    except CellError as exc:
        assert isinstance(exc, PerkinError)
        assert exc.code.startswith("D00") or exc.code == "D109"
        return
    assert isinstance(value, float | TextValue | Labelled | Missing)
    if kind == "text":
        assert isinstance(value, TextValue | Missing)


@settings(max_examples=300, deadline=200)
@given(
    st.from_regex(r"[ +\-−Rp]{0,3}[0-9][0-9., \u00a0]{0,14}[%]?", fullmatch=True),
    st.sampled_from(KINDS),
)
def test_number_like_text_parses_or_raises_a_cell_error(text: str, kind: str | None) -> None:
    with contextlib.suppress(CellError):
        parse_cell(text, kind=kind)


@settings(max_examples=200, deadline=200)
@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_dots_read_back_as_the_integer(number: int) -> None:
    dotted = f"{number:,}".replace(",", ".")
    assert parse_cell(dotted, kind="currency") == float(number)


@settings(max_examples=200, deadline=200)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_indonesian_decimals_read_back(whole: int, cents: int) -> None:
    text = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert parse_cell(text) == pytest.approx(whole + cents / 100)
