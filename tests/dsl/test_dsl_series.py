"""Series operations where units differ in kind or shape, which the YAML cases (every unit
alike) cannot show: a criterion over values that are text for one unit and a number for another,
and criteria that differ per unit."""

from __future__ import annotations

import pytest

from dsl import NA, AnyType, Column, NumberType, Scope, SeriesType, TextType, compile_formula
from dsl.values import NaKind

SCOPE = Scope({"k": AnyType(), "s": SeriesType(3), "c": TextType(), "n": NumberType()})


def _both(formula: str, units: list[dict[str, object]]) -> list[object]:
    """The per-unit values, columnar; each checked equal to the explained value."""
    program = compile_formula(formula, SCOPE)
    env = {name: Column.from_values([u[name] for u in units]) for name in units[0]}
    values = program.evaluate(env, len(units)).to_list()
    assert values == [program.explain(u).value for u in units]
    return values


def test_criteria_over_a_value_of_varying_kind() -> None:
    units: list[dict[str, object]] = [{"k": "WTP"}, {"k": 2.0}, {"k": NA("gap")}]
    assert _both('COUNTIF(k, ">=1")', units) == [0.0, 1.0, 0.0]
    assert _both('COUNTIF(k, "wtp")', units) == [1.0, 0.0, 0.0]
    no_match = NA("no value matches the criterion", NaKind.DERIVED)
    assert _both('AVERAGEIF(k, ">=1")', units) == [no_match, 2.0, NA("all values are N/A")]


def test_a_criterion_per_unit() -> None:
    units: list[dict[str, object]] = [
        {"s": (1.0, 2.0, 3.0), "c": ">=2"},
        {"s": (1.0, 2.0, 3.0), "c": "<>2"},
        {"s": (1.0, 2.0, 3.0), "c": NA("no criterion")},
    ]
    assert _both("COUNTIF(s, c)", units) == [2.0, 2.0, NA("no criterion")]
    assert _both("SUMIF(s, c)", units) == [5.0, 4.0, NA("no criterion")]


@pytest.mark.parametrize("position", [1, 3])
def test_an_item_of_series_that_differ_per_unit(position: int) -> None:
    units: list[dict[str, object]] = [{"s": (1.0, 2.0, 3.0)}, {"s": (NA("gap"), 5.0, 6.0)}]
    got = _both(f"s[{position}] * 10", units)
    assert got == ([10.0, NA("gap")] if position == 1 else [30.0, 60.0])
