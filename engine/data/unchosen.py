"""What a unit is spared by not choosing an indicator (the ruleset's `selection:`): found once
when the data is bound (engine.data.selection) and kept on the Bound, which both the evaluator
and the completeness count read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dsl.i18n import _


@dataclass(frozen=True, slots=True)
class Unchosen:
    """For each spared input, the units (a boolean mask over the bound units) that did not choose
    the selected indicator it belongs to, and that indicator."""

    masks: dict[str, np.ndarray]
    indicator_of: dict[str, str]

    def reason(self, input_id: str, year: int) -> str:
        """Why such a unit's value of the input is N/A."""
        text = _("{indicator} not chosen by the unit: no target for {year}")
        return text.format(indicator=self.indicator_of[input_id], year=year)


NOTHING_UNCHOSEN = Unchosen({}, {})
