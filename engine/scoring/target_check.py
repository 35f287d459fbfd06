"""The ruleset's target check: a warning (N003) for each unit whose annual target is below its
realisasi of the previous year (above it, for an indicator where lower is better)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from dsl.i18n import N_, _
from engine.periods import WHOLE_YEAR
from engine.ruleset.model import Indicator, Ref
from engine.ruleset.renstra import PreviousRealisasi, TargetCheck
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Diagnostic, Presented
from engine.scoring.vectors import Vec

CODE = "N003"
_BELOW = N_(
    "target {target} is below the previous realisasi {previous} ({where}); "
    "a target is at least the previous realisasi ({source})"
)
_ABOVE = N_(
    "target {target} is above the previous realisasi {previous} ({where}); "
    "where lower is better, a target is at most the previous realisasi ({source})"
)


def target_warnings(ev: Evaluator, kept: np.ndarray | None = None) -> Iterator[Diagnostic]:
    """The warnings of the ruleset's target check, unit by unit (only the kept units)."""
    check = ev.rs.target_check
    if check is None:
        return
    for previous in check.previous:
        ind = ev.rs.indicators[previous.indicator]
        yield from _indicator_warnings(ev, check, ind, previous, kept)


def _indicator_warnings(
    ev: Evaluator,
    check: TargetCheck,
    ind: Indicator,
    previous: PreviousRealisasi,
    kept: np.ndarray | None,
) -> Iterator[Diagnostic]:
    label = WHOLE_YEAR.engine_label
    target = ev.get(Ref.part_of(ind.id, "target"), label)
    before = _previous_values(ev, previous)
    rows = ev.at_level(ind.level) if ind.level is not None else np.ones(ev.n, dtype=bool)
    if kept is not None:
        rows = rows & kept
    for i in np.flatnonzero(rows).tolist():
        shown = Presented(_number(target, i), None, ind.rounding["target"])
        last = Presented(before[i], None, ind.rounding["realisasi"])
        now, then = shown.rounded, last.rounded
        if now is None or then is None:
            continue
        if (then < now) if ind.polarity == "lower" else (now < then):
            yield Diagnostic(
                "warning", "N003", _message(check, ind, previous, shown, last),
                ev.ids[i], ind.id, label,
            )  # fmt: skip


def _number(vec: Vec, i: int) -> float | None:
    value = vec.at(i)
    return value if isinstance(value, float) else None


def _previous_values(ev: Evaluator, previous: PreviousRealisasi) -> list[float | None]:
    """Each unit's previous realisasi: the input's value, or its item of a series."""
    vec = ev.get(previous.of, WHOLE_YEAR.engine_label)
    spec = ev.rs.inputs[previous.of]
    values = np.asarray(vec.values, dtype=np.float64)
    if values.ndim == 2:
        column = (spec.items or ()).index(str(previous.item))
        values = values[:, column]
    values = np.where(vec.na, np.nan, values)
    return [None if np.isnan(v) else float(v) for v in values.tolist()]


def _message(
    check: TargetCheck,
    ind: Indicator,
    previous: PreviousRealisasi,
    target: Presented,
    last: Presented,
) -> str:
    where = previous.of if previous.item is None else f"{previous.of}[{previous.item}]"
    text = _ABOVE if ind.polarity == "lower" else _BELOW
    return _(text).format(
        target=target.office_text(),
        previous=last.office_text(),
        where=where,
        source=check.source or check.assumption or "",
    )
