"""Which units did not choose which indicators (the ruleset's `selection:`), read off the data: a
unit has chosen an indicator when the data gives it a target, a number or an N/A written as such,
in some period of the year. The inputs of an indicator a unit did not choose are not expected of
that unit; completeness leaves them out and the evaluator makes them N/A 'not chosen'. An input
that something else also reads (another indicator, a figure, a score) stays expected. Binding
finds them once (Bound.unchosen) for every evaluator and count of the data."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from dsl.i18n import ngettext
from engine.data.bind import ABSENT, Bound, Key
from engine.data.unchosen import NOTHING_UNCHOSEN, Unchosen
from engine.ruleset.model import Ruleset
from engine.ruleset.selection_check import indicator_inputs, target_inputs

SHOWN_UNITS = 3


def unchosen(rs: Ruleset, bound: Bound) -> Unchosen:
    """The inputs each unit is spared because it did not choose their indicator: those that no
    indicator the unit scores needs from it (an indicator at the unit's level that is outside the
    selection, or that the unit chose) and no figure, score or capaian formula reads."""
    if rs.selection is None:
        return NOTHING_UNCHOSEN
    selected = set(rs.selection.indicators)
    n = len(bound.units)
    levels = np.array([u.level for u in bound.units], dtype=object)
    needed: dict[str, np.ndarray] = {}
    spareable: dict[str, np.ndarray] = {}
    indicator_of: dict[str, str] = {}
    everywhere = _read_by_formulas(rs)
    blanks: dict[tuple[str, Key], list[int]] = {}
    for input_id, key, unit in bound.blanks:
        blanks.setdefault((input_id, key), []).append(unit)
    for ind in rs.indicators.values():
        at_level = np.ones(n, bool) if ind.level is None else levels == ind.level
        chose = _chose(rs, bound, ind.id, blanks) if ind.id in selected else np.ones(n, bool)
        for input_id in indicator_inputs(rs, ind.id):
            needed[input_id] = needed.get(input_id, np.zeros(n, bool)) | (at_level & chose)
            if ind.id in selected:
                spareable[input_id] = spareable.get(input_id, np.zeros(n, bool)) | at_level
                indicator_of.setdefault(input_id, ind.id)
    masks = {
        input_id: at & ~needed[input_id]
        for input_id, at in spareable.items()
        if input_id not in everywhere
    }
    return Unchosen({k: v for k, v in masks.items() if v.any()}, indicator_of)


def _chose(
    rs: Ruleset, bound: Bound, indicator: str, blanks: dict[tuple[str, Key], list[int]]
) -> np.ndarray:
    """The units whose data gives the indicator a target in some period of the year."""
    gave = np.zeros(len(bound.units), bool)
    for input_id in target_inputs(rs, indicator):
        for key, slot in bound.slots.get(input_id, {}).items():
            given = slot.state != ABSENT
            given[blanks.get((input_id, key), [])] = False  # an empty cell is no choice
            gave |= given
    return gave


def _read_by_formulas(rs: Ruleset) -> set[str]:
    """The names a capaian, figure or score formula reads: inputs no unit is ever spared."""
    names: set[str] = set()
    for ind in rs.indicators.values():
        if ind.capaian is not None:
            names |= ind.capaian.program.names
    names |= {n for f in rs.figures.values() if f.formula for n in f.formula.program.names}
    names |= {n for s in rs.scores.values() if s.formula for n in s.formula.program.names}
    return names


def unchosen_notices(bound: Bound, spared: Unchosen) -> Iterator[str]:
    """One line per selected indicator that some units did not choose, naming a few of them."""
    shown: set[str] = set()
    for input_id, mask in spared.masks.items():
        name = spared.indicator_of[input_id]
        if name in shown:
            continue
        shown.add(name)
        units = _named(bound, mask)
        text = ngettext(
            "{indicator}: not chosen by {n} unit ({units}), no target for the year; "
            "its values are not expected of it",
            "{indicator}: not chosen by {n} units ({units}), no target for the year; "
            "their values are not expected of them",
            len(units),
        )
        yield text.format(indicator=name, n=len(units), units=_shown(units))
    for input_id, mask in spared.masks.items():
        gave = np.zeros(len(mask), bool)
        for slot in bound.slots.get(input_id, {}).values():
            gave |= slot.state != ABSENT
        units = _named(bound, mask & gave)
        if units:
            text = ngettext(
                "{input}: {n} unit gives values but no target of {indicator} ({units}); "
                "not chosen, so they are not scored",
                "{input}: {n} units give values but no target of {indicator} ({units}); "
                "not chosen, so they are not scored",
                len(units),
            )
            name = spared.indicator_of[input_id]
            yield text.format(input=input_id, n=len(units), indicator=name, units=_shown(units))


def _named(bound: Bound, mask: np.ndarray) -> list[str]:
    return [bound.units[i].id for i in np.flatnonzero(mask).tolist()]


def _shown(units: list[str]) -> str:
    return ", ".join(units[:SHOWN_UNITS]) + (" …" if len(units) > SHOWN_UNITS else "")
