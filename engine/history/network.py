"""A published report as a network for diagnosis: its printed cells (figures and input cells) and
the ruleset's derivations as relations between them, each read two ways: from the lowest printed
inputs, and as printed (from the printed figures of the table it builds on)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dsl.errors import Location
from dsl.i18n import _
from dsl.rounding import format_fixed
from engine.data.bind import period_key
from engine.data.read import Record
from engine.history.blanks import BLANK
from engine.history.cases import Case, Published
from engine.history.causes import Causes, aggregate
from engine.history.derivations import Derivation, Deriver, Part
from engine.history.earlier_cells import file_cells
from engine.history.figures import decimals_in, printed_number
from engine.history.replay import Check, Recomputation, same, title
from engine.history.seeding import Key, Seeder
from engine.ruleset.model import RoundingMode
from engine.scoring.aggregates import AGGREGATES
from engine.scoring.evaluate import Evaluator

MAX_DEPTH = 8  # derivation levels followed down to printed cells or inputs
MAX_LEAVES = 400  # cells one relation may read


@dataclass(frozen=True, slots=True, eq=False)
class PrintedCell:
    """One printed value: a published figure (each distinct text of a key is its own cell, printed
    once or several times) or an input cell: of the data (blank when `number` is None), or of a
    history file (an earlier year's value, at `where`)."""

    key: Key
    number: float | None
    decimals: int
    mode: RoundingMode
    pubs: tuple[Published, ...] = ()
    record: Record | None = None
    where: Location | None = None
    note: str = ""  # a history file row's source note, where the report printed the value

    @property
    def is_input(self) -> bool:
        """Whether the cell is a value of the data (the lowest printed inputs)."""
        return not self.pubs

    @property
    def text(self) -> str:
        """The printed number in canonical form ('97.43'), or '' for a blank input cell."""
        return "" if self.number is None else format_fixed(self.number, self.decimals, "half_up")

    def presents(self, value: float | None) -> bool:
        """Whether `value`, rounded the way the cell was printed, is the printed text."""
        if value is None or self.number is None:
            return value is None and self.number is None
        if self.pubs:
            pub = self.pubs[0]
            return same(pub, format_fixed(value, pub.decimals, pub.mode), pub.printed)
        return format_fixed(value, self.decimals, self.mode) == self.text

    def interval(self) -> tuple[float, float] | None:
        """The raw values that print as this cell's text: [low, high)."""
        if self.number is None:
            return None
        unit = 10.0**-self.decimals
        if self.mode == "truncate":
            return (
                (self.number, self.number + unit)
                if self.number >= 0
                else (self.number - unit, self.number)
            )
        return (self.number - unit / 2, self.number + unit / 2)

    def agrees(self, other: PrintedCell) -> bool:
        """Whether one value can print as both cells (101.5 and 101.50 can; 97.43 and 97.60
        cannot)."""
        mine, theirs = self.interval(), other.interval()
        if mine is None or theirs is None:
            return mine is None and theirs is None
        return mine[0] < theirs[1] and theirs[0] < mine[1]

    def name(self, default_unit: str | None) -> str:
        """The cell as people find it: '003:1981 … value 2024-S2' or 'ek_v08 of unit in S2
        (examples/2024/ek_asisten.csv:5)'."""
        if self.pubs:
            sources = ", ".join(dict.fromkeys(p.source for p in self.pubs if p.source))
            head = title(self.pubs[0], default_unit)
            first = self.pubs[0].source
            return f"{sources} {head.removeprefix(f'{first} ')}" if first and sources else head
        unit, node, item, label = self.key
        where = ""
        loc = self.record.location if self.record is not None else self.where
        if loc is not None and loc is not BLANK:
            path = os.path.normpath(loc.file or "")
            where = f" ({path}:{loc.line})" if loc.line else f" ({path})"
        if self.note and where:
            where = f"{where[:-1]}; {self.note})"
        shown = f"{node}[{item}]" if item is not None else node
        return _("{name} of {unit} in {period}").format(name=shown, unit=unit, period=label) + where


@dataclass(frozen=True, slots=True, eq=False)
class Relation:
    """A printed figure and the printed cells its derivation reads (as printed), with both
    readings: whether it reproduces from the lowest inputs, and from the printed parts."""

    output: PrintedCell
    leaves: tuple[PrintedCell, ...]
    lowest: bool
    as_printed: bool | None  # None: no derivation to re-do with printed parts
    printed_value: float | None
    deep: bool = False  # it reproduces as printed only one table further down

    @property
    def holds(self) -> bool:
        """Whether the figure follows from the report's numbers under one reading or the other."""
        return self.lowest or self.as_printed is True


@dataclass
class Network:
    """The cells of a case, its relations, and evaluators seeded with printed values."""

    case: Case
    rec: Recomputation
    checks: Sequence[Check]
    causes: Causes
    cells: list[PrintedCell] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    primary: dict[Key, PrintedCell] = field(default_factory=dict)
    inputs: dict[Key, PrintedCell] = field(default_factory=dict)
    duplicates: list[tuple[PrintedCell, PrintedCell]] = field(default_factory=list)
    _by_leaf: dict[Key, list[Relation]] = field(default_factory=dict)
    _seeder: Seeder | None = None

    @property
    def derive(self) -> Deriver:
        """The ruleset read as derivations."""
        return self.causes.derive

    def key_of(self, part: Part) -> Key:
        """Where a part's value is filed."""
        return self.derive.key(part)

    # evaluators ------------------------------------------------------------------------------

    def seeded(self, values: Mapping[Key, float | None], skip: Iterable[Key] = ()) -> Evaluator:
        """A fresh evaluator reading `values` (printed numbers, corrections) for their keys; a
        skipped key is recomputed from the values below it."""
        if self._seeder is None:
            self._seeder = Seeder(self.rec, self.derive)
        return self._seeder.evaluator(values, set(skip))

    def printed_values(self) -> dict[Key, float | None]:
        """Every key's printed number (the first printing of a key printed differently)."""
        return {k: c.number for k, c in self.primary.items() if c.number is not None}

    def redo(self, ev: Evaluator, pub: Published) -> float | None:
        """A figure's main derivation re-done with its parts read from `ev`."""
        found = self.derive.derivations(pub)
        if not found:
            return None
        d: Derivation = found[0]
        values = [self.derive.value(ev, p) for p in d.parts]
        total = aggregate(d.how, values, d.weights) if d.how in AGGREGATES else None
        if total is not None:
            return total
        # a formula, or parts with N/A: the engine's own way (with `ev`'s earlier years)
        fresh = Evaluator(self.rec.ruleset, self.rec.bound, ev.history)
        for p in d.parts:
            if p.year is None:
                fresh.memo[(p.node, p.label)] = ev.get(p.node, p.label)
        node = self.derive.canonical(pub.node)
        return self.derive.value(fresh, Part(node, pub.unit, pub.label, pub.item))

    def deep(
        self, pub: Published, leaves: Sequence[PrintedCell],
        values: Mapping[Key, float | None] | None = None, skip: Iterable[Key] = (),
    ) -> float | None:  # fmt: skip
        """A figure recomputed from the printed cells one table further down: its own printed
        parts are recomputed from theirs (the report worked from its parts' unrounded values)."""
        own = self.key_of(Part(pub.node, pub.unit, pub.label, pub.item))
        printed = self.printed_values() if values is None else values
        ev = self.seeded(printed, {own, *skip, *(c.key for c in leaves if c.pubs)})
        value = self.rec.recompute(pub, ev).value
        return value if isinstance(value, float) else None

    def downstream(self, keys: Sequence[Key]) -> list[PrintedCell]:
        """The printed figures that would move with cells of the given keys: below an input
        cell every figure computed from it, below a printed figure those that follow from it
        as printed only (one that reproduces from the inputs did not use the printed value)."""
        if not self._by_leaf:
            for rel in self.relations:
                for leaf in rel.leaves:
                    self._by_leaf.setdefault(leaf.key, []).append(rel)
        inputs = {k for k in keys if k in self.inputs}
        seen, out, todo = set(keys), [], [(k, k in inputs) for k in keys]
        while todo:
            key, every = todo.pop()
            for rel in self._by_leaf.get(key, []):
                if not (every or not rel.lowest):
                    continue
                if rel.output.key not in seen:
                    seen.add(rel.output.key)
                    todo.append((rel.output.key, every))
                if rel.output.key not in keys and rel.output not in out:
                    out.append(rel.output)
        return out

    # leaves ----------------------------------------------------------------------------------

    def leaves(self, pub: Published) -> tuple[PrintedCell, ...]:
        """The printed cells a figure's derivation reads: printed figures where the report
        printed the part, else input cells, following unprinted parts down."""
        found: dict[Key, PrintedCell] = {}
        own = self.key_of(Part(pub.node, pub.unit, pub.label, pub.item))
        main = self.derive.derivations(pub)
        todo = [(p, 0) for p in main[0].parts] if main else []
        seen: set[Key] = {own}
        while todo and len(found) < MAX_LEAVES:
            part, depth = todo.pop(0)
            key = self.key_of(part)
            if key in seen:
                continue
            seen.add(key)
            cell = self.primary.get(key) or self.inputs.get(key)
            if cell is not None:
                found[key] = cell
            elif depth < MAX_DEPTH and part.year is None and key[1] not in self.rec.ruleset.inputs:
                below = self.derive.derivations(part)
                todo += [(p, depth + 1) for p in below[0].parts] if below else []
        return tuple(found.values())


def build_network(case: Case, rec: Recomputation, checks: Sequence[Check]) -> Network:
    """The cells and relations of a case: every numeric published figure and input cell."""
    net = Network(case, rec, checks, Causes(case, rec, checks))
    _add_printed(net)
    _add_inputs(net)
    seeded = net.seeded(net.printed_values())
    for cell in net.cells:
        if cell.pubs:
            net.relations.append(_relation(net, cell, seeded))
    return net


def _add_printed(net: Network) -> None:
    """One cell per key and printed text; a key printed two ways is a duplicate pair."""
    by_text: dict[tuple[Key, str], list[Published]] = {}
    for check in net.checks:
        pub = check.pub
        number = printed_number(pub.printed, pub.decimals)
        if pub.field == "predikat" or pub.kind == "ranking" or number is None:
            continue
        key = net.key_of(Part(pub.node, pub.unit, pub.label, pub.item))
        text = format_fixed(number, pub.decimals, "half_up")
        by_text.setdefault((key, text), []).append(pub)
    for (key, _text), pubs in by_text.items():
        first = pubs[0]
        number = printed_number(first.printed, first.decimals)
        cell = PrintedCell(key, number, first.decimals, first.mode, tuple(pubs))
        net.cells.append(cell)
        if key in net.primary:
            if not net.primary[key].agrees(cell):
                net.duplicates.append((net.primary[key], cell))
        else:
            net.primary[key] = cell


def _add_inputs(net: Network) -> None:
    """The data's input cells with a period, numbers and blanks (a blank where the unit reports
    the input's other periods), and the numbers of the history file (earlier years)."""
    rs = net.rec.ruleset
    zero = net.causes.zero
    blanks = {id(r) for r in zero.filled}
    for record in [*net.rec.dataset.every_record(), *zero.filled]:
        spec = rs.inputs.get(record.variable)
        if spec is None or spec.kind == "text" or record.period is None:
            continue
        blank = id(record) in blanks
        value = record.value
        if not blank and not isinstance(value, float | int):
            continue
        key = (record.unit, record.variable, record.item, period_key(record.period))
        number = None if blank else float(value)  # type: ignore[arg-type]
        places = decimals_in(record.raw) if not blank else 0
        _add_input(net, PrintedCell(key, number, places or 0, "half_up", record=record))
    for key, earlier in file_cells(net.rec.history):
        places = decimals_in(earlier.text) or 0
        cell = PrintedCell(
            key, earlier.value, places, "half_up", where=earlier.location, note=earlier.note
        )
        _add_input(net, cell)


def _add_input(net: Network, cell: PrintedCell) -> None:
    """An input cell, unless its key has a cell already (the first record, a printed figure)."""
    if cell.key not in net.inputs and cell.key not in net.primary:
        net.inputs[cell.key] = cell
        net.cells.append(cell)


def _relation(net: Network, cell: PrintedCell, seeded: Evaluator) -> Relation:
    """A printed figure's relation to its printed parts, read both ways."""
    pub = cell.pubs[0]
    recomputed = net.rec.recompute(pub).value
    lowest = cell.presents(recomputed if isinstance(recomputed, float) else None)
    leaves = net.leaves(pub)
    redone = net.redo(seeded, pub) if leaves else None
    as_printed = None if not leaves else cell.presents(redone)
    if as_printed is False:
        deep = net.deep(pub, leaves)
        if cell.presents(deep):
            return Relation(cell, leaves, lowest, True, deep, deep=True)
    return Relation(cell, leaves, lowest, as_printed, redone)
