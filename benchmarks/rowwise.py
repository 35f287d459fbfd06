"""The row-by-row contenders: each unit's formulas evaluated by an established rules engine.

This is what a team would otherwise build: rows read with the csv module, each cell parsed by
a small function, and the scorecard's formulas written in the engine's expression language,
compiled once and evaluated once per unit and period. Roll-up and ranking are plain Python
over the results. Two engines: zen-engine (GoRules ZEN, Rust, decimal arithmetic: agrees with
the float results to about 1e-15) and cel-python (Common Expression Language, pure Python;
CEL has no list sum, so periods are combined in Python and CEL evaluates the capaian rules and
the Camat's score).
"""

from __future__ import annotations

import csv
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from benchmarks.common import DataFiles, Figures, Tree, competition_ranks, read_tree
from benchmarks.plan import LABELS, QUARTER_MONTHS, IndicatorPlan, Plan

REPORTED = "N/A"


class Engine(Protocol):
    """The scorecard's rules in one engine."""

    def combine(self, values: list[float], how: str) -> float:
        """Period values (N/A ones left out, at least one) combined: sum, mean or last."""
        ...

    def capaian(self, lower: bool, real: float, target: float) -> float | None:
        """The capaian rule and its limits (None when N/A)."""
        ...

    def camat(self, own: float, rolled: float) -> float:
        """The Camat's score from its two halves."""
        ...


class Zen:
    """The rules as compiled ZEN expressions."""

    def __init__(self) -> None:
        import zen

        compile_ = zen.compile_expression
        combine = {"sum": "sum(v)", "mean": "avg(v)", "last": "v[len(v) - 1]"}
        self.combiners = {how: compile_(text) for how, text in combine.items()}
        self.higher = compile_("t == 0 ? null : min([r / t * 100, 100])")
        self.lower = compile_(
            "t == 0 ? (r <= 0 ? 100 : 0) : max([min([(2*t - r) / t * 100, 100]), 0])"
        )
        self.score = compile_("a * 0.5 + b * 0.5")

    def combine(self, values: list[float], how: str) -> float:
        return float(self.combiners[how].evaluate({"v": values}))

    def capaian(self, lower: bool, real: float, target: float) -> float | None:
        value = (self.lower if lower else self.higher).evaluate({"r": real, "t": target})
        return None if value is None else float(value)

    def camat(self, own: float, rolled: float) -> float:
        return float(self.score.evaluate({"a": own, "b": rolled}))


class Cel:
    """The rules as compiled CEL programs (periods combined in Python: CEL has no sum)."""

    def __init__(self) -> None:
        import celpy

        self.double = celpy.celtypes.DoubleType
        env = celpy.Environment()
        clamp = "x > 100.0 ? 100.0 : (x < 0.0 ? 0.0 : x)"
        ratio = "(2.0 * t - r) / t * 100.0"
        lower = f"t == 0.0 ? (r <= 0.0 ? 100.0 : 0.0) : {clamp.replace('x', f'({ratio})')}"
        higher = "r / t * 100.0 < 100.0 ? r / t * 100.0 : 100.0"
        self.rules = {
            name: env.program(env.compile(text))
            for name, text in (("lower", lower), ("higher", higher), ("camat", "a * 0.5 + b * 0.5"))
        }

    def combine(self, values: list[float], how: str) -> float:
        if how == "sum":
            return sum(values)
        return sum(values) / len(values) if how == "mean" else values[-1]

    def capaian(self, lower: bool, real: float, target: float) -> float | None:
        if not lower and target == 0:
            return None
        rule = self.rules["lower" if lower else "higher"]
        value: Any = rule.evaluate({"r": self.double(real), "t": self.double(target)})
        return float(value)

    def camat(self, own: float, rolled: float) -> float:
        value: Any = self.rules["camat"].evaluate({"a": self.double(own), "b": self.double(rolled)})
        return float(value)


ENGINES: dict[str, Callable[[], Engine]] = {"zen": Zen, "cel": Cel}


def cell(text: str) -> float | str | None:
    """One cell: None when empty, 'N/A', or the number (decimal comma, thousands dots)."""
    text = text.strip()
    if not text:
        return None
    if text == REPORTED:
        return REPORTED
    if text.count(".") > 1:
        text = text.replace(".", "")
    return float(text.replace(",", "."))


def rows(path: Path, sep: str, limit: int | None) -> Iterator[dict[str, Any]]:
    """The first `limit` rows of a wide file as {column: parsed cell}."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=sep)
        header = next(reader)
        for fields in itertools.islice(reader, limit):
            row: dict[str, Any] = {"unit": fields[0]}
            row.update(zip(header[1:], map(cell, fields[1:]), strict=True))
            yield row


class Scorer:
    """One row's figures with an engine."""

    def __init__(self, engine: Engine, plan: Plan) -> None:
        self.engine, self.plan = engine, plan
        self.months = {
            label: [
                f"@B{m + 1:02d}"
                for m in (range(12) if label == "tahunan" else QUARTER_MONTHS[label])
            ]
            for label in LABELS
        }
        self.quarters = {
            label: ["@TW1", "@TW2", "@TW3", "@TW4"] if label == "tahunan" else [f"@{label}"]
            for label in LABELS
        }

    def combined(
        self, row: dict[str, Any], variable: str, suffixes: list[str], how: str
    ) -> float | None:
        """Periods combined: N/A cells skipped; an empty cell (or only N/A) gives None."""
        cells: list[Any] = [row.get(variable + s) for s in suffixes]
        if any(c is None for c in cells):
            return None
        values: list[float] = [float(c) for c in cells if c != REPORTED]
        return self.engine.combine(values, how) if values else None

    def row(self, row: dict[str, Any], level: str) -> dict[str, Any]:
        """Every figure of one unit's row: indicators of its level and its mean score."""
        out: dict[str, Any] = {}
        indicators = [i for i in self.plan.indicators if i.level == level]
        score, members = self.plan.lurah if level == "kelurahan" else self.plan.camat_own
        for label in LABELS:
            for ind in indicators:
                out.update(self.indicator(row, ind, label))
            parts = [p for m in members if (p := out[f"capaian/{m}/{label}"]) is not None]
            out[f"score/{score}/{label}"] = sum(parts) / len(parts) if parts else None
        return out

    def indicator(self, row: dict[str, Any], ind: IndicatorPlan, label: str) -> dict[str, Any]:
        """Target, realisasi and capaian of one indicator."""
        real = self.combined(row, ind.realisasi, self.months[label], ind.realisasi_combine)
        target = self.combined(row, ind.target, self.quarters[label], ind.target_combine)
        both = real is not None and target is not None
        capaian = self.engine.capaian(ind.lower, real, target) if both else None  # type: ignore[arg-type]
        return {
            f"target/{ind.id}/{label}": target,
            f"realisasi/{ind.id}/{label}": real,
            f"capaian/{ind.id}/{label}": capaian,
        }


def run(
    files: DataFiles, plan: Plan, engine: str, fraction: float
) -> tuple[Figures, np.ndarray, float, float]:
    """Figures of the first `fraction` of each file's rows; units scored; fixed and row seconds."""
    start = time.perf_counter()
    tree = read_tree(files.units)
    scorer = Scorer(ENGINES[engine](), plan)
    totals = [sum(1 for _ in path.open(encoding="utf-8-sig")) - 1 for path, _ in files.wide]
    fixed = time.perf_counter() - start
    start = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    for (path, sep), level, total in zip(
        files.wide, ("kelurahan", "kecamatan"), totals, strict=True
    ):
        limit = None if fraction >= 1 else max(1, round(total * fraction))
        for row in rows(path, sep, limit):
            results[row["unit"]] = scorer.row(row, level)
    figures = _arrays(tree, results)
    yearly = _yearly(tree, scorer.engine, plan, figures)
    per_rows = time.perf_counter() - start
    if fraction >= 1:
        figures.update(yearly)
    scored = np.array(sorted(tree.index[u] for u in results), dtype=np.int64)
    return figures, scored, fixed, per_rows


def _arrays(tree: Tree, results: dict[str, dict[str, Any]]) -> Figures:
    """Per-unit results as arrays over the tree (NaN for N/A and for units not scored)."""
    figures: Figures = {}
    for unit, values in results.items():
        i = tree.index[unit]
        for name, value in values.items():
            if name not in figures:
                figures[name] = np.full(tree.size, np.nan)
            figures[name][i] = np.nan if value is None else value
    return figures


def _yearly(tree: Tree, engine: Engine, plan: Plan, figures: Figures) -> Figures:
    """Roll-up, the Camat's score and the rankings, in plain Python over the results."""
    out: Figures = {}
    roll, source = plan.rollup
    values = {i: v for i, v in enumerate(figures[f"score/{source}/tahunan"].tolist()) if v == v}
    for child, parent in itertools.pairwise(plan.levels):
        groups: dict[int, list[float]] = {}
        for i, v in list(values.items()):
            if tree.levels[i] == child and tree.parents[i] >= 0:
                groups.setdefault(int(tree.parents[i]), []).append(v)
        values.update(
            {p: sum(vs) / len(vs) for p, vs in groups.items() if tree.levels[p] == parent}
        )
    rolled = np.full(tree.size, np.nan)
    rolled[list(values)] = list(values.values())
    out[f"score/{roll}/tahunan"] = rolled
    camat, own, _ = plan.camat
    mine = figures[f"score/{own}/tahunan"]
    score = np.full(tree.size, np.nan)
    for i in np.flatnonzero(tree.levels == "kecamatan").tolist():
        if mine[i] == mine[i] and rolled[i] == rolled[i]:
            score[i] = engine.camat(float(mine[i]), float(rolled[i]))
    out[f"score/{camat}/tahunan"] = score
    for ranking, level, by in plan.rankings:
        source_values = out.get(f"score/{by}/tahunan", figures.get(f"score/{by}/tahunan"))
        assert source_values is not None
        out[f"rank/{ranking}"] = competition_ranks(
            np.where(tree.levels == level, source_values, np.nan)
        )
    return out
