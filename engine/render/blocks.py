"""Texts of a result's column blocks for the streamed CSV and JSON reports: each text made once
per distinct value (a number, a reason code, a label, a unit id) and gathered into rows by numpy.

A national year has 7.8M rows but far fewer distinct texts: the reasons and labels are a handful,
the unit ids repeat in every block, and many numbers repeat. Rows are then joined from ready-made
texts, with no Python object per row but the line itself (benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import numpy as np

from dsl.i18n import _
from dsl.rounding import FloatArray, apply_rounding_array
from dsl.values import NaKind, reason_kind
from engine.scoring.columns import (
    IndicatorBlock,
    LabelColumn,
    NaBlock,
    PresentedColumn,
)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


class Memo:
    """Texts made once per distinct key, over one report (unit ids repeat in every block)."""

    __slots__ = ("_columns", "_make", "_texts")

    def __init__(self, make: Callable[[Any], str]) -> None:
        self._make = make
        self._texts: dict[Any, str] = {}
        self._columns: dict[int, tuple[Sequence[Any], list[str]]] = {}

    def __call__(self, key: Any) -> str:
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self._make(key)
        return text

    def column(self, keys: Sequence[Any]) -> list[str]:
        """The text of every key, in order."""
        texts, make = self._texts, self.__call__
        return [texts[k] if k in texts else make(k) for k in keys]

    def shared_column(self, keys: Sequence[Any]) -> list[str]:
        """column(keys), made once for the same sequence object (the blocks of a level share
        their tuple of unit ids); the list returned is shared: not to be changed."""
        held = self._columns.get(id(keys))
        if held is None or held[0] is not keys:
            held = self._columns[id(keys)] = (keys, self.column(keys))
        return held[1]


def number_texts(
    column: PresentedColumn,
    numbers: Callable[[FloatArray, FloatArray], list[T]],
    na: Callable[[str, NaKind], T],
) -> list[T]:
    """A text per row of the column: made by `numbers(values, presented)` for the distinct
    values, all at once (presented: rounded as the Result presents them), by `na(reason, kind)`
    once per reason (a part that does not apply too: IndicatorBlock.target_column)."""
    values, codes = column.values, column.codes
    bits = values.view(np.int64)  # by bits: -0.0 and 0.0 are two texts ('-0.0', '0.0')
    distinct, inverse = np.unique(bits, return_inverse=True)
    full = distinct.view(np.float64)
    rounding = column.rounding
    made = numbers(full, apply_rounding_array(full, rounding.decimals, rounding.mode))
    rows = inverse.reshape(-1)
    for code, reason in column.reasons.items():
        rows = np.where(codes == code, len(made), rows)
        made.append(na(reason, reason_kind(code)))
    table = np.fromiter(made, dtype=object, count=len(made))
    return table[rows].tolist()  # type: ignore[no-any-return]


def per_distinct(values: FloatArray, make: Callable[[FloatArray], list[str]]) -> list[str]:
    """make's text of each value, made once per distinct value (by bits, as number_texts): the
    presented values of a column, rounded, take far fewer texts than its full values."""
    distinct, inverse = np.unique(values.view(np.int64), return_inverse=True)
    made = make(distinct.view(np.float64))
    table = np.fromiter(made, dtype=object, count=len(made))
    return table[inverse.reshape(-1)].tolist()  # type: ignore[no-any-return]


def float_texts(values: FloatArray) -> list[str]:
    """Each value's shortest text that reads back the same float (repr: '97.7654321', '1e-05');
    the JSON form writes floats so, the CSV its full values (tabular.value_text)."""
    return list(map(float.__repr__, values.tolist()))


def json_numbers(values: FloatArray) -> list[str]:
    """Each value as Result.to_json writes it: its repr, null where not finite (result._num)."""
    texts = float_texts(values)
    for row in np.flatnonzero(~np.isfinite(values)).tolist():
        texts[row] = "null"
    return texts


def label_texts(
    column: LabelColumn | None, n: int, label: Memo, na: Memo, absent: str
) -> list[str]:
    """A text per row: the label's (a predikat) or, where N/A, the reason code's; each made
    once per distinct label or code."""
    if column is None:
        return [absent] * n
    values = column.values.tolist()
    made = {value: label(value) for value in set(values)}
    texts = list(map(made.__getitem__, values))
    codes = column.codes
    for row in np.flatnonzero(codes).tolist():
        texts[row] = na(int(codes[row]))
    return texts


Part = str | list[str]


def joined_rows(parts: Sequence[Part], n: int) -> str:
    """The text of n rows, each the concatenation of `parts`: a part is a text the same on every
    row, or a list of each row's text. What an f-string per row would make, made by slice
    assignment and one join, with no Python call per row."""
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    k = len(merged)
    out: list[str] = [""] * (k * n)
    for j, part in enumerate(merged):
        out[j::k] = [part] * n if isinstance(part, str) else part
    return "".join(out)


def na_note_keys(notes: NaBlock) -> tuple[list[str], list[tuple[bool, int]]]:
    """The unit of each N001 diagnostic of the block and what its message is made from: whether
    the reason is the capaian's (or else the realisasi's), and its code (NaBlock.row)."""
    block, rows = notes.block, notes.rows
    cap, real = block.capaian, block.realisasi
    on_cap = cap.missing()[rows] if cap is not None else np.zeros(len(rows), dtype=bool)
    codes = np.where(on_cap, cap.codes[rows] if cap is not None else 0, real.codes[rows])
    units = [block.units[r] for r in rows.tolist()]
    return units, list(zip(on_cap.tolist(), codes.tolist(), strict=True))


def na_note_message(block: IndicatorBlock, key: tuple[bool, int]) -> str:
    """The message of a N001 diagnostic (NaBlock.row), from what na_note_keys gives."""
    cap = block.capaian
    column = cap if key[0] and cap is not None else block.realisasi
    return _("capaian N/A: {reason}").format(reason=column.reasons[key[1]])
