"""Recall of the audit's conflicts on generated reports: evaluate each bundled ruleset on its
example data, publish every figure (a case file in memory), change k = 1, 2 or 3 published cells
(a digit, a value copied from a neighbour, a truncation), audit, and check that the ranked
alternatives contain the changed set.

    python benchmarks/audit_recall.py [--reports 500] [--seed 1] [--max-cells 400]

A report counts as recalled when every changed cell is in a conflict and, in each conflict that
holds changed cells, one alternative corrects exactly those cells; ranked first when that
alternative is the first of each such conflict. Bounded: each conflict's search stops at its
bound (engine.history.conflicts), and a report that hits it counts as not recalled. A change
that happens to equal what the printed parts give (a capaian copied from its realisasi when the
target is 100, a mean of rounded parts) cannot be seen, and counts as missed; the summary says
how many misses were of that kind.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dsl.errors import Location  # noqa: E402  (after the path is set)
from dsl.rounding import format_fixed  # noqa: E402
from engine.history.cases import Case, Kind, Published  # noqa: E402
from engine.history.conflicts import Conflict, find_conflicts  # noqa: E402
from engine.history.network import build_network  # noqa: E402
from engine.history.replay import Recomputation, series_items  # noqa: E402
from engine.periods import Period, sub_labels  # noqa: E402
from engine.ruleset.model import Ref  # noqa: E402

YEARS = ("2016", "2020", "2022", "2023", "2024")
MUTATIONS = ("digit", "neighbour", "truncation")
DECIMALS = 2


@dataclass(frozen=True, slots=True)
class Outcome:
    """One generated report: which cells changed, whether recalled, whether ranked first."""

    year: str
    k: int
    kinds: tuple[str, ...]
    recalled: bool
    first: bool
    gave_up: bool
    hidden: bool  # a changed cell follows, as printed, from its printed parts (or another change)
    seconds: float


def base_case(year: str) -> tuple[Case, Recomputation]:
    """The ruleset of a year on its example data, with nothing published yet."""
    case = Case(
        path=Path(f"<generated {year}>"),
        ruleset=ROOT / "rulesets" / year,
        data=(ROOT / "examples" / year,),
        unit=None,
        published=(),
    )
    return case, Recomputation.of(case)


def publish_all(rec: Recomputation) -> list[tuple[Published, float]]:
    """Every number the engine gives for the ruleset's indicators, figures and scores, at every
    unit, for the year and the periods each is kept in, printed with 2 decimals half up."""
    rs, ev = rec.ruleset, rec.evaluator
    names: list[tuple[Kind, str, str, str]] = []
    for ind in rs.indicators.values():
        for field in ("target", "realisasi", "capaian"):
            names.append(("indicator", ind.id, field, Ref.part_of(ind.id, field).name))  # type: ignore[arg-type]
    names += [("figure", f, "value", f) for f in rs.figures if series_items(rs, f) is None]
    names += [("score", s, "value", s) for s in rs.scores]
    out = []
    for kind, name, field, node in names:
        for label in _labels(rec, node):
            vec = ev.get(node, label)
            if vec.values.ndim != 1 or vec.values.dtype == object:
                continue
            for row, unit in enumerate(rec.bound.units):
                value = vec.at(row)
                if isinstance(value, float):
                    text = format_fixed(value, DECIMALS, "half_up")
                    out.append((_pub(unit.id, kind, name, field, label, text), value))
    return out


def _labels(rec: Recomputation, node: str) -> list[str]:
    """The year and, for a name kept per period, its periods."""
    from engine.history.derivations import Deriver

    cadence = Deriver(rec).definition(node).cadence
    subs = sub_labels("tahunan", cadence) if cadence is not None else []
    return ["tahunan", *[s for s in subs if s != "tahunan"]]


def _pub(unit: str, kind: Kind, name: str, field: str, label: str, text: str) -> Published:
    """A generated published figure."""
    return Published(
        unit=unit, kind=kind, name=name, item=None, period=Period.from_label(label),
        field=field, printed=text, decimals=DECIMALS, mode="half_up", source="",
        known_wrong=None, location=Location(file="<generated>"),
    )  # fmt: skip


def mutate(
    pub: Published, value: float, how: str, others: Sequence[Published], rng: random.Random
) -> str:
    """A changed printed text ('' when this change leaves the printed value as it is)."""
    text = pub.printed
    if how == "truncation":
        cut = format_fixed(value, DECIMALS, "truncate")
        return cut if cut != text else ""
    if how == "neighbour":
        near = [o.printed for o in others if o.printed != text and o.unit == pub.unit]
        return rng.choice(near) if near else ""
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    i = rng.choice(digits)
    new = rng.choice([d for d in "0123456789" if d != text[i]])
    changed = text[:i] + new + text[i + 1 :]
    return changed if float(changed) != float(text) else ""


def one_report(
    year: str, case: Case, rec: Recomputation, pubs: list[tuple[Published, float]], k: int,
    rng: random.Random, max_cells: int,
) -> Outcome | None:  # fmt: skip
    """Publish a sample of the figures with k of them changed; audit; score the alternatives."""
    drawn = rng.sample(pubs, min(max_cells, len(pubs)))
    sample = [p for p, _v in drawn]
    kinds = tuple(rng.choice(MUTATIONS) for _ in range(k))
    changed: list[Published] = []
    taken: set[int] = set()
    for how in kinds:
        for _try in range(50):
            index = rng.randrange(len(sample))
            text = (
                "" if index in taken else mutate(sample[index], drawn[index][1], how, sample, rng)
            )
            if text:
                break
        if not text:
            return None
        taken.add(index)
        sample[index] = replace(sample[index], printed=text)
        changed.append(sample[index])
    start = time.monotonic()
    mutated = replace(case, published=tuple(sample))
    checks = [rec.check(p) for p in mutated.published]
    if any(c.reproduces for c in checks if any(c.pub is p for p in changed)):
        return None  # a change the rounding hides
    net = build_network(mutated, rec, checks)
    conflicts = find_conflicts(net)
    recalled, first, gave_up = score(conflicts, changed)
    hidden = any(r.holds for r in net.relations for p in r.output.pubs if p in changed)
    return Outcome(year, k, kinds, recalled, first, gave_up, hidden, time.monotonic() - start)


def score(conflicts: Sequence[Conflict], changed: Sequence[Published]) -> tuple[bool, bool, bool]:
    """Whether each conflict holding changed cells has an alternative correcting exactly them,
    and whether it comes first."""
    recalled = first = True
    found: set[int] = set()
    gave_up = False
    for conflict in conflicts:
        mine = {id(p) for cell in conflict.cells for p in cell.pubs if any(p is c for c in changed)}
        if not mine:
            continue
        found |= mine
        gave_up |= conflict.gave_up
        sets = [
            {id(p) for f in d.fixes for p in f.cell.pubs} & {id(c) for c in changed}
            for d in conflict.alternatives
        ]
        exact = [
            i for i, d in enumerate(conflict.alternatives)
            if sets[i] == mine and len(d.fixes) == len(mine)
        ]  # fmt: skip
        recalled &= bool(exact)
        first &= bool(exact) and exact[0] == 0
    every = found == {id(c) for c in changed}
    return recalled and every, first and every, gave_up


def run(reports: int, seed: int, max_cells: int, years: Sequence[str] = YEARS) -> list[Outcome]:
    """Generated reports round-robin over the years and k = 1, 2, 3."""
    rng = random.Random(seed)
    bases = {y: base_case(y) for y in years}
    pubs = {y: publish_all(bases[y][1]) for y in years}
    out: list[Outcome] = []
    attempts = 0
    while len(out) < reports and attempts < reports * 5:
        year = years[attempts % len(years)]
        k = 1 + (attempts // len(years)) % 3
        attempts += 1
        case, rec = bases[year]
        outcome = one_report(year, case, rec, list(pubs[year]), k, rng, max_cells)
        if outcome is not None:
            out.append(outcome)
    return out


def summary(outcomes: Sequence[Outcome]) -> list[str]:
    """Recall and share ranked first, overall and per k and per year."""

    def line(label: str, group: Sequence[Outcome]) -> str:
        n = len(group)
        if not n:
            return f"{label}: no reports"
        recall = sum(o.recalled for o in group) / n
        first = sum(o.first for o in group) / n
        stopped = sum(o.gave_up for o in group)
        hidden = sum(o.hidden and not o.recalled for o in group)
        slow = max(o.seconds for o in group)
        return (
            f"{label}: {n} reports, recall {recall:.1%}, ranked first {first:.1%}, "
            f"missed because a change follows from the printed parts {hidden}, "
            f"search bound hit {stopped}, slowest {slow:.2f} s"
        )

    lines = [line("all", outcomes)]
    lines += [line(f"k = {k}", [o for o in outcomes if o.k == k]) for k in (1, 2, 3)]
    years = sorted({o.year for o in outcomes})
    lines += [line(year, [o for o in outcomes if o.year == year]) for year in years]
    for how in MUTATIONS:
        lines.append(line(how, [o for o in outcomes if o.k == 1 and how in o.kinds]))
    return lines


def main() -> None:
    """Run and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-cells", type=int, default=400)
    args = parser.parse_args()
    start = time.monotonic()
    outcomes = run(args.reports, args.seed, args.max_cells)
    print("\n".join(summary(outcomes)))
    print(f"{time.monotonic() - start:.0f} s")


if __name__ == "__main__":
    main()
