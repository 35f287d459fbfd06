"""Elements an aggregate leaves out because arithmetic gave them no value (kind `arithmetic`).

SUM, AVERAGE, MIN, MAX and GEOMEAN skip N/A elements (`dsl.functions.SKIPS_NA`). For data N/A
that is the documented rule; an element N/A of kind arithmetic (a division by zero, a number too
large, not a real number) is a value that should exist and does not, so the columnar evaluator
records, per call and unit, how many such elements it left out of how many and the reason of the
first. The value stays as documented; the engine turns the record into a note (N020,
engine/scoring/skip_notes.py), and the explaining evaluator says the same in its step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dsl.column import CodeArray, Column
from dsl.functions import SKIPS_NA
from dsl.i18n import ngettext
from dsl.values import NA, NaKind, Scalar, reason_kind
from dsl.vector import numeric


@dataclass(frozen=True, slots=True)
class Skipped:
    """One aggregate call's elements of kind arithmetic left out, per unit."""

    function: str  # the function's canonical name (AVERAGE for MEAN)
    left_out: np.ndarray  # int64 per unit: elements of kind arithmetic left out
    elements: int  # elements per unit (each single value one, each series element one)
    first: CodeArray  # per unit: the N/A code of the first element left out, 0 where none


def arithmetic_skips(function: str, args: Sequence[Column]) -> Skipped | None:
    """What an aggregate call over `args` left out for arithmetic, or None when nothing was
    (or the function does not skip N/A)."""
    if function not in SKIPS_NA:
        return None
    blocks: list[np.ndarray] = []
    for col in args:
        codes = numeric(col).codes
        if codes is None:
            codes = np.zeros(col.data.shape, dtype=np.int32)
        blocks.append(codes.reshape(len(col), -1))
    codes = np.concatenate(blocks, axis=1) if blocks else np.zeros((0, 0), dtype=np.int32)
    present = np.flatnonzero(np.bincount(codes.ravel())) if codes.size else np.zeros(0, int)
    kinds = [int(c) for c in present if c and reason_kind(int(c)) is NaKind.ARITHMETIC]
    if not kinds:
        return None
    hit = np.isin(codes, kinds)
    first = np.where(hit.any(axis=1), codes[np.arange(len(codes)), hit.argmax(axis=1)], 0)
    return Skipped(function, hit.sum(axis=1), codes.shape[1], first.astype(np.int32))


def skip_note(function: str, values: Sequence[Scalar]) -> str | None:
    """The explaining evaluator's note for one unit: the elements of kind arithmetic an
    aggregate left out, with the reason of the first; None when there are none."""
    if function not in SKIPS_NA:
        return None
    elements = [e for v in values for e in (v if isinstance(v, tuple) else (v,))]
    left = [e for e in elements if isinstance(e, NA) and e.kind is NaKind.ARITHMETIC]
    if not left:
        return None
    return ngettext(
        "left out {k} of {n} element without a value by arithmetic ({reason})",
        "left out {k} of {n} elements without a value by arithmetic ({reason})",
        len(elements),
    ).format(k=len(left), n=len(elements), reason=left[0].reason)
