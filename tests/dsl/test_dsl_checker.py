"""Static checking tests: program metadata, result types, and collecting every problem."""

from __future__ import annotations

import pytest

from dsl import (
    AnyType,
    BoolType,
    NumberType,
    PerkinError,
    PerkinErrors,
    Scope,
    SeriesType,
    TableInfo,
    TextType,
    UnknownNameError,
    compile_formula,
    parse,
    references,
)

SCOPE = Scope(
    names={
        "realisasi": NumberType(),
        "ikm.target": NumberType(),
        "rpd": SeriesType(length=12),
        "opini": TextType(),
        "flag": BoolType(),
        "anything": AnyType(),
    },
    tables={"opini_bpk": TableInfo(kind="lookup"), "predikat_dki": TableInfo(kind="band")},
)


def test_program_names_and_tables() -> None:
    """A program lists the free names and the tables it refers to."""
    program = compile_formula(
        "IF(LOOKUP(opini, opini_bpk) > 1, realisasi / ikm.target, AVERAGE(rpd))", SCOPE
    )
    assert program.names == frozenset({"opini", "realisasi", "ikm.target", "rpd"})
    assert program.tables == frozenset({"opini_bpk"})
    assert references(parse("BAND(x, t) + y")) == (frozenset({"x", "y"}), frozenset({"t"}))


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("realisasi / ikm.target", NumberType()),
        ("realisasi > 1", BoolType()),
        ('opini = "WTP"', BoolType()),
        ('IF(flag, "a", "b")', TextType()),
        ("IF(flag, 1, TRUE)", AnyType()),
        ("rpd * 2", SeriesType(12)),
        ("rpd > 0", SeriesType(12)),
        ("AVERAGE(rpd)", NumberType()),
        ("ISNA(rpd)", BoolType()),
        ("IFNA(rpd, 0)", SeriesType(12)),
        ("LOOKUP(opini, opini_bpk)", AnyType()),
        ("anything + 1", NumberType()),
        ("NA", AnyType()),
    ],
)
def test_result_types(formula: str, expected: object) -> None:
    """The checker infers the static type of the result."""
    assert compile_formula(formula, SCOPE).result_type == expected


def test_table_value_type_is_used() -> None:
    """A table declared to give text makes LOOKUP text, so arithmetic on it is caught."""
    scope = Scope(SCOPE.names, {"t": TableInfo(kind="lookup", value_type=TextType())})
    with pytest.raises(PerkinError) as info:
        compile_formula("LOOKUP(opini, t) * 2", scope)
    assert info.value.code == "F004"


def test_all_problems_are_collected_in_source_order() -> None:
    """Every problem is reported at once, ordered by position, each with its own caret."""
    with pytest.raises(PerkinErrors) as info:
        compile_formula("realisas + AVG(1) + IF(1) + opini * 2 + LOOKUP(1, nope)", SCOPE)
    errors = info.value.errors
    assert [e.code for e in errors] == ["F002", "F007", "F003", "F004", "F008"]
    assert [e.location.column for e in errors] == [1, 12, 21, 29, 51]
    assert errors[0].hint == "did you mean 'realisasi'?"
    assert info.value.render().endswith("5 errors")


def test_a_single_problem_is_raised_alone() -> None:
    """One problem is raised as that error, not wrapped."""
    with pytest.raises(UnknownNameError) as info:
        compile_formula("ikm.targt * 2", SCOPE)
    err = info.value
    assert (err.location.column, err.location.end_column) == (1, 10)
    assert err.hint == "did you mean 'ikm.target'?"


def test_unknown_name_render() -> None:
    """The rendered error has the compiler shape with a caret under the name."""
    with pytest.raises(PerkinError) as info:
        compile_formula("100 * realisasii", SCOPE)
    assert info.value.render() == (
        "<formula>:1:7: error[F002]: unknown name 'realisasii'\n"
        "    100 * realisasii\n"
        "          ^^^^^^^^^^\n"
        "hint: did you mean 'realisasi'?"
    )


def test_checks_do_not_need_data() -> None:
    """Compiling never evaluates: a division by zero compiles fine."""
    assert compile_formula("1 / 0", SCOPE).result_type == NumberType()
