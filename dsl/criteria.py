"""Excel criteria as COUNTIF, SUMIF and AVERAGEIF read them: 3, "A", ">=3", "<>A", "<80%".

A criterion is a value (equality) or a text that starts with an operator followed by a number
or a text. Text compares case-insensitively, as in Excel; a number never equals a text, so
"<>A" matches every number. N/A elements never match: they are counted nowhere. There are no
wildcards (`*`, `?`): they match themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import numpy as np

from dsl.column import BoolArray, FloatArray, ObjectArray
from dsl.scalar import COMPARISONS
from dsl.values import NA
from dsl.vector import COMPARE

_SHAPE = re.compile(r"\s*(<=|>=|<>|!=|==|=|<|>)?\s*(.*?)\s*", re.DOTALL)
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?%?")
_SPELLINGS = {"!=": "<>", "==": "="}


@dataclass(frozen=True, slots=True)
class Criterion:
    """An operator and the number or text it compares each element with."""

    op: str
    operand: float | str


def parse_criterion(value: object) -> Criterion | NA:
    """The criterion a value states; an N/A criterion stays N/A."""
    if isinstance(value, NA):
        return value
    if isinstance(value, bool):
        return Criterion("=", float(value))
    if isinstance(value, int | float):
        return Criterion("=", float(value))
    match = cast(re.Match[str], _SHAPE.fullmatch(str(value)))
    op = _SPELLINGS.get(match.group(1) or "=", match.group(1) or "=")
    rest = match.group(2)
    if _NUMBER.fullmatch(rest):
        number = float(rest.rstrip("%"))
        return Criterion(op, number / 100 if rest.endswith("%") else number)
    return Criterion(op, rest)


def matches(criterion: Criterion, element: object) -> bool:
    """Whether one element meets the criterion (an N/A element never does)."""
    if isinstance(element, NA) or element is None:
        return False
    operand = criterion.operand
    if isinstance(element, bool):
        element = float(element)
    if isinstance(operand, str) != isinstance(element, str):
        return criterion.op == "<>"
    if isinstance(operand, str):
        return COMPARISONS[criterion.op](str(element).casefold(), operand.casefold())
    return COMPARISONS[criterion.op](element, operand)


def match_mask(criterion: Criterion, data: FloatArray | ObjectArray, na: BoolArray) -> BoolArray:
    """Which elements of a numeric or text array meet the criterion (N/A ones never do)."""
    operand = criterion.operand
    texts = data.dtype == object
    if isinstance(operand, str) != texts:
        hit = np.full(data.shape, criterion.op == "<>")
    elif isinstance(operand, str):
        folded = np.vectorize(lambda s: str(s).casefold(), otypes=[object])(data)
        hit = np.asarray(COMPARE[criterion.op](folded, operand.casefold()), dtype=bool)
    else:
        with np.errstate(invalid="ignore"):
            hit = np.asarray(COMPARE[criterion.op](data, operand), dtype=bool)
    return hit & ~na
