"""The realisasi of earlier years that a report compares with: every earlier year the history
(a history file or the results store) gives an indicator's realisasi, read as PREV and HISTORY
read it, for each scored unit. The peers' values and ranks need nothing here: they are figures
and rankings (engine/ruleset/peers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from dsl.history import year_ref
from engine.periods import WHOLE_YEAR
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Presented, ValueRow


def earlier_values(ev: Evaluator, kept: np.ndarray) -> Iterator[ValueRow]:
    """The realisasi of earlier years of each kept unit of the indicator's level that has one,
    indicators in ruleset order, each unit's years in year order (period: the year)."""
    if not ev.rs.year:
        return  # a ruleset of no year has no earlier one
    label = WHOLE_YEAR.engine_label
    years = ev.history.years_before(ev.rs.year, label)
    for indicator, ind in ev.rs.indicators.items():
        name = f"{indicator}.realisasi"
        if name not in years:
            continue
        found = [(year, ev.earlier(year_ref(name, year), label)) for year in years[name]]
        rows = ev.at_level(ind.level) if ind.level is not None else np.ones(ev.n, dtype=bool)
        for i in np.flatnonzero(rows & kept).tolist():
            for year, vec in found:
                value = vec.at(i)
                if isinstance(value, float):
                    shown = Presented(value, None, ind.rounding["realisasi"])
                    yield ValueRow(ev.ids[i], indicator, str(year), shown)
