"""One contender's run inside its own process: its figures in units.csv order and its report."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from benchmarks import baseline_numpy, perkin_runs, rowwise
from benchmarks.common import DataFiles, Figures, read_tree
from benchmarks.plan import load, plan_of

SAMPLES = {"zen": 0.06, "cel": 0.005, "explain": 300}  # rows (fraction) or units, at full size


def run(name: str, files: DataFiles, full: bool) -> tuple[Figures, dict[str, Any]]:
    """Figures and report (seconds, phases, what was sampled) of one contender."""
    match name:
        case "numpy":
            return _numpy(files)
        case "perkin":
            return _perkin(files)
        case "zen" | "cel":
            return _rowwise(files, name, 1.0 if full else SAMPLES[name])
        case _:
            return _explain(files, 10**9 if full else int(SAMPLES["explain"]))


def _numpy(files: DataFiles) -> tuple[Figures, dict[str, Any]]:
    plan = plan_of(load())
    start = time.perf_counter()
    figures = baseline_numpy.run(files, plan)
    return figures, {"seconds": time.perf_counter() - start, "complete": True}


def _perkin(files: DataFiles) -> tuple[Figures, dict[str, Any]]:
    figures, ids, phases = perkin_runs.columnar(files)
    seconds = sum(phases.values())  # reading the figures off the Result is not timed
    tree = read_tree(files.units)
    report = {"seconds": seconds, "phases": phases, "complete": True, "units": tree.size}
    report["values"] = _value_count(files)
    return _aligned(figures, ids, tree.ids), report


def _value_count(files: DataFiles) -> int:
    from engine.data.read import read_data

    return read_data(files.all()).value_count


def _rowwise(files: DataFiles, engine: str, fraction: float) -> tuple[Figures, dict[str, Any]]:
    plan = plan_of(load())
    figures, scored, fixed, rows = rowwise.run(files, plan, engine, fraction)
    report: dict[str, Any] = {"seconds": fixed + rows / fraction, "complete": fraction >= 1}
    if fraction < 1:
        report["note"] = f"{fraction:.1%} of rows, extrapolated"
    figures["units-scored"] = scored
    return figures, report


def _explain(files: DataFiles, sample: int) -> tuple[Figures, dict[str, Any]]:
    figures, ids, setup, per_unit = perkin_runs.explaining(files, sample)
    tree = read_tree(files.units)
    explained = sorted({i for v in figures.values() for i in np.flatnonzero(~np.isnan(v))})
    seconds = setup + per_unit * len(ids)
    # the explaining path derives indicators and mean scores; roll-ups and ranks are columnar
    report: dict[str, Any] = {"seconds": seconds, "complete": False}
    if sample < len(ids):
        report["note"] = f"{min(sample, len(ids))} units, extrapolated"
    aligned = _aligned(figures, ids, tree.ids)
    position = {u: i for i, u in enumerate(tree.ids)}
    aligned["units-scored"] = np.array(sorted(position[ids[i]] for i in explained), dtype=np.int64)
    return aligned, report


def _aligned(figures: Figures, ids: list[str], order: list[str]) -> Figures:
    """Figures over `ids` re-ordered to `order` (the units file's order)."""
    where = {u: i for i, u in enumerate(ids)}
    index = np.array([where[u] for u in order], dtype=np.int64)
    return {name: values[index] for name, values in figures.items()}
