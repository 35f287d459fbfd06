"""Series element by element: one item of a series, and IF, SWITCH and LOOKUP over each element.

The columnar form lays the k elements of n units out as n·k single values, runs the function
for single values on them, and folds the answer back into a series; the one-unit form does the
same through a column of k. So an element-wise IF is the IF of single values, everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import cast

import numpy as np

from dsl.ast import Index, Number
from dsl.column import Column
from dsl.diagnostics import (
    EvaluationError,
    FormulaTypeError,
    SeriesLengthError,
    series_lengths_differ,
)
from dsl.i18n import _
from dsl.values import NA, Scalar, normalize
from dsl.vector import numeric


def position_of(node: Index, positions: Mapping[int, int]) -> int:
    """The 1-based position an index names: the number written, or the key's checked position."""
    if isinstance(node.index, Number):
        return int(node.index.value)
    position = positions.get(node.index.span.start_pos)
    if position is None:
        raise EvaluationError(_("the item key in brackets was not checked against the series"))
    return position


def _beyond(position: int, width: int) -> str:
    """The N/A reason of a position past the end of a series."""
    return _("position {position} is beyond the {n} items of the series").format(
        position=position, n=width
    )


def item_column(col: Column, position: int) -> Column:
    """Item `position` (1-based) of each unit's series; N/A with a reason past the end."""
    if col.width is None:
        if len(col) and col.is_na().all():  # a series with no data at all: N/A per unit
            return col
        raise FormulaTypeError(_("only a series can be indexed"))
    if position > col.width:
        return Column.na(_beyond(position, col.width), len(col))
    j = position - 1
    codes = None if col.codes is None else col.codes[:, j].copy()
    return Column("text" if col.kind == "text" else "number", col.data[:, j].copy(), codes)


def item_value(value: Scalar, position: int) -> Scalar:
    """Item `position` (1-based) of one unit's series; N/A passes through."""
    if isinstance(value, NA):
        return value
    if not isinstance(value, tuple):
        raise FormulaTypeError(_("only a series can be indexed"))
    if position > len(value):
        return NA(_beyond(position, len(value)))
    return value[position - 1]


def series_width(values: Sequence[Column]) -> int | None:
    """The width of the series among the columns (checked equal), or None if there is none."""
    widths = {c.width for c in values if c.width is not None}
    if len(widths) > 1:
        raise SeriesLengthError(series_lengths_differ(*sorted(widths)[:2]))
    return widths.pop() if widths else None


def flatten(col: Column, width: int) -> Column:
    """n units of a series of `width` as n·width single values; a single value repeats."""
    codes = col.codes
    if col.width is None:
        data = np.repeat(col.data, width)
        return Column(col.kind, data, None if codes is None else np.repeat(codes, width))
    return Column(col.kind, col.data.reshape(-1), None if codes is None else codes.reshape(-1))


def fold(col: Column, n: int, width: int) -> Column:
    """n·width single values back into n series of `width` numbers (the checker refuses text
    results it can see; one it cannot, from an untyped value, is N/A with the reason)."""
    col = numeric(col)  # booleans count 1 and 0; a text is N/A ("text used in arithmetic")
    data = cast(np.ndarray, col.data).astype(np.float64).reshape(n, width)
    codes = None if col.codes is None else col.codes.reshape(n, width)
    return Column("number", data, codes)


def each_column(f: Callable[[list[Column]], Column], args: list[Column]) -> Column:
    """`f` (a function of single values) applied element by element over series arguments."""
    width = series_width(args)
    if width is None:
        return f(args)
    n = len(args[0])
    return fold(f([flatten(a, width) for a in args]), n, width)


def each_value(f: Callable[[list[Column]], Column], args: list[Scalar]) -> Scalar:
    """The one-unit form of `each_column`: the same function over a column of the elements."""
    columns = [_unit_column(a) for a in args]
    result = each_column(f, columns).value_at(0)
    return result if isinstance(result, tuple) else normalize(result)


def _unit_column(value: Scalar) -> Column:
    """One unit's value as a column of one unit."""
    return Column.from_values([value])
