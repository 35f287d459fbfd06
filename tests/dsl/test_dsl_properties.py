"""Property tests: printing round-trips, and the two evaluators agree on random formulas."""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from dsl_strategies import ANY_TREE, SCOPE, booleans, numbers, series, texts, units
from dsl_support import TinyTable, same_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl import Column, compile_formula, parse, same_shape, to_source
from dsl.ast import Expr
from dsl.rounding import apply_rounding, apply_rounding_array
from dsl.values import format_value

# Floating-point warnings would mean an inf or NaN escaped the NA handling.
pytestmark = pytest.mark.filterwarnings("error")
UNITS = 4
TABLES = {
    "grade": TinyTable(rows={"WTP": 100, "wdp": "B", 1.0: 10, 0.0: True}),
    "level": TinyTable(bands=[(90, "AA"), (50, 5.0), (0, False)]),
    "points": TinyTable(rows={"WTP": 4, "wdp": 3, "": 0, 1.0: 2, 0.0: 1}),
}
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(ANY_TREE)
@settings(max_examples=500, deadline=None)
def test_to_source_round_trips(tree: Expr) -> None:
    """Printing any tree and parsing the text gives the same tree."""
    text = to_source(tree)
    assert same_shape(parse(text), tree), text


@given(ANY_TREE)
@settings(max_examples=200, deadline=None)
def test_printing_is_stable(tree: Expr) -> None:
    """Printing a parsed printout gives the same text again."""
    text = to_source(tree)
    assert to_source(parse(text)) == text


TYPED = st.one_of(numbers(3), booleans(2), texts(2), series(3))


@given(TYPED, units(UNITS))
@SETTINGS
def test_columnar_and_explain_agree(tree: Expr, data: list[dict[str, object]]) -> None:
    """For every unit, the columnar value equals the explained value (NA reasons included)."""
    program = compile_formula(to_source(tree), SCOPE)
    env = {name: Column.from_values([unit[name] for unit in data]) for name in data[0]}
    column = program.evaluate(env, UNITS, TABLES)
    assert len(column) == UNITS
    for i, unit in enumerate(data):
        explained = program.explain(unit, TABLES)
        got, want = column.value_at(i), explained.value
        shown = f"columnar {format_value(got)} != explain {format_value(want)}"
        assert same_value(got, want), f"{program.source}: unit {i}: {shown}"
        assert isinstance(explained.render(), str)


@given(
    st.floats(min_value=-1e16, max_value=1e16, allow_nan=False),
    st.integers(min_value=-15, max_value=15),
    st.sampled_from(["half_up", "truncate"]),
)
@settings(max_examples=2000, deadline=None)
def test_rounding_scalar_and_array_agree(x: float, decimals: int, mode: str) -> None:
    """The scalar and the array rounding give bit-identical results."""
    one = apply_rounding(x, decimals, mode)  # type: ignore[arg-type]
    many = apply_rounding_array(np.array([x, x]), decimals, mode)  # type: ignore[arg-type]
    assert one == many[0] == many[1] or (math.isnan(one) and math.isnan(many[0]))
    assert math.copysign(1.0, one) == math.copysign(1.0, many[0])


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=4), st.integers(0, 3))
@settings(max_examples=1000, deadline=None)
def test_rounding_matches_decimal_arithmetic(value: Decimal, decimals: int) -> None:
    """Rounding the float of a short decimal gives what decimal arithmetic gives on paper."""
    quantum = Decimal(1).scaleb(-decimals)
    expected_up = float(value.quantize(quantum, rounding=ROUND_HALF_UP))
    expected_cut = float(value.quantize(quantum, rounding=ROUND_DOWN))
    assert apply_rounding(float(value), decimals, "half_up") == expected_up
    assert apply_rounding(float(value), decimals, "truncate") == expected_cut
