"""Tables of records inside a unit (respondents, assessors): the inputs declared with the same
``rows:`` are the columns of one table, and a unit's rows are the items any of them has a value
or a reported N/A for at that unit. A row of another unit is no row here: it is neither used nor
missing, while a row of this unit whose cell is empty is a value missing."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.data.bind import ABSENT, Bound
from engine.ruleset.model import Input, Ruleset

__all__ = ["row_items", "rows_at", "table_of"]


def table_of(ruleset: Ruleset, spec: Input) -> list[Input]:
    """The columns of the table of records an input belongs to (itself included)."""
    return [i for i in ruleset.inputs.values() if i.rows and i.axis == spec.axis]


def row_items(bound: Bound, table: Sequence[Input]) -> list[str]:
    """Every row key the table's columns have at any unit, in reading order."""
    seen: dict[str, None] = {}
    for spec in table:
        seen.update(dict.fromkeys(bound.items.get(spec.id, ())))
    return list(seen)


def rows_at(
    bound: Bound, table: Sequence[Input], labels: Sequence[str], items: Sequence[str]
) -> np.ndarray:
    """bool, units × items: whether the unit has that row in one of the period keys."""
    found = np.zeros((len(bound.units), len(items)), dtype=bool)
    for spec in table:
        slots = bound.slots.get(spec.id, {})
        for j, item in enumerate(items):
            for label in labels:
                slot = slots.get((label, item))
                if slot is not None:
                    found[:, j] |= slot.state != ABSENT
    return found
