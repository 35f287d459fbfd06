"""The baseline: the same arithmetic written by hand in numpy for exactly this dataset.

It knows the files' conventions (which separator, which cells use a decimal comma or thousands
dots, N/A for a month without a survey) and reads them with np.loadtxt after a textual
clean-up, then computes every figure with whole-array operations, summing in the same order
as perkin so the numbers agree bit for bit.
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import numpy as np

from benchmarks.common import DataFiles, Figures, Tree, competition_ranks, read_tree
from benchmarks.plan import LABELS, QUARTER_MONTHS, IndicatorPlan, Plan

REPORTED = -1.0e300  # a cell written N/A: skipped when periods are combined
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,])")
_EMPTY = re.compile(r"(?<=[;,\n])(?=[;,\n])")


class Columns:
    """Every wide-file column over the units of the tree: name → float array (NaN empty)."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.data: dict[str, np.ndarray] = {}

    def read(self, path: Path, sep: str) -> None:
        """Add a wide file's columns."""
        text = path.read_text(encoding="utf-8-sig")
        text = _THOUSANDS.sub(lambda m: m[0].replace(".", ""), text)
        text = re.sub(r'"(\d+),(\d+)"', r"\1.\2", text) if sep == "," else text.replace(",", ".")
        text = _EMPTY.sub("nan", text.replace("N/A", repr(REPORTED)))
        header = text.split("\n", 1)[0].split(sep)
        units = [line.split(sep, 1)[0] for line in text.split("\n")[1:] if line]
        table = np.loadtxt(
            io.StringIO(text), delimiter=sep, skiprows=1, usecols=range(1, len(header))
        )
        rows = np.array([self.tree.index[u] for u in units])
        for j, name in enumerate(header[1:]):
            column = self.data.setdefault(name, np.full(self.tree.size, np.nan))
            column[rows] = table[:, j]

    def stack(self, variable: str, labels: list[str]) -> np.ndarray:
        """(len(labels), units) values of variable@label."""
        empty = np.full(self.tree.size, np.nan)
        return np.vstack([self.data.get(f"{variable}@{label}", empty) for label in labels])


def combine(stack: np.ndarray, how: str) -> np.ndarray:
    """Periods combined: N/A cells skipped, an empty one (or only N/A) makes the result N/A."""
    skipped = stack == REPORTED
    missing = (np.isnan(stack) & ~skipped).any(axis=0) | skipped.all(axis=0)
    values = np.where(skipped, np.nan, stack)
    valid = ~np.isnan(values)
    with np.errstate(invalid="ignore"):
        if how == "sum":
            out = np.nansum(values, axis=0)
        elif how == "mean":
            out = np.nansum(values, axis=0) / np.maximum(valid.sum(axis=0), 1)
        else:  # last
            pick = values.shape[0] - 1 - np.argmax(valid[::-1], axis=0)
            out = values[pick, np.arange(values.shape[1])]
    return np.where(missing, np.nan, out)


def indicator(cols: Columns, ind: IndicatorPlan, label: str) -> dict[str, np.ndarray]:
    """Target, realisasi and capaian of one indicator in one period, for every unit."""
    months = [f"B{m + 1:02d}" for m in (range(12) if label == "tahunan" else QUARTER_MONTHS[label])]
    quarters = ["TW1", "TW2", "TW3", "TW4"] if label == "tahunan" else [label]
    real = combine(cols.stack(ind.realisasi, months), ind.realisasi_combine)
    target = combine(cols.stack(ind.target, quarters), ind.target_combine)
    outside = cols.tree.levels != ind.level
    real[outside], target[outside] = np.nan, np.nan
    return {"target": target, "realisasi": real, "capaian": capaian(ind, real, target)}


def capaian(ind: IndicatorPlan, real: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The capaian rule: realisasi/target×100, or the lower-is-better rule; then the limits."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if ind.lower:
            own = np.where(real <= 0, 100.0, 0.0)
            value = np.where(target == 0, own, (2 * target - real) / target * 100)
        else:
            value = np.where(target == 0, np.nan, real / target * 100.0)
    value[np.isnan(real) | np.isnan(target)] = np.nan
    if ind.cap is not None:
        value = np.minimum(value, ind.cap)
    if ind.floor is not None:
        value = np.maximum(value, ind.floor)
    return value


def mean_of(values: list[np.ndarray]) -> np.ndarray:
    """The plain mean of the values that are not N/A (N/A when all are)."""
    stacked = np.vstack(values)
    na = np.isnan(stacked)
    total = np.where(na, 0.0, stacked).sum(axis=0)
    count = (~na).sum(axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count == 0, np.nan, total / count)


def roll_up(tree: Tree, values: np.ndarray, chain: tuple[str, ...]) -> np.ndarray:
    """Each level's units get the mean of their children's values, level by level."""
    out = values.copy()
    for child, parent in itertools.pairwise(chain):
        ok = (tree.levels == child) & (tree.parents >= 0) & ~np.isnan(out)
        index = tree.parents[ok]
        count = np.bincount(index, minlength=tree.size).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(index, weights=out[ok], minlength=tree.size) / count
        is_parent = tree.levels == parent
        out[is_parent] = np.where(count[is_parent] == 0, np.nan, mean[is_parent])
    return out


def run(files: DataFiles, plan: Plan) -> Figures:
    """Every figure of the year, and the rankings."""
    tree = read_tree(files.units)
    cols = Columns(tree)
    for path, sep in files.wide:
        cols.read(path, sep)
    figures: Figures = {}
    for label in LABELS:
        for ind in plan.indicators:
            for part, values in indicator(cols, ind, label).items():
                figures[f"{part}/{ind.id}/{label}"] = values
        for score, members in (plan.lurah, plan.camat_own):
            parts = [figures[f"capaian/{m}/{label}"] for m in members]
            figures[f"score/{score}/{label}"] = mean_of(parts)
    _yearly(tree, plan, figures)
    return figures


def _yearly(tree: Tree, plan: Plan, figures: Figures) -> None:
    """The roll-up, the Camat's score and the rankings of the year."""
    roll, source = plan.rollup
    figures[f"score/{roll}/tahunan"] = roll_up(
        tree, figures[f"score/{source}/tahunan"], plan.levels
    )
    camat, own, rolled = plan.camat
    mine = figures[f"score/{own}/tahunan"] * 0.5 + figures[f"score/{rolled}/tahunan"] * 0.5
    figures[f"score/{camat}/tahunan"] = np.where(tree.levels == "kecamatan", mine, np.nan)
    for ranking, level, by in plan.rankings:
        values = np.where(tree.levels == level, figures[f"score/{by}/tahunan"], np.nan)
        figures[f"rank/{ranking}"] = competition_ranks(values)
