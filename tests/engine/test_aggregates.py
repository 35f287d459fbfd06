"""The one table of aggregates: its columnar (rows), grouped and scalar forms agree, exactly."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.scoring.aggregates import AGGREGATES

numbers = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))
cells = st.lists(st.one_of(numbers, st.none()), min_size=1, max_size=6)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@given(
    name=st.sampled_from(sorted(AGGREGATES)),
    columns=st.lists(cells, min_size=1, max_size=4),
    weights=st.lists(st.integers(0, 9), min_size=6, max_size=6),
)
def test_the_three_forms_agree(
    name: str, columns: list[list[float | None]], weights: list[int]
) -> None:
    agg = AGGREGATES[name]
    k = max(len(c) for c in columns)
    padded = [c + [None] * (k - len(c)) for c in columns]
    stacked = np.array([[np.nan if v is None else v for v in col] for col in padded]).T
    w = np.array([float(x) for x in weights[:k]])[:, None] * np.ones_like(stacked)
    rows = agg.rows(stacked, w)
    idx = np.array(
        [u for u, col in enumerate(padded) for v in col if v is not None], dtype=np.int64
    )
    vals = np.array([v for col in padded for v in col if v is not None], dtype=np.float64)
    wv = np.array([weights[r] for col in padded for r, v in enumerate(col) if v is not None], float)
    groups = agg.groups(idx, vals, wv, len(padded))
    for u, col in enumerate(padded):
        present = [(v, float(weights[r])) for r, v in enumerate(col) if v is not None]
        scalar = agg.scalar([v for v, _ in present], [x for _, x in present])
        assert _same(float(rows[u]), scalar), (name, col, rows[u], scalar)
        assert _same(float(groups[u]), scalar), (name, col, groups[u], scalar)


def test_hand_computed() -> None:
    values, weights = [40.0, 80.0], [1.0, 3.0]
    expected = {
        "sum": 120.0, "mean": 60.0, "weighted_mean": 70.0, "min": 40.0, "max": 80.0,
        "first": 40.0, "last": 80.0,
    }  # fmt: skip
    assert {name: a.scalar(values, weights) for name, a in AGGREGATES.items()} == expected
    assert AGGREGATES["mean"].text(["1", "2"]) == "(1 + 2)/2"
    assert AGGREGATES["sum"].text(["1", "2"]) == "1 + 2"
    assert AGGREGATES["last"].text(["1", "2"]) == "last of [1, 2]"
