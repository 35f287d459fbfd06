"""The explaining path: one unit at a time, in plain Python, with the dsl's explaining evaluator.

It re-derives every figure from the data without the columnar evaluator's arrays, so that a
test can hold the two paths against each other (they must agree on every input).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from dsl import NA
from engine.periods import Period, PeriodKind, is_finer, sub_labels
from engine.ruleset.model import Formula, Indicator, Rollup, Score
from engine.scoring.evaluate import Evaluator
from engine.scoring.vectors import REPORTED_NA

Value = Any  # float | str | tuple | NA


class Deriver:
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
            return _scalar(self.ev.get(name, label), i)  # data is data: read, not derived
        if name in rs.figures:
            fig = rs.figures[name]
            own = partial(self._cadenced, fig.formula, fig.combine, fig.cadence, label, i)
            return self._levelled(name, fig.level, fig.rollup, label, i, own)
        if name in rs.scores:
            sc = rs.scores[name]
            return self._levelled(
                name, sc.level, sc.rollup, label, i, partial(self._score, sc, label, i)
            )
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
        values = [v for v in (self.get(name, label, k) for k in kids) if isinstance(v, float)]
        if not values:
            return NA("no values to roll up")
        return _aggregate(rollup.method, values)

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
        level = self.ev.levels[i]
        if ind.level is not None:
            inside = self.ev.chain(ind.level) if ind.rollup else [ind.level]
            if level not in inside:
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
        elif isinstance(real, NA) or isinstance(target, NA) or target == 0:
            return NA("no capaian")
        elif ind.polarity == "higher":
            value = real / target * 100.0
        else:
            value = (2 * target - real) / target * 100.0
        if isinstance(value, float) and ind.cap is not None:
            value = min(value, ind.cap)
        if isinstance(value, float) and ind.floor is not None:
            value = max(value, ind.floor)
        return value

    def _score(self, sc: Score, label: str, i: int) -> Value:
        if sc.method == "formula" and sc.formula is not None:
            return self._run(sc.formula, label, i)
        parts = [(self.get(f"{x}.{sc.of}", label, i), self.rs.indicators[x]) for x in sc.indicators]
        present = [(v, ind) for v, ind in parts if isinstance(v, float)]
        if sc.method == "mean":
            return sum(v for v, _ in present) / len(present) if present else NA("none")
        if sc.method == "mean_of_groups":
            return _mean_of_groups(present)
        weights = [(v, ind.weight.value if ind.weight else 0.0) for v, ind in present]
        if sc.method == "weighted_sum" and not sc.renormalize:
            if len(present) < len(parts):
                return NA("an indicator is N/A")
            return sum(v * w for v, w in weights) / 100.0
        total = sum(w for _, w in weights)
        return sum(v * w for v, w in weights) / total if total else NA("none")


def _scalar(vec: Any, i: int) -> Value:
    value = vec.at(i)
    if value is None:
        return NA(vec.reason(i) or "N/A")
    if isinstance(value, tuple):
        return tuple(NA("missing item") if v is None else v for v in value)
    return value


def _combine(parts: list[Value], how: str) -> Value:
    if any(isinstance(p, NA) and REPORTED_NA not in p.reason for p in parts):
        return NA("a period is missing")
    values = [p for p in parts if not isinstance(p, NA)]
    if not values:
        return NA(REPORTED_NA)
    match how:
        case "sum":
            return _plain_sum(values)
        case "mean":
            return _plain_sum(values) / len(values)
        case "max":
            return max(values)
        case "min":
            return min(values)
        case "first":
            return values[0]
    return values[-1]


def _plain_sum(values: list[float]) -> float:
    total = 0.0
    for v in values:
        total += v
    return total


def _aggregate(method: str, values: list[float]) -> float:
    match method:
        case "sum":
            return _plain_sum(values)
        case "min":
            return min(values)
        case "max":
            return max(values)
    return _plain_sum(values) / len(values)


def _mean_of_groups(present: list[tuple[float, Indicator]]) -> Value:
    groups: dict[str, list[float]] = {}
    for value, ind in present:
        groups.setdefault(ind.group or "", []).append(value)
    if not groups:
        return NA("none")
    means = [_plain_sum(v) / len(v) for v in groups.values()]
    return _plain_sum(means) / len(means)


def derive(ev: Evaluator, name: str, label: str, unit: int) -> Value:
    """One figure for one unit on the explaining path."""
    return Deriver(ev).get(name, label, unit)


__all__ = ["Deriver", "derive"]
