"""The Result's columns made from the evaluator's vectors: a presented number or a label per
unit, N/A with its reason where the vector has one."""

from __future__ import annotations

from itertools import repeat

import numpy as np

from dsl.i18n import _
from dsl.values import reason_code
from engine.ruleset.model import Rounding
from engine.scoring.columns import LabelColumn, PresentedColumn, reasons_of
from engine.scoring.vectors import Vec


def presented_column(vec: Vec, units: np.ndarray, rounding: Rounding) -> PresentedColumn:
    """Each unit's presented number, or N/A with the reason (text is 'not a number')."""
    if vec.values.dtype == object or vec.values.ndim != 1:
        values = np.full(len(units), np.nan)
        codes = np.zeros(len(units), dtype=np.int32)
        for row, i in enumerate(units.tolist()):
            value = vec.at(i)
            if isinstance(value, int | float):
                values[row] = float(value)
            else:
                codes[row] = reason_code(vec.reason(i) or _("not a number"))
    else:
        codes = vec.codes[units].astype(np.int32)
        values = np.where(codes != 0, np.nan, vec.values[units].astype(np.float64))
    return PresentedColumn(values, codes, reasons_of(codes), rounding)


def label_column(vec: Vec, units: np.ndarray) -> LabelColumn:
    """The label (predikat) of each unit, or None with the reason."""
    codes = vec.codes[units].astype(np.int32)
    if vec.values.dtype != object:  # numbers (every figure not of kind text): no label at all
        return LabelColumn(np.full(len(units), None, dtype=object), codes, reasons_of(codes))
    values = vec.values[units]  # a copy (indexed by an array)
    if values.ndim != 1:  # a row of values per unit (a series): never a label
        return LabelColumn(np.full(len(units), None, dtype=object), codes, reasons_of(codes))
    is_text = np.fromiter(map(isinstance, values.tolist(), repeat(str)), bool, count=len(values))
    values[~is_text | (codes != 0)] = None
    return LabelColumn(values, codes, reasons_of(codes))
