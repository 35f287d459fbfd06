"""Every function that leaves N/A elements out of its value says so when arithmetic gave an
element no value (N020's record, dsl/skips.py): COUNT, COUNTA, COUNTIF, SUMIF, AVERAGEIF and
SUMPRODUCT as SUM, AVERAGE, MIN, MAX and GEOMEAN do. The two evaluators say the same; COUNTNA
counts such an element (its value is the count of N/A) and leaves nothing out.

Worked by hand. s = [2, 4, 6] for both units; d = [1, 0, 2] for unit 0 and [1, 2, 2] for unit 1,
so s / d = [2, N/A (division by zero), 3] for unit 0 and [2, 2, 3] for unit 1.
"""

from __future__ import annotations

import pytest

from dsl import NumberType, Scope, SeriesType, compile_formula
from dsl.column import Column
from dsl.explanation import Explanation
from dsl.skips import Skipped
from dsl.values import NA, NaKind

SCOPE = Scope(names={"s": SeriesType(length=3), "d": SeriesType(length=3), "x": NumberType()})
S = (2.0, 4.0, 6.0)
D = ((1.0, 0.0, 2.0), (1.0, 2.0, 2.0))
ENV = {"s": Column.from_values([S, S]), "d": Column.from_values(list(D))}
NOTE = "left out 1 of 3 elements without a value by arithmetic (division by zero)"

# formula → (value of unit 0, value of unit 1, elements left out of unit 0 of how many)
CASES = {
    "COUNT(s / d)": (2.0, 3.0, (1, 3)),
    "COUNTA(s / d)": (2.0, 3.0, (1, 3)),
    'COUNTIF(s / d, ">0")': (2.0, 3.0, (1, 3)),
    'SUMIF(s / d, ">0")': (5.0, 7.0, (1, 3)),
    'AVERAGEIF(s / d, ">0")': (2.5, 7.0 / 3.0, (1, 3)),
    # the numbers beside the matching elements: s > 3 matches elements 2 and 3
    'SUMIF(s, ">3", s / d)': (3.0, 5.0, (1, 3)),
    # one position of three: 2·2 + 3·6 = 22 (unit 1: 2·2 + 2·4 + 3·6 = 30)
    "SUMPRODUCT(s / d, s)": (22.0, 30.0, (1, 3)),
    "SUM(s / d)": (5.0, 7.0, (1, 3)),
}


def _run(formula: str) -> tuple[list[float], list[Skipped]]:
    skips: list[Skipped] = []
    column = compile_formula(formula, SCOPE).evaluate(ENV, 2, None, skips)
    return column.data.tolist(), skips


def _explained(formula: str, unit: int) -> Explanation:
    return compile_formula(formula, SCOPE).explain({"s": S, "d": D[unit]})


@pytest.mark.parametrize("formula", CASES)
def test_the_columnar_evaluator_records_what_arithmetic_left_out(formula: str) -> None:
    first, second, (k, n) = CASES[formula]
    values, skips = _run(formula)
    assert values == pytest.approx([first, second])
    [skipped] = skips
    assert (skipped.function, skipped.left_out.tolist(), skipped.elements) == (
        formula.split("(")[0],
        [k, 0],
        n,
    )
    assert skipped.first[0] != 0 and skipped.first[1] == 0


@pytest.mark.parametrize("formula", CASES)
def test_the_explaining_evaluator_says_the_same(formula: str) -> None:
    first, second, _counts = CASES[formula]
    zero, other = _explained(formula, 0), _explained(formula, 1)
    assert (zero.value, other.value) == (pytest.approx(first), pytest.approx(second))
    assert zero.note == NOTE
    assert other.note is None


@pytest.mark.parametrize(
    "formula",
    [
        # the element without a value is beside one that does not match (s < 3: element 1)
        'SUMIF(s, "<3", s / d)',
        # a criterion N/A: the value is N/A, nothing is left out of it
        "COUNTIF(s / d, x / 0)",
        # COUNTNA counts the element N/A: its value, not something it leaves out
        "COUNTNA(s / d)",
    ],
)
def test_nothing_noted_where_nothing_is_left_out(formula: str) -> None:
    env = {**ENV, "x": Column.from_values([1.0, 1.0])}
    skips: list[Skipped] = []
    compile_formula(formula, SCOPE).evaluate(env, 2, None, skips)
    assert skips == []
    values = {"s": S, "d": D[0], "x": 1.0}
    assert compile_formula(formula, SCOPE).explain(values).note is None


def test_a_criterion_n_a_is_the_value() -> None:
    values, _skips = _run('SUMIF(s, "<3", s / d)')
    assert values == [2.0, 2.0]
    env = {**ENV, "x": Column.from_values([1.0, 1.0])}
    column = compile_formula("COUNTIF(s / d, x / 0)", SCOPE).evaluate(env, 2)
    assert column.is_na().tolist() == [True, True]
    assert column.value_at(0).reason == "division by zero"  # type: ignore[union-attr]


DATA_NA = ("COUNT(s / d)", "COUNTA(s / d)", 'COUNTIF(s / d, ">0")', 'SUMIF(s, ">0", s / d)')


@pytest.mark.parametrize("formula", [*DATA_NA, "SUMPRODUCT(s / d, s)", "SUM(s / d)"])
def test_data_na_is_left_out_without_a_note(formula: str) -> None:
    """d's second element of unit 0 is not reported (no data): s / d is N/A of that kind."""
    no_data = NA("no data", NaKind.NO_DATA)
    env = {"s": ENV["s"], "d": Column.from_values([(1.0, no_data, 2.0), D[1]])}
    skips: list[Skipped] = []
    compile_formula(formula, SCOPE).evaluate(env, 2, None, skips)
    assert skips == []
    assert compile_formula(formula, SCOPE).explain({"s": S, "d": (1.0, no_data, 2.0)}).note is None
