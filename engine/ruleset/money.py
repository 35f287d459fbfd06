"""Which indicators and figures of a ruleset are Rupiah amounts: the one rule, for every report."""

from __future__ import annotations

from typing import NamedTuple

from dsl.ast import Name
from engine.ruleset.model import Formula, Ruleset

RUPIAH_SATUAN = frozenset({"rp", "rp.", "rupiah"})  # an indicator's satuan that means Rupiah


class Money(NamedTuple):
    """The indicators and the figures whose values are Rupiah amounts (scores never are)."""

    indicators: frozenset[str]
    figures: frozenset[str]


def rupiah_names(ruleset: Ruleset) -> Money:
    """The indicators and figures whose values are Rupiah amounts, as the ruleset says: an
    indicator of satuan Rp, or whose realisasi is a Rupiah amount; a figure that is a Rupiah
    amount (an input of kind currency, or another such figure) by name, rolled up or not."""
    money = {i.id for i in ruleset.inputs.values() if i.kind == "currency"}
    grew = True
    while grew:  # a figure may name a figure that names a currency input
        found = {f.id for f in ruleset.figures.values() if _names_money(f.formula, money)}
        grew = not found <= money
        money |= found
    figures = frozenset(f for f in money if f in ruleset.figures)
    indicators = {
        i.id
        for i in ruleset.indicators.values()
        if (i.satuan or "").strip().casefold() in RUPIAH_SATUAN or _names_money(i.realisasi, money)
    }
    return Money(frozenset(indicators), figures)


def _names_money(formula: Formula | None, money: set[str]) -> bool:
    """Whether a formula is just the name of a Rupiah amount."""
    expr = formula.program.expr if formula is not None else None
    return isinstance(expr, Name) and expr.name in money
