"""Explanation tests: the derivation tree, laziness, NA reasons and rendering."""

from __future__ import annotations

from dsl_support import TinyTable

from dsl import NA, NumberType, Scope, SeriesType, TableInfo, TextType, compile_formula
from dsl.values import NaKind

SCOPE = Scope(
    {
        "penyerapan": NumberType(),
        "efisiensi": NumberType(),
        "output": NumberType(),
        "x": NumberType(),
        "rpd": SeriesType(3),
        "opini": TextType(),
    },
    {"opini_bpk": TableInfo(kind="lookup")},
)
FORMULA = "penyerapan * 40% + IF(output >= 100%, efisiensi, 0) * 10% + output * 50%"


def test_acceptance_formula_value() -> None:
    """The acceptance formula gives 0.38 + 0.012 + 0.5 = 0.892, in both evaluators."""
    program = compile_formula(FORMULA, SCOPE)
    values = {"penyerapan": 0.95, "efisiensi": 0.12, "output": 1.0}
    explained = program.explain(values)
    assert abs(explained.value - 0.892) < 1e-9  # type: ignore[operator]
    assert abs(program.evaluate(values, 1).numbers[0] - 0.892) < 1e-9


def test_render_shows_substituted_values() -> None:
    """Each step shows its text, the values put in, and the result."""
    program = compile_formula(FORMULA, SCOPE)
    text = program.explain({"penyerapan": 0.95, "efisiensi": 0.12, "output": 1.0}).render()
    lines = text.splitlines()
    assert lines[0] == f"{FORMULA} = 0.38 + 0.012 + 0.5 = 0.892"
    assert lines[1] == "  penyerapan * 40% = 0.95 × 0.4 = 0.38"
    assert "    IF(output >= 100%, efisiensi, 0) = 0.12   (the condition is TRUE)" in lines


def test_if_records_only_the_taken_branch() -> None:
    """The explaining IF evaluates and records the chosen branch only."""
    program = compile_formula("IF(x > 1, x / 0, x * 2)", SCOPE)
    explanation = program.explain({"x": 0.5})
    assert explanation.value == 1.0
    branch_sources = [c.source for c in explanation.children]
    assert branch_sources == ["x > 1", "x * 2"]


def test_na_reasons_show_in_the_explanation() -> None:
    """An NA value is shown with its reason at each step it reaches."""
    program = compile_formula("x / 0 + 1", SCOPE)
    explanation = program.explain({"x": 5})
    assert explanation.value == NA("division by zero", NaKind.ARITHMETIC)
    assert explanation.render().splitlines()[0] == (
        "x / 0 + 1 = NA (division by zero) + 1 = NA (division by zero)"
    )


def test_input_reason_propagates() -> None:
    """A reason given with an input NA is the reason of the result."""
    program = compile_formula("x * 2 + 1", SCOPE)
    assert program.explain({"x": NA("no target in TW1")}).value == NA("no target in TW1")


def test_spans_of_steps_point_into_the_formula() -> None:
    """Every step carries the span of its sub-expression."""
    program = compile_formula("1 + ABS(x)", SCOPE)
    step = program.explain({"x": -2}).children[0]
    assert step.source == "ABS(x)"
    assert (step.span.column, step.span.end_column) == (5, 11)


def test_series_and_tables_in_explanations() -> None:
    """Series are shown as lists, and LOOKUP shows the key it looked up."""
    program = compile_formula("AVERAGE(rpd) + LOOKUP(opini, opini_bpk)", SCOPE)
    table = TinyTable(rows={"WTP": 100})
    text = program.explain({"rpd": (1, NA("gap"), 3), "opini": "WTP"}, {"opini_bpk": table})
    lines = text.render().splitlines()
    assert lines[0].endswith("= 2 + 100 = 102")
    assert "    rpd = [1, NA (gap), 3]" in lines
    assert '  LOOKUP(opini, opini_bpk) = LOOKUP("WTP", opini_bpk) = 100' in lines
