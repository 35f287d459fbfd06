"""Data-driven cases from tests/dsl/cases/*.yaml, each failing with one readable line."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from dsl_support import TinyTable, same_value

from dsl import (
    NA,
    AnyType,
    BoolType,
    Column,
    NumberType,
    PerkinError,
    PerkinErrors,
    Scope,
    SeriesType,
    TableInfo,
    TextType,
    compile_formula,
)
from dsl.scope import ValueType
from dsl.values import NaKind, Scalar, format_value

CASES = Path(__file__).parent / "cases"
TABLES = {
    "opini_bpk": TinyTable(rows={"WTP": 100, "WDP": 75, "TW": 25}),
    "predikat": TinyTable(bands=[(90, "AA"), (80, "A"), (70, "BB"), (60, "B")]),
    "skala_jawaban": TinyTable(rows={"A": 100, "B": 75, "C": 50, "D": 25, "E": 0}),
}
TABLE_INFO = {
    "opini_bpk": TableInfo(kind="lookup"),
    "predikat": TableInfo(kind="band"),
    "skala_jawaban": TableInfo(kind="lookup"),
    "labels": TableInfo(kind="lookup", value_type=TextType()),
}
# Floating-point warnings would mean an inf or NaN escaped the NA handling.
pytestmark = pytest.mark.filterwarnings("error")
UNITS = 3


def _load(name: str) -> list[dict[str, Any]]:
    """The cases of one YAML file."""
    cases = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    assert isinstance(cases, list)
    return cases


def _value(raw: object) -> Scalar:
    """A YAML value as a formula value: {na: reason} is NA, {rule: reason} the NA a formula
    writes itself (kind rule), {arithmetic: reason} one arithmetic gives no value for (division
    by zero, overflow: kind arithmetic), a list is a series."""
    if isinstance(raw, dict):
        for key, kind in (("rule", NaKind.RULE), ("arithmetic", NaKind.ARITHMETIC)):
            if key in raw:
                return NA(str(raw[key]), kind)
        return NA(str(raw["na"]))
    if isinstance(raw, list):
        return tuple(_value(v) for v in raw)  # type: ignore[misc]
    if isinstance(raw, bool | str):
        return raw
    return float(raw)  # type: ignore[arg-type]


def _type_of(value: Scalar, declared: str | None) -> ValueType:
    """The static type of a case variable: declared, or inferred from its value."""
    if declared is not None:
        return _parse_type(declared)
    if isinstance(value, tuple):
        return SeriesType(len(value), text=any(isinstance(e, str) for e in value))
    if isinstance(value, bool):
        return BoolType()
    return TextType() if isinstance(value, str) else NumberType()


def _parse_type(text: str) -> ValueType:
    """A type written as number | text | bool | any | series[:N[:keys]] | texts[:N[:keys]];
    `texts` is a series of texts, keys are the declared items (`series:3:a,b,c`)."""
    if text.startswith(("series", "texts")):
        kind, _, rest = text.partition(":")
        length, _, keys = rest.partition(":")
        items = tuple(keys.split(",")) if keys else None
        return SeriesType(int(length) if length else None, items, text=kind == "texts")
    types: dict[str, ValueType] = {
        "number": NumberType(),
        "text": TextType(),
        "bool": BoolType(),
        "any": AnyType(),
    }
    return types[text]


def _eval_id(case: dict[str, Any]) -> str:
    return str(case["formula"]).replace("\n", "\\n")[:60] + (
        f" {case['vars']}" if "vars" in case else ""
    )


@pytest.mark.parametrize("case", _load("eval.yaml"), ids=_eval_id)
def test_eval_case(case: dict[str, Any]) -> None:
    """The formula gives the expected value, columnar and explained alike."""
    values = {k: _value(v) for k, v in (case.get("vars") or {}).items()}
    declared = case.get("types") or {}
    scope = Scope({k: _type_of(v, declared.get(k)) for k, v in values.items()}, TABLE_INFO)
    program = compile_formula(case["formula"], scope)
    expected = _value(case["expect"])
    env = {k: Column.from_values([v] * UNITS) for k, v in values.items()}
    column = program.evaluate(env, UNITS, TABLES)
    for i in range(UNITS):
        _expect(case, expected, column.value_at(i), "columnar")
    _expect(case, expected, program.explain(values, TABLES).value, "explain")


def _expect(case: dict[str, Any], expected: Scalar, actual: Scalar, how: str) -> None:
    """Fail with one line unless `actual` matches `expected` (numbers within 1e-9)."""
    if not same_value(expected, actual, rel=1e-9) and not _near_zero(expected, actual):
        got, want = format_value(actual), format_value(expected)
        pytest.fail(f"{case['formula']!r} ({how}): expected {want}, got {got}", pytrace=False)


def _near_zero(a: Scalar, b: Scalar) -> bool:
    """Whether two numbers both lie within 1e-12 of zero."""
    return isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, abs_tol=1e-12)


BASE_NAMES: dict[str, ValueType] = {
    "realisasi": NumberType(),
    "target": NumberType(),
    "opini": TextType(),
    "rpd": SeriesType(12),
    "ra": SeriesType(12),
    "q": SeriesType(4),
    "flag": BoolType(),
    "jawaban": SeriesType(4, ("a1", "a2", "b1", "b2"), text=True),
}


@pytest.mark.parametrize("case", _load("errors.yaml"), ids=lambda c: str(c["formula"])[:60])
def test_error_case(case: dict[str, Any]) -> None:
    """The formula is rejected with exactly the expected error codes, located and hinted."""
    extra = {k: _parse_type(v) for k, v in (case.get("names") or {}).items()}
    scope = Scope({**BASE_NAMES, **extra}, TABLE_INFO)
    errors = _errors_of(case["formula"], scope)
    codes = [e.code for e in errors]
    if codes != case["codes"]:
        detail = "; ".join(f"{e.code} {e.message}" for e in errors)
        pytest.fail(
            f"{case['formula']!r}: expected {case['codes']}, got {codes}: {detail}", pytrace=False
        )
    if errors:
        _check_first(case, errors[0])


def _errors_of(formula: str, scope: Scope) -> list[PerkinError]:
    """The errors that compiling a formula raises (none if it compiles)."""
    try:
        compile_formula(formula, scope)
    except PerkinErrors as err:
        return list(err.errors)
    except PerkinError as err:
        return [err]
    return []


def _check_first(case: dict[str, Any], error: PerkinError) -> None:
    """The first error has the expected column, message and hint, and a formula location."""
    loc = error.location
    problems = []
    if loc.file != "<formula>" or loc.line is None or loc.source_line is None:
        problems.append(f"bad location {loc}")
    if "column" in case and loc.column != case["column"]:
        problems.append(f"column {loc.column}, expected {case['column']}")
    if case.get("message", "") not in error.message:
        problems.append(f"message {error.message!r} lacks {case['message']!r}")
    if case.get("hint", "") not in (error.hint or ""):
        problems.append(f"hint {error.hint!r} lacks {case['hint']!r}")
    if problems:
        pytest.fail(f"{case['formula']!r}: " + "; ".join(problems), pytrace=False)
