"""The bulk cell classifier (engine.data.csv_numbers) never disagrees with the cell parser: a field
it calls a NUMBER is that number for every kind of input, a REPORTED_NA is a reported N/A, EMPTY
is empty; anything else it leaves to the parser (EXACT)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.data.cells import CellError, Missing, parse_cell
from engine.data.csv_numbers import classify
from engine.data.model import EMPTY, EXACT, NUMBER, REPORTED_NA

KINDS = (None, "number", "percent", "count", "currency")
FIELD = st.one_of(
    st.text(alphabet="0123456789.,-+ aN/#%'", max_size=24),
    st.sampled_from(["86,75", "1.234", "1.234,5", "1.250.000", "N/A", "n.a.", "-", "--", "#N/A"]),
    st.sampled_from(["0,5", "012", "1,234", "999.999.999.999.999", "9" * 16, "+7", "-0,25", ""]),
    st.integers(0, 10**17).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
)


def classified(fields: list[str], sep: str) -> tuple[np.ndarray, np.ndarray]:
    """classify() over the fields joined by sep, as the CSV reader hands them over."""
    text = np.frombuffer(sep.join(fields).encode(), dtype=np.uint8)
    lengths = np.array([len(f.encode()) for f in fields], dtype=np.int64)
    starts = np.cumsum(lengths + 1) - (lengths + 1)
    return classify(text, starts, starts + lengths, sep)


@settings(max_examples=400, deadline=None)
@given(st.lists(FIELD, min_size=1, max_size=30), st.sampled_from([";", "\t", "\x1f"]))
@example(["12", "", "1.234", "-3", "86,75", "N/A", "1.234.567", "007", "1,5"], ";")
def test_a_field_classified_in_bulk_reads_the_same_one_by_one(fields: list[str], sep: str) -> None:
    fields = [f.replace(sep, "") for f in fields]
    kinds, numbers = classified(fields, sep)
    for field, kind, number in zip(fields, kinds.tolist(), numbers.tolist(), strict=True):
        if kind == EMPTY:
            assert field == "", field
        elif kind == NUMBER:
            for input_kind in KINDS:
                assert _read(field, input_kind) == number, (field, input_kind, number)
        elif kind == REPORTED_NA:
            value = parse_cell(field)
            assert isinstance(value, Missing) and value.kind != "blank", field
        else:
            assert kind == EXACT and math.isnan(number), field


def test_plain_digits_signs_and_separators_are_read_in_bulk() -> None:
    fields = ["12", "007", "-3", "+2", "86,75", "86.75", "1.250.000", "1.234", "N/A", "", "40%"]
    kinds, numbers = classified(fields, ";")
    assert kinds.tolist() == [NUMBER] * 7 + [EXACT, REPORTED_NA, EMPTY, EXACT]
    assert numbers[:7].tolist() == [12.0, 7.0, -3.0, 2.0, 86.75, 86.75, 1250000.0]


def test_a_comma_is_no_decimal_mark_where_it_separates_fields() -> None:
    kinds, numbers = classified(["1", "5", "2.5"], ",")
    assert kinds.tolist() == [NUMBER] * 3 and numbers.tolist() == [1.0, 5.0, 2.5]


def _read(field: str, kind: str | None) -> float | None:
    """The field's value for an input of that kind; None when refused or not a number."""
    try:
        value = parse_cell(field, kind=kind)
    except CellError:
        return None
    return value if isinstance(value, float) else None
