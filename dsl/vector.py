"""Operator semantics on columns of n units, as used by the columnar evaluator.

Each function mirrors one in `dsl.scalar`. NA wins over any value, and of two NAs the left
operand's reason wins. Results that would be infinite or NaN become NA with a reason, and
floating-point warnings are silenced because they are turned into such reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

import numpy as np

from dsl import scalar
from dsl.column import NUMERIC_KINDS, CodeArray, Column, FloatArray, ObjectArray
from dsl.diagnostics import FormulaTypeError, SeriesLengthError, series_lengths_differ
from dsl.i18n import _
from dsl.values import (
    DIVISION_BY_ZERO,
    NOT_REAL,
    TEXT_AS_CONDITION,
    TEXT_IN_ARITHMETIC,
    TOO_LARGE,
    na_code,
)

_ARITH: dict[str, Callable[[FloatArray, FloatArray], FloatArray]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.true_divide,
    "^": np.power,
}
COMPARE: dict[str, np.ufunc] = {  # the comparison operators, as numpy ufuncs (criteria too)
    "=": np.equal,
    "<>": np.not_equal,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


def first_codes(codes: Sequence[CodeArray | None], shape: tuple[int, ...]) -> CodeArray | None:
    """Combined NA codes where the first operand that is NA gives the reason."""
    present = [c for c in codes if c is not None]
    if not present:
        return None
    out = np.array(np.broadcast_to(present[0], shape), dtype=np.int32)
    for c in present[1:]:
        out = np.where(out > 0, out, c).astype(np.int32)
    return out


def numeric(col: Column) -> Column:
    """The column as numbers: booleans are 1 and 0, text becomes NA."""
    if col.kind in NUMERIC_KINDS:
        return col if col.kind == "number" else Column("number", col.data, col.codes)
    if col.kind == "text":
        codes = np.where(
            col.na_mask(), col.codes if col.codes is not None else 0, na_code(TEXT_IN_ARITHMETIC)
        )
        return Column("number", np.full(col.data.shape, np.nan), codes.astype(np.int32))
    # A mixed column holds python values of varying kinds; convert them one by one.
    converted = Column.from_values([scalar.to_number(v) for v in col.to_list()])
    return Column("number", converted.data.astype(np.float64), converted.codes)


def _align(a: Column, b: Column) -> tuple[FloatArray, FloatArray, list[CodeArray | None]]:
    """The data and codes of two columns of one kind, broadcast against each other."""
    ad, bd = cast(FloatArray, a.data), cast(FloatArray, b.data)
    ac, bc = a.codes, b.codes
    if ad.ndim == 2 and bd.ndim == 2 and ad.shape[1] != bd.shape[1]:
        raise SeriesLengthError(series_lengths_differ(ad.shape[1], bd.shape[1]))
    if ad.ndim == 1 and bd.ndim == 2:
        ad, ac = ad[:, None], None if ac is None else ac[:, None]
    elif ad.ndim == 2 and bd.ndim == 1:
        bd, bc = bd[:, None], None if bc is None else bc[:, None]
    return ad, bd, [ac, bc]


def finish(result: FloatArray, codes: CodeArray | None, fault: Callable[[], CodeArray]) -> Column:
    """A numeric column from raw results: new NaN or infinities become NA with `fault` codes.

    Units that were already NA are forced to NaN, as IEEE gives 1 ^ NaN = 1.
    """
    bad = ~np.isfinite(result)
    fresh = bad if codes is None else bad & (codes == 0)
    if codes is not None:
        bad |= codes > 0
    if not bad.any():
        return Column("number", result, codes)
    out = np.zeros(result.shape, dtype=np.int32) if codes is None else codes.copy()
    if fresh.any():
        out[fresh] = np.broadcast_to(fault(), result.shape)[fresh]
    return Column("number", np.where(bad, np.nan, result), out)


def arith(op: str, a: Column, b: Column) -> Column:
    """`a op b` for op in + - * / ^, element-wise with broadcasting."""
    x, y, codes = _align(numeric(a), numeric(b))
    with np.errstate(all="ignore"):
        result = _ARITH[op](x, y)
    combined = first_codes(codes, result.shape)
    return finish(result, combined, lambda: _fault(op, x, y, result))


def _fault(op: str, x: FloatArray, y: FloatArray, result: FloatArray) -> CodeArray:
    """The NA reason codes of results that came out infinite or NaN."""
    div0, too_large = na_code(DIVISION_BY_ZERO), na_code(TOO_LARGE)
    if op == "/":
        return np.where(y == 0, div0, too_large).astype(np.int32)
    if op == "^":
        zero = (x == 0) & (y < 0)
        not_real = na_code(NOT_REAL)
        return np.where(zero, div0, np.where(np.isnan(result), not_real, too_large)).astype(
            np.int32
        )
    return np.full(result.shape, too_large, dtype=np.int32)


def map_numbers(f: Callable[[FloatArray], FloatArray], col: Column) -> Column:
    """`f` applied to the numbers of a column, NA passing through."""
    x = numeric(col)
    with np.errstate(all="ignore"):
        result = f(cast(FloatArray, x.data))
    return Column("number", np.where(x.na_mask(), np.nan, result), x.codes)


def negate(col: Column) -> Column:
    """Unary minus."""
    return map_numbers(np.negative, col)


def plus(col: Column) -> Column:
    """Unary plus, which makes numbers of booleans."""
    return numeric(col)


def percent(col: Column) -> Column:
    """The postfix `%`: the values divided by 100."""
    return map_numbers(lambda x: x / 100.0, col)


def compare(op: str, a: Column, b: Column) -> Column:
    """A comparison: booleans, or for series element-wise 1.0 and 0.0."""
    if a.kind in NUMERIC_KINDS and b.kind in NUMERIC_KINDS:
        return _compare_numbers(op, a, b)
    if a.kind == "text" and b.kind == "text":
        return _compare_texts(op, a, b)
    values = [scalar.compare(op, a.value_at(i), b.value_at(i)) for i in range(len(a))]
    return Column.from_values(values) if values else Column("bool", np.zeros(0))


def _compare_numbers(op: str, a: Column, b: Column) -> Column:
    """A comparison of two numeric columns."""
    x, y, codes = _align(a, b)
    result = COMPARE[op](x, y).astype(np.float64)
    combined = first_codes(codes, result.shape)
    if combined is not None:
        result = np.where(combined > 0, np.nan, result)
    return Column("bool" if result.ndim == 1 else "number", result, combined)


def _compare_texts(op: str, a: Column, b: Column) -> Column:
    """A case-insensitive comparison of two text columns (element-wise for a text series)."""
    x, y, codes = _align(_casefold(a), _casefold(b))
    result = np.asarray(COMPARE[op](x, y), dtype=np.float64)
    combined = first_codes(codes, result.shape)
    if combined is not None:
        result = np.where(combined > 0, np.nan, result)
    return Column("bool" if result.ndim == 1 else "number", result, combined)


def _casefold(col: Column) -> Column:
    """A text column with each text case-folded, for case-insensitive comparison."""
    data = cast(ObjectArray, col.data)
    out = np.empty(data.shape, dtype=object)
    out.reshape(-1)[:] = [str(s).casefold() for s in data.reshape(-1)]
    return Column("text", out, col.codes)


def truth(col: Column) -> Column:
    """The column as conditions (0.0/1.0): numbers are TRUE unless zero, text is NA."""
    if col.width is not None:
        raise FormulaTypeError(_("a series was used as a condition"))
    if col.kind in NUMERIC_KINDS:
        data = cast(FloatArray, col.data)
        return Column("bool", np.where(np.isnan(data), np.nan, data != 0), col.codes)
    if col.kind == "text":
        codes = np.where(
            col.na_mask(), col.codes if col.codes is not None else 0, na_code(TEXT_AS_CONDITION)
        )
        return Column("bool", np.full(len(col), np.nan), codes.astype(np.int32))
    converted = Column.from_values([scalar.truth(v) for v in col.to_list()])
    return Column("bool", converted.data.astype(np.float64), converted.codes)


def logic(op: str, cols: Sequence[Column]) -> Column:
    """AND or OR of several condition columns; the first NA among them wins."""
    truths = [truth(c) for c in cols]
    stacked = np.vstack([t.data for t in truths]) == 1.0
    result = (stacked.all(axis=0) if op == "AND" else stacked.any(axis=0)).astype(np.float64)
    combined = first_codes([t.codes for t in truths], result.shape)
    if combined is not None:
        result = np.where(combined > 0, np.nan, result)
    return Column("bool", result, combined)


def negation(col: Column) -> Column:
    """NOT of a condition column."""
    t = truth(col)
    return Column("bool", 1.0 - cast(FloatArray, t.data), t.codes)
