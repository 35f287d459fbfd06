"""A predikat explained for one unit: the band table, the value banded (as presented or in full,
as the table's `on:` says) and the band it fell in, as band_figure decided."""

from __future__ import annotations

from dsl.i18n import _, ngettext, number_text
from dsl.rounding import apply_rounding
from engine.ruleset.bands import Band
from engine.ruleset.model import Rounding, TableDef
from engine.scoring.explain_values import scalar, show
from engine.scoring.result import mode_text
from engine.scoring.tables import band_figure
from engine.scoring.vectors import Vec


def explain_band(table: TableDef, figure: Vec, rounding: Rounding, unit: int) -> list[str]:
    """'predikat (table, source) = B', the value banded, and the table with the band marked."""
    decided = scalar(band_figure(table, figure, rounding), unit)
    head = f"predikat ({table.id}) = {show(decided)}"
    source = "  " + _("source: {source}").format(source=table.provenance.text())
    value = scalar(figure, unit)
    if not isinstance(value, float):
        return [head, source]
    banded, banded_text = value, show(value)
    if table.on == "rounded":
        banded = apply_rounding(value, rounding.decimals, rounding.mode)
        banded_text = number_text(banded, rounding.decimals)
        how = ngettext(
            "banded: {value} as presented, {n} decimal ({mode}): {shown}",
            "banded: {value} as presented, {n} decimals ({mode}): {shown}",
            rounding.decimals,
        ).format(
            value=show(value),
            n=rounding.decimals,
            mode=mode_text(rounding.mode),
            shown=banded_text,
        )
    else:
        how = _("banded: {value}, the full-precision value (on: value)").format(value=show(value))
    lines = [head, source, "  " + how]
    marked = False
    for band in table.bands:
        mark = ""
        if not marked and band.label == decided and band.contains(banded):
            mark, marked = "   ← " + banded_text, True
        lines.append(f"    {edges(band)}  {band.label}{mark}")
    if isinstance(decided, str) and not marked:
        lines.append(
            "  "
            + _("!! no band labelled {label} holds {value}").format(
                label=decided, value=banded_text
            )
        )
    return lines


def edges(band: Band) -> str:
    """A band's edges as an interval: '[85, 100)', '≥ 90', '< 50'."""
    low = show(band.lower) if band.lower is not None else None
    high = show(band.upper) if band.upper is not None else None
    if low is None and high is None:
        return _("any value")
    if high is None:
        return ("≥ " if band.lower_inclusive else "> ") + str(low)
    if low is None:
        return ("≤ " if band.upper_inclusive else "< ") + str(high)
    opening = "[" if band.lower_inclusive else "("
    closing = "]" if band.upper_inclusive else ")"
    return f"{opening}{low}; {high}{closing}"
