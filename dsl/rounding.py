"""Decimal-correct rounding of binary floats, done the way a person would on paper.

A float such as 97.765 is stored as 97.76499999999999…; rounding it naively gives 97.76 where
a person writes 97.77. So the value is first snapped to 12 significant decimal digits (more,
up to 15, when the requested decimals need them), which removes binary noise, and only then
rounded half away from zero, or truncated, as an exact decimal.

The scalar and the array versions use the same float operations step by step (a shared table
of powers of ten, products, quotients, round-half-even to an integer, floor), so they agree
bit for bit. Magnitudes of 1e15 or more are returned unchanged; below 1e-30 they become 0.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from typing import Literal, TypeAlias

import numpy as np
from numpy.typing import NDArray

Mode: TypeAlias = Literal["half_up", "truncate"]
FloatArray: TypeAlias = NDArray[np.float64]

MIN_DECIMALS = -15
MAX_DECIMALS = 15
SNAP_DIGITS = 12  # significant digits a value is taken at before rounding: float noise dropped
_SNAP_DIGITS = SNAP_DIGITS
_MAX_DIGITS = 15
_LOW = -30
_TINY = 1e-30
_HUGE = 1e15
# 10**k for k in [-30, 45], parsed from decimal text so each is the nearest double.
_POWERS: tuple[float, ...] = tuple(float(f"1e{k}") for k in range(_LOW, 46))
_POWERS_ARRAY = np.array(_POWERS)
_BOUNDS: tuple[float, ...] = _POWERS[: 15 - _LOW]
_BOUNDS_ARRAY = np.array(_BOUNDS)


def _pow10(k: int) -> float:
    """10**k from the shared table."""
    return _POWERS[k - _LOW]


def _check_decimals(decimals: int) -> None:
    """Reject a number of decimals outside the supported range."""
    if not MIN_DECIMALS <= decimals <= MAX_DECIMALS:
        raise ValueError(f"decimals must be between {MIN_DECIMALS} and {MAX_DECIMALS}")


def _quantize(x: float, decimals: int, cut: bool) -> float:
    """`x` snapped, then rounded half away from zero (or cut, if `cut`) to `decimals`."""
    a = abs(x)
    if not math.isfinite(x) or a >= _HUGE:
        return x
    if a < _TINY:
        return 0.0
    e = bisect_right(_BOUNDS, a) - 1 + _LOW
    k = max(_SNAP_DIGITS, min(_MAX_DIGITS, e + 1 + decimals)) - 1 - e
    m = float(round(a * _pow10(k) if k >= 0 else a / _pow10(-k)))
    if k - decimals <= 0:
        value = m / _pow10(k) if k >= 0 else m * _pow10(-k)
    else:
        q = _drop_digits(m, k - decimals, cut)
        value = q / _pow10(decimals) if decimals >= 0 else q * _pow10(-decimals)
    return math.copysign(value, x) + 0.0


def _drop_digits(m: float, p: int, cut: bool) -> float:
    """The integer `m` with its last `p` decimal digits removed, rounding half up unless `cut`."""
    if p > _MAX_DIGITS:
        return 0.0
    divisor = _pow10(p)
    q = float(math.floor(m / divisor))
    if not cut and 2.0 * (m - q * divisor) >= divisor:
        q += 1.0
    return q


def round_half_up(x: float, decimals: int) -> float:
    """`x` rounded to `decimals` places, halves away from zero: ROUND(1.005, 2) = 1.01."""
    _check_decimals(decimals)
    return _quantize(float(x), decimals, cut=False)


def truncate(x: float, decimals: int) -> float:
    """`x` cut (towards zero) to `decimals` places: TRUNC(0.29 * 100, 0) = 29."""
    _check_decimals(decimals)
    return _quantize(float(x), decimals, cut=True)


def apply_rounding(x: float, decimals: int, mode: Mode) -> float:
    """`x` rounded half up or truncated to `decimals` places, as `mode` says."""
    return truncate(x, decimals) if mode == "truncate" else round_half_up(x, decimals)


def format_fixed(x: float, decimals: int, mode: Mode = "half_up") -> str:
    """`x` rounded and written with exactly `decimals` places, such as "97.77" or "-0.50"."""
    if not math.isfinite(x):
        return "NA"
    text = f"{apply_rounding(x, decimals, mode):.{max(decimals, 0)}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def _powers(k: NDArray[np.int64]) -> FloatArray:
    """10**k element-wise from the shared table."""
    return _POWERS_ARRAY[k - _LOW]


def _quantize_array(x: FloatArray, decimals: NDArray[np.int64], cut: bool) -> FloatArray:
    """The array version of `_quantize`, step for step."""
    a = np.abs(x)
    work = np.isfinite(x) & (a >= _TINY) & (a < _HUGE)
    a = np.where(work, a, 1.0)
    e = np.searchsorted(_BOUNDS_ARRAY, a, side="right") - 1 + _LOW
    k = np.maximum(_SNAP_DIGITS, np.minimum(_MAX_DIGITS, e + 1 + decimals)) - 1 - e
    up, down = _powers(np.maximum(k, 0)), _powers(np.maximum(-k, 0))
    m = np.rint(np.where(k >= 0, a * up, a / down))
    snapped = np.where(k >= 0, m / up, m * down)
    q = _drop_digits_array(m, k - decimals, cut)
    scaled = np.where(
        decimals >= 0, q / _powers(np.maximum(decimals, 0)), q * _powers(np.maximum(-decimals, 0))
    )
    value = np.copysign(np.where(k - decimals <= 0, snapped, scaled), x) + 0.0
    return np.where(work, value, np.where(np.abs(x) < _TINY, 0.0, x))


def _drop_digits_array(m: FloatArray, p: NDArray[np.int64], cut: bool) -> FloatArray:
    """The array version of `_drop_digits` (rows with p <= 0 are ignored by the caller)."""
    divisor = _powers(np.clip(p, 0, _MAX_DIGITS))
    q = np.floor(m / divisor)
    if not cut:
        q = q + (2.0 * (m - q * divisor) >= divisor)
    return np.where(p > _MAX_DIGITS, 0.0, q)


def apply_rounding_array(
    x: FloatArray, decimals: int | NDArray[np.int64], mode: Mode
) -> FloatArray:
    """`apply_rounding` over an array; `decimals` is one int or an int array of x's shape."""
    d = np.broadcast_to(np.asarray(decimals, dtype=np.int64), np.shape(x))
    if d.size and (d.min() < MIN_DECIMALS or d.max() > MAX_DECIMALS):
        raise ValueError(f"decimals must be between {MIN_DECIMALS} and {MAX_DECIMALS}")
    with np.errstate(all="ignore"):
        return _quantize_array(np.asarray(x, dtype=np.float64), d, cut=mode == "truncate")


def round_half_up_array(x: FloatArray, decimals: int | NDArray[np.int64]) -> FloatArray:
    """`round_half_up` over an array."""
    return apply_rounding_array(x, decimals, "half_up")


def truncate_array(x: FloatArray, decimals: int | NDArray[np.int64]) -> FloatArray:
    """`truncate` over an array."""
    return apply_rounding_array(x, decimals, "truncate")
