"""Rounding tests: the paper examples, both modes, arrays, and fixed-point formatting."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dsl.rounding import (
    apply_rounding,
    apply_rounding_array,
    format_fixed,
    round_half_up,
    round_half_up_array,
    truncate,
    truncate_array,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ((98.98 + 96.55) / 2, 2, 97.77),
        (1.005, 2, 1.01),
        (-1.005, 2, -1.01),
        (121.3875, 2, 121.39),
        (0.125, 2, 0.13),
        (2.5, 0, 3.0),
        (-2.5, 0, -3.0),
        (1234.5, -2, 1200.0),
        (1250.0, -2, 1300.0),
        (0.0, 2, 0.0),
        (1e-40, 2, 0.0),
        (123456.123456789, 8, 123456.12345679),
    ],
)
def test_round_half_up(value: float, decimals: int, expected: float) -> None:
    """Halves go away from zero on the decimal value a person would write."""
    assert round_half_up(value, decimals) == expected
    assert round_half_up_array(np.array([value]), decimals)[0] == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.29 * 100, 0, 29.0),
        ((99.06 + 99.07) / 2, 2, 99.06),
        (99.065, 2, 99.06),
        (-2.7, 0, -2.0),
        (1.999, 2, 1.99),
        (1299.0, -2, 1200.0),
    ],
)
def test_truncate(value: float, decimals: int, expected: float) -> None:
    """Truncation cuts towards zero on the decimal value a person would write."""
    assert truncate(value, decimals) == expected
    assert truncate_array(np.array([value]), decimals)[0] == expected


def test_apply_rounding_modes() -> None:
    """apply_rounding dispatches on the mode."""
    assert apply_rounding(2.345, 2, "half_up") == 2.35
    assert apply_rounding(2.345, 2, "truncate") == 2.34


def test_no_negative_zero() -> None:
    """Values that round to zero come out as +0.0."""
    assert math.copysign(1.0, round_half_up(-0.004, 2)) == 1.0
    assert math.copysign(1.0, truncate(-0.9, 0)) == 1.0


def test_non_finite_and_huge_pass_through() -> None:
    """NaN stays NaN; magnitudes of 1e15 and more are left alone."""
    assert math.isnan(round_half_up(math.nan, 2))
    assert round_half_up(1e20, 2) == 1e20
    out = apply_rounding_array(np.array([np.nan, 1.005, -1.005]), 2, "half_up")
    assert np.isnan(out[0]) and out[1:].tolist() == [1.01, -1.01]


def test_per_element_decimals() -> None:
    """The array version takes one number of decimals per element."""
    out = apply_rounding_array(np.array([1.25, 1.25]), np.array([0, 1]), "half_up")
    assert out.tolist() == [1.0, 1.3]


def test_decimals_out_of_range() -> None:
    """More than 15 decimals (either way) is refused."""
    with pytest.raises(ValueError):
        round_half_up(1.0, 16)
    with pytest.raises(ValueError):
        apply_rounding_array(np.array([1.0]), -16, "truncate")


@pytest.mark.parametrize(
    ("value", "decimals", "mode", "text"),
    [
        ((98.98 + 96.55) / 2, 2, "half_up", "97.77"),
        (-0.5, 2, "half_up", "-0.50"),
        (-0.004, 2, "half_up", "0.00"),
        (99.065, 2, "truncate", "99.06"),
        (1234.5, -2, "half_up", "1200"),
        (29.0, 0, "half_up", "29"),
        (math.nan, 2, "half_up", "NA"),
    ],
)
def test_format_fixed(value: float, decimals: int, mode: str, text: str) -> None:
    """format_fixed writes exactly `decimals` places after rounding."""
    assert format_fixed(value, decimals, mode) == text  # type: ignore[arg-type]
