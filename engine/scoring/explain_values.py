"""A unit's value in an explanation: the formula language's scalar, and its text as offices write
it (Rupiah amounts with every integer digit, never exponent notation)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext
from typing import Any

from dsl import NA
from dsl.i18n import _, number_text, rupiah_text
from dsl.values import reason_kind, reason_text
from engine.scoring.vectors import MISSING_ITEM, Vec

SIGNIFICANT = 10  # digits after which a fraction is cut in an explanation; integer digits never


def scalar(vec: Vec, i: int) -> Any:
    """A unit's value as the formula language's scalar (NA with its reason)."""
    value = vec.at(i)
    if value is None:
        return NA(vec.reason(i) or "N/A", reason_kind(int(vec.codes[i])))
    if isinstance(value, tuple):
        return tuple(_element(vec, i, j) if v is None else v for j, v in enumerate(value))
    return value


def _element(vec: Vec, i: int, j: int) -> NA:
    """Why element j of unit i's series is N/A: its own reason if the input gave one."""
    code = 0 if vec.element_codes is None else int(vec.element_codes[i, j])
    if not code:
        return NA(_(MISSING_ITEM))
    return NA(reason_text(code), reason_kind(code))


def show(value: Any, money: bool = False) -> str:
    """A value for people: '1.234,5', 'Rp 779.977.900.621', 'N/A (reason)', '[1; 2]'."""
    if isinstance(value, NA):
        return f"N/A ({value.reason})"
    if isinstance(value, float | int) and not isinstance(value, bool):
        exact = shown_decimal(float(value))
        if exact is None:
            return repr(value)
        return rupiah_text(exact) if money else number_text(exact)
    if isinstance(value, tuple):
        return "[" + "; ".join(show(v, money) for v in value) + "]"
    return str(value)


def shown_decimal(value: float) -> Decimal | None:
    """The value with at most SIGNIFICANT digits, every integer digit kept, without an exponent;
    None when it is not a finite number of ordinary size."""
    if not math.isfinite(value):
        return None
    exact = Decimal(repr(value))
    if exact == 0:
        return Decimal(0)
    places = SIGNIFICANT - (exact.adjusted() + 1)
    with localcontext() as wide:
        wide.prec = 80
        try:
            shown = exact.quantize(Decimal(1).scaleb(-max(places, 0)), rounding=ROUND_HALF_EVEN)
        except InvalidOperation:  # more digits than even that context holds (over 10^80)
            return None
    return shown.normalize() if shown != shown.to_integral_value() else shown.quantize(Decimal(1))
