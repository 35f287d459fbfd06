"""A roll-up explained for one parent unit: the aggregate, its divisor, the child values it used,
and the children that are N/A apart, each with what the roll-up did with it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from dsl.i18n import _
from engine.ruleset.model import Rollup
from engine.scoring.aggregates import aggregate
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain_values import scalar, show
from engine.scoring.rollup_gaps import gap_mask
from engine.scoring.vectors import Vec


@dataclass(frozen=True, slots=True)
class RolledUp:
    """A figure rolled up to a unit: from which level, how, and what it is called."""

    name: str
    rollup: Rollup
    child_level: str
    money: bool
    cell: Callable[[int], str | None]  # where a child's value was read, when it was


def child_level(ev: Evaluator, unit: int, own_level: str) -> str | None:
    """The level whose values roll up into this unit, or None when the unit is not a parent in
    the figure's chain of levels (the chain is the evaluator's, ev.chain)."""
    chain = ev.chain(own_level)
    level = ev.levels[unit]
    if level not in chain or level == own_level:
        return None
    return chain[chain.index(level) - 1]


def explain_rollup(ev: Evaluator, unit: int, what: RolledUp, label: str, pad: str) -> list[str]:
    """The lines of a roll-up into `unit`, children in the order the data gave them."""
    vec = ev.get(what.name, label)
    kids = [k for k in range(ev.n) if ev.parents[k] == unit and ev.levels[k] == what.child_level]
    counted = [k for k in kids if not vec.na[k]]
    weights = ev.get(what.rollup.weight, label) if what.rollup.weight else None
    how = aggregate(what.rollup.method)
    value = scalar(vec, unit)
    head = _("{name} = {how} of {n} {level} = {value}").format(
        name=what.name,
        how=how.title(),
        n=len(counted),
        level=what.child_level,
        value=show(value, what.money),
    )
    lines = [pad + head]
    if weights is not None:
        lines.append(pad + "  " + _("weight: {weight}").format(weight=what.rollup.weight))
    ids = [u.id for u in ev.bound.units]
    for k in counted:
        weight = ""
        if weights is not None:
            w = scalar(weights, k)
            weight = _(", weight {weight}").format(weight=show(w))
            if weights.na[k]:
                weight += "  " + _("(its weight is N/A: this makes the result N/A)")
        where = what.cell(k)
        cell = f"   [{where}]" if where else ""
        lines.append(f"{pad}  {ids[k]} = {show(scalar(vec, k), what.money)}{weight}{cell}")
    lines += _checked(how.scalar, vec, counted, weights, value, pad)
    gap = gap_mask(vec.codes)
    skipped = [k for k in kids if vec.na[k] and not gap[k]]
    if skipped:
        apart = _("{n} {level} N/A, skipped by the roll-up:")
        lines.append(pad + "  " + apart.format(n=len(skipped), level=what.child_level))
        lines += [f"{pad}    {ids[k]} = {show(scalar(vec, k))}" for k in skipped]
    gapped = [k for k in kids if gap[k]]
    if gapped:
        lines.append(pad + "  " + _gap_line(len(gapped), what))
        lines += [f"{pad}    {ids[k]} = {show(scalar(vec, k))}" for k in gapped]
    if not counted:
        lines.append(pad + "  " + _("no value to roll up: the result is N/A"))
    return lines


def _checked(
    scalar_form: Callable[[list[float], list[float]], float],
    vec: Vec,
    counted: list[int],
    weights: Vec | None,
    value: object,
    pad: str,
) -> list[str]:
    """A loud line when the aggregate's scalar form over the counted children disagrees with
    the columnar value (they are one rule; a disagreement is a bug)."""
    if not counted or not isinstance(value, float):
        return []
    values = [float(vec.values[k]) for k in counted]
    ws = [float(weights.values[k]) for k in counted] if weights is not None else [1.0] * len(values)
    again = scalar_form(values, ws)
    if math.isclose(again, value, rel_tol=1e-12, abs_tol=1e-12):
        return []
    loud = _("!! the aggregate over these values gives {value}")
    return [pad + "  " + loud.format(value=show(again))]


def _gap_line(n: int, what: RolledUp) -> str:
    """The head of the children N/A for want of a value, with what `gaps:` did with them."""
    if what.rollup.gaps == "na":
        text = _("{n} {level} N/A for want of a value: the result is N/A (gaps: na):")
    else:
        text = _("{n} {level} N/A for want of a value, left out of the roll-up (gaps: skip, N006):")
    return text.format(n=n, level=what.child_level)
