"""The N020 notes: each value whose aggregate (SUM, AVERAGE, COUNT, SUMIF … every function of
dsl.functions.LEAVES_OUT_NA) left out elements that arithmetic gave no value (a division by
zero, say), named.

The columnar evaluator records what each aggregate call left out (dsl/skips.py) and the
Evaluator keeps the records of every formula it ran (`Evaluator.skipped`); here they are read
back, in the order of the ruleset, for the kept units at the formula's own level (a unit above
it has the rolled-up value, which N006 notes). The value itself is the documented skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from dsl.i18n import _, ngettext
from dsl.skips import Skipped
from dsl.values import reason_text
from engine.ruleset.model import Formula, Part, Ref, Ruleset
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Diagnostic

CODE = "N020"


@dataclass(frozen=True, slots=True)
class _Owner:
    name: str  # the indicator, figure or score id
    value: str  # the name as a formula reads it (an indicator's `id.realisasi`)
    level: str | None


def _owners(rs: Ruleset) -> dict[int, tuple[int, _Owner]]:
    """Each formula of the ruleset (by identity) with its place in the ruleset and its name."""
    found: list[tuple[Formula | None, _Owner]] = []
    for ind in rs.indicators.values():
        parts: tuple[tuple[Part, Formula | None], ...] = (
            ("realisasi", ind.realisasi),
            ("target", ind.target.formula if ind.target is not None else None),
            ("capaian", ind.capaian),
        )
        for part, formula in parts:
            found.append((formula, _Owner(ind.id, Ref.part_of(ind.id, part).name, ind.level)))
    for fig in rs.figures.values():
        found.append((fig.formula, _Owner(fig.id, fig.id, fig.level)))
    for sc in rs.scores.values():
        found.append((sc.formula, _Owner(sc.id, sc.id, sc.level)))
    return {id(f): (i, owner) for i, (f, owner) in enumerate(found) if f is not None}


def skip_notes(ev: Evaluator, kept: np.ndarray) -> Iterator[Diagnostic]:
    """The N020 notes of every formula the evaluator ran, for the kept units."""
    owners = _owners(ev.rs)
    seen: set[tuple[int, str]] = set()
    runs = []
    for formula, label, skips in ev.skipped:
        key = (id(formula), label)
        if key in seen or key[0] not in owners:
            continue
        seen.add(key)
        runs.append((owners[key[0]], label, skips))
    runs.sort(key=lambda run: run[0][0])  # stable: periods in the order they were evaluated
    for (_place, owner), label, skips in runs:
        mask = kept & ev.at_level(owner.level) if owner.level is not None else kept
        left = np.zeros(ev.n, dtype=bool)
        for skipped in skips:
            left |= skipped.left_out > 0
        for u in np.flatnonzero(mask & left).tolist():
            yield _note(ev, owner, label, [s for s in skips if s.left_out[u] > 0], u)


def _note(ev: Evaluator, owner: _Owner, label: str, calls: list[Skipped], u: int) -> Diagnostic:
    """One note per value, unit and period, naming every call of its formula that left out
    elements (SUM and COUNT of one series, say), each with its count and first reason."""
    text = _("{name} of {unit} in {period}: {calls}").format(
        name=owner.value, unit=ev.ids[u], period=label, calls="; ".join(_calls(calls, u))
    )
    return Diagnostic("warning", "N020", text, ev.ids[u], owner.name, label)


def _calls(calls: list[Skipped], u: int) -> Iterator[str]:
    """Per run of calls that left out as many of as many elements for the same first reason,
    'SUM and COUNT left out 2 of 4 elements that arithmetic gave no value (division by zero)'."""
    groups: list[tuple[tuple[int, int, str], list[str]]] = []
    for skipped in calls:
        key = (int(skipped.left_out[u]), skipped.elements, reason_text(int(skipped.first[u])))
        if groups and groups[-1][0] == key:
            groups[-1][1].append(skipped.function)
        else:
            groups.append((key, [skipped.function]))
    for (k, n, reason), functions in groups:
        named = functions[0]
        if len(functions) > 1:
            named = _("{functions} and {function}").format(
                functions=", ".join(functions[:-1]), function=functions[-1]
            )
        yield ngettext(
            "{function} left out {k} of {n} element that arithmetic gave no value ({reason})",
            "{function} left out {k} of {n} elements that arithmetic gave no value ({reason})",
            n,
        ).format(function=named, k=k, n=n, reason=reason)
