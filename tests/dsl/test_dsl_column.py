"""Column tests: construction, kinds, NA reasons, series, and the engine-facing accessors."""

from __future__ import annotations

import numpy as np
import pytest

from dsl import NA, Column, NumberType, Scope, SeriesType, compile_formula
from dsl.values import NaKind


def test_from_values_infers_kinds() -> None:
    """Numbers, booleans, text and mixtures get the matching column kind."""
    assert Column.from_values([1, 2.5, NA("x")]).kind == "number"
    assert Column.from_values([True, NA("x")]).kind == "bool"
    assert Column.from_values(["WTP", NA("x")]).kind == "text"
    assert Column.from_values([1.0, "WTP", True]).kind == "mixed"
    assert Column.from_values([NA("x")]).kind == "number"
    assert len(Column.from_values([])) == 0


def test_values_round_trip() -> None:
    """value_at gives back python values: float, bool, str, NA, and tuples for series."""
    values = [1.5, NA("no target in TW1"), 3.0]
    column = Column.from_values(values)
    assert column.to_list() == values
    assert column.reason_at(1) == "no target in TW1"
    assert column.reason_at(0) is None
    assert column.is_na().tolist() == [False, True, False]
    assert Column.from_values(["a", NA("r")]).to_list() == ["a", NA("r")]
    mixed = Column.from_values([1.0, "a", False, NA("r")])
    assert mixed.to_list() == [1.0, "a", False, NA("r")]
    assert isinstance(mixed.value_at(2), bool)


def test_numbers_are_nan_where_na() -> None:
    """`numbers` is the float64 array with NaN where NA; text columns have none."""
    numbers = Column.from_values([1, NA("x")]).numbers
    assert numbers.dtype == np.float64 and np.isnan(numbers[1]) and numbers[0] == 1.0
    with pytest.raises(TypeError):
        _ = Column.from_values(["a"]).numbers


def test_series_columns() -> None:
    """Tuples make a (n, k) series; NA for a whole unit becomes k NA elements."""
    column = Column.from_values([(1, 2), (NA("gap"), 4), NA("no data")])
    assert column.data.shape == (3, 2) and column.width == 2
    assert column.value_at(1) == (NA("gap"), 4.0)
    assert column.value_at(2) == (NA("no data"), NA("no data"))
    assert column.is_na().tolist() == [False, False, True]
    assert column.reason_at(1) == "gap"
    with pytest.raises(ValueError):
        Column.from_values([(1, 2), (1, 2, 3)])


def test_constant_and_na() -> None:
    """constant broadcasts one value; na makes an all-NA column."""
    assert Column.constant(2, 3).to_list() == [2.0, 2.0, 2.0]
    assert Column.constant("WTP", 2).to_list() == ["WTP", "WTP"]
    assert Column.constant(True, 1).to_list() == [True]
    assert Column.constant((1, 2), 2).to_list() == [(1.0, 2.0), (1.0, 2.0)]
    assert Column.na("why", 2).to_list() == [NA("why"), NA("why")]


def test_from_numbers() -> None:
    """A float array becomes a column; NaN takes the given reason, infinities are too large."""
    column = Column.from_numbers(
        np.array([1.0, np.nan, np.inf]), reasons=[None, "TW2 kosong", None]
    )
    assert column.to_list() == [1.0, NA("TW2 kosong"), NA("number too large", NaKind.ARITHMETIC)]
    assert Column.from_numbers(np.array([np.nan])).value_at(0) == NA("missing value")
    series = Column.from_numbers(np.array([[1.0, np.nan]]), reasons="gap")
    assert series.value_at(0) == (1.0, NA("gap"))


def test_nan_and_inf_inputs_become_na() -> None:
    """Non-finite python floats are turned into NA with a reason on the way in."""
    assert Column.from_values([float("nan"), float("inf")]).to_list() == [
        NA("missing value"),
        NA("number too large", NaKind.ARITHMETIC),
    ]


def test_evaluate_broadcasts_scalars_and_handles_zero_units() -> None:
    """Scalars in env broadcast; n = 0 gives empty columns."""
    program = compile_formula("x * 2 + SUM(s)", Scope({"x": NumberType(), "s": SeriesType(2)}))
    assert program.evaluate({"x": 1, "s": (1, 2)}, 2).to_list() == [5.0, 5.0]
    empty = program.evaluate({"x": Column.from_values([]), "s": (1, 2)}, 0)
    assert len(empty) == 0


def test_repr_is_short() -> None:
    """The repr shows the kind, the size and the first values."""
    assert repr(Column.from_values([1, 2])) == "Column(number, n=2: [1.0, 2.0])"
