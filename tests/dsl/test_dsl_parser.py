"""Parser tests: precedence, spans, case rules, limits, and syntax errors."""

from __future__ import annotations

import pytest

from dsl import (
    FormulaLimitError,
    FormulaSyntaxError,
    NumberType,
    Scope,
    compile_formula,
    parse,
    same_shape,
    to_source,
)
from dsl.ast import Arith, Call, Compare, Logic, Name, Not, Number, Percent, Power, Sign, Span, Text
from dsl.diagnostics import MAX_DEPTH, MAX_LENGTH


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("1 + 2 * 3", "1 + 2 * 3"),
        ("(1 + 2) * 3", "(1 + 2) * 3"),
        ("1 + (2 + 3)", "1 + (2 + 3)"),
        ("(1 + 2) + 3", "(1 + 2) + 3"),
        ("-2 ^ 2", "-2^2"),
        ("(-2) ^ 2", "(-2)^2"),
        ("2 ^ 3 ^ 2", "2^3^2"),
        ("(2 ^ 3) ^ 2", "(2^3)^2"),
        ("2 ^ -1", "2^-1"),
        ("(a + b)%", "(a + b)%"),
        ("-50%", "-50%"),
        ("NOT a = b", "NOT a = b"),
        ("(NOT a) = b", "(NOT a) = b"),
        ("a OR b AND c", "a OR b AND c"),
        ("(a OR b) AND c", "(a OR b) AND c"),
        ("a == b", "a = b"),
        ("a != b", "a <> b"),
        ("if(x, 1, 2)", "IF(x, 1, 2)"),
        ("and(x, y)", "AND(x, y)"),
        ("true + False", "TRUE + FALSE"),
        ("1e3", "1000"),
        ("0.1", "0.1"),
        ('"a""b"', '"a""b"'),
        ("ikm.realisasi / ikm.target", "ikm.realisasi / ikm.target"),
        ("1 # comment\n + 2", "1 + 2"),
    ],
)
def test_precedence_and_printing(text: str, printed: str) -> None:
    """Each formula parses with the intended grouping and prints canonically."""
    tree = parse(text)
    assert to_source(tree) == printed
    assert same_shape(parse(printed), tree)


def test_tree_shapes() -> None:
    """The tree nodes of a mixed formula are the expected ones."""
    tree = parse("-x ^ 2 * 40% >= 1 AND NOT f(y)")
    assert isinstance(tree, Logic) and tree.op == "AND"
    left, right = tree.operands
    assert isinstance(left, Compare) and isinstance(right, Not)
    product = left.left
    assert isinstance(product, Arith) and product.rest[0][0] == "*"
    assert isinstance(product.first, Sign) and isinstance(product.first.operand, Power)
    assert isinstance(product.rest[0][1], Percent)
    assert isinstance(right.operand, Call) and right.operand.name == "F"


def test_spans_are_exact() -> None:
    """Spans cover exactly a node's text; a node's own parentheses belong to its parent's span."""
    text = 'IF(realisasi >= 1,\n   (a + b) * 2, "x")'
    tree = parse(text)
    assert isinstance(tree, Call)
    assert tree.span == Span(1, 1, 2, 21, 0, len(text))
    cond, product, label = tree.args
    assert text[cond.span.start_pos : cond.span.end_pos] == "realisasi >= 1"
    assert text[product.span.start_pos : product.span.end_pos] == "(a + b) * 2"
    assert (product.span.line, product.span.column, product.span.end_column) == (2, 4, 15)
    assert isinstance(product, Arith)
    assert text[product.first.span.start_pos : product.first.span.end_pos] == "a + b"
    assert isinstance(label, Text) and label.span.column == 17


def test_keywords_are_case_insensitive_but_names_are_not() -> None:
    """AND/OR/NOT/TRUE/FALSE/NA and function names take any case; names keep theirs."""
    assert same_shape(parse("a and NOT b or c"), parse("a AND not b OR c"))
    assert same_shape(parse("Sum(x)"), parse("SUM(x)"))
    tree = parse("Realisasi")
    assert isinstance(tree, Name) and tree.name == "Realisasi"
    assert isinstance(parse("android"), Name)
    assert isinstance(parse("x.na"), Name)


def test_numbers_are_not_negative_literals() -> None:
    """A minus sign is an operator; number literals are non-negative."""
    tree = parse("-3")
    assert isinstance(tree, Sign) and tree.operand == Number(3.0, tree.operand.span)


def test_fifty_thousand_nested_parentheses_are_rejected() -> None:
    """Deep nesting gives F006 quickly, never a RecursionError."""
    text = "(" * 50_000 + "1" + ")" * 50_000
    with pytest.raises(FormulaLimitError) as info:
        parse(text)
    assert info.value.code == "F006"
    assert info.value.location.column == MAX_DEPTH + 1


@pytest.mark.parametrize("text", ["-" * 50_000 + "1", "NOT " * 20_000 + "x", "2^" * 30_000 + "2"])
def test_long_prefix_and_power_chains_are_rejected(text: str) -> None:
    """Nesting without parentheses is bounded too."""
    with pytest.raises(FormulaLimitError):
        parse(text)


def test_nesting_just_inside_the_limit_works() -> None:
    """A formula nested MAX_DEPTH - 1 levels deep compiles and evaluates."""
    text = "(" * (MAX_DEPTH - 2) + "x" + " + 1)" * (MAX_DEPTH - 2)
    program = compile_formula(text, Scope({"x": NumberType()}))
    assert program.evaluate({"x": 1.0}, 2).value_at(0) == MAX_DEPTH - 1


def test_too_long_formula_is_rejected() -> None:
    """A formula beyond MAX_LENGTH characters gives F006 without echoing it."""
    with pytest.raises(FormulaLimitError) as info:
        parse("1" * (MAX_LENGTH + 1))
    assert "too long" in info.value.message
    assert info.value.location.source_line is None


def test_twenty_thousand_term_sum_is_linear() -> None:
    """A 20,000-term sum parses flat (one node), prints, checks and evaluates."""
    text = " + ".join(f"x{i % 50}" for i in range(20_000))
    tree = parse(text)
    assert isinstance(tree, Arith) and len(tree.rest) == 19_999
    program = compile_formula(text, Scope({f"x{i}": NumberType() for i in range(50)}))
    column = program.evaluate({f"x{i}": float(i) for i in range(50)}, 3)
    assert column.value_at(2) == sum(i % 50 for i in range(20_000))
    assert to_source(tree) == text
    assert program.explain({f"x{i}": 1.0 for i in range(50)}).value == 20_000.0


def test_twenty_thousand_arguments() -> None:
    """A call with 20,000 arguments parses and evaluates."""
    text = "SUM(" + ", ".join("1" for _ in range(20_000)) + ")"
    program = compile_formula(text, Scope())
    assert program.evaluate({}, 1).value_at(0) == 20_000.0


def test_syntax_error_location_and_caret() -> None:
    """The acceptance example: a missing ')' is reported after the last token, with a caret."""
    with pytest.raises(FormulaSyntaxError) as info:
        parse("IF(a > 1, 2")
    err = info.value
    assert err.code == "F001"
    assert (err.location.file, err.location.line, err.location.column) == ("<formula>", 1, 12)
    assert err.render().splitlines()[:3] == [
        "<formula>:1:12: error[F001]: unexpected end of formula",
        "    IF(a > 1, 2",
        "               ^",
    ]
    assert err.hint is not None and "expected ')' or ','" in err.hint


def test_syntax_error_on_a_later_line() -> None:
    """Errors in multi-line formulas point at the right line and column."""
    with pytest.raises(FormulaSyntaxError) as info:
        parse("1 +\n  2 *\n  * 3")
    loc = info.value.location
    assert (loc.line, loc.column, loc.source_line) == (3, 3, "  * 3")


def test_locations_shift_into_a_host_file() -> None:
    """A formula error moved into YAML with Location.shifted keeps its caret aligned."""
    with pytest.raises(FormulaSyntaxError) as info:
        parse("IF(a > 1, 2")
    host = "    formula: IF(a > 1, 2"
    moved = info.value.with_location(info.value.location.shifted(7, 14, "ruleset.yaml", host))
    assert moved.render().splitlines()[:3] == [
        "ruleset.yaml:7:25: error[F001]: unexpected end of formula",
        "        formula: IF(a > 1, 2",
        "                            ^",
    ]
