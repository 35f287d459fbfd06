"""The causes the audit tests, from the data alone, for a figure that does not reproduce."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import cast

import numpy as np

from dsl.errors import Location
from dsl.rounding import format_fixed
from engine.data.bind import period_key
from engine.data.cells import is_blank
from engine.data.model import Bulk
from engine.data.read import Dataset, Record
from engine.history.cases import Case, Published
from engine.history.derivations import Derivation, Deriver, Part, number_text
from engine.history.replay import Check, Recomputation, printed_number, same, shown, title
from engine.periods import Period
from engine.ruleset.model import RoundingMode, Ruleset
from engine.scoring.aggregates import AGGREGATES
from engine.scoring.evaluate import Evaluator
from engine.scoring.vectors import Vec

BLANK = Location(file="(audit: blank cell read as 0)")


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


class Causes:
    """What could explain a published figure that does not reproduce, most specific first.

    - rounding rule: the value matches under the other rounding mode;
    - blank cell: an input is missing, and reading the missing input as 0 gives the printed figure;
    - carried error: the figure follows from the report's own printed parts (or upstream figures),
      one of which does not reproduce;
    - rounded parts: it follows from the printed (rounded) values of parts that all reproduce;
    - wrong average: it differs from the mean of its printed parts;
    - copied value: it is the printed value of another figure of the same kind;
    - unexplained: none of the above (a typo, another indicator's value, or a change the data
      cannot show).
    """

    def __init__(self, case: Case, rec: Recomputation, checks: Sequence[Check]) -> None:
        """Index the printed figures by key and prepare the derivations and the zero-filled data."""
        self.case, self.rec, self.rs, self.checks = case, rec, rec.ruleset, checks
        self.derive = Deriver(rec)
        self.printed: dict[tuple[str, str, str | None, str], Check] = {}
        for check in self.checks:
            if check.pub.field != "predikat":
                self.printed.setdefault(self._key(check.pub), check)
        self.zero = _zero_filled(self.rs, rec.dataset)

    def _key(self, pub: Published) -> tuple[str, str, str | None, str]:
        """Where a published figure is filed: unit, canonical name, item, period."""
        return (pub.unit, self.derive.canonical(pub.node), pub.item, pub.label)

    def printed_part(self, part: Part) -> Check | None:
        """The published figure that prints this part, if any."""
        return self.printed.get(
            (part.unit, self.derive.canonical(part.node), part.item, part.label)
        )

    def of(self, check: Check) -> list[str]:
        """Every cause the data supports, most specific first; "unexplained" when none does."""
        found = [
            *self.rounding_rule(check),
            *self.blank_cell(check),
            *self.from_parts(check),
            *self.copied_value(check),
        ]
        return found or [_unexplained(check)]

    # re-doing a derivation with the printed values -------------------------------------------

    def trials(self, pub: Published) -> list[Trial]:
        """Each derivation re-done with the printed values of the parts the report printed."""
        out = []
        for d in self.derive.derivations(pub):
            used = tuple(self.printed_part(p) for p in d.parts)
            printed = [_number_of(u) for u in used]
            if all(n is None for n in printed):
                continue
            values = tuple(
                n if n is not None else self.derive.value(self.rec.evaluator, p)
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
        return self.derive.value(
            ev, Part(self.derive.canonical(pub.node), pub.unit, pub.label, pub.item)
        )

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
        pub, value = check.pub, check.recomputed.value
        if not isinstance(value, float) or pub.field == "predikat":
            return
        other: RoundingMode = "truncate" if pub.mode == "half_up" else "half_up"
        text = format_fixed(value, pub.decimals, other)
        if same(pub, text, pub.printed):
            verb = "truncated" if other == "truncate" else "rounded half up"
            yield (
                f"rounding rule: the report {verb} {number_text(value)} to {text}; "
                f"{pub.mode} to {pub.decimals} decimal(s) gives {check.shown}"
            )

    def blank_cell(self, check: Check) -> Iterator[str]:
        """A missing input read as 0 gives the printed figure."""
        pub = check.pub
        blanks = [r for r in self.zero.filled if r.variable in self.derive.upstream(pub.node)]
        if not blanks:
            return
        recomputed = self.rec.recompute(pub, self.rec.fresh(self.zero.dataset))
        text = shown(recomputed, pub.decimals, pub.mode)
        if same(pub, text, pub.printed):
            cells = ", ".join(f"{r.variable} of {r.unit} in {r.period}" for r in blanks[:4])
            gives = f"{number_text(recomputed.value)} → {text}"
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
            arith = AGGREGATES[t.derivation.how].text([number_text(v) for v in t.values])
            mean = f"{arith} = {number_text(t.value)}, not {pub.printed}"
            yield f"wrong average: the mean of its printed parts is {mean}"

    def _follows_text(self, trial: Trial, pub: Published) -> str:
        """A carried error or rounded parts, with the arithmetic of the printed parts."""
        arith = trial.derivation.describe(trial.values)
        result = f"{arith} gives {number_text(trial.value)} → {_fmt(cast(float, trial.value), pub)}"
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
        mine = self.derive.canonical(pub.node)
        for candidate in self._upstream_wrong(mine):
            ev = self.rec.fresh()
            number = _number_of(candidate)
            cp = candidate.pub
            if number is not None:
                self._seed(ev, Part(cp.node, cp.unit, cp.label, cp.item), number)
            value = self.rec.recompute(pub, ev).value
            if isinstance(value, float) and same(pub, _fmt(value, pub), pub.printed):
                computed = f"computed {candidate.shown}"
                upstream = f"{self._title(candidate)} as printed ({cp.printed}, {computed})"
                gives = f"{number_text(value)} → {pub.printed}"
                return f"carried error: with {upstream} the figure is {gives}"
        return None

    def _upstream_wrong(self, mine: str) -> list[Check]:
        """Published figures upstream of a node that do not reproduce, one per key."""
        seen: dict[tuple[str, str, str | None, str, str], Check] = {}
        for c in self.checks:
            node = self.derive.canonical(c.pub.node)
            wrong = not c.reproduces and c.pub.field != "predikat"
            if wrong and node != mine and node in self.derive.upstream(mine):
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
        mine_node, their_node = self.derive.canonical(pub.node), self.derive.canonical(them.node)
        if mine_node != their_node and (them.kind != pub.kind or them.unit != pub.unit):
            return False
        if other.reproduces:
            return True
        linked = mine_node in self.derive.upstream(
            their_node
        ) or their_node in self.derive.upstream(mine_node)
        return (
            mine_node != their_node
            and not linked
            and any(t.follows(them) for t in self.trials(them))
        )

    def _title(self, check: Check) -> str:
        """A published figure as the lines name it."""
        return title(check.pub, self.case.unit)


# helpers ---------------------------------------------------------------------------------------


def _unexplained(check: Check) -> str:
    """The fallback: nothing in the data explains the printed figure."""
    return (
        f"unexplained: no rounding rule, blank cell, printed part or other published figure gives "
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


def _fmt(value: float, pub: Published) -> str:
    """A value rounded the way the report rounded the published figure."""
    return format_fixed(value, pub.decimals, pub.mode)


def _number_of(check: Check | None) -> float | None:
    """The number a published figure prints, if it prints one."""
    if check is None or check.pub.field == "predikat":
        return None
    return printed_number(check.pub.printed, check.pub.decimals)


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
    return is_blank(record.value)


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
