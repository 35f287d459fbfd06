"""Operator semantics on the python values of one unit, as used by the explaining evaluator.

Each function mirrors one in `dsl.vector`; the two are tested to agree on random formulas.
NA wins over any value, and of two NAs the left one (its reason) wins.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

from dsl.diagnostics import FormulaTypeError, SeriesLengthError, series_lengths_differ
from dsl.i18n import _
from dsl.values import (
    DIVISION_BY_ZERO,
    NA,
    NOT_REAL,
    TEXT_AS_CONDITION,
    TEXT_IN_ARITHMETIC,
    TEXT_VS_NUMBER,
    TOO_LARGE,
    Num,
    Scalar,
    na,
)

Binary = Callable[[Num, Num], Num]

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def to_number(value: Scalar) -> Num:
    """A single value as a number: TRUE is 1, FALSE is 0, text is NA."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, float | NA):
        return value
    if isinstance(value, str):
        return na(TEXT_IN_ARITHMETIC)
    raise FormulaTypeError(_("a series was used where a single value belongs"))


def elementwise(f: Binary, a: Scalar, b: Scalar) -> Scalar:
    """`f` applied to two values, element by element when either is a series."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        xs, ys = _pair_up(a, b)
        return tuple(f(x, y) for x, y in zip(xs, ys, strict=True))
    return f(to_number(a), to_number(b))


def _pair_up(a: Scalar, b: Scalar) -> tuple[tuple[Num, ...], tuple[Num, ...]]:
    """Two operands as equally long number tuples, a single value repeated as needed."""
    xs, ys = pair_elements(a, b)
    return tuple(to_number(x) for x in xs), tuple(to_number(y) for y in ys)


def pair_elements(a: Scalar, b: Scalar) -> tuple[tuple[Scalar, ...], tuple[Scalar, ...]]:
    """Two operands as equally long tuples of their elements (texts kept)."""
    width = len(a) if isinstance(a, tuple) else len(b) if isinstance(b, tuple) else 1
    return spread(a, width), spread(b, width)


def spread(value: Scalar, width: int) -> tuple[Scalar, ...]:
    """A value as `width` elements: a series as is (checked), a single value repeated."""
    if isinstance(value, tuple):
        if len(value) != width:
            raise SeriesLengthError(series_lengths_differ(width, len(value)))
        return value
    return (value,) * width


def map_numbers(f: Callable[[float], Num], value: Scalar) -> Scalar:
    """`f` applied to a number (or to each element of a series), NA passing through."""
    if isinstance(value, tuple):
        return tuple(_apply(f, to_number(e)) for e in value)
    return _apply(f, to_number(value))


def _apply(f: Callable[[float], Num], x: Num) -> Num:
    """`f(x)`, or x itself if it is NA."""
    return x if isinstance(x, NA) else f(x)


def arith(op: str, a: Scalar, b: Scalar) -> Scalar:
    """`a op b` for op in + - * / ^."""
    return elementwise(lambda x, y: _arith_one(op, x, y), a, b)


def _arith_one(op: str, x: Num, y: Num) -> Num:
    """One arithmetic operation on two numbers."""
    if isinstance(x, NA):
        return x
    if isinstance(y, NA):
        return y
    if op == "^":
        return _power(x, y)
    if op == "/" and y == 0:
        return na(DIVISION_BY_ZERO)
    result = x + y if op == "+" else x - y if op == "-" else x * y if op == "*" else x / y
    return finite(result)


def finite(x: float) -> Num:
    """x, or NA if an operation overflowed to infinity."""
    return x if math.isfinite(x) else na(TOO_LARGE) if math.isinf(x) else na(NOT_REAL)


def _power(x: float, y: float) -> Num:
    """x to the power y, with NA for 0 to a negative power and for non-real results."""
    if x == 0 and y < 0:
        return na(DIVISION_BY_ZERO)
    try:
        return finite(math.pow(x, y))
    except ValueError:
        return na(NOT_REAL)
    except OverflowError:
        return na(TOO_LARGE)


def negate(value: Scalar) -> Scalar:
    """Unary minus."""
    return map_numbers(lambda x: -x, value)


def plus(value: Scalar) -> Scalar:
    """Unary plus, which makes a number of a boolean."""
    return map_numbers(lambda x: x, value)


def percent(value: Scalar) -> Scalar:
    """The postfix `%`: the value divided by 100."""
    return map_numbers(lambda x: x / 100.0, value)


def compare(op: str, a: Scalar, b: Scalar) -> Scalar:
    """A comparison: a boolean, or for series an element-wise series of 1.0 and 0.0."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        xs, ys = pair_elements(a, b)
        return tuple(_as_number(compare_values(op, x, y)) for x, y in zip(xs, ys, strict=True))
    return compare_values(op, a, b)


def _as_number(value: bool | NA) -> Num:
    """A comparison outcome as a series element."""
    return value if isinstance(value, NA) else float(value)


def compare_values(op: str, a: Scalar, b: Scalar) -> bool | NA:
    """A comparison of two single values; text compares case-insensitively."""
    if isinstance(a, NA):
        return a
    if isinstance(b, NA):
        return b
    if isinstance(a, str) and isinstance(b, str):
        return COMPARISONS[op](a.casefold(), b.casefold())
    if isinstance(a, str) or isinstance(b, str):
        return _text_against_number(op)
    x, y = to_number(a), to_number(b)
    return COMPARISONS[op](x, y)


def _text_against_number(op: str) -> bool | NA:
    """Text is never equal to a number, and cannot be ordered against one."""
    if op in ("=", "<>"):
        return op == "<>"
    return na(TEXT_VS_NUMBER)


def truth(value: Scalar) -> bool | NA:
    """A value as a condition: numbers are TRUE unless zero; text is NA."""
    if isinstance(value, bool | NA):
        return value
    if isinstance(value, float):
        return value != 0
    if isinstance(value, str):
        return na(TEXT_AS_CONDITION)
    raise FormulaTypeError(_("a series was used as a condition"))


def logic(op: str, values: list[Scalar]) -> bool | NA:
    """AND or OR of several conditions; the first NA among them wins."""
    truths = [truth(v) for v in values]
    first_na = next((t for t in truths if isinstance(t, NA)), None)
    if first_na is not None:
        return first_na
    return all(truths) if op == "AND" else any(truths)


def negation(value: Scalar) -> bool | NA:
    """NOT of a condition."""
    t = truth(value)
    return t if isinstance(t, NA) else not t
