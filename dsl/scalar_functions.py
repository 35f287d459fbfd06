"""The strict (non-lazy) formula functions on the python values of one unit."""

from __future__ import annotations

import math
from collections.abc import Callable

from dsl import conditional
from dsl.rounding import MAX_DECIMALS, MIN_DECIMALS, Mode, apply_rounding
from dsl.scalar import logic, map_numbers, spread, to_number
from dsl.values import (
    ALL_NA,
    BAD_DECIMALS,
    GEOMEAN_POSITIVE,
    NA,
    TOO_LARGE,
    Num,
    Scalar,
    na,
)

Function = Callable[[list[Scalar]], Scalar]


def _elements(args: list[Scalar]) -> list[Num]:
    """All arguments flattened into one list of numbers and NAs (a text element is NA)."""
    out: list[Num] = []
    for arg in args:
        out.extend(to_number(e) for e in (arg if isinstance(arg, tuple) else (arg,)))
    return out


def _present(args: list[Scalar]) -> list[float]:
    """The numbers among the flattened arguments, NAs skipped."""
    return [x for x in _elements(args) if not isinstance(x, NA)]


def finite(x: float) -> Num:
    """An aggregate's result, or NA if it overflowed (inf, or NaN from inf - inf)."""
    return x if math.isfinite(x) else na(TOO_LARGE)


def _sum(values: list[float]) -> float:
    """The left-to-right sum, starting from 0.0 as the columnar version does."""
    total = 0.0
    for x in values:
        total += x
    return total


def fn_sum(args: list[Scalar]) -> Scalar:
    """SUM: the total of the numbers, NA only if every element is NA."""
    values = _present(args)
    return finite(_sum(values)) if values else na(ALL_NA)


def fn_average(args: list[Scalar]) -> Scalar:
    """AVERAGE (MEAN): the mean of the numbers, NA only if every element is NA."""
    values = _present(args)
    return finite(_sum(values) / len(values)) if values else na(ALL_NA)


def fn_count(args: list[Scalar]) -> Scalar:
    """COUNT: how many elements are not NA."""
    return float(len(_present(args)))


def fn_min(args: list[Scalar]) -> Scalar:
    """MIN of the numbers, NA only if every element is NA."""
    values = _present(args)
    return min(values) if values else na(ALL_NA)


def fn_max(args: list[Scalar]) -> Scalar:
    """MAX of the numbers, NA only if every element is NA."""
    values = _present(args)
    return max(values) if values else na(ALL_NA)


def fn_geomean(args: list[Scalar]) -> Scalar:
    """GEOMEAN: the n-th root of the product of n positive numbers."""
    values = _present(args)
    if not values:
        return na(ALL_NA)
    if any(x <= 0 for x in values):
        return na(GEOMEAN_POSITIVE)
    product = 1.0
    for x in values:
        product *= x
    if product == 0 or math.isinf(product):
        # The product under- or overflowed; the mean of logarithms does not.
        return finite(math.exp(_sum([math.log(x) for x in values]) / len(values)))
    return finite(math.pow(product, 1.0 / len(values)))


def fn_sumproduct(args: list[Scalar]) -> Scalar:
    """SUMPRODUCT: the sum of element-wise products, skipping positions with any NA."""
    width = max((len(a) for a in args if isinstance(a, tuple)), default=1)
    columns = [_spread(a, width) for a in args]
    products: list[float] = []
    for position in zip(*columns, strict=True):
        product = 1.0
        for x in position:
            if isinstance(x, NA):
                break
            product *= x
        else:
            products.append(product)
    return finite(_sum(products)) if products else na(ALL_NA)


def _spread(value: Scalar, width: int) -> tuple[Num, ...]:
    """An argument of SUMPRODUCT as `width` numbers."""
    return tuple(to_number(e) for e in spread(value, width))


def fn_abs(args: list[Scalar]) -> Scalar:
    """ABS, element-wise on a series."""
    return map_numbers(abs, args[0])


def _rounder(mode: Mode) -> Function:
    """ROUND (half up) or TRUNC, element-wise on a series; decimals default to 0."""

    def run(args: list[Scalar]) -> Scalar:
        digits = to_number(args[1]) if len(args) > 1 else 0.0
        return map_numbers(lambda x: _round_one(x, digits, mode), args[0])

    return run


def _round_one(x: float, digits: Num, mode: Mode) -> Num:
    """One number rounded, or NA if the number of decimals is NA or out of range."""
    if isinstance(digits, NA):
        return digits
    places = math.trunc(digits)
    if not MIN_DECIMALS <= places <= MAX_DECIMALS:
        return na(BAD_DECIMALS)
    return apply_rounding(x, places, mode)


def fn_clamp(args: list[Scalar]) -> Scalar:
    """CLAMP(x, lo, hi): x limited to the range lo..hi, element-wise on a series."""
    lo, hi = to_number(args[1]), to_number(args[2])
    return map_numbers(lambda x: _clamp_one(x, lo, hi), args[0])


def _clamp_one(x: float, lo: Num, hi: Num) -> Num:
    """One number limited to lo..hi, NA if a bound is NA."""
    if isinstance(lo, NA):
        return lo
    if isinstance(hi, NA):
        return hi
    return min(max(x, lo), hi)


def fn_and(args: list[Scalar]) -> Scalar:
    """AND(a, b, ...) in function form."""
    return logic("AND", args)


def fn_or(args: list[Scalar]) -> Scalar:
    """OR(a, b, ...) in function form."""
    return logic("OR", args)


STRICT: dict[str, Function] = {
    "SUM": fn_sum,
    "AVERAGE": fn_average,
    "COUNT": fn_count,
    "MIN": fn_min,
    "MAX": fn_max,
    "GEOMEAN": fn_geomean,
    "SUMPRODUCT": fn_sumproduct,
    "ABS": fn_abs,
    "ROUND": _rounder("half_up"),
    "TRUNC": _rounder("truncate"),
    "CLAMP": fn_clamp,
    "AND": fn_and,
    "OR": fn_or,
    "COUNTIF": conditional.countif,
    "SUMIF": conditional.sumif,
    "AVERAGEIF": conditional.averageif,
    "COUNTNA": conditional.countna,
    "COUNTA": conditional.counta,
}
