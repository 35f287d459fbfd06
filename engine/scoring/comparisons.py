"""The realisasi of earlier years that a report compares with (the ruleset's `earlier_years`, or
the previous year of its target check), read from the data for each scored unit. The peers'
values and ranks need nothing here: they are figures and rankings (engine/ruleset/peers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from engine.periods import WHOLE_YEAR
from engine.ruleset.model import Ruleset
from engine.ruleset.peers import ReadFrom
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Presented, ValueRow


def read_values(ev: Evaluator, read: ReadFrom) -> np.ndarray:
    """Each unit's value of an input (its item, for a series) for the whole year; NaN where
    there is none."""
    vec = ev.get(read.of, WHOLE_YEAR.engine_label)
    values = np.asarray(vec.values, dtype=np.float64)
    if values.ndim == 2:
        values = values[:, (ev.rs.inputs[read.of].items or ()).index(str(read.item))]
    return np.where(vec.na, np.nan, values)


def earlier_values(ev: Evaluator, kept: np.ndarray) -> Iterator[ValueRow]:
    """The realisasi of earlier years of each kept unit of the indicator's level that has one, in
    year order (period: the year)."""
    for indicator, years in earlier_sources(ev.rs).items():
        ind = ev.rs.indicators[indicator]
        rows = ev.at_level(ind.level) if ind.level is not None else np.ones(ev.n, dtype=bool)
        found = [(year, read_values(ev, read)) for year, read in years]
        for i in np.flatnonzero(rows & kept).tolist():
            for year, values in found:
                if not np.isnan(values[i]):
                    value = Presented(float(values[i]), None, ind.rounding["realisasi"])
                    yield ValueRow(ev.ids[i], indicator, str(year), value)


def earlier_sources(rs: Ruleset) -> dict[str, list[tuple[int, ReadFrom]]]:
    """Per indicator, where the realisasi of each earlier year is read, in year order: the years
    `earlier_years` declares, and the previous year of the target check where they lack it."""
    out: dict[str, list[tuple[int, ReadFrom]]] = {}
    for earlier in rs.comparisons.earlier_years:
        out[earlier.indicator] = [(y, ReadFrom(earlier.of, i)) for y, i in earlier.items]
    if rs.target_check is not None and rs.year:
        for previous in rs.target_check.previous:
            years = out.setdefault(previous.indicator, [])
            if all(y != rs.year - 1 for y, _read in years):
                years.append((rs.year - 1, ReadFrom(previous.of, previous.item)))
    return {k: sorted(v, key=lambda pair: pair[0]) for k, v in out.items() if k in rs.indicators}
