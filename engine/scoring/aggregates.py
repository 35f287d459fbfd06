"""The one table of aggregates (sum, mean, weighted_mean, min, max, first, last), in every form.

An aggregate combines periods into a longer period (`combine:`), child units into their parent
(`rollup:`), indicators into a score, and the printed parts of a figure in an audit. Each entry
holds all of its forms side by side, so the rule is written once:

- `rows`: over the rows of a k × n array (one row a period or an indicator, one column a unit),
  NaN where a row is skipped; used by period combining and scores;
- `groups`: over values scattered into n parent slots by an index (units into their parents);
  used by roll-ups;
- `scalar`: over a plain list of numbers; used by explain, the audit and the test oracle.

Weights count only for weighted_mean (every other aggregate ignores them). Sums add in order, so
the three forms give bit-identical results; a test holds them equal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from dsl.i18n import N_, _

Rows = Callable[[np.ndarray, np.ndarray], np.ndarray]
Groups = Callable[[np.ndarray, np.ndarray, np.ndarray, int], np.ndarray]
Scalar = Callable[[Sequence[float], Sequence[float]], float]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """One aggregate in its columnar, grouped and scalar forms, and its arithmetic as text."""

    name: str
    rows: Rows
    groups: Groups
    scalar: Scalar
    average: bool  # written '(a + b)/2' in an audit's arithmetic

    def text(self, shown: Sequence[str]) -> str:
        """The arithmetic with the values put in: '(1 + 2)/2', '1 + 2' or 'last of [1, 2]'."""
        if self.average:
            return f"({' + '.join(shown)})/{len(shown)}"
        if self.name == "sum":
            return " + ".join(shown)
        return _("{how} of [{values}]").format(how=self.title(), values=", ".join(shown))

    def title(self) -> str:
        """The aggregate's name for people, in the current language ('sum', 'jumlah')."""
        return _(TITLES[self.name])


def _sum_in_order(values: Sequence[float]) -> float:
    """Left-to-right sum, the order numpy adds the rows of a column and bincount its groups."""
    total = 0.0
    for v in values:
        total += v
    return total


# rows: NaN-skipping reductions over axis 0 ------------------------------------------------------


def _rows_sum(stacked: np.ndarray, _w: np.ndarray) -> np.ndarray:
    valid = ~np.isnan(stacked)
    total = np.where(valid, stacked, 0.0).sum(axis=0)
    return np.asarray(np.where(valid.any(axis=0), total, np.nan))


def _rows_weighted(stacked: np.ndarray, w: np.ndarray) -> np.ndarray:
    valid = ~np.isnan(stacked)
    total = np.where(valid, stacked * w, 0.0).sum(axis=0)
    weight = np.where(valid, w, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(valid.any(axis=0), total / weight, np.nan))


def _rows_mean(stacked: np.ndarray, _w: np.ndarray) -> np.ndarray:
    valid = ~np.isnan(stacked)
    total = np.where(valid, stacked, 0.0).sum(axis=0)
    count = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(count > 0, total / count, np.nan))


def _rows_extreme(pick: Callable[..., np.ndarray], empty: float) -> Rows:
    def rows(stacked: np.ndarray, _w: np.ndarray) -> np.ndarray:
        valid = ~np.isnan(stacked)
        out = pick(np.where(valid, stacked, empty), axis=0)
        return np.asarray(np.where(valid.any(axis=0), out, np.nan))

    return rows


def _rows_end(last: bool) -> Rows:
    def rows(stacked: np.ndarray, _w: np.ndarray) -> np.ndarray:
        valid = ~np.isnan(stacked)
        if last:
            at = stacked.shape[0] - 1 - np.argmax(valid[::-1], axis=0)
        else:
            at = np.argmax(valid, axis=0)
        return np.asarray(stacked[at, np.arange(stacked.shape[1])])

    return rows


# groups: values scattered into n slots ----------------------------------------------------------


def _groups_sum(idx: np.ndarray, vals: np.ndarray, _w: np.ndarray, n: int) -> np.ndarray:
    out = np.bincount(idx, weights=vals, minlength=n)
    return np.where(np.bincount(idx, minlength=n) > 0, out, np.nan)


def _groups_weighted(idx: np.ndarray, vals: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.bincount(idx, weights=vals * w, minlength=n) / np.bincount(
            idx, weights=w, minlength=n
        )
    return np.asarray(out)


def _groups_mean(idx: np.ndarray, vals: np.ndarray, _w: np.ndarray, n: int) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(idx, weights=vals, minlength=n) / np.bincount(idx, minlength=n)


def _groups_extreme(ufunc: np.ufunc, empty: float) -> Groups:
    def groups(idx: np.ndarray, vals: np.ndarray, _w: np.ndarray, n: int) -> np.ndarray:
        out = np.full(n, empty)
        ufunc.at(out, idx, vals)
        return np.where(np.bincount(idx, minlength=n) > 0, out, np.nan)

    return groups


def _groups_end(last: bool) -> Groups:
    def groups(idx: np.ndarray, vals: np.ndarray, _w: np.ndarray, n: int) -> np.ndarray:
        out = np.full(n, np.nan)
        order = np.arange(len(idx))[::-1] if last else np.arange(len(idx))
        _, first_seen = np.unique(idx[order], return_index=True)
        chosen = order[first_seen]
        out[idx[chosen]] = vals[chosen]
        return out

    return groups


# scalars ------------------------------------------------------------------------------------------


def _scalar_weighted(values: Sequence[float], weights: Sequence[float]) -> float:
    total = _sum_in_order([v * w for v, w in zip(values, weights, strict=True)])
    weight = _sum_in_order(weights)
    return total / weight if weight else float("nan")


def _scalar_mean(values: Sequence[float], _w: Sequence[float]) -> float:
    return _sum_in_order(values) / len(values) if values else float("nan")


def _scalar_or_nan(pick: Callable[[Sequence[float]], float]) -> Scalar:
    return lambda values, _w: pick(values) if values else float("nan")


# the names people read (the ids above stay the ruleset's words: combine: sum)
TITLES = {
    "sum": N_("sum"),
    "mean": N_("mean"),
    "weighted_mean": N_("weighted mean"),
    "min": N_("min"),
    "max": N_("max"),
    "first": N_("first"),
    "last": N_("last"),
}

UNWEIGHTED = np.ones(1)  # broadcasts to any shape: the weights of an aggregate that has none

AGGREGATES: dict[str, Aggregate] = {
    a.name: a
    for a in (
        Aggregate("sum", _rows_sum, _groups_sum, _scalar_or_nan(_sum_in_order), False),
        Aggregate("mean", _rows_mean, _groups_mean, _scalar_mean, True),
        Aggregate("weighted_mean", _rows_weighted, _groups_weighted, _scalar_weighted, True),
        Aggregate(
            "min", _rows_extreme(np.min, np.inf), _groups_extreme(np.minimum, np.inf),
            _scalar_or_nan(min), False,
        ),
        Aggregate(
            "max", _rows_extreme(np.max, -np.inf), _groups_extreme(np.maximum, -np.inf),
            _scalar_or_nan(max), False,
        ),
        Aggregate(
            "first", _rows_end(False), _groups_end(False), _scalar_or_nan(lambda v: v[0]), False
        ),
        Aggregate(
            "last", _rows_end(True), _groups_end(True), _scalar_or_nan(lambda v: v[-1]), False
        ),
    )
}  # fmt: skip


def aggregate(name: str) -> Aggregate:
    """The aggregate of that name (the schema admits only the names in the table)."""
    return AGGREGATES[name]
