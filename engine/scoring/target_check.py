"""The ruleset's target check: a warning (N003) for each unit whose annual target is below its
realisasi of the previous year (above it, for an indicator where lower is better), and a note
(N004) per indicator naming the units whose previous realisasi the history does not give, whose
targets are therefore not checked. The previous realisasi is what PREV(<indicator>.realisasi)
reads: the history file or results store, through the evaluator."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from dsl.history import prev_ref
from dsl.i18n import N_, _, ngettext
from engine.periods import WHOLE_YEAR
from engine.ruleset.model import Indicator, Ref
from engine.ruleset.renstra import TargetCheck
from engine.scoring.evaluate import Evaluator
from engine.scoring.history_values import earlier_year
from engine.scoring.result import Diagnostic, Presented
from engine.scoring.vectors import Vec

CODE = "N003"
NO_PREVIOUS = "N004"
_SHOWN_UNITS = 5  # units named in an N004 note; the rest are counted
_BELOW = N_(
    "target {target} is below the previous realisasi {previous} ({where}); "
    "a target is at least the previous realisasi ({source})"
)
_ABOVE = N_(
    "target {target} is above the previous realisasi {previous} ({where}); "
    "where lower is better, a target is at most the previous realisasi ({source})"
)


def target_warnings(ev: Evaluator, kept: np.ndarray | None = None) -> Iterator[Diagnostic]:
    """The warnings of the ruleset's target check, unit by unit (only the kept units; by
    default every unit but the peers, which are not scored), and a note per indicator for the
    units it cannot check."""
    check = ev.rs.target_check
    if check is None:
        return
    if kept is None:
        peers = ev.rs.comparisons.peer_ids()
        kept = np.array([unit not in peers for unit in ev.ids], dtype=bool)
    for previous in check.previous:
        ind = ev.rs.indicators[previous.indicator]
        yield from _indicator_warnings(ev, check, ind, kept)


def _indicator_warnings(
    ev: Evaluator, check: TargetCheck, ind: Indicator, kept: np.ndarray
) -> Iterator[Diagnostic]:
    label = WHOLE_YEAR.engine_label
    target = ev.get(Ref.part_of(ind.id, "target"), label)
    name = f"{ind.id}.realisasi"
    ref = prev_ref(name)
    before = ev.earlier(ref, label)
    rows = ev.at_level(ind.level) if ind.level is not None else np.ones(ev.n, dtype=bool)
    rows = rows & kept
    lacking: list[int] = []
    for i in np.flatnonzero(rows).tolist():
        shown = Presented(_number(target, i), None, ind.rounding["target"])
        last = Presented(_number(before, i), None, ind.rounding["realisasi"])
        now, then = shown.rounded, last.rounded
        if now is None:
            continue  # no target to check: its N/A is reported with the indicator
        if then is None:
            lacking.append(i)
        elif (then < now) if ind.polarity == "lower" else (now < then):
            where = _origin(ev, name, ev.ids[i], earlier_year(ref, ev.rs.year))
            text = _message(check, ind, shown, last, where)
            yield Diagnostic("warning", "N003", text, ev.ids[i], ind.id, label)
    if lacking:
        note = _lacking(ev, ind, before, lacking)
        yield Diagnostic("info", "N004", note, None, ind.id, label)


def _number(vec: Vec, i: int) -> float | None:
    value = vec.at(i)
    return value if isinstance(value, float) else None


def _origin(ev: Evaluator, name: str, unit: str, year: int) -> str:
    """Where a unit's previous realisasi came from: the history file cell or the store run."""
    earlier = ev.history.get(unit, name, year, WHOLE_YEAR.engine_label)
    if earlier is None:
        return name
    return earlier.place or earlier.origin


def _lacking(ev: Evaluator, ind: Indicator, before: Vec, lacking: list[int]) -> str:
    """'target check: no previous realisasi of p3dn_tkdn for 2 units (a, b): <why>; …'."""
    units = ", ".join(ev.ids[i] for i in lacking[:_SHOWN_UNITS])
    if len(lacking) > _SHOWN_UNITS:
        units = _("{units} and {n} more").format(units=units, n=len(lacking) - _SHOWN_UNITS)
    text = ngettext(
        "target check: no previous realisasi of {indicator} for {n} unit ({units}), "
        "so its target is not checked; {reason}",
        "target check: no previous realisasi of {indicator} for {n} units ({units}), "
        "so their targets are not checked; {reason}",
        len(lacking),
    )
    reason = before.reason(lacking[0]) or ""
    return text.format(indicator=ind.id, n=len(lacking), units=units, reason=reason)


def _message(
    check: TargetCheck, ind: Indicator, target: Presented, last: Presented, where: str
) -> str:
    text = _ABOVE if ind.polarity == "lower" else _BELOW
    return _(text).format(
        target=target.office_text(),
        previous=last.office_text(),
        where=where,
        source=check.source or check.assumption or "",
    )


def check_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """The target check's diagnostics, one line each: 'unit indicator: warning[N003]: …' and
    'indicator: info[N004]: …'."""
    lines = []
    for d in diagnostics:
        if d.code == CODE:
            line = _("{place}: warning[{code}]: {message}")
            lines.append(line.format(place=f"{d.unit} {d.name}", code=d.code, message=d.message))
        elif d.code == NO_PREVIOUS:
            line = _("{place}: info[{code}]: {message}")
            lines.append(line.format(place=d.name, code=d.code, message=d.message))
    return lines
