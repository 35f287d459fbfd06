"""The N006 notes: each rolled-up value that left out children for want of a value, named.

Read from the evaluated values (numpy over units, a loop over rolled-up names, periods and
levels only): a child's value at its own level is the one the roll-up step above it used, so
the children left out and why are there to read. The notes are made into rows when read.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from dsl.i18n import _, and_more
from dsl.values import reason_text
from engine.periods import Period, PeriodKind
from engine.ruleset.model import Ref, Rollup, Ruleset, Score
from engine.scoring.aggregates import aggregate
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Diagnostic
from engine.scoring.rollup_gaps import Gaps, find_gaps

CODE = "N006"


@dataclass(frozen=True, slots=True)
class GapBlock:
    """The N006 notes of one rolled-up name, period and step of levels: a row per parent."""

    name: str  # the indicator, figure or score id
    value: str  # the name as a formula reads it (an indicator's `id.realisasi`)
    period: str
    how: str  # the aggregate's id (mean, sum …)
    level: str  # the children's level
    ids: tuple[str, ...]
    gaps: Gaps  # only the parents that have a value
    codes: np.ndarray  # the children's N/A codes, all units
    row_code: ClassVar[str] = CODE  # every row's (engine.scoring.noted)

    def __len__(self) -> int:
        return len(self.gaps)

    def row(self, i: int) -> Diagnostic:
        """Note i."""
        g = self.gaps
        missing = int(g.missing[i])
        shown = [
            _("{child} ({reason})").format(child=self.ids[k], reason=reason_text(self.codes[k]))
            for k in g.shown[i].tolist()
            if k >= 0
        ]
        text = _(
            "{name} of {unit} in {period}: {how} of {counted} of {n} {level}; "
            "left out for want of a value: {children}"
        ).format(
            name=self.value,
            unit=self.ids[int(g.parents[i])],
            period=self.period,
            how=aggregate(self.how).title(),
            counted=int(g.counted[i]),
            n=int(g.children[i]),
            level=self.level,
            children=", ".join(and_more(shown, missing)),
        )
        return Diagnostic("info", "N006", text, self.ids[int(g.parents[i])], self.name, self.period)

    def __iter__(self) -> Iterator[Diagnostic]:
        for i in range(len(self)):
            yield self.row(i)


Labels = Callable[[PeriodKind, Period], list[str]]


def gap_notes(
    ev: Evaluator,
    kept: np.ndarray,
    period: Period,
    labels: Labels,
    score_cadence: Callable[[Ruleset, Score], PeriodKind],
) -> Iterator[GapBlock]:
    """The N006 notes of every rolled-up value reported for `period` (labels: the periods a
    cadence is reported for), for the kept units, in the order of the ruleset."""
    rs = ev.rs
    rolled: list[tuple[str, str, str, Rollup, PeriodKind]] = []
    for ind in rs.indicators.values():
        if ind.rollup is not None and ind.level is not None:
            value = Ref.part_of(ind.id, "realisasi").name
            rolled.append((ind.id, value, ind.level, ind.rollup, ind.cadence))
    for fig in rs.figures.values():
        if fig.rollup is not None and fig.level is not None:
            rolled.append((fig.id, fig.id, fig.level, fig.rollup, fig.cadence or "tahunan"))
    for sc in rs.scores.values():
        if sc.rollup is not None and sc.level is not None:
            rolled.append((sc.id, sc.id, sc.level, sc.rollup, score_cadence(rs, sc)))
    for name, value, level, rollup, cadence in rolled:
        for label in labels(cadence, period):
            yield from _blocks(ev, kept, (name, value, label), level, rollup)


def _blocks(
    ev: Evaluator, kept: np.ndarray, what: tuple[str, str, str], level: str, rollup: Rollup
) -> Iterator[GapBlock]:
    name, value, label = what
    vec = ev.get(value, label)
    if vec.values.ndim != 1:  # a series is not rolled up
        return
    for child, parent in itertools.pairwise(ev.chain(level)):
        gaps = find_gaps(ev, vec.codes, child, parent)
        if not len(gaps):
            continue
        rows = np.flatnonzero(~vec.na[gaps.parents] & kept[gaps.parents])
        if len(rows):
            shown = gaps.take(rows)
            yield GapBlock(name, value, label, rollup.method, child, ev.ids, shown, vec.codes)
