"""COUNTIF, SUMIF, AVERAGEIF, COUNTA and COUNTNA, for one unit and over columns.

N/A elements of the range are skipped and counted nowhere. SUMIF and AVERAGEIF are N/A when
every element of the range is N/A (as SUM is), and AVERAGEIF is N/A when no element matches
(Excel's #DIV/0!); COUNTIF, COUNTA and COUNTNA count, as COUNT does. An element arithmetic gave
no value that COUNTIF, SUMIF, AVERAGEIF or COUNTA leaves out is noted (dsl/skips.py, N020).
"""

from __future__ import annotations

import math
from typing import cast

import numpy as np

from dsl.column import BoolArray, CodeArray, Column, FloatArray, ObjectArray
from dsl.criteria import Criterion, match_mask, matches, parse_criterion
from dsl.diagnostics import SeriesLengthError, series_lengths_differ
from dsl.scalar import to_number
from dsl.values import ALL_NA, NA, NO_MATCH, TOO_LARGE, NaKind, Scalar, na, na_code, reason_kind
from dsl.vector import first_codes, numeric

NOT_SCORED = NaKind.NOT_SCORED

# ---- one unit ---------------------------------------------------------------------------


def _finite(x: float) -> float | NA:
    """A total or mean, or N/A if it overflowed (as the columnar form says it)."""
    return x if math.isfinite(x) else na(TOO_LARGE)


def _elements(value: Scalar) -> tuple[object, ...]:
    """A range as its elements: a series as is, a single value as one element."""
    return value if isinstance(value, tuple) else (value,)


def countif(args: list[Scalar]) -> Scalar:
    """COUNTIF(range, criterion): how many elements meet the criterion."""
    criterion = parse_criterion(args[1])
    if isinstance(criterion, NA):
        return criterion
    return float(sum(matches(criterion, e) for e in _elements(args[0])))


def countna(args: list[Scalar]) -> Scalar:
    """COUNTNA(x): how many elements are N/A (unanswered); an element that is not the unit's
    (a row of another unit's table of records, kind not_scored) is not counted."""
    return float(sum(isinstance(e, NA) and e.kind is not NOT_SCORED for e in _elements(args[0])))


def counta(args: list[Scalar]) -> Scalar:
    """COUNTA(x, …): how many elements, numbers or texts, are not N/A (answered)."""
    return float(sum(not isinstance(e, NA) for arg in args for e in _elements(arg)))


def _picked(args: list[Scalar]) -> list[float] | NA:
    """The numbers SUMIF and AVERAGEIF take: those beside the elements that match."""
    criterion = parse_criterion(args[1])
    if isinstance(criterion, NA):
        return criterion
    keys = _elements(args[0])
    values = keys if len(args) < 3 else _elements(args[2])
    if len(values) != len(keys):
        raise SeriesLengthError(series_lengths_differ(len(keys), len(values)))
    if all(isinstance(k, NA) for k in keys):
        return na(ALL_NA)
    numbers = [
        to_number(cast(Scalar, v))
        for k, v in zip(keys, values, strict=True)
        if matches(criterion, k) and not isinstance(v, str)
    ]
    return [x for x in numbers if isinstance(x, float)]


def sumif(args: list[Scalar]) -> Scalar:
    """SUMIF(range, criterion[, sum_range]): the total of the matching numbers (0 if none)."""
    picked = _picked(args)
    if isinstance(picked, NA):
        return picked
    total = 0.0
    for x in picked:
        total += x
    return _finite(total)


def averageif(args: list[Scalar]) -> Scalar:
    """AVERAGEIF(range, criterion[, average_range]): the mean of the matching numbers."""
    picked = _picked(args)
    if isinstance(picked, NA):
        return picked
    if not picked:
        return na(NO_MATCH)
    total = 0.0
    for x in picked:
        total += x
    return _finite(total / len(picked))


# ---- columns ------------------------------------------------------------------------------


def _as_matrix(col: Column) -> tuple[FloatArray | ObjectArray, BoolArray]:
    """A range's data and N/A mask as (units, elements) arrays."""
    data, na_mask = col.data, col.na_mask()  # a mixed column holds None where N/A already
    if data.ndim == 1:
        data, na_mask = data[:, None], na_mask[:, None]
    return cast(FloatArray | ObjectArray, data), na_mask


def criterion_mask(args: list[Column]) -> tuple[BoolArray, BoolArray, CodeArray]:
    """Which range elements match, the range's N/A mask, and the codes of N/A criteria."""
    data, na_mask = _as_matrix(args[0])
    hit = np.zeros(data.shape, dtype=bool)
    codes = np.zeros(len(args[0]), dtype=np.int32)
    groups: dict[Criterion | NA, list[int]] = {}
    for i, value in enumerate(args[1].to_list()):
        groups.setdefault(parse_criterion(value), []).append(i)
    for criterion, rows in groups.items():
        if isinstance(criterion, NA):
            codes[rows] = args[1].codes[rows] if args[1].codes is not None else 0
        elif data.dtype == object and args[0].kind == "mixed":
            hit[rows] = np.vectorize(lambda e, c=criterion: matches(c, e), otypes=[bool])(
                data[rows]
            )
        else:
            hit[rows] = match_mask(criterion, data[rows], na_mask[rows])
    return hit, na_mask, codes


def countif_columns(args: list[Column]) -> Column:
    """COUNTIF over all units."""
    hit, _na, codes = criterion_mask(args)
    return _with_codes(hit.sum(axis=1).astype(np.float64), codes)


def countna_columns(args: list[Column]) -> Column:
    """COUNTNA over all units; not_scored elements (not the unit's) are not counted."""
    _data, na_mask = _as_matrix(args[0])
    codes = args[0].codes
    if codes is not None:
        codes = codes if codes.ndim == 2 else codes[:, None]
        present = np.unique(codes)
        theirs = present[[reason_kind(int(c)) is NOT_SCORED for c in present]]
        na_mask = na_mask & ~np.isin(codes, theirs)
    return Column("number", na_mask.sum(axis=1).astype(np.float64))


def counta_columns(args: list[Column]) -> Column:
    """COUNTA over all units."""
    total = np.zeros(len(args[0]))
    for col in args:
        total = total + (~_as_matrix(col)[1]).sum(axis=1)
    return Column("number", total)


def _conditional(args: list[Column], mean: bool) -> Column:
    """SUMIF or AVERAGEIF over all units."""
    hit, na_mask, codes = criterion_mask(args)
    values = numeric(args[2] if len(args) > 2 else args[0])
    data = cast(FloatArray, values.data)
    data = data[:, None] if data.ndim == 1 else data
    if data.shape[1] != hit.shape[1]:
        raise SeriesLengthError(series_lengths_differ(hit.shape[1], data.shape[1]))
    taken = hit & ~np.isnan(data)
    total, count = np.zeros(len(data)), taken.sum(axis=1)
    with np.errstate(all="ignore"):
        for j in range(data.shape[1]):  # left to right, as the scalar form adds
            total = total + np.where(taken[:, j], data[:, j], 0.0)
    none = np.where(na_mask.all(axis=1), na_code(ALL_NA), 0).astype(np.int32)
    empty = np.where(count == 0, na_code(NO_MATCH), 0).astype(np.int32) if mean else None
    with np.errstate(all="ignore"):
        result = total / count if mean else total
    combined = first_codes([codes, none, empty], result.shape)
    bad = ~np.isfinite(result) & (combined == 0 if combined is not None else True)
    if bad.any():
        combined = first_codes([combined, np.where(bad, na_code(TOO_LARGE), 0)], result.shape)
    return _with_codes(result, combined)


def _with_codes(result: FloatArray, codes: CodeArray | None) -> Column:
    """A numeric column, NaN wherever a code says N/A."""
    if codes is None or not codes.any():
        return Column("number", result)
    return Column("number", np.where(codes > 0, np.nan, result), codes.astype(np.int32))


def sumif_columns(args: list[Column]) -> Column:
    """SUMIF over all units."""
    return _conditional(args, mean=False)


def averageif_columns(args: list[Column]) -> Column:
    """AVERAGEIF over all units."""
    return _conditional(args, mean=True)
