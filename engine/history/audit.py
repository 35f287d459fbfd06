"""Audit: recompute every published figure of a report and explain each that does not reproduce.

For a figure whose printed text differs from perkin's value the audit shows the arithmetic and
tests, from the data alone, what could explain the difference:

- rounding rule: the value matches under the other rounding mode;
- blank cell: an input is missing, and reading the missing input as 0 gives the printed figure;
- carried error: the figure follows from the report's own printed parts (or upstream figures),
  one of which does not reproduce;
- rounded parts: it follows from the printed (rounded) values of parts that all reproduce;
- wrong average: it differs from the mean of its printed parts;
- copied value: it is the printed value of another figure of the same kind;
- typo: none of the above.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, cast

import numpy as np

from dsl.errors import Location
from dsl.rounding import format_fixed
from engine.data.bind import period_key
from engine.data.cells import Missing
from engine.data.model import Bulk
from engine.data.read import Dataset, Record
from engine.history.cases import Case, Published, load_case
from engine.history.replay import (
    Check,
    Recomputation,
    detail,
    pick,
    printed_number,
    same,
    series_items,
    shown,
    title,
)
from engine.periods import Period, PeriodKind, sub_labels
from engine.ruleset.checks import dependencies
from engine.ruleset.model import Rollup, RoundingMode, Ruleset
from engine.scoring.aggregates import AGGREGATES
from engine.scoring.evaluate import Evaluator
from engine.scoring.vectors import Vec

BLANK = Location(file="(audit: blank cell read as 0)")


@dataclass(frozen=True, slots=True)
class Part:
    """One operand of a derivation: an engine name at a unit, period and series item."""

    node: str
    unit: str
    label: str
    item: str | None


@dataclass(frozen=True, slots=True)
class Derivation:
    """How the engine derives a value from its parts: an aggregate or a formula."""

    how: str  # one of AGGREGATES, or formula
    parts: tuple[Part, ...]
    text: str
    weights: tuple[float, ...] = ()

    def describe(self, values: Sequence[float | None]) -> str:
        """The derivation with numbers: 'mean of x over S1, S2: (1 + 2)/2' or 'a * b with a = 1'."""
        shown_values = [_num(v) for v in values]
        if self.how not in AGGREGATES:
            pairs = ", ".join(
                f"{p.node} = {v}" for p, v in zip(self.parts, shown_values, strict=True)
            )
            return f"{self.text} with {pairs}"
        arithmetic = AGGREGATES[self.how].text(shown_values)
        return f"{self.how} of {_parts_text(self.parts)}: {arithmetic}"


@dataclass(frozen=True, slots=True)
class Trial:
    """A derivation re-done with the report's printed values for the parts it printed."""

    derivation: Derivation
    values: tuple[float | None, ...]
    used: tuple[Check | None, ...]
    value: float | None

    def follows(self, pub: Published) -> bool:
        """Whether the re-done value, rounded the report's way, is the printed text."""
        return self.value is not None and same(pub, _fmt(self.value, pub), pub.printed)


class Definition(NamedTuple):
    """What the ruleset says about how a name is computed across periods and units."""

    combine: str | None
    cadence: PeriodKind | None
    level: str | None
    rollup: Rollup | None


def audit_case(case: Case) -> list[str]:
    """Every published figure that does not reproduce, with its arithmetic and likely causes."""
    auditor = Auditor(case, Recomputation.of(case))
    wrong = [c for c in auditor.checks if not c.reproduces]
    total = len(case.published)
    lines = [f"audit of {case.path}: {total} published figure(s), {len(wrong)} do not reproduce"]
    for check in wrong:
        lines += auditor.finding(check)
    return lines


class Auditor:
    """A case's recomputation, its printed figures by key, and the ruleset's dependency graph."""

    def __init__(self, case: Case, rec: Recomputation) -> None:
        """Index the printed figures and prepare the dependency graph and the zero-filled data."""
        self.case, self.rec, self.rs = case, rec, rec.ruleset
        self.checks = [rec.check(pub) for pub in case.published]
        self.printed: dict[tuple[str, str, str | None, str], Check] = {}
        for check in self.checks:
            if check.pub.field != "predikat":
                self.printed.setdefault(self._key(check.pub), check)
        self.graph = _closure(self.rs)
        self.zero = _zero_filled(self.rs, rec.dataset)

    def canonical(self, node: str) -> str:
        """A realisasi that only names a figure is that figure (ek.realisasi is ek_koordinasi)."""
        for _ in range(20):
            ind = (
                self.rs.indicators.get(node.rpartition(".")[0])
                if node.endswith(".realisasi")
                else None
            )
            text = ind.realisasi.text.strip() if ind else ""
            if ind is None or ind.combine is not None or text not in self.rs.figures:
                break
            node = text
        return node

    def _key(self, pub: Published) -> tuple[str, str, str | None, str]:
        """Where a published figure is filed: unit, canonical name, item, period."""
        return (pub.unit, self.canonical(pub.node), pub.item, pub.label)

    def printed_part(self, part: Part) -> Check | None:
        """The published figure that prints this part, if any."""
        return self.printed.get((part.unit, self.canonical(part.node), part.item, part.label))

    def upstream(self, node: str) -> set[str]:
        """Every engine name (inputs included) a node is computed from."""
        return self.graph.get(self.canonical(node), set())

    # one finding ---------------------------------------------------------------------------------

    def finding(self, check: Check) -> list[str]:
        """The lines of one figure that does not reproduce."""
        pub = check.pub
        head = title(pub, self.case.unit)
        lines = [
            f"{head}: published {pub.printed}, computed {check.shown} ({detail(check.outcome)})"
        ]
        lines.append(f"    arithmetic: {self.arithmetic(check)}")
        causes = list(self.causes(check)) or [_typo(check)]
        return lines + [f"    cause: {cause}" for cause in causes]

    def causes(self, check: Check) -> Iterator[str]:
        """Every cause the data supports, most specific first."""
        yield from self.rounding_rule(check)
        yield from self.blank_cell(check)
        yield from self.from_parts(check)
        yield from self.copied_value(check)

    def arithmetic(self, check: Check) -> str:
        """The engine's derivation of the figure, one level deep, with its numbers."""
        pub, outcome = check.pub, check.outcome
        result = _num(outcome.value) if outcome.value is not None else f"N/A ({outcome.reason})"
        if pub.field == "predikat":
            return f"band of {pub.node} in the ruleset's predikat table → {result}"
        if pub.kind == "ranking":
            return f"place in {pub.name}, by {self.rs.rankings[pub.name].by} → {result}"
        found = self.derivations(pub)
        if pub.field == "target" or not found:
            return f"{pub.node} as declared or read from the data → {result}"
        values = [self.value(self.rec.evaluator, p) for p in found[0].parts]
        return f"{found[0].describe(values)} → {result}"

    def value(self, ev: Evaluator, part: Part) -> float | None:
        """One part's number in an evaluator."""
        column = None
        if part.item is not None:
            items = series_items(self.rs, self.canonical(part.node)) or ()
            column = items.index(part.item) if part.item in items else None
        found = pick(ev.get(part.node, part.label), self.rec.bound.index[part.unit], column).value
        return found if isinstance(found, float) else None

    # derivations ---------------------------------------------------------------------------------

    def derivations(self, pub: Published) -> list[Derivation]:
        """The ways the engine's value of a figure decomposes into parts, the main one first."""
        node = self.canonical(pub.node)
        found = [self._combined(node, pub), self._rolled(node, pub), self._formula(node, pub)]
        return [d for d in found if d is not None]

    def definition(self, node: str) -> Definition:
        """Combine, cadence, level and roll-up of a figure, indicator realisasi or score."""
        base, _, part = node.rpartition(".")
        if node in self.rs.figures:
            f = self.rs.figures[node]
            return Definition(f.combine, f.cadence, f.level, f.rollup)
        if base in self.rs.indicators and part == "realisasi":
            ind = self.rs.indicators[base]
            return Definition(ind.combine, ind.cadence, ind.level, ind.rollup)
        if node in self.rs.scores:
            return Definition(None, None, self.rs.scores[node].level, self.rs.scores[node].rollup)
        return Definition(None, None, None, None)

    def _combined(self, node: str, pub: Published) -> Derivation | None:
        """A longer period made of the cadence periods (a year of two semesters)."""
        how, cadence, _, _ = self.definition(node)
        subs = sub_labels(pub.label, cadence) if how and cadence else [pub.label]
        if how is None or subs == [pub.label]:
            return None
        parts = tuple(Part(node, pub.unit, s, pub.item) for s in subs)
        return Derivation(how, parts, f"{how} of {', '.join(subs)}")

    def _rolled(self, node: str, pub: Published) -> Derivation | None:
        """A parent unit made of the units below it."""
        _, _, level, rollup = self.definition(node)
        ev, unit = self.rec.evaluator, self.rec.bound.index[pub.unit]
        if level is None or rollup is None or ev.levels[unit] == level:
            return None
        chain = ev.chain(level)
        kids = [k for k in range(ev.n) if ev.parents[k] == unit and ev.levels[k] in chain]
        parts = tuple(Part(node, self.rec.bound.units[k].id, pub.label, pub.item) for k in kids)
        weights: tuple[float, ...] = ()
        if rollup.method == "weighted_mean" and rollup.weight:
            numbers = ev.get(rollup.weight, pub.label).numbers()
            weights = tuple(float(numbers[k]) for k in kids)
        return Derivation(rollup.method, parts, "the units below", weights) if kids else None

    def _formula(self, node: str, pub: Published) -> Derivation | None:
        """The node's own formula over names at the same unit and period."""
        level = self.definition(node).level
        unit_level = self.rec.evaluator.levels[self.rec.bound.index[pub.unit]]
        if self._combined(node, pub) is not None or level not in (None, unit_level):
            return None
        names, text, how = self._formula_names(node)
        if how == "formula":
            names = sorted(names, key=lambda n: (text.find(n) if n in text else len(text), n))
        parts = tuple(Part(n, pub.unit, pub.label, self._item_for(n, pub.item)) for n in names)
        return Derivation(how, parts, text) if names else None

    def _item_for(self, name: str, item: str | None) -> str | None:
        """A series part is read at the figure's own item."""
        return item if item is not None and series_items(self.rs, self.canonical(name)) else None

    def _formula_names(self, node: str) -> tuple[list[str], str, str]:
        """The names a node's own formula reads, its text, and its kind (formula or a mean)."""
        base, _, part = node.rpartition(".")
        formula = None
        if node in self.rs.figures:
            formula = self.rs.figures[node].formula
        elif base in self.rs.indicators and part == "realisasi":
            formula = self.rs.indicators[base].realisasi
        elif base in self.rs.indicators and part == "capaian":
            return [f"{base}.realisasi", f"{base}.target"], "realisasi / target * 100", "formula"
        elif node in self.rs.scores:
            score = self.rs.scores[node]
            formula = score.formula
            if formula is None:
                return [f"{i}.{score.of}" for i in score.indicators], score.method, score.method
        if formula is None:
            return [], "", "formula"
        return list(formula.program.names), formula.text.strip(), "formula"

    # re-doing a derivation with the printed values -------------------------------------------

    def trials(self, pub: Published) -> list[Trial]:
        """Each derivation re-done with the printed values of the parts the report printed."""
        out = []
        for d in self.derivations(pub):
            used = tuple(self.printed_part(p) for p in d.parts)
            printed = [_number_of(u) for u in used]
            if all(n is None for n in printed):
                continue
            values = tuple(
                n if n is not None else self.value(self.rec.evaluator, p)
                for p, n in zip(d.parts, printed, strict=True)
            )
            out.append(Trial(d, values, used, self._redo(pub, d, values, printed)))
        return out

    def _redo(
        self, pub: Published, d: Derivation, values: Sequence[float | None],
        printed: Sequence[float | None],
    ) -> float | None:  # fmt: skip
        """The derivation re-done: an aggregate of the values, or the formula with printed parts."""
        if d.how in AGGREGATES:
            return _aggregate(d.how, values, d.weights)
        ev = self.rec.fresh()
        for part, number in zip(d.parts, printed, strict=True):
            if number is not None:
                self._seed(ev, part, number)
        return self.value(ev, Part(self.canonical(pub.node), pub.unit, pub.label, pub.item))

    def _seed(self, ev: Evaluator, part: Part, number: float) -> None:
        """Make an evaluator read `number` for one unit of a name (the others keep theirs)."""
        vec = ev.get(part.node, part.label)
        if vec.values.ndim != 1 or vec.values.dtype == object:
            return
        unit = self.rec.bound.index[part.unit]
        values, codes = vec.values.astype(np.float64), vec.codes.copy()
        values[unit], codes[unit] = number, 0
        ev.memo[(part.node, part.label)] = Vec(values, codes)

    # causes ----------------------------------------------------------------------------------

    def rounding_rule(self, check: Check) -> Iterator[str]:
        """The value matches when rounded the other way."""
        pub, value = check.pub, check.outcome.value
        if not isinstance(value, float) or pub.field == "predikat":
            return
        other: RoundingMode = "truncate" if pub.mode == "half_up" else "half_up"
        text = format_fixed(value, pub.decimals, other)
        if same(pub, text, pub.printed):
            verb = "truncated" if other == "truncate" else "rounded half up"
            yield (
                f"rounding rule: the report {verb} {_num(value)} to {text}; "
                f"{pub.mode} to {pub.decimals} decimal(s) gives {check.shown}"
            )

    def blank_cell(self, check: Check) -> Iterator[str]:
        """A missing input read as 0 gives the printed figure."""
        pub = check.pub
        blanks = [r for r in self.zero.filled if r.variable in self.upstream(pub.node)]
        if not blanks:
            return
        outcome = self.rec.outcome(pub, self.rec.fresh(self.zero.dataset))
        text = shown(outcome, pub.decimals, pub.mode)
        if same(pub, text, pub.printed):
            cells = ", ".join(f"{r.variable} of {r.unit} in {r.period}" for r in blanks[:4])
            gives = f"{_num(outcome.value)} → {text}"
            yield f"blank cell: {cells} has no value; read as 0 it gives {gives}"

    def from_parts(self, check: Check) -> Iterator[str]:
        """Carried errors, rounded parts and wrong averages, from the printed parts."""
        pub = check.pub
        trials = self.trials(pub)
        good = [t for t in trials if t.follows(pub)]
        upstream = None if good else self.carried_upstream(pub)
        averages = [t for t in trials if _is_average(t.derivation.how)]
        if good:
            yield self._follows_text(good[0], pub)
        elif upstream:
            yield upstream
        elif averages:
            t = averages[0]
            arith = AGGREGATES[t.derivation.how].text([_num(v) for v in t.values])
            mean = f"{arith} = {_num(t.value)}, not {pub.printed}"
            yield f"wrong average: the mean of its printed parts is {mean}"

    def _follows_text(self, trial: Trial, pub: Published) -> str:
        """A carried error or rounded parts, with the arithmetic of the printed parts."""
        arith = trial.derivation.describe(trial.values)
        result = f"{arith} gives {_num(trial.value)} → {_fmt(cast(float, trial.value), pub)}"
        bad = [u for u in trial.used if u is not None and not u.reproduces]
        if not bad:
            return (
                f"rounded parts: the report worked from the rounded values of its parts: {result}"
            )
        names = ", ".join(
            f"{self._title(u)} (printed {u.pub.printed}, computed {u.shown})" for u in bad
        )
        verb = "does" if len(bad) == 1 else "do"
        but = f"but {names} {verb} not reproduce"
        return f"carried error: it follows from its printed parts: {result}; {but}"

    def carried_upstream(self, pub: Published) -> str | None:
        """A wrong figure up the chain that, as printed, makes this one reproduce."""
        mine = self.canonical(pub.node)
        for candidate in self._upstream_wrong(mine):
            ev = self.rec.fresh()
            number = _number_of(candidate)
            cp = candidate.pub
            if number is not None:
                self._seed(ev, Part(cp.node, cp.unit, cp.label, cp.item), number)
            value = self.rec.outcome(pub, ev).value
            if isinstance(value, float) and same(pub, _fmt(value, pub), pub.printed):
                computed = f"computed {candidate.shown}"
                upstream = f"{self._title(candidate)} as printed ({cp.printed}, {computed})"
                return f"carried error: with {upstream} the figure is {_num(value)} → {pub.printed}"
        return None

    def _upstream_wrong(self, mine: str) -> list[Check]:
        """Published figures upstream of a node that do not reproduce, one per key."""
        seen: dict[tuple[str, str, str | None, str, str], Check] = {}
        for c in self.checks:
            node = self.canonical(c.pub.node)
            wrong = not c.reproduces and c.pub.field != "predikat"
            if wrong and node != mine and node in self.upstream(mine):
                seen.setdefault(c.pub.key(), c)
        return list(seen.values())

    def copied_value(self, check: Check) -> Iterator[str]:
        """The printed figure is the printed value of another figure of the same kind."""
        mine = _number_of(check)
        for other in self.checks if mine is not None else ():
            if self._copy_source(check, other, cast(float, mine)):
                why = "reproduces" if other.reproduces else "follows from its own printed parts"
                where = f"{self._title(other)}, which {why}"
                yield f"copied value: {check.pub.printed} is printed for {where}"
                return

    def _copy_source(self, check: Check, other: Check, mine: float) -> bool:
        """Whether `other` prints the same distinctive number and is a figure of the same kind."""
        pub, them = check.pub, other.pub
        number = _number_of(other)
        if (
            them.key() == pub.key()
            or them.field != pub.field
            or mine.is_integer()
            or number is None
        ):
            return False
        if _fmt(number, pub) != _fmt(mine, pub) or check.shown == _fmt(mine, pub):
            return False
        mine_node, their_node = self.canonical(pub.node), self.canonical(them.node)
        if mine_node != their_node and (them.kind != pub.kind or them.unit != pub.unit):
            return False
        if other.reproduces:
            return True
        linked = mine_node in self.upstream(their_node) or their_node in self.upstream(mine_node)
        return (
            mine_node != their_node
            and not linked
            and any(t.follows(them) for t in self.trials(them))
        )

    def _title(self, check: Check) -> str:
        """A published figure as the lines name it."""
        return title(check.pub, self.case.unit)


# helpers ---------------------------------------------------------------------------------------


def _typo(check: Check) -> str:
    """The fallback: nothing in the data explains the printed figure."""
    return (
        f"typo: no rounding rule, blank cell, printed part or other published figure gives "
        f"{check.pub.printed}; the inputs give {check.shown}"
    )


def _aggregate(
    how: str, values: Sequence[float | None], weights: Sequence[float] = ()
) -> float | None:
    """An aggregate of numbers (unit weights unless one per value is given); None when one is
    missing or the aggregate has no value."""
    if not values or any(v is None for v in values):
        return None
    nums = [cast(float, v) for v in values]
    w = list(weights) if len(weights) == len(nums) else [1.0] * len(nums)
    result = AGGREGATES[how].scalar(nums, w)
    return None if math.isnan(result) else result


def _is_average(how: str) -> bool:
    return how in AGGREGATES and AGGREGATES[how].average


def _parts_text(parts: Sequence[Part]) -> str:
    """'ikm of kec_a, kec_b in S2', 'konsistensi of jakarta_pusat over B01…B12', or the names."""
    nodes = {p.node for p in parts}
    units = list(dict.fromkeys(p.unit for p in parts))
    labels = list(dict.fromkeys(p.label for p in parts))
    if len(nodes) == 1 and len(units) == 1 and len(labels) > 1:
        span = f"{labels[0]}…{labels[-1]}" if len(labels) > 3 else ", ".join(labels)
        return f"{parts[0].node} of {units[0]} over {span}"
    if len(nodes) == 1 and len(labels) == 1:
        many = f"{units[0]} … {units[-1]} ({len(units)} units)"
        return f"{parts[0].node} of {', '.join(units) if len(units) <= 3 else many} in {labels[0]}"
    return ", ".join(p.node for p in parts)


def _num(value: float | str | None) -> str:
    """A number with at most 4 decimals, a label, or N/A."""
    if value is None:
        return "N/A"
    return value if isinstance(value, str) else f"{round(value, 4):.15g}"


def _fmt(value: float, pub: Published) -> str:
    """A value rounded the way the report rounded the published figure."""
    return format_fixed(value, pub.decimals, pub.mode)


def _number_of(check: Check | None) -> float | None:
    """The number a published figure prints, if it prints one."""
    if check is None or check.pub.field == "predikat":
        return None
    return printed_number(check.pub.printed, check.pub.decimals)


def _closure(rs: Ruleset) -> dict[str, set[str]]:
    """Every name's transitive dependencies, inputs and roll-up weights included."""
    direct = {k: set(v) for k, v in dependencies(rs).items()}
    for fig in rs.figures.values():
        weight = {fig.rollup.weight} if fig.rollup and fig.rollup.weight else set()
        direct[fig.id] = (set(fig.formula.program.names) if fig.formula else set()) | weight
    for ind in rs.indicators.values():
        direct[f"{ind.id}.realisasi"] = set(ind.realisasi.program.names)
    return {name: _reachable(direct, name) for name in direct}


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every name reachable from `start` in a dependency graph."""
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += graph.get(current, set())
    return seen


# blank cells read as 0 ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZeroFilled:
    """The dataset with each blank input value of a unit that reports the input read as 0."""

    dataset: Dataset
    filled: tuple[Record, ...]


def _zero_filled(rs: Ruleset, dataset: Dataset) -> ZeroFilled:
    """Blank cells (no value where the unit reports the input's other periods or items) as 0."""
    kept = [r for r in dataset.every_record() if not _blank(r)]
    present = {(r.unit, r.variable, r.item, period_key(r.period)) for r in kept}
    filled = []
    for unit, variable, item, period in _slots(rs, kept):
        label = period.engine_label
        if not {(unit, variable, item, label), (unit, variable, item, "*")} & present:
            filled.append(Record(unit, period, variable, item, 0.0, "0", BLANK, None))
    return ZeroFilled(replace(dataset, records=(*kept, *filled), bulk=Bulk()), tuple(filled))


def _blank(record: Record) -> bool:
    """A record of an empty cell (an N/A or a dash says there is no value; a blank does not)."""
    return isinstance(record.value, Missing) and record.value.reason == "empty cell"


def _slots(rs: Ruleset, records: Iterable[Record]) -> Iterator[tuple[str, str, str | None, Period]]:
    """Each (unit, input, item, period) an input can have, for the units that report it."""
    units: dict[str, set[str]] = {}
    for r in records:
        units.setdefault(r.variable, set()).add(r.unit)
    for name, spec in rs.inputs.items():
        items: tuple[str | None, ...] = spec.items if spec.axis and spec.items else (None,)
        periods = Period(rs.year or None, "tahunan").subperiods(spec.period)
        for unit in sorted(units.get(name, ())) if spec.kind != "text" else ():
            for item in items:
                for period in periods:
                    yield unit, name, item, period


def audit_file(path: Path) -> list[str]:
    """Recompute every published figure of a case file and explain each that does not reproduce."""
    return audit_case(load_case(path))
