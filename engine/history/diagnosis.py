"""Whether a set of printed cells, if wrong, makes a report consistent: the values they would need
(solved backwards for an input cell), how plausible each correction is, what else would change."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from dsl.i18n import N_, _
from dsl.rounding import format_fixed
from engine.history.cases import Published
from engine.history.derivations import Part
from engine.history.network import Network, PrintedCell, Relation
from engine.history.replay import Check, Recomputed
from engine.history.seeding import Key
from engine.scoring.evaluate import Evaluator

SOLVE_ROUNDS = 3  # times an input cell is solved backwards, each around the previous answer


class Correction(Enum):
    """How a wrong printed cell most plausibly came about; programs read the kind."""

    ROUNDING = "rounding"
    COPIED = "copied"
    BLANK_AS_ZERO = "blank_as_zero"
    DIGIT_SLIP = "digit_slip"
    ARBITRARY = "arbitrary"

    def title(self) -> str:
        """The kind's name in the current language."""
        return _(_TITLES[self])

    @property
    def cost(self) -> int:
        """How unlikely the correction is: a habit costs 1, a slip 2, an arbitrary change 4."""
        return _COSTS[self]


_TITLES = {
    Correction.ROUNDING: N_("rounding habit"),
    Correction.COPIED: N_("copied value"),
    Correction.BLANK_AS_ZERO: N_("blank read as 0"),
    Correction.DIGIT_SLIP: N_("digit slip"),
    Correction.ARBITRARY: N_("unexplained change"),
}
_COSTS = {
    Correction.ROUNDING: 1,
    Correction.COPIED: 1,
    Correction.BLANK_AS_ZERO: 1,
    Correction.DIGIT_SLIP: 2,
    Correction.ARBITRARY: 4,
}


@dataclass(frozen=True, slots=True)
class Fix:
    """One cell of a diagnosis: the value it would need (any in [low, high) for an input cell
    solved backwards) and how plausible the change is."""

    cell: PrintedCell
    value: float | None
    kind: Correction
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """A printed figure that follows from a corrected cell as printed and would change."""

    cell: PrintedCell
    value: float | None


@dataclass(frozen=True, slots=True)
class BandChange:
    """A published predikat whose band the corrections would move."""

    pub: Published
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A set of printed cells that, if wrong, makes the report consistent again."""

    fixes: tuple[Fix, ...]
    changes: tuple[Change, ...]
    bands: tuple[BandChange, ...] = ()

    @property
    def cost(self) -> int:
        """The summed implausibility of its corrections."""
        return sum(f.kind.cost for f in self.fixes)

    def rank(self) -> tuple[int, int, int, int]:
        """Fewer cells first, then the more plausible, then the fewer input cells (an arbitrary
        change to one of many inputs is one of many equal stories), then the fewer changes."""
        inputs = sum(f.cell.is_input for f in self.fixes)
        return (len(self.fixes), self.cost, inputs, len(self.changes))


class Diagnoser:
    """Checks candidate sets of cells against the failing relations of one conflict."""

    def __init__(
        self,
        net: Network,
        relations: Sequence[Relation],
        pairs: Sequence[tuple[PrintedCell, PrintedCell]],
    ) -> None:
        """The conflict's failing relations and the pairs of cells printed two ways."""
        self.net, self.relations, self.pairs = net, relations, pairs
        self.printed = net.printed_values()
        self._before: dict[frozenset[Key], Evaluator] = {}

    def diagnose(self, cells: Sequence[PrintedCell]) -> Diagnosis | None:
        """The diagnosis the cells make, or None when no values make the relations hold."""
        chosen = {c.key for c in cells if c.pubs}
        values: dict[Key, float | None] = dict(self.printed)
        fixes: list[Fix] = []
        for cell in [c for c in cells if c.is_input]:
            fix = self._solve(cell, values, chosen, cells)
            if fix is None:
                return None
            fixes.append(fix)
            values[cell.key] = fix.value
        ev = self.net.seeded(values, chosen)
        for cell in [c for c in cells if c.pubs]:
            found = self.net.rec.recompute(cell.pubs[0], ev).value
            value = found if isinstance(found, float) else None
            if cell.presents(value):
                return None
            values[cell.key] = value
            fixes.append(Fix(cell, value, self.kind_of(cell, value)))
        if not self._consistent(cells, values, chosen):
            return None
        downstream = self.net.downstream([c.key for c in cells])
        keys = {c.key for c in downstream}
        after = self.net.seeded(values, chosen | keys)
        frozen = frozenset(keys)
        if frozen not in self._before:
            self._before[frozen] = self.net.seeded(self.printed, keys)
        before = self._before[frozen]
        changes = tuple(self._changes(downstream, before, after))
        moved = keys | chosen
        return Diagnosis(tuple(fixes), changes, tuple(self._bands(moved, before, after)))

    def _holds(self, rel: Relation, values: Mapping[Key, float | None], skip: set[Key]) -> bool:
        """Whether a relation holds with corrected values (one level or one table deeper)."""
        pub, own = rel.output.pubs[0], rel.output.key
        ev = self.net.seeded(values, skip | {own})
        found = self.net.rec.recompute(pub, ev).value
        if rel.output.presents(found if isinstance(found, float) else None):
            return True
        return rel.output.presents(self.net.deep(pub, rel.leaves, values, skip))

    def _consistent(
        self, cells: Sequence[PrintedCell], values: Mapping[Key, float | None], skip: set[Key]
    ) -> bool:
        """Every failing relation is corrected or holds; every pair printed two ways agrees."""
        if any(
            rel.output not in cells and not self._holds(rel, values, skip) for rel in self.relations
        ):
            return False
        for a, b in self.pairs:
            if a in cells and b in cells:
                continue
            fixed, other = (a, b) if a in cells else (b, a)
            if fixed not in cells or not other.presents(values.get(fixed.key)):
                return False
        return True

    def _solve(
        self, cell: PrintedCell, values: Mapping[Key, float | None], skip: set[Key],
        cells: Sequence[PrintedCell],
    ) -> Fix | None:  # fmt: skip
        """An input cell's value solved backwards from a relation it feeds: treated as affine in
        the cell, and solved again around the first answer when it is not (a cell in a
        denominator, a growth over an earlier year); checked afterwards by the whole diagnosis."""
        target = next(
            (r for r in self.relations if cell in r.leaves and r.output not in cells), None
        )
        if target is None or target.output.interval() is None:
            return None
        at = cell.number if cell.number is not None else 0.0
        step = max(1.0, abs(at) * 0.01)
        ends = (at, at)
        for _round in range(SOLVE_ROUNDS):
            found = self._secant(target, cell, values, skip, at, step)
            if found is None:
                return None
            ends = found
            inner = [ends[0] + (ends[1] - ends[0]) * t for t in (0.02, 0.98)]
            outputs = [self._output(target, {**values, cell.key: v}, skip) for v in inner]
            if all(target.output.presents(v) for v in outputs):
                value, kind = self._pick(cell, ends[0], ends[1])
                return Fix(cell, value, kind, ends[0], ends[1])
            at, step = (ends[0] + ends[1]) / 2, max(ends[1] - ends[0], 1e-9 * max(1.0, abs(at)))
        value, kind = self._pick(cell, ends[0], ends[1])
        return Fix(cell, value, kind)  # not affine near the answer: no range to state

    def _secant(
        self, target: Relation, cell: PrintedCell, values: Mapping[Key, float | None],
        skip: set[Key], at: float, step: float,
    ) -> tuple[float, float] | None:  # fmt: skip
        """The cell's values that print the target's text, on the line through the outputs at
        `at` and `at + step`; None where the output does not move or has no value."""
        g0 = self._output(target, {**values, cell.key: at}, skip)
        g1 = self._output(target, {**values, cell.key: at + step}, skip)
        if g0 is None or g1 is None or g0 == g1:
            return None
        slope = (g1 - g0) / step
        lo, hi = target.output.interval()  # type: ignore[misc]
        low, high = sorted(((lo - g0) / slope + at, (hi - g0) / slope + at))
        return low, high

    def _output(
        self, rel: Relation, values: Mapping[Key, float | None], skip: set[Key]
    ) -> float | None:
        """A relation's figure recomputed with the given values."""
        ev = self.net.seeded(values, skip | {rel.output.key})
        found = self.net.rec.recompute(rel.output.pubs[0], ev).value
        return found if isinstance(found, float) else None

    def _pick(self, cell: PrintedCell, low: float, high: float) -> tuple[float, Correction]:
        """The most plausible value in [low, high): a neighbour's, 0 for a blank, a digit slip
        of the printed one, else the middle, rounded to the cell's decimals when it stays in."""
        inside = [v for v in self._neighbours(cell) if low <= v < high]
        if inside:
            start = cell.number or 0.0
            return min(inside, key=lambda v: abs(v - start)), Correction.COPIED
        if cell.number is None and low <= 0.0 < high:
            return 0.0, Correction.BLANK_AS_ZERO
        slips = [v for v in _slips(cell.text, cell.decimals) if low <= v < high]
        if slips:
            return slips[0], Correction.DIGIT_SLIP
        middle = (low + high) / 2
        for places in range(cell.decimals, cell.decimals + 6):
            shown = float(format_fixed(middle, places, "half_up"))
            if low <= shown < high:
                return shown, Correction.ARBITRARY
        return middle, Correction.ARBITRARY

    def _neighbours(self, cell: PrintedCell) -> list[float]:
        """Values of input cells beside this one: the same unit and period, the same input in
        another unit or period."""
        unit, node, _item, label = cell.key
        return [
            c.number
            for c in self.net.inputs.values()
            if c is not cell
            and c.number is not None
            and ((c.key[0] == unit and c.key[3] == label) or c.key[1] == node)
            and c.number != cell.number
        ]

    def kind_of(self, cell: PrintedCell, value: float | None) -> Correction:
        """How a printed figure's text plausibly came from the value it would need."""
        pub = cell.pubs[0]
        if value is None:
            return Correction.BLANK_AS_ZERO if cell.number == 0 else Correction.ARBITRARY
        check = Check(pub, Recomputed(value, None))
        causes = self.net.causes
        if any(True for _c in causes.rounding_rule(check)):
            return Correction.ROUNDING
        if any(True for _c in causes.copied_value(check)):
            return Correction.COPIED
        shown = format_fixed(value, pub.decimals, pub.mode)
        if _one_slip(shown, cell.text):
            return Correction.DIGIT_SLIP
        return Correction.ARBITRARY

    def _changes(
        self, downstream: Sequence[PrintedCell], before: Evaluator, after: Evaluator
    ) -> Iterator[Change]:
        """Printed figures computed (as printed) from the corrected cells, that would change."""
        for cell in downstream:
            pub = cell.pubs[0]
            old, new = (self.net.rec.recompute(pub, ev).value for ev in (before, after))
            value = new if isinstance(new, float) else None
            if _shown(old, cell) != _shown(new, cell) and not cell.presents(value):
                yield Change(cell, new if isinstance(new, float) else None)

    def _bands(self, moved: set[Key], before: Evaluator, after: Evaluator) -> Iterator[BandChange]:
        """Published predikat of the corrected cells and of the figures that would change,
        banded before and after the corrections, where the band moves."""
        for check in self.net.checks:
            pub = check.pub
            if pub.field != "predikat":
                continue
            if self.net.key_of(Part(pub.node, pub.unit, pub.label, pub.item)) not in moved:
                continue
            old, new = (self.net.rec.recompute(pub, ev).value for ev in (before, after))
            if isinstance(old, str) and isinstance(new, str) and old != new:
                yield BandChange(pub, old, new)


def _shown(value: float | str | None, cell: PrintedCell) -> str | None:
    """A value as the cell's figure would print it."""
    if not isinstance(value, float):
        return None
    return format_fixed(value, cell.pubs[0].decimals, cell.pubs[0].mode)


def _slips(text: str, decimals: int) -> list[float]:
    """The numbers one digit away from a printed text: one digit changed, or two swapped."""
    out: list[float] = []
    for i, ch in enumerate(text):
        if not ch.isdigit():
            continue
        out += [float(text[:i] + d + text[i + 1 :]) for d in "0123456789" if d != ch]
        if i + 1 < len(text) and text[i + 1].isdigit() and text[i + 1] != ch:
            out.append(float(text[:i] + text[i + 1] + ch + text[i + 2 :]))
    return out


def _one_slip(a: str, b: str) -> bool:
    """Whether two printed texts differ by one digit or by two neighbouring digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if not all(a[i].isdigit() and b[i].isdigit() for i in diff):
        return False  # a moved decimal mark is not a slip of one digit
    if len(diff) == 1:
        return True
    i, j = diff if len(diff) == 2 else (0, 0)
    return j == i + 1 and a[i] == b[j] and a[j] == b[i]
