"""Ruleset tables at work: lookups (WTP → 3) and bands (capaian → predikat)."""

from __future__ import annotations

import numpy as np

from dsl import NA, Column
from dsl.i18n import _
from dsl.rounding import apply_rounding_array
from dsl.values import reason_code
from engine.ruleset.model import Rounding, TableDef
from engine.scoring.vectors import Vec, to_column


class EngineTable:
    """A ruleset table offered to formulas through LOOKUP and BAND."""

    def __init__(self, table: TableDef) -> None:
        self.table = table
        self.mapping = {_norm(k): v for k, v in table.entries}

    def lookup_one(self, key: object) -> object:
        """The value for one key, or NA with a reason."""
        if isinstance(key, NA):
            return key
        found = self.mapping.get(_norm(key))
        if found is None:
            known = ", ".join(k for k, _ in self.table.entries)
            message = _("'{key}' is not in table {table} ({known})")
            return NA(message.format(key=key, table=self.table.id, known=known))
        return float(found) if isinstance(found, (int, float)) else found

    def band_one(self, x: object) -> object:
        """The band label for one number, or NA with a reason."""
        if isinstance(x, NA):
            return x
        if not isinstance(x, (int, float)):
            return NA(_("BAND needs a number, got {value}").format(value=repr(x)))
        band = self.find(float(x))
        if band is None:
            return NA(
                _("{value} is outside every band of {table}").format(
                    value=f"{x:g}", table=self.table.id
                )
            )
        return band

    def find(self, x: float) -> str | None:
        """The label of the band containing x."""
        for band in self.table.bands:
            if band.contains(x):
                return band.label
        return None

    def lookup(self, keys: Column) -> Column:
        """Column-wise lookup (distinct keys are few, so a per-unit loop is cheap)."""
        return Column.from_values([self.lookup_one(keys.value_at(i)) for i in range(len(keys))])

    def band(self, x: Column) -> Column:
        """Column-wise band labels, vectorised over the bands."""
        numbers = x.numbers if x.kind in ("number", "bool") else np.full(len(x), np.nan)
        vec = band_vec(self.table, Vec(numbers, np.where(np.isnan(numbers), reason_code("N/A"), 0)))
        return to_column(vec)


def _norm(key: object) -> str:
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key).strip().upper()


def band_figure(table: TableDef, figure: Vec, rounding: Rounding) -> Vec:
    """The band (predikat) of a figure for every unit: the one rule for indicators, scores, replay
    and audit. A table declared `on: rounded` bands the figure as presented (rounded with the
    figure's own decimals and mode), so that 76.6025 shown as 76.60 falls in the band of 76.60;
    `on: value` bands the full-precision value."""
    if table.on == "rounded":
        shown = apply_rounding_array(figure.numbers(), rounding.decimals, rounding.mode)
        figure = Vec(shown, figure.codes)
    return band_vec(table, figure)


def band_vec(table: TableDef, values: Vec) -> Vec:
    """Band labels for every unit (N/A where the value is N/A or outside every band)."""
    n = len(values.codes)
    labels = np.full(n, None, dtype=object)
    codes = values.codes.copy()
    nums = values.values.astype(np.float64)
    assigned = np.zeros(n, dtype=bool)
    for band in table.bands:
        mask = codes == 0
        if band.lower is not None:
            mask &= nums >= band.lower if band.lower_inclusive else nums > band.lower
        if band.upper is not None:
            mask &= nums <= band.upper if band.upper_inclusive else nums < band.upper
        mask &= ~assigned
        labels[mask] = band.label
        assigned |= mask
    codes[(codes == 0) & ~assigned] = reason_code(
        _("outside every band of {table}").format(table=table.id)
    )
    return Vec(labels, codes)
