"""How the engine derives a value from its parts (periods, units below, formula), for the audit."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from dsl.history import year_ref
from dsl.i18n import _, pgettext
from engine.history.cases import Published
from engine.history.earlier_cells import earlier_label
from engine.history.figures import precise_text
from engine.history.replay import Recomputation, pick, series_items
from engine.periods import PeriodKind, sub_labels
from engine.ruleset.capaian import DEFAULT_CAPAIAN
from engine.ruleset.checks import dependencies
from engine.ruleset.model import Formula, Indicator, NodeKind, Ref, Rollup, Ruleset
from engine.scoring.aggregates import AGGREGATES
from engine.scoring.evaluate import Evaluator
from engine.scoring.history_values import earlier_year


@dataclass(frozen=True, slots=True)
class Part:
    """One operand of a derivation: an engine name at a unit, period and series item, and the
    earlier year a formula reads it of (PREV, HISTORY, GROWTH, TREND), if it does."""

    node: str
    unit: str
    label: str
    item: str | None
    year: int | None = None

    def shown(self) -> str:
        """The part as a derivation names it: 'x', or 'x in 2021' for an earlier year's."""
        if self.year is None:
            return self.node
        return _("{name} in {year}").format(name=self.node, year=self.year)


@dataclass(frozen=True, slots=True)
class Derivation:
    """How the engine derives a value from its parts: an aggregate or a formula."""

    how: str  # one of AGGREGATES, or formula
    parts: tuple[Part, ...]
    text: str
    weights: tuple[float, ...] = ()

    def describe(self, values: Sequence[float | None]) -> str:
        """The derivation with numbers: 'mean of x over S1, S2: (1 + 2)/2' or 'a * b with a = 1'."""
        shown_values = [number_text(v) for v in values]
        if self.how not in AGGREGATES:
            pairs = list_text(
                [f"{p.shown()} = {v}" for p, v in zip(self.parts, shown_values, strict=True)]
            )
            return _("{formula} with {values}").format(formula=self.text, values=pairs)
        text = _("{how} of {parts}: {arithmetic}")
        return text.format(
            how=AGGREGATES[self.how].title(),
            parts=_parts_text(self.parts),
            arithmetic=self.arithmetic(values),
        )

    def arithmetic(self, values: Sequence[float | None]) -> str:
        """An aggregate's arithmetic with the values put in: '(1 + 2)/2', or with the weights
        when they differ ('(2 × 90 + 1 × 60)/3')."""
        shown_values = [number_text(v) for v in values]
        uneven = len(set(self.weights)) > 1 and len(self.weights) == len(values)
        if self.how != "weighted_mean" or not uneven:
            return AGGREGATES[self.how].text(shown_values)
        terms = " + ".join(
            f"{number_text(w)} × {v}" for w, v in zip(self.weights, shown_values, strict=True)
        )
        return f"({terms})/{number_text(math.fsum(self.weights))}"


class Definition(NamedTuple):
    """What the ruleset says about how a name is computed across periods and units."""

    combine: str | None
    cadence: PeriodKind | None
    level: str | None
    rollup: Rollup | None


class Deriver:
    """A recomputation's ruleset read as derivations: names, dependencies, parts, values."""

    def __init__(self, rec: Recomputation) -> None:
        """Prepare the ruleset's dependency graph."""
        self.rec, self.rs = rec, rec.ruleset
        self.graph = _closure(self.rs)

    def canonical(self, node: str) -> str:
        """A realisasi that only names a figure is that figure (ek.realisasi is ek_koordinasi)."""
        for _step in range(20):
            ref = self.rs.ref(node)
            is_realisasi = ref is not None and ref.kind is NodeKind.PART and ref.part == "realisasi"
            ind = self.rs.indicators[ref.id] if ref is not None and is_realisasi else None
            text = ind.realisasi.text.strip() if ind else ""
            if ind is None or ind.combine is not None or text not in self.rs.figures:
                break
            node = text
        return node

    def key(self, part: Part) -> tuple[str, str, str | None, str]:
        """Where a part's value is filed (seeding.Key): an earlier year's under its own period,
        by the name the history gives it."""
        if part.year is not None:
            return (part.unit, part.node, part.item, earlier_label(part.label, part.year))
        return (part.unit, self.canonical(part.node), part.item, part.label)

    def upstream(self, node: str) -> set[str]:
        """Every engine name (inputs included) a node is computed from."""
        return self.graph.get(self.canonical(node), set())

    def value(self, ev: Evaluator, part: Part) -> float | None:
        """One part's number in an evaluator."""
        if part.year is not None:
            vec = ev.earlier(year_ref(part.node, part.year), part.label)
            found = pick(vec, self.rec.bound.index[part.unit], None).value
            return found if isinstance(found, float) else None
        column = None
        if part.item is not None:
            items = series_items(self.rs, self.canonical(part.node)) or ()
            column = items.index(part.item) if part.item in items else None
        found = pick(ev.get(part.node, part.label), self.rec.bound.index[part.unit], column).value
        return found if isinstance(found, float) else None

    def derivations(self, pub: Published | Part) -> list[Derivation]:
        """The ways the engine's value of a figure (or of any part) decomposes into parts, the
        main one first."""
        at = pub if isinstance(pub, Part) else Part(pub.node, pub.unit, pub.label, pub.item)
        node = self.canonical(at.node)
        found = [self._combined(node, at), self._rolled(node, at), self._formula(node, at)]
        return [d for d in found if d is not None]

    def rolled(self, part: Part) -> Derivation | None:
        """A parent unit's value rolled up from the units below it, if the name rolls up."""
        return self._rolled(self.canonical(part.node), part)

    def definition(self, node: str) -> Definition:
        """Combine, cadence, level and roll-up of a figure, indicator realisasi or score."""
        match self.rs.ref(node):
            case Ref(kind=NodeKind.FIGURE):
                f = self.rs.figures[node]
                return Definition(f.combine, f.cadence, f.level, f.rollup)
            case Ref(kind=NodeKind.PART, id=base, part="realisasi"):
                ind = self.rs.indicators[base]
                return Definition(ind.combine, ind.cadence, ind.level, ind.rollup)
            case Ref(kind=NodeKind.SCORE):
                score = self.rs.scores[node]
                return Definition(None, None, score.level, score.rollup)
        return Definition(None, None, None, None)

    def _combined(self, node: str, pub: Part) -> Derivation | None:
        """A longer period made of the cadence periods (a year of two semesters)."""
        how, cadence, _level, _rollup = self.definition(node)
        subs = sub_labels(pub.label, cadence) if how and cadence else [pub.label]
        if how is None or subs == [pub.label]:
            return None
        parts = tuple(Part(node, pub.unit, s, pub.item) for s in subs)
        text = _("{how} of {periods}").format(how=AGGREGATES[how].title(), periods=", ".join(subs))
        return Derivation(how, parts, text)

    def _rolled(self, node: str, pub: Part) -> Derivation | None:
        """A parent unit made of the units below it."""
        level, rollup = self.definition(node)[2:]
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
        return Derivation(rollup.method, parts, _("the units below"), weights) if kids else None

    def _formula(self, node: str, pub: Part) -> Derivation | None:
        """The node's own formula over names at the same unit and period."""
        level = self.definition(node).level
        unit_level = self.rec.evaluator.levels[self.rec.bound.index[pub.unit]]
        if self._combined(node, pub) is not None or level not in (None, unit_level):
            return None
        names, text, how = self._formula_names(node)
        if how == "formula":
            names = sorted(names, key=lambda n: (text.find(n) if n in text else len(text), n))
        parts = tuple(Part(n, pub.unit, pub.label, self._item_for(n, pub.item)) for n in names)
        parts = tuple(dict.fromkeys(parts + self._earlier_parts(node, pub, text)))
        return Derivation(how, parts, text) if parts else None

    def _earlier_parts(self, node: str, pub: Part, text: str) -> tuple[Part, ...]:
        """The values of earlier years a node's formula reads (a history file's cells), in the
        order the formula names them; HISTORY(x, 2024) in 2024 reads this year's x, as the
        engine does, and a later year is N/A, no part."""
        formula = self._own_formula(node)
        year = self.rs.year
        refs = formula.program.history if formula is not None and year else frozenset()
        when = {r: earlier_year(r, year) for r in refs if earlier_year(r, year) <= year}
        ordered = sorted(when, key=lambda r: (text.find(r.name), r.name, when[r]))
        return tuple(
            Part(r.name, pub.unit, pub.label, None, when[r] if when[r] < year else None)
            for r in ordered
        )

    def _own_formula(self, node: str) -> Formula | None:
        """The formula a figure, indicator realisasi or target, or score is computed by, if any."""
        match self.rs.ref(node):
            case Ref(kind=NodeKind.FIGURE):
                return self.rs.figures[node].formula
            case Ref(kind=NodeKind.PART, id=base, part="realisasi"):
                return self.rs.indicators[base].realisasi
            case Ref(kind=NodeKind.PART, id=base, part="target"):
                target = self.rs.indicators[base].target
                return target.formula if target is not None else None
            case Ref(kind=NodeKind.SCORE):
                return self.rs.scores[node].formula
        return None

    def _item_for(self, name: str, item: str | None) -> str | None:
        """A series part is read at the figure's own item."""
        return item if item is not None and series_items(self.rs, self.canonical(name)) else None

    def _formula_names(self, node: str) -> tuple[list[str], str, str]:
        """The names of this year a node's own formula reads, its text, and its kind (formula
        or a mean)."""
        match self.rs.ref(node):
            case Ref(kind=NodeKind.PART, id=base, part="capaian"):
                return _capaian_names(self.rs.indicators[base])
            case Ref(kind=NodeKind.SCORE) if self.rs.scores[node].formula is None:
                score = self.rs.scores[node]
                names = [Ref.part_of(i, score.of).name for i in score.indicators]
                return names, score.method, score.method
        formula = self._own_formula(node)
        if formula is None:
            return [], "", "formula"
        return list(formula.program.names), formula.text.strip(), "formula"


def _capaian_names(ind: Indicator) -> tuple[list[str], str, str]:
    """The names an indicator's capaian reads and its formula as the engine applies it: the
    one it writes (its `realisasi` and `target` being the indicator's), or the polarity's
    default rule, within its cap and floor."""
    own = {"realisasi": f"{ind.id}.realisasi", "target": f"{ind.id}.target"}
    if ind.capaian is not None:
        names = [own.get(n, n) for n in ind.capaian.program.names]
        text = ind.capaian.text.strip()
    else:
        names = list(own.values())
        text = DEFAULT_CAPAIAN[ind.polarity].format(**{k: k for k in own})
    if ind.cap is not None:
        text = f"MIN({text}, {ind.cap:g})"
    if ind.floor is not None:
        text = f"MAX({text}, {ind.floor:g})"
    return names, text, "formula"


def _parts_text(parts: Sequence[Part]) -> str:
    """'ikm of kec_a, kec_b in S2', 'konsistensi of jakarta_pusat over B01…B12', or the names."""
    nodes = {p.node for p in parts}
    units = list(dict.fromkeys(p.unit for p in parts))
    labels = list(dict.fromkeys(p.label for p in parts))
    if len(nodes) == 1 and len(units) == 1 and len(labels) > 1:
        span = f"{labels[0]}…{labels[-1]}" if len(labels) > 3 else ", ".join(labels)
        text = _("{name} of {unit} over {periods}")
        return text.format(name=parts[0].node, unit=units[0], periods=span)
    if len(nodes) == 1 and len(labels) == 1:
        many = _("{first} … {last} ({n} units)").format(
            first=units[0], last=units[-1], n=len(units)
        )
        shown = ", ".join(units) if len(units) <= 3 else many
        text = _("{name} of {units} in {period}")
        return text.format(name=parts[0].node, units=shown, period=labels[0])
    return ", ".join(p.node for p in parts)


def number_text(value: float | str | None) -> str:
    """A number with at most 4 decimals as an office writes it, a label, or N/A."""
    if value is None:
        return "N/A"
    return value if isinstance(value, str) else precise_text(value, 4)


def list_text(items: Sequence[str]) -> str:
    """Items one after the other; Indonesian separates them with ';', since ',' is its decimal
    mark ('a = 97,73; b = 95,45')."""
    return pgettext("list of values", ", ").join(items)


def _closure(rs: Ruleset) -> dict[str, set[str]]:
    """Every name's transitive dependencies, inputs and roll-up weights included."""
    direct = {k: set(v) for k, v in dependencies(rs).items()}
    for fig in rs.figures.values():
        weight = {fig.rollup.weight} if fig.rollup and fig.rollup.weight else set()
        direct[fig.id] = (set(fig.formula.program.names) if fig.formula else set()) | weight
    for ind in rs.indicators.values():
        direct[Ref.part_of(ind.id, "realisasi").name] = set(ind.realisasi.program.names)
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
