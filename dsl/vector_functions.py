"""The formula functions on columns of n units; each mirrors one in `dsl.scalar_functions`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

from dsl import conditional
from dsl.column import BoolArray, CodeArray, Column, FloatArray, ObjectArray
from dsl.diagnostics import EvaluationError, SeriesLengthError, series_lengths_differ
from dsl.i18n import ngettext
from dsl.rounding import MAX_DECIMALS, MIN_DECIMALS, Mode, apply_rounding_array
from dsl.tables import Table
from dsl.values import (
    ALL_NA,
    BAD_DECIMALS,
    GEOMEAN_POSITIVE,
    NA,
    NO_CASE,
    NO_DATA_VALUE,
    TOO_LARGE,
    na_code,
)
from dsl.vector import compare, finish, first_codes, logic, map_numbers, numeric, truth

Function = Callable[[list[Column]], Column]
# What the data holds where a unit is NA, by column kind.
_BLANKS: dict[str, Any] = {
    "number": np.nan,
    "bool": np.nan,
    "text": "",
    "mixed": None,
}


def _objects(col: Column) -> ObjectArray:
    """The python values of a column of single values, None where NA."""
    out = np.empty(len(col), dtype=object)
    out[:] = [None if isinstance(v, NA) else v for v in col.to_list()]
    return out


def _pick(mask: BoolArray, a: CodeArray | None, b: CodeArray | None) -> CodeArray | None:
    """NA codes taken from `a` where mask holds, else from `b`."""
    if a is None and b is None:
        return None
    return np.where(mask, 0 if a is None else a, 0 if b is None else b).astype(np.int32)


def merge(mask: BoolArray, a: Column, b: Column) -> Column:
    """`a` where mask holds and `b` elsewhere; unlike kinds make a mixed column."""
    if a.data.ndim == 2 or b.data.ndim == 2:
        if a.data.shape != b.data.shape:
            raise SeriesLengthError(series_lengths_differ(a.width or 1, b.width or 1))
        m = mask[:, None] if mask.ndim == 1 else mask
        if a.kind != "text" or b.kind != "text":  # series of numbers (or of texts, unmixed)
            a, b = numeric(a), numeric(b)
        return Column(a.kind, np.where(m, a.data, b.data), _pick(m, a.codes, b.codes))
    if a.kind == b.kind:
        return Column(a.kind, np.where(mask, a.data, b.data), _pick(mask, a.codes, b.codes))
    data = np.where(mask, _objects(a), _objects(b))
    return Column("mixed", data, _pick(mask, a.codes, b.codes))


def set_na(col: Column, codes: CodeArray | None) -> Column:
    """The column with the units whose code is non-zero made NA with that code."""
    if codes is None or not codes.any():
        return col
    rows, row_codes = codes > 0, codes
    if col.data.ndim == 2:
        rows, row_codes = rows[:, None], codes[:, None]
    base = np.zeros(col.data.shape, dtype=np.int32) if col.codes is None else col.codes
    new_codes = np.where(rows, row_codes, base)
    data = col.data.copy()
    data[np.broadcast_to(rows, data.shape)] = _BLANKS[col.kind]
    return Column(col.kind, data, new_codes.astype(np.int32))


def select(cond: Column, a: Column, b: Column) -> Column:
    """IF: `a` where the condition is TRUE, `b` where FALSE, NA where it is NA."""
    t = truth(cond)
    return set_na(merge(t.data == 1.0, a, b), t.codes)


def ifna(x: Column, fallback: Column) -> Column:
    """IFNA: x, with its NA units (elements, for a series) replaced by the fallback."""
    if x.width is None:
        return merge(x.is_na(), fallback, x)
    spread = _spread(numeric(fallback), x.data.shape)
    return merge(x.na_mask(), spread, x)


def _spread(col: Column, shape: tuple[int, ...]) -> Column:
    """A numeric column broadcast to a series shape."""
    data, codes = col.data, col.codes
    if data.ndim == 1:
        data, codes = data[:, None], None if codes is None else codes[:, None]
    if data.shape[1] not in (1, shape[1]):
        raise SeriesLengthError(series_lengths_differ(shape[1], data.shape[1]))
    spread_codes = None if codes is None else np.array(np.broadcast_to(codes, shape))
    return Column("number", np.array(np.broadcast_to(data, shape)), spread_codes)


def isna(x: Column) -> Column:
    """ISNA: TRUE where the unit is NA (a series: all of its elements)."""
    return Column("bool", x.is_na().astype(np.float64))


def switch(x: Column, cases: Sequence[tuple[Column, Column]], default: Column | None) -> Column:
    """SWITCH: the result of the first case whose value equals x, else the default."""
    pending = np.ones(len(x), dtype=bool)
    out = default if default is not None else _no_case(cases[0][1])
    for value, result in cases:
        equal = compare("=", x, value)
        failed = pending & equal.is_na()
        hit = pending & ~failed & (equal.data == 1.0)
        out = merge(failed, set_na(result, equal.codes), merge(hit, result, out))
        pending &= ~(hit | failed)
    return out


def switch_args(args: list[Column]) -> Column:
    """SWITCH from its argument columns: x, value1, result1, …, [default]."""
    x, *rest = args
    cases = [(rest[i], rest[i + 1]) for i in range(0, len(rest) - 1, 2)]
    return switch(x, cases, rest[-1] if len(rest) % 2 else None)


def _no_case(like: Column) -> Column:
    """An all-NA column shaped like a SWITCH result, for when no case matched."""
    return set_na(like, np.full(len(like), na_code(NO_CASE), dtype=np.int32))


def lookup(table: Table, keys: Column) -> Column:
    """LOOKUP: the table's value for each key; NA keys give NA."""
    return set_na(_checked(table.lookup(keys), len(keys)), keys.codes)


def band(table: Table, x: Column) -> Column:
    """BAND: the table's value for the band holding each number; NA gives NA."""
    numbers = numeric(x)
    return set_na(_checked(table.band(numbers), len(x)), numbers.codes)


def _checked(col: Column, n: int) -> Column:
    """A table's answer, checked to cover every unit with single values."""
    if len(col) != n or col.width is not None:
        raise EvaluationError(
            ngettext(
                "a table returned {count} values for {n} unit",
                "a table returned {count} values for {n} units",
                n,
            ).format(count=len(col), n=n)
        )
    return col


def _parts(args: list[Column]) -> list[FloatArray]:
    """All arguments as numeric 1-D arrays: one per single value, one per series element."""
    out: list[FloatArray] = []
    for col in args:
        data = cast(FloatArray, numeric(col).data)
        out.extend([data] if data.ndim == 1 else [data[:, j] for j in range(data.shape[1])])
    return out


def _accumulate(parts: list[FloatArray], n: int) -> tuple[FloatArray, FloatArray]:
    """The left-to-right sums and counts of the non-NA elements."""
    total, count = np.zeros(n), np.zeros(n)
    with np.errstate(all="ignore"):
        for d in parts:
            valid = ~np.isnan(d)
            total = total + np.where(valid, d, 0.0)
            count = count + valid
    return total, count


def _reduced(value: FloatArray, count: FloatArray) -> Column:
    """An aggregate's result: NA where no element counted, or where it overflowed."""
    codes = np.where(count == 0, na_code(ALL_NA), 0).astype(np.int32)
    value = np.where(count == 0, np.nan, value)
    return finish(value, codes, lambda: np.full(value.shape, na_code(TOO_LARGE), dtype=np.int32))


def without_data(result: Column, data_args: list[Column]) -> Column:
    """An aggregate's result made N/A for the units where every data argument is N/A."""
    if not data_args:
        return result
    empty = np.logical_and.reduce([c.is_na() for c in data_args])
    if not empty.any():
        return result
    values = np.where(empty, np.nan, result.numbers)
    codes = np.zeros(len(result), dtype=np.int32) if result.codes is None else result.codes
    return Column(
        result.kind, values, np.where(empty, na_code(NO_DATA_VALUE), codes).astype(np.int32)
    )


def fn_sum(args: list[Column]) -> Column:
    """SUM of all elements, skipping NA."""
    total, count = _accumulate(_parts(args), len(args[0]))
    return _reduced(total, count)


def fn_average(args: list[Column]) -> Column:
    """AVERAGE (MEAN) of all elements, skipping NA."""
    total, count = _accumulate(_parts(args), len(args[0]))
    with np.errstate(all="ignore"):
        return _reduced(total / count, count)


def fn_count(args: list[Column]) -> Column:
    """COUNT of the elements that are not NA."""
    return Column("number", _accumulate(_parts(args), len(args[0]))[1])


def _extreme(args: list[Column], pick: Callable[[FloatArray, FloatArray], FloatArray]) -> Column:
    """MIN or MAX, where `pick` ignores NaN (np.fmin or np.fmax)."""
    best = np.full(len(args[0]), np.nan)
    for d in _parts(args):
        best = pick(best, d)
    return _reduced(best, (~np.isnan(best)).astype(np.float64))


def fn_geomean(args: list[Column]) -> Column:
    """GEOMEAN: the n-th root of the product, through logarithms if the product overflows."""
    parts, n = _parts(args), len(args[0])
    product, logs, count = np.ones(n), np.zeros(n), np.zeros(n)
    non_positive = np.zeros(n, dtype=bool)
    with np.errstate(all="ignore"):
        for d in parts:
            valid = ~np.isnan(d)
            non_positive |= valid & (d <= 0)
            product = np.where(valid, product * d, product)
            logs = logs + np.where(valid, np.log(d), 0.0)
            count = count + valid
        via_logs = (product == 0) | np.isinf(product)
        value = np.where(via_logs, np.exp(logs / count), np.power(product, 1.0 / count))
    result = _reduced(value, count)
    bad = non_positive & (count > 0)
    return set_na(result, np.where(bad, na_code(GEOMEAN_POSITIVE), 0).astype(np.int32))


def fn_sumproduct(args: list[Column]) -> Column:
    """SUMPRODUCT: the sum of element-wise products, skipping positions with any NA."""
    cols = [numeric(a) for a in args]
    widths = {c.width for c in cols if c.width is not None}
    if len(widths) > 1:
        raise SeriesLengthError(series_lengths_differ(*sorted(widths)[:2]))
    n, k = len(cols[0]), widths.pop() if widths else 1
    total, count = np.zeros(n), np.zeros(n)
    with np.errstate(all="ignore"):
        for j in range(k):
            product, valid = np.ones(n), np.ones(n, dtype=bool)
            for c in cols:
                d = cast(FloatArray, c.data if c.width is None else c.data[:, j])
                product, valid = product * d, valid & ~np.isnan(d)
            total, count = total + np.where(valid, product, 0.0), count + valid
    return _reduced(total, count)


def fn_abs(args: list[Column]) -> Column:
    """ABS, element-wise on a series."""
    return map_numbers(np.abs, args[0])


def _rounder(mode: Mode) -> Function:
    """ROUND (half up) or TRUNC, element-wise on a series; decimals default to 0."""

    def run(args: list[Column]) -> Column:
        x = numeric(args[0])
        digits = numeric(args[1]) if len(args) > 1 else Column.constant(0.0, len(x))
        return _round(x, cast(FloatArray, digits.data), digits.codes, mode)

    return run


def _round(x: Column, digits: FloatArray, digit_codes: CodeArray | None, mode: Mode) -> Column:
    """Numbers rounded to per-unit decimals; NA where the decimals are NA or out of range."""
    places = np.trunc(digits)
    ok = (places >= MIN_DECIMALS) & (places <= MAX_DECIMALS)
    bad = np.where(~ok & ~np.isnan(places), na_code(BAD_DECIMALS), 0).astype(np.int32)
    safe = np.where(ok, places, 0).astype(np.int64)
    if x.data.ndim == 2:
        safe, bad = safe[:, None], bad[:, None]
        digit_codes = None if digit_codes is None else digit_codes[:, None]
    result = apply_rounding_array(
        cast(FloatArray, x.data), np.broadcast_to(safe, x.data.shape), mode
    )
    codes = first_codes([x.codes, digit_codes, bad], x.data.shape)
    return Column("number", result if codes is None else np.where(codes > 0, np.nan, result), codes)


def fn_clamp(args: list[Column]) -> Column:
    """CLAMP(x, lo, hi): x limited to lo..hi, element-wise on a series."""
    x, lo, hi = (numeric(a) for a in args)
    lo_d, hi_d, lo_c, hi_c = lo.data, hi.data, lo.codes, hi.codes
    if x.data.ndim == 2:
        lo_d, hi_d = lo_d[:, None], hi_d[:, None]
        lo_c, hi_c = (
            None if lo_c is None else lo_c[:, None],
            None if hi_c is None else hi_c[:, None],
        )
    result = np.minimum(np.maximum(x.data, lo_d), hi_d)
    return Column("number", result, first_codes([x.codes, lo_c, hi_c], x.data.shape))


def _logic(op: str) -> Function:
    """AND or OR in function form."""
    return lambda args: logic(op, args)


STRICT: dict[str, Function] = {
    "SUM": fn_sum,
    "AVERAGE": fn_average,
    "COUNT": fn_count,
    "MIN": lambda args: _extreme(args, np.fmin),
    "MAX": lambda args: _extreme(args, np.fmax),
    "GEOMEAN": fn_geomean,
    "SUMPRODUCT": fn_sumproduct,
    "ABS": fn_abs,
    "ROUND": _rounder("half_up"),
    "TRUNC": _rounder("truncate"),
    "CLAMP": fn_clamp,
    "AND": _logic("AND"),
    "OR": _logic("OR"),
    "COUNTIF": conditional.countif_columns,
    "SUMIF": conditional.sumif_columns,
    "AVERAGEIF": conditional.averageif_columns,
    "COUNTNA": conditional.countna_columns,
    "COUNTA": conditional.counta_columns,
}
