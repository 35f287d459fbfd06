"""Columnar values over n units: arrays with NaN for NA, plus interned NA reason codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeAlias, cast

import numpy as np
from numpy.typing import NDArray

from dsl.i18n import _
from dsl.values import (
    MISSING,
    NA,
    TOO_LARGE,
    Element,
    NaKind,
    Scalar,
    na_code,
    normalize,
    reason_code,
    reason_kind,
    reason_text,
)

ColumnKind: TypeAlias = Literal["number", "bool", "text", "mixed"]
FloatArray: TypeAlias = NDArray[np.float64]
CodeArray: TypeAlias = NDArray[np.int32]
BoolArray: TypeAlias = NDArray[np.bool_]
ObjectArray: TypeAlias = NDArray[np.object_]
NUMERIC_KINDS = ("number", "bool")


class Column:
    """The values of one expression for n units.

    `kind` says how `data` holds them:
    - "number": float64 of shape (n,), or (n, k) for a series of k elements; NaN marks NA.
    - "bool": float64 of shape (n,) holding 0.0 and 1.0; NaN marks NA.
    - "text": object array of str ("" where NA), of shape (n,), or (n, k) for a text series.
    - "mixed": object array of float, str or bool (None where NA), when the kind varies by unit.
    `codes` is None when nothing is NA, else an int32 array of data's shape: 0 for a value,
    otherwise the interned code of the NA reason (see `dsl.values.reason_text`).
    A series counts as NA (`is_na`) when all of its elements are NA.
    """

    __slots__ = ("codes", "data", "kind")

    def __init__(
        self, kind: ColumnKind, data: NDArray[np.generic], codes: CodeArray | None = None
    ) -> None:
        self.kind: ColumnKind = kind
        self.data = data
        self.codes: CodeArray | None = codes if codes is not None and codes.any() else None

    @classmethod
    def from_values(cls, values: Sequence[object]) -> Column:
        """A column of python values: floats, ints, str, bool, NA, or tuples for series."""
        items = [normalize(v) for v in values]
        widths = [len(v) for v in items if isinstance(v, tuple)]
        if widths:
            return _series_column(items, widths[0])
        codes = np.array([_code(v) for v in items], dtype=np.int32)
        kinds = {_kind_of(v) for v in items if not isinstance(v, NA)}
        kind: ColumnKind = kinds.pop() if len(kinds) == 1 else "mixed" if kinds else "number"
        return cls(kind, _data_for(kind, items), codes)

    @classmethod
    def constant(cls, value: object, n: int) -> Column:
        """The same value for each of n units."""
        v = normalize(value)
        if isinstance(v, tuple):
            return _series_column([v] * n, len(v))
        if isinstance(v, NA):
            return cls.na(v.reason, n)
        if isinstance(v, str):
            return cls("text", np.full(n, v, dtype=object))
        return cls("bool" if isinstance(v, bool) else "number", np.full(n, float(v)))

    @classmethod
    def na(cls, reason: str, n: int, kind: NaKind = NaKind.DERIVED) -> Column:
        """A numeric column that is NA for every unit, with one reason of one kind."""
        codes = np.full(n, reason_code(reason, kind), dtype=np.int32)
        return cls("number", np.full(n, np.nan), codes)

    @classmethod
    def from_numbers(
        cls, data: NDArray[np.floating], reasons: str | Sequence[str | None] | None = None
    ) -> Column:
        """A numeric column (or series, if 2-D) from floats; NaN entries become NA.

        `reasons` gives the NA reason: one string for all, or one per unit (1-D data only).
        Infinite entries become NA with the reason "number too large".
        """
        values = np.array(data, dtype=np.float64)
        missing = np.isnan(values)
        codes = np.where(missing, _reason_codes(reasons, values.shape), 0).astype(np.int32)
        huge = np.isinf(values)
        codes[huge] = na_code(TOO_LARGE)
        values[huge] = np.nan
        return cls("number", values, codes)

    def __len__(self) -> int:
        return int(self.data.shape[0])

    def __repr__(self) -> str:
        shown = ", ".join(repr(self.value_at(i)) for i in range(min(len(self), 5)))
        more = ", …" if len(self) > 5 else ""
        return f"Column({self.kind}, n={len(self)}: [{shown}{more}])"

    @property
    def width(self) -> int | None:
        """The number of elements of each series, or None for single values."""
        return int(self.data.shape[1]) if self.data.ndim == 2 else None

    @property
    def numbers(self) -> FloatArray:
        """The float64 data, NaN where NA; only numeric and boolean columns have it."""
        if self.kind not in NUMERIC_KINDS:
            raise TypeError(f"a {self.kind} column has no numbers")
        return cast(FloatArray, self.data)

    def na_mask(self) -> BoolArray:
        """Which entries (elements, for a series) are NA, shaped like `data`."""
        if self.codes is None:
            return np.zeros(self.data.shape, dtype=bool)
        return self.codes > 0

    def is_na(self) -> BoolArray:
        """Which units are NA, shape (n,); a series unit is NA when all its elements are."""
        mask = self.na_mask()
        return cast(BoolArray, mask.all(axis=1)) if mask.ndim == 2 else mask

    def value_at(self, i: int) -> Scalar:
        """The python value for unit i: float, str, bool, NA, or a tuple for a series."""
        if self.data.ndim == 2:
            return tuple(self._element(i, j) for j in range(self.data.shape[1]))
        code = 0 if self.codes is None else int(self.codes[i])
        if code:
            return NA(reason_text(code), reason_kind(code))
        item = self.data[i]
        if self.kind == "number":
            return float(item)
        if self.kind == "bool":
            return bool(item == 1.0)
        return cast(Scalar, item)

    def _element(self, i: int, j: int) -> Element:
        """Element j of the series of unit i."""
        code = 0 if self.codes is None else int(self.codes[i, j])
        if code:
            return NA(reason_text(code), reason_kind(code))
        item = self.data[i, j]
        return str(item) if self.kind == "text" else float(item)

    def reason_at(self, i: int) -> str | None:
        """The NA reason of unit i (for a series, of its first NA element), or None."""
        if self.codes is None:
            return None
        row = self.codes[i].reshape(-1)
        hits = np.flatnonzero(row)
        return reason_text(int(row[hits[0]])) if hits.size else None

    def to_list(self) -> list[Scalar]:
        """The python values of all units."""
        return [self.value_at(i) for i in range(len(self))]


def _code(value: Scalar) -> int:
    """The reason code of a value: 0 unless it is NA."""
    return reason_code(value.reason, value.kind) if isinstance(value, NA) else 0


def _kind_of(value: Scalar) -> ColumnKind:
    """The column kind that holds a single (non-NA) value."""
    if isinstance(value, bool):
        return "bool"
    return "text" if isinstance(value, str) else "number"


def _data_for(kind: ColumnKind, items: list[Scalar]) -> NDArray[np.generic]:
    """The data array of a column of single values of one kind."""
    if kind in NUMERIC_KINDS:
        return np.array([np.nan if isinstance(v, NA) else float(cast(float, v)) for v in items])
    blank = "" if kind == "text" else None
    data = np.empty(len(items), dtype=object)
    data[:] = [blank if isinstance(v, NA) else v for v in items]
    return data


def _series_column(items: Sequence[Scalar], width: int) -> Column:
    """A series column from rows that are tuples of `width`, or NA for an all-NA row.

    A series of texts (letter answers) is a text column of (n, width); texts and numbers
    do not mix in one series column.
    """
    rows = [_series_row(v, width) for v in items]
    codes = np.array([[_code(e) for e in row] for row in rows], dtype=np.int32)
    codes = codes.reshape(len(rows), width)
    present = {type(e) for row in rows for e in row if not isinstance(e, NA)}
    if str in present:
        if present != {str}:
            raise ValueError("a series holds numbers or texts, not both")
        texts = np.empty((len(rows), width), dtype=object)
        texts[:] = [["" if isinstance(e, NA) else e for e in row] for row in rows]
        return Column("text", texts, codes)
    data = np.array(
        [[np.nan if isinstance(e, NA) else e for e in row] for row in rows], dtype=np.float64
    ).reshape(len(rows), width)
    return Column("number", data, codes)


def _series_row(value: Scalar, width: int) -> tuple[Element, ...]:
    """One row of a series column, checked for its width."""
    if isinstance(value, NA):
        return (value,) * width
    if not isinstance(value, tuple) or len(value) != width:
        raise ValueError(f"every value of a series column must be a tuple of {width}: {value!r}")
    return value


def _reason_codes(reasons: str | Sequence[str | None] | None, shape: tuple[int, ...]) -> CodeArray:
    """NA reason codes for `from_numbers`, broadcast to the data's shape."""
    if reasons is None or isinstance(reasons, str):
        return np.full(shape, reason_code(reasons or _(MISSING)), dtype=np.int32)
    missing = _(MISSING)
    codes = np.array([reason_code(r or missing) for r in reasons], dtype=np.int32)
    return np.broadcast_to(codes.reshape(-1, *([1] * (len(shape) - 1))), shape)
