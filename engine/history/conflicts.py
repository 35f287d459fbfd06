"""Conflicts (consistency-based diagnosis, after Reiter and de Kleer): the sets of printed cells
that cannot all be right, grouped one conflict per connected component, each with its minimal
alternative corrections ranked by size and plausibility, and the figures that follow from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.history.diagnosis import Correction, Diagnoser, Diagnosis, Fix
from engine.history.network import Network, PrintedCell, Relation
from engine.history.replay import Check
from engine.history.seeding import Key

MAX_SIZE = 3  # cells in one alternative
MAX_TRIED = 400  # candidate sets checked per conflict: the search's bound, by count and not by
# time, so that the alternatives found never depend on the machine's speed or load
MAX_ALTERNATIVES = 20  # alternatives kept per conflict


@dataclass(frozen=True, slots=True)
class Conflict:
    """Printed cells that cannot all be right, the ways to make them consistent, and the
    published figures that do not reproduce because of them."""

    cells: tuple[PrintedCell, ...]
    relations: tuple[Relation, ...]
    pairs: tuple[tuple[PrintedCell, PrintedCell], ...]
    alternatives: tuple[Diagnosis, ...]
    more: int  # alternatives found beyond those kept
    gave_up: bool  # the search stopped at its bound before trying every set of MAX_SIZE cells
    checks: tuple[Check, ...]  # the published figures that do not reproduce, own and following
    follows: tuple[Check, ...]  # those of them that reproduce as printed

    @property
    def severity(self) -> int:
        """How many published figures that do not reproduce rest on it."""
        return len(self.checks)


def find_conflicts(net: Network) -> list[Conflict]:
    """Every conflict of a case's network, the most figures first."""
    checks = net.checks
    failing = [r for r in net.relations if not r.holds]
    groups = _components(failing, net.duplicates)
    owner: dict[Key, int] = {}
    for index, (relations, pairs) in enumerate(groups):
        for cell in _cells(relations, pairs):
            owner.setdefault(cell.key, index)
    follows = _followers(net, owner)
    found = [
        _conflict(net, relations, pairs, follows.get(i, []), checks)
        for i, (relations, pairs) in enumerate(groups)
    ]
    found += _stray(net, checks, found)
    return sorted(found, key=lambda c: (-c.severity, _first_line(c)))


def _components(
    failing: Sequence[Relation], pairs: Sequence[tuple[PrintedCell, PrintedCell]]
) -> list[tuple[list[Relation], list[tuple[PrintedCell, PrintedCell]]]]:
    """Failing relations and pairs printed two ways, grouped when they share a cell."""
    parent: dict[Key | tuple[str, int], Key | tuple[str, int]] = {}

    def root(x: Key | tuple[str, int]) -> Key | tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    def join(items: Sequence[PrintedCell]) -> None:
        first = root(_id(items[0]))
        for cell in items[1:]:
            parent[root(_id(cell))] = first

    for rel in failing:
        join([rel.output, *[c for c in rel.leaves if _candidate(c, failing)]])
    for a, b in pairs:
        join([a, b])
    groups: dict[object, tuple[list[Relation], list[tuple[PrintedCell, PrintedCell]]]] = {}
    for rel in failing:
        groups.setdefault(root(_id(rel.output)), ([], []))[0].append(rel)
    for a, b in pairs:
        groups.setdefault(root(_id(a)), ([], []))[1].append((a, b))
    return list(groups.values())


def _id(cell: PrintedCell) -> Key | tuple[str, int]:
    """What joins conflicts: an input cell, or a printed key (its printings share it)."""
    return cell.key


def _candidate(cell: PrintedCell, failing: Sequence[Relation]) -> bool:
    """Whether a cell could be wrong on its own: an input cell, or a printed figure that does
    not follow from its own parts (one that does would only repeat its derivation)."""
    return cell.is_input or any(r.output.key == cell.key for r in failing)


def _cells(
    relations: Sequence[Relation], pairs: Sequence[tuple[PrintedCell, PrintedCell]]
) -> list[PrintedCell]:
    """The cells that could be wrong in a group, each once, outputs first."""
    out: list[PrintedCell] = []
    for cell in [
        *(r.output for r in relations),
        *(c for p in pairs for c in p),
        *(c for r in relations for c in r.leaves if _candidate(c, relations)),
    ]:
        if cell not in out:
            out.append(cell)
    return out


def _conflict(
    net: Network, relations: list[Relation], pairs: list[tuple[PrintedCell, PrintedCell]],
    follows: Sequence[Check], checks: Sequence[Check],
) -> Conflict:  # fmt: skip
    """One conflict: its alternatives (bounded search), its own and following figures."""
    cells = _cells(relations, pairs)
    found, gave_up = _alternatives(Diagnoser(net, relations, pairs), cells, relations, pairs)
    ranked = sorted(found, key=lambda d: (d.rank(), [_order(f.cell) for f in d.fixes]))
    own = [c for c in checks if not c.reproduces and any(c.pub in cell.pubs for cell in cells)]
    return Conflict(
        tuple(cells), tuple(relations), tuple(pairs), tuple(ranked[:MAX_ALTERNATIVES]),
        max(0, len(ranked) - MAX_ALTERNATIVES), gave_up, (*own, *follows), tuple(follows),
    )  # fmt: skip


def _alternatives(
    diagnoser: Diagnoser, cells: Sequence[PrintedCell], relations: Sequence[Relation],
    pairs: Sequence[tuple[PrintedCell, PrintedCell]],
) -> tuple[list[Diagnosis], bool]:  # fmt: skip
    """Minimal sets of at most MAX_SIZE cells that make the conflict consistent: hitting sets
    of its conflict sets tried first, then the sets a failed try extends; at most MAX_TRIED
    sets are tried."""
    sets = [
        frozenset([r.output.key, *(c.key for c in r.leaves if c in cells)]) for r in relations
    ] + [frozenset([a.key, b.key]) for a, b in pairs]
    by_key: dict[Key, list[PrintedCell]] = {}
    for cell in cells:
        by_key.setdefault(cell.key, []).append(cell)
    found: list[Diagnosis] = []
    hits: list[frozenset[PrintedCell]] = []
    level: set[frozenset[PrintedCell]] = {frozenset()}
    tried = 0
    for size in range(MAX_SIZE + 1):
        grown: set[frozenset[PrintedCell]] = set()
        for chosen in sorted(level, key=lambda s: sorted(_order(c) for c in s)):
            if any(h <= chosen for h in hits):
                continue
            keys = {c.key for c in chosen}
            missed = next((s for s in sets if not s & keys), None)
            if missed is None and chosen:
                tried += 1
                if tried > MAX_TRIED:
                    return found, True
                diagnosis = diagnoser.diagnose(sorted(chosen, key=_order))
                if diagnosis is not None:
                    hits.append(chosen)
                    found.append(diagnosis)
                    continue
            extend = [c for k in (missed or set(by_key)) for c in by_key.get(k, [])]
            if size < MAX_SIZE:
                grown |= {chosen | {c} for c in extend if c not in chosen}
        level = grown
    return found, False


def _order(cell: PrintedCell) -> tuple[int, str, str]:
    """Printed figures before input cells, then by place."""
    where = cell.pubs[0].source if cell.pubs else ""
    return (1 if cell.is_input else 0, where, repr(cell.key))


def _followers(net: Network, owner: dict[Key, int]) -> dict[int, list[Check]]:
    """Published figures that do not reproduce from the lowest inputs but do as printed, under
    the conflicts they rest on (found by following their printed parts that do not reproduce)."""
    out: dict[int, list[Check]] = {}
    relation = {r.output.key: r for r in reversed(net.relations)}
    of_cell = {id(r.output): r for r in net.relations}
    for check in net.checks:
        if check.reproduces:
            continue
        cell = next((c for c in net.cells if check.pub in c.pubs), None)
        key = cell.key if cell is not None else _key_of_check(net, check)
        if key in owner or key not in relation or not relation[key].holds:
            continue
        for index in _sources(key, relation, of_cell, owner):
            out.setdefault(index, []).append(check)
    return out


def _sources(
    key: Key, relation: dict[Key, Relation], of_cell: dict[int, Relation], owner: dict[Key, int]
) -> set[int]:
    """The conflicts a figure rests on: the printed cells its reading used that do not
    reproduce, followed down to the conflicts that hold them."""
    found: set[int] = set()
    todo, seen = [key], {key}
    while todo:
        rel = relation.get(todo.pop())
        for leaf in _read(rel, of_cell) if rel is not None else []:
            if not _wrong(leaf, of_cell, owner):
                continue
            if leaf.key in owner:
                found.add(owner[leaf.key])
            elif leaf.key not in seen:
                seen.add(leaf.key)
                todo.append(leaf.key)
    return found


def _read(rel: Relation, of_cell: dict[int, Relation]) -> list[PrintedCell]:
    """The printed cells a relation's reading used: its leaves or, when it holds only one table
    further down, the printed cells below its printed leaves (those leaves were recomputed)."""
    if not rel.deep:
        return list(rel.leaves)
    out = [c for c in rel.leaves if c.is_input]
    for cell in rel.leaves:
        below = of_cell.get(id(cell)) if cell.pubs else None
        out += [c for c in below.leaves if c.pubs] if below is not None else []
    return out


def _wrong(cell: PrintedCell, of_cell: dict[int, Relation], owner: dict[Key, int]) -> bool:
    """Whether a printed part does not reproduce from the inputs (an input cell: whether it is
    one of a conflict's)."""
    if cell.is_input:
        return cell.key in owner
    rel = of_cell.get(id(cell))
    return rel is not None and not rel.lowest


def _key_of_check(net: Network, check: Check) -> Key:
    """Where a published figure without a cell (a predikat, a label) is filed."""
    from engine.history.derivations import Part

    pub = check.pub
    return net.key_of(Part(pub.node, pub.unit, pub.label, pub.item))


def _stray(net: Network, checks: Sequence[Check], found: Sequence[Conflict]) -> list[Conflict]:
    """Each figure that does not reproduce and belongs to no conflict (a label, a figure the
    report worked out from its rounded parts): a conflict of its own, the figure its one
    alternative when it prints a number."""
    placed = {id(c) for conflict in found for c in conflict.checks}
    of_pub = {id(p): r for r in net.relations for p in r.output.pubs}
    by_cell: dict[int, list[Check]] = {}
    for check in checks:
        if not check.reproduces and id(check) not in placed:
            rel = of_pub.get(id(check.pub))
            by_cell.setdefault(id(rel) if rel is not None else id(check), []).append(check)
    out = []
    for own in by_cell.values():
        rel = of_pub.get(id(own[0].pub))
        alternatives: tuple[Diagnosis, ...] = ()
        if rel is not None:
            value = own[0].recomputed.value
            number = value if isinstance(value, float) else None
            kind = Diagnoser(net, [], []).kind_of(rel.output, number)
            kind = Correction.ROUNDING if rel.as_printed else kind
            alternatives = (Diagnosis((Fix(rel.output, number, kind),), ()),)
        cells = (rel.output,) if rel is not None else ()
        out.append(Conflict(cells, (), (), alternatives, 0, False, tuple(own), ()))
    return out


def _first_line(conflict: Conflict) -> str:
    """The first citation of a conflict, for a stable order."""
    return min((c.pub.source for c in conflict.checks), default="")
