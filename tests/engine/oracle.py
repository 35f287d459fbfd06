"""The explaining oracle: every figure for one unit at a time, in plain Python.

It re-derives indicators, figures, scores, predikat and rankings from the data without the
columnar evaluator's arrays (only the inputs are read from the evaluator: data is data), so the
property tests can hold the engine to it. Aggregates come from their scalar forms in the one
table (`engine.scoring.aggregates`), banding from the table's bands one value at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from dsl import NA
from dsl.rounding import apply_rounding
from dsl.values import NaKind
from engine.periods import Period, PeriodKind, is_finer, sub_labels
from engine.ruleset.model import Formula, Indicator, Ranking, Rollup, Rounding, Score
from engine.scoring.aggregates import AGGREGATES
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain import scalar
from engine.scoring.vectors import REPORTED_NA

# a child N/A for these is a gap of its roll-up (docs/ruleset-format.md), stated apart from the
# engine's own list so the oracle checks it
GAP_KINDS = (NaKind.NO_DATA, NaKind.NOT_VALIDATED)

Value = Any  # float | str | tuple | NA


class Oracle:
    """Derives names for single units, memoised per (name, label, unit)."""

    def __init__(self, ev: Evaluator) -> None:
        self.ev = ev
        self.rs = ev.rs
        self.memo: dict[tuple[str, str, int], Value] = {}
        self.children: dict[int, list[int]] = {}
        for k, parent in enumerate(ev.parents):
            if parent >= 0:
                self.children.setdefault(int(parent), []).append(k)

    def get(self, name: str, label: str, i: int) -> Value:
        """The value of a name for unit i in a period."""
        key = (name, label, i)
        if key not in self.memo:
            self.memo[key] = self._compute(name, label, i)
        return self.memo[key]

    def _compute(self, name: str, label: str, i: int) -> Value:
        rs = self.rs
        if name in rs.inputs:
            return scalar(self.ev.get(name, label), i)
        if name in rs.figures:
            fig = rs.figures[name]
            own = partial(self._cadenced, fig.formula, fig.combine, fig.cadence, label, i)
            return self._levelled(name, fig.level, fig.rollup, label, i, own)
        if name in rs.scores:
            sc = rs.scores[name]
            own = partial(self._score, sc, label, i)
            return self._levelled(name, sc.level, sc.rollup, label, i, own)
        base, _, part = name.rpartition(".")
        ind = rs.indicators[base]
        if part == "realisasi":
            own = partial(self._cadenced, ind.realisasi, ind.combine, ind.cadence, label, i)
            return self._levelled(name, ind.level, ind.rollup, label, i, own)
        if part == "target":
            return self._target(ind, label, i)
        return self._capaian(ind, label, i)

    def _levelled(
        self, name: str, level: str | None, rollup: Rollup | None, label: str, i: int,
        own: Callable[[], Value],
    ) -> Value:  # fmt: skip
        if level is None or self.ev.levels[i] == level:
            return own()
        chain = self.ev.chain(level)
        if rollup is None or self.ev.levels[i] not in chain:
            return NA("not scored at this level")
        kids = [k for k in self.children.get(i, []) if self.ev.levels[k] in chain]
        found = [(self.get(name, label, k), k) for k in kids]
        pairs = [(v, k) for v, k in found if isinstance(v, float)]
        if kids and all(isinstance(v, NA) and v.kind is NaKind.REPORTED for v, _ in found):
            return NA("every child reported as N/A", NaKind.REPORTED)  # skipped when combined
        gaps = [v for v, _ in found if isinstance(v, NA) and v.kind in GAP_KINDS]
        if gaps and (rollup.gaps == "na" or not pairs):  # a gap is never skipped silently
            return NA("a child has no data", NaKind.NO_DATA)
        if not pairs:
            return NA("no values to roll up")
        weights = [1.0] * len(pairs)
        if rollup.weight:
            found = [self.get(rollup.weight, label, k) for _, k in pairs]
            if not all(isinstance(w, float) for w in found):
                return NA("a weight is N/A")
            weights = found
        return AGGREGATES[rollup.method].scalar([v for v, _ in pairs], weights)

    def _cadenced(
        self,
        formula: Formula | None,
        how: str | None,
        cadence: PeriodKind | None,
        label: str,
        i: int,
    ) -> Value:
        if how is None or cadence is None or not is_finer(cadence, Period.from_label(label).kind):
            return self._run(formula, label, i)
        parts = [self._run(formula, sub, i) for sub in sub_labels(label, cadence)]
        return _combine(parts, how)

    def _run(
        self, formula: Formula | None, label: str, i: int, extra: dict[str, Value] | None = None
    ) -> Value:
        if formula is None:
            return NA("no formula")
        extra = extra or {}
        env = {n: extra[n] if n in extra else self.get(n, label, i) for n in formula.program.names}
        return formula.program.explain(env, self.ev.tables).value

    def _target(self, ind: Indicator, label: str, i: int) -> Value:
        if ind.level is not None:
            inside = self.ev.chain(ind.level) if ind.rollup else [ind.level]
            if self.ev.levels[i] not in inside:
                return NA("not scored at this level")
        if ind.target is None:
            return NA("no target")
        if ind.target.formula is not None:
            return self._run(ind.target.formula, label, i)
        declared, value = ind.target.for_label(label)
        return NA("no target") if not declared or value is None else value

    def _capaian(self, ind: Indicator, label: str, i: int) -> Value:
        real = self.get(f"{ind.id}.realisasi", label, i)
        target = self.get(f"{ind.id}.target", label, i)
        if ind.capaian is not None:
            value = self._run(ind.capaian, label, i, {"realisasi": real, "target": target})
        elif isinstance(real, NA) or isinstance(target, NA):  # the first N/A, of its kind
            return NA("no capaian", (real if isinstance(real, NA) else target).kind)
        elif target == 0:
            return NA("no capaian")
        elif ind.polarity == "higher":
            value = real / target * 100.0
        else:
            value = (2 * target - real) / target * 100.0
        if isinstance(value, float) and ind.cap is not None:
            value = float(min(value, ind.cap))
        if isinstance(value, float) and ind.floor is not None:
            value = float(max(value, ind.floor))
        return value

    def _score(self, sc: Score, label: str, i: int) -> Value:
        value = self._score_uncapped(sc, label, i)
        if isinstance(value, float) and sc.cap is not None:
            value = float(min(value, sc.cap))
        return value

    def _score_uncapped(self, sc: Score, label: str, i: int) -> Value:
        if sc.method == "formula" and sc.formula is not None:
            return self._run(sc.formula, label, i)
        parts = [(self.get(f"{x}.{sc.of}", label, i), self.rs.indicators[x]) for x in sc.indicators]
        present = [(v, ind) for v, ind in parts if isinstance(v, float)]
        if sc.method == "mean_of_groups":
            return _mean_of_groups(present)
        weights = [ind.weight.value if ind.weight else 0.0 for _, ind in present]
        values = [v for v, _ in present]
        if sc.method == "weighted_sum" and not sc.renormalize:
            missing = [v for v, _ in parts if isinstance(v, NA)]
            if missing:  # the first indicator's N/A, of its kind
                return NA("an indicator is N/A", missing[0].kind)
            products = [v * w for v, w in zip(values, weights, strict=True)]
            return AGGREGATES["sum"].scalar(products, []) / 100.0
        if sc.method == "mean":
            weights = [1.0] * len(values)
        if not sum(weights):
            return NA("every indicator is N/A")
        return AGGREGATES["weighted_mean"].scalar(values, weights)

    def predikat(self, table_id: str, value: Value, rounding: Rounding) -> Value:
        """The band of one value, banding the presented value for tables `on: rounded`."""
        if not isinstance(value, float):
            return NA("no value")
        table = self.rs.tables[table_id]
        if table.on == "rounded":
            value = apply_rounding(value, rounding.decimals, rounding.mode)
        found = next((b.label for b in table.bands if b.contains(value)), None)
        return NA("outside every band") if found is None else found

    def ranks(self, ranking: Ranking, label: str) -> dict[str, int | None]:
        """Competition ranks (1, 2, 2, 4) by the presented value (no tie-breakers)."""
        units = [i for i in range(self.ev.n) if self.ev.levels[i] == ranking.level]
        by = self.rs.scores[ranking.by]
        shown: dict[str, float] = {}
        for i in units:
            value = self.get(ranking.by, label, i)
            if isinstance(value, float):
                shown[self.ev.ids[i]] = apply_rounding(
                    value, by.rounding.decimals, by.rounding.mode
                )
        sign = -1 if ranking.descending else 1
        out: dict[str, int | None] = {self.ev.ids[i]: None for i in units}
        for unit, value in shown.items():
            out[unit] = 1 + sum(1 for other in shown.values() if sign * other < sign * value)
        return out


def _combine(parts: list[Value], how: str) -> Value:
    missing = [p for p in parts if isinstance(p, NA) and p.kind is not NaKind.REPORTED]
    if missing:  # the first missing period's N/A, of its kind
        return NA("a period is missing", missing[0].kind)
    values = [p for p in parts if not isinstance(p, NA)]
    if not values:
        return NA(REPORTED_NA, NaKind.REPORTED)
    return AGGREGATES[how].scalar(values, [1.0] * len(values))


def _mean_of_groups(present: list[tuple[float, Indicator]]) -> Value:
    groups: dict[str, list[float]] = {}
    for value, ind in present:
        groups.setdefault(ind.group or "", []).append(value)
    if not groups:
        return NA("every indicator is N/A")
    mean = AGGREGATES["mean"].scalar
    return mean([mean(v, []) for v in groups.values()], [])
