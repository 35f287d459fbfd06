"""Elements a function leaves out because arithmetic gave them no value (kind `arithmetic`).

SUM, AVERAGE, MIN, MAX, GEOMEAN, COUNT, COUNTA, COUNTIF, SUMIF, AVERAGEIF and SUMPRODUCT leave
N/A elements out of their value (`dsl.functions.LEAVES_OUT_NA`). For data N/A that is the
documented rule; an element N/A of kind arithmetic (a division by zero, a number too large, not
a real number) is a value that should exist and does not, so the columnar evaluator records, per
call and unit, how many such elements it left out of how many and the reason of the first. The
value stays as documented; the engine turns the record into a note (N020,
engine/scoring/skip_notes.py), and the explaining evaluator says the same in its step.

What counts as an element follows each function's rule: every element of every argument; for
COUNTIF, SUMIF and AVERAGEIF the positions of the range (left out: a range element without a
value, or a matching one whose number has none; nothing under a criterion that is N/A, whose
value is N/A); for SUMPRODUCT the positions it multiplies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dsl.column import CodeArray, Column
from dsl.conditional import criterion_mask
from dsl.criteria import matches, parse_criterion
from dsl.functions import LEAVES_OUT_NA
from dsl.i18n import ngettext
from dsl.scalar import spread
from dsl.values import NA, NaKind, Scalar, reason_kind
from dsl.vector import first_codes

_CONDITIONAL = frozenset({"COUNTIF", "SUMIF", "AVERAGEIF"})


@dataclass(frozen=True, slots=True)
class Skipped:
    """One aggregate call's elements of kind arithmetic left out, per unit."""

    function: str  # the function's canonical name (AVERAGE for MEAN)
    left_out: np.ndarray  # int64 per unit: elements of kind arithmetic left out
    elements: int  # elements per unit (each single value one, each series element one)
    first: CodeArray  # per unit: the N/A code of the first element left out, 0 where none


def arithmetic_skips(function: str, args: Sequence[Column]) -> Skipped | None:
    """What a call over `args` left out for arithmetic, or None when nothing was (or the
    function leaves no N/A out)."""
    if function not in LEAVES_OUT_NA or not args:
        return None
    codes = [_codes(col) for col in args]
    na = [c.ravel() for c in codes if c.any()]
    if not na:
        return None
    present = np.flatnonzero(np.bincount(np.concatenate(na)))  # codes are small: one a reason
    kinds = [int(c) for c in present if c and reason_kind(int(c)) is NaKind.ARITHMETIC]
    if not kinds:
        return None
    own = [np.where(np.isin(c, kinds), c, 0) for c in codes]  # each argument's arithmetic N/A
    left = _left_out(function, args, own)
    hit = left != 0
    if not hit.any():
        return None
    first = np.where(hit.any(axis=1), left[np.arange(len(left)), hit.argmax(axis=1)], 0)
    return Skipped(function, hit.sum(axis=1), left.shape[1], first.astype(np.int32))


def _codes(col: Column) -> np.ndarray:
    """A column's N/A codes as (units, elements), 0 where there is a value."""
    width = col.width or 1
    if col.codes is None:
        return np.zeros((len(col), width), dtype=np.int32)
    return col.codes.reshape(len(col), width)


def _left_out(function: str, args: Sequence[Column], own: list[np.ndarray]) -> np.ndarray:
    """Per unit and element the function counts, the arithmetic code of an element it left out
    (0 where it left none out)."""
    if function == "SUMPRODUCT":
        width = max(c.shape[1] for c in own)
        return _first(own, (len(own[0]), width))
    if function not in _CONDITIONAL:
        return np.concatenate(own, axis=1)
    matched, _na, criterion_na = criterion_mask(list(args))
    left = own[0]
    if function != "COUNTIF" and len(own) > 2:  # a matching element whose number has none
        left = _first([left, np.where(matched, own[2], 0)], left.shape)
    return np.where(criterion_na[:, None] != 0, 0, left)


def _first(arrays: Sequence[np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
    """Element by element, the first array's code that is not 0 (dsl.vector.first_codes)."""
    out = first_codes(arrays, shape)
    assert out is not None  # arrays, never None, are given
    return out


def skip_note(function: str, values: Sequence[Scalar]) -> str | None:
    """The explaining evaluator's note for one unit: the elements of kind arithmetic a function
    left out, with the reason of the first; None when there are none."""
    if function not in LEAVES_OUT_NA or not values:
        return None
    elements = _elements_of(function, values)
    left = [e for e in elements if e is not None]
    if not left:
        return None
    return ngettext(
        "left out {k} of {n} element without a value by arithmetic ({reason})",
        "left out {k} of {n} elements without a value by arithmetic ({reason})",
        len(elements),
    ).format(k=len(left), n=len(elements), reason=left[0].reason)


def _arithmetic(value: object) -> NA | None:
    return value if isinstance(value, NA) and value.kind is NaKind.ARITHMETIC else None


def _elements_of(function: str, values: Sequence[Scalar]) -> list[NA | None]:
    """Per element the function counts, the arithmetic N/A it left out (None where none)."""
    if function == "SUMPRODUCT":
        width = max((len(v) for v in values if isinstance(v, tuple)), default=1)
        positions = zip(*(spread(v, width) for v in values), strict=True)
        return [next(filter(None, map(_arithmetic, p)), None) for p in positions]
    if function not in _CONDITIONAL:
        return [_arithmetic(e) for v in values for e in _each(v)]
    criterion = parse_criterion(values[1])
    keys = _each(values[0])
    if isinstance(criterion, NA):
        return [None] * len(keys)
    numbers = _each(values[2]) if function != "COUNTIF" and len(values) > 2 else keys
    return [
        _arithmetic(k) or (_arithmetic(x) if matches(criterion, k) else None)
        for k, x in zip(keys, numbers, strict=True)
    ]


def _each(value: Scalar) -> tuple[Scalar, ...]:
    return value if isinstance(value, tuple) else (value,)
