"""perkin's two paths over the national dataset: columnar scoring, and explaining unit by unit.

The columnar run is what `perkin evaluate` computes before it renders: load the ruleset, read
the data (read_data, wide CSV split by its columnar tokenizer) and score() — bind, evaluate
every indicator part and score in every period, roll up, rank, and build the (columnar) Result.
The explaining run evaluates each formula for one unit at a time with
Program.explain, as `perkin explain` does, on a sample of units.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import DataFiles, Figures
from benchmarks.frames import Clock
from benchmarks.plan import LABELS, load
from dsl import NA, NumberType, Program, Scope, compile_formula
from engine.data.bind import Bound
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.model import Indicator, Ruleset
from engine.scoring.columns import IndicatorBlock, PresentedColumn, Rows, ValueBlock
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain import scalar
from engine.scoring.result import Result
from engine.scoring.score import score

Scores = tuple[Ruleset, Bound, Evaluator]


def prepare(paths: Sequence[Path]) -> Scores:
    """Load the ruleset, read and bind the data, ready to evaluate."""
    rs = load()
    bound = bind(rs, read_data(paths))
    return rs, bound, Evaluator(rs, bound)


def columnar(files: DataFiles) -> tuple[Figures, list[str], dict[str, float]]:
    """Every figure of the year and the rankings, as `perkin evaluate` computes them: the
    ruleset loaded, the data read, and score() — bind, evaluate every indicator part and score
    in every period, roll up, rank, build the Result. The figures are then read off the Result
    (not timed)."""
    clock = Clock()
    rs = load()
    clock.lap("load")
    dataset = read_data(files.all())
    clock.lap("read")
    result = score(rs, dataset)
    clock.lap("score")
    del dataset
    ids = [u.id for u in result.units]
    return figures_of(result, ids), ids, clock.laps


def figures_of(result: Result, ids: list[str]) -> Figures:
    """The Result's numbers as the benchmark's arrays: one per figure, over every unit (NaN
    where N/A or where the figure is not reported)."""
    where = {u: i for i, u in enumerate(ids)}
    figures: Figures = {}

    def put(name: str, units: Sequence[str], column: PresentedColumn | None) -> None:
        values = np.full(len(ids), np.nan)
        if column is not None:
            values[[where[u] for u in units]] = column.values
        figures[name] = values

    indicators, scores = result.indicators, result.scores
    assert isinstance(indicators, Rows) and isinstance(scores, Rows)
    for block in indicators.blocks:
        assert isinstance(block, IndicatorBlock)
        for part in ("target", "realisasi", "capaian"):
            put(f"{part}/{block.indicator}/{block.period}", block.units, getattr(block, part))
    for sblock in scores.blocks:
        assert isinstance(sblock, ValueBlock)
        put(f"score/{sblock.name}/{sblock.period}", sblock.units, sblock.value)
    for ranking in {r.ranking for r in result.rankings}:
        ranks = np.full(len(ids), np.nan)
        for row in result.rankings:
            if row.ranking == ranking and row.rank is not None:
                ranks[where[row.unit]] = row.rank
        figures[f"rank/{ranking}"] = ranks
    return figures


class Explaining:
    """Figures of single units derived with Program.explain, one formula at a time."""

    def __init__(self, scores: Scores) -> None:
        self.rs, self.bound, self.ev = scores
        scope = Scope(names={"realisasi": NumberType(), "target": NumberType()}, tables={})
        self.default = {
            "higher": compile_formula("realisasi / target * 100", scope),
            "lower": compile_formula("(2 * target - realisasi) / target * 100", scope),
        }

    def unit(self, i: int) -> dict[str, Any]:
        """Every indicator part and mean score of unit i, in every period."""
        level = self.bound.units[i].level
        out: dict[str, Any] = {}
        for label in LABELS:
            for ind in (d for d in self.rs.indicators.values() if d.level == level):
                out.update(self.indicator(ind, label, i))
            for sc in (s for s in self.rs.scores.values() if s.method == "mean"):
                if sc.level == level:
                    parts = [out[f"capaian/{m}/{label}"] for m in sc.indicators]
                    numbers = [p for p in parts if p is not None]
                    out[f"score/{sc.id}/{label}"] = sum(numbers) / len(numbers) if numbers else None
        return out

    def indicator(self, ind: Indicator, label: str, i: int) -> dict[str, Any]:
        """Target, realisasi and capaian of one indicator for unit i."""
        real = self.explain(ind.realisasi.program, label, i, {})
        assert ind.target is not None and ind.target.formula is not None
        target = self.explain(ind.target.formula.program, label, i, {})
        own = {"realisasi": _scalar(real), "target": _scalar(target)}
        rule = ind.capaian.program if ind.capaian else self.default[ind.polarity]
        cap = self.explain(rule, label, i, own)
        if isinstance(cap, float):
            cap = min(cap, float(ind.cap)) if ind.cap is not None else cap
            cap = max(cap, float(ind.floor)) if ind.floor is not None else cap
        return {
            f"target/{ind.id}/{label}": _number(target),
            f"realisasi/{ind.id}/{label}": _number(real),
            f"capaian/{ind.id}/{label}": _number(cap),
        }

    def explain(self, program: Program, label: str, i: int, given: dict[str, Any]) -> Any:
        """One formula's value for unit i, explained (inputs as the explain command reads them)."""
        env = {
            n: given[n] if n in given else scalar(self.ev.get(n, label), i) for n in program.names
        }
        return program.explain(env, self.ev.tables).value


def _scalar(value: Any) -> Any:
    return value if isinstance(value, float | NA) else NA("not a number")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, float) else None


def explaining(files: DataFiles, sample: int) -> tuple[Figures, list[str], float, float]:
    """Figures of `sample` units spread over the data; setup and per-unit seconds, measured."""
    start = time.perf_counter()
    scores = prepare(files.all())
    path = Explaining(scores)
    for inp in path.rs.inputs.values():  # the columnar inputs the explain command reads
        for label in LABELS:
            path.ev.get(inp.id, label)
    setup = time.perf_counter() - start
    n = len(path.bound.units)
    chosen = np.unique(np.linspace(0, n - 1, min(sample, n)).astype(np.int64))
    start = time.perf_counter()
    results = {int(i): path.unit(int(i)) for i in chosen}
    per_unit = (time.perf_counter() - start) / len(chosen)
    figures: Figures = {}
    for i, values in results.items():
        for name, value in values.items():
            column = figures.setdefault(name, np.full(n, np.nan))
            column[i] = np.nan if value is None else value
    return figures, [u.id for u in path.bound.units], setup, per_unit
