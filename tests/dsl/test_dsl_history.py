"""PREV, HISTORY, GROWTH and TREND: both evaluators agree to the bit on random years, with N/A
years anywhere, and a program names the earlier-year values it reads."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsl import NA, Column, NumberType, Scope, compile_formula
from dsl.history import HistoryRef
from dsl.history_eval import trend_weights
from dsl.values import Scalar

pytestmark = pytest.mark.filterwarnings("error")
SCOPE = Scope({"x": NumberType(), "y": NumberType()})
YEAR = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.just(0.0),
    st.builds(NA, st.sampled_from(["no 2022 result of x for u1", "no data for x in tahunan"])),
)
FORMULAS = ["GROWTH(x)", "TREND(x, 2)", "TREND(x, 4)", "PREV(x) - x", "HISTORY(x, 2021) + PREV(x)"]


def _same(a: Scalar, b: Scalar) -> bool:
    if isinstance(a, NA) or isinstance(b, NA):
        return a == b
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a + b))


@given(st.sampled_from(FORMULAS), st.lists(YEAR, min_size=5, max_size=5))
@settings(max_examples=300, deadline=None)
def test_both_evaluators_agree_to_the_bit(formula: str, years: list[Scalar]) -> None:
    """The columnar value of each unit equals the explained one exactly, N/A reasons included."""
    program = compile_formula(formula, SCOPE)
    values = {"x": years[0], "x@-1": years[1], "x@-2": years[2], "x@-3": years[3]}
    values["x@2021"] = years[4]
    env = {k: Column.from_values([v, 7.0]) for k, v in values.items()}
    columnar = program.evaluate(env, 2).value_at(0)
    explained = program.explain(values).value
    assert _same(columnar, explained), (formula, years, columnar, explained)


def test_a_program_names_the_earlier_values_it_reads() -> None:
    program = compile_formula("TREND(x, 3) + HISTORY(y, 2020) + GROWTH(x)", SCOPE)
    assert program.history == {
        HistoryRef("x", 1),
        HistoryRef("x", 2),
        HistoryRef("y", 0, 2020),
    }
    assert sorted(r.key for r in program.history) == ["x@-1", "x@-2", "y@2020"]
    # this year's names: x (GROWTH and TREND read it now too); y is read of 2020 only
    assert program.names == {"x"}


def test_trend_weights_are_the_least_squares_slope() -> None:
    """Hand-computed: years 0..3 lie 1.5, 0.5, 0.5, 1.5 from their mean 1.5; Σ(t - 1.5)² = 5."""
    assert trend_weights(4) == (-0.3, -0.1, 0.1, 0.3)
    assert trend_weights(2) == (-1.0, 1.0)


def test_explain_says_which_year_each_value_is() -> None:
    program = compile_formula("HISTORY(y, 2020)", SCOPE)
    assert program.explain({"y": 5.0, "y@2020": 4.0}).render() == "HISTORY(y, 2020) = 4   (in 2020)"
    program = compile_formula("GROWTH(x)", SCOPE)
    text = program.explain({"x": 110.0, "x@-1": 100.0}).render()
    assert text.splitlines() == [
        "GROWTH(x) = (110 - 100) / 100 × 100 = 10",
        "  x = 100   (1 year earlier)",
        "  x = 110",
    ]
