"""The causes the audit tests, from the data alone, for a figure that does not reproduce."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple, cast

import numpy as np

from dsl.i18n import N_, _, ngettext
from dsl.rounding import format_fixed
from engine.history.blanks import zero_filled
from engine.history.cases import Case, Published
from engine.history.derivations import Derivation, Deriver, Part, list_text, number_text
from engine.history.figures import office, printed_number, quoted
from engine.history.limits import unlimited
from engine.history.replay import Check, Recomputation, same, shown, title
from engine.ruleset.model import RoundingMode
from engine.scoring.aggregates import AGGREGATES
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import mode_text
from engine.scoring.vectors import Vec


class CauseKind(Enum):
    """What a cause says went wrong; programs and tests read the kind, people its title."""

    ROUNDING_RULE = "rounding_rule"
    BLANK_CELL = "blank_cell"
    CARRIED_ERROR = "carried_error"
    ROUNDED_PARTS = "rounded_parts"
    WRONG_AVERAGE = "wrong_average"
    COPIED_VALUE = "copied_value"
    LIMIT_LEFT_OUT = "limit_left_out"
    UNEXPLAINED = "unexplained"

    def title(self) -> str:
        """The cause's name in the current language ('rounding rule')."""
        return _(_TITLES[self])


_TITLES = {
    CauseKind.ROUNDING_RULE: N_("rounding rule"),
    CauseKind.BLANK_CELL: N_("blank cell"),
    CauseKind.CARRIED_ERROR: N_("carried error"),
    CauseKind.ROUNDED_PARTS: N_("rounded parts"),
    CauseKind.WRONG_AVERAGE: N_("wrong average"),
    CauseKind.COPIED_VALUE: N_("copied value"),
    CauseKind.LIMIT_LEFT_OUT: N_("limit left out"),
    CauseKind.UNEXPLAINED: N_("unexplained"),
}


class Cause(NamedTuple):
    """A cause of a figure that does not reproduce: its kind and the evidence, for people."""

    kind: CauseKind
    detail: str

    def text(self) -> str:
        """'rounding rule: the report truncated …'."""
        return f"{self.kind.title()}: {self.detail}"


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
    - limit left out: it is the capaian without its indicator's cap or floor;
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
        self.zero = zero_filled(self.rs, rec.dataset)

    def _key(self, pub: Published) -> tuple[str, str, str | None, str]:
        """Where a published figure is filed: unit, canonical name, item, period."""
        return self.derive.key(Part(pub.node, pub.unit, pub.label, pub.item))

    def printed_part(self, part: Part) -> Check | None:
        """The published figure that prints this part, if any (an earlier year's part has a
        key of its own, which no figure of this year's report has)."""
        return self.printed.get(self.derive.key(part))

    def of(self, check: Check) -> list[Cause]:
        """Every cause the data supports, most specific first; "unexplained" when none does."""
        found = [
            *self.rounding_rule(check),
            *self.blank_cell(check),
            *self.from_parts(check),
            *self.copied_value(check),
            *self.limit_left_out(check),
        ]
        return found or [_unexplained(check)]

    def limit_left_out(self, check: Check) -> Iterator[Cause]:
        """The capaian without its indicator's cap or floor is the printed figure."""
        node = self.derive.canonical(check.pub.node)
        for detail in unlimited(self.rec, node, check):
            yield Cause(CauseKind.LIMIT_LEFT_OUT, detail)

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
            return aggregate(d.how, values, d.weights)
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

    def rounding_rule(self, check: Check) -> Iterator[Cause]:
        """The value matches when rounded the other way."""
        pub, value = check.pub, check.recomputed.value
        if not isinstance(value, float) or pub.field == "predikat":
            return
        other: RoundingMode = "truncate" if pub.mode == "half_up" else "half_up"
        text = format_fixed(value, pub.decimals, other)
        if same(pub, text, pub.printed):
            did = (
                _("the report truncated {value} to {text}")
                if other == "truncate"
                else _("the report rounded {value} half up to {text}")
            )
            ours = ngettext(
                "{mode} to {n} decimal gives {shown}",
                "{mode} to {n} decimals gives {shown}",
                pub.decimals,
            )
            detail = did.format(value=number_text(value), text=office(text, pub.printed)) + "; "
            detail += ours.format(mode=mode_text(pub.mode), n=pub.decimals, shown=check.shown)
            yield Cause(CauseKind.ROUNDING_RULE, detail)

    def blank_cell(self, check: Check) -> Iterator[Cause]:
        """A missing input read as 0 gives the printed figure."""
        pub = check.pub
        blanks = [r for r in self.zero.filled if r.variable in self.derive.upstream(pub.node)]
        if not blanks:
            return
        recomputed = self.rec.recompute(pub, self.rec.fresh(self.zero.dataset))
        text = shown(recomputed, pub.decimals, pub.mode)
        if same(pub, text, pub.printed):
            cell = _("{name} of {unit} in {period}")
            cells = ", ".join(
                cell.format(name=r.variable, unit=r.unit, period=r.period) for r in blanks[:4]
            )
            gives = f"{number_text(recomputed.value)} → {office(text, pub.printed)}"
            detail = _("{cells} has no value; read as 0 it gives {gives}")
            yield Cause(CauseKind.BLANK_CELL, detail.format(cells=cells, gives=gives))

    def from_parts(self, check: Check) -> Iterator[Cause]:
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
            arith = t.derivation.arithmetic(t.values)
            detail = _("the mean of its printed parts is {arithmetic} = {value}, not {printed}")
            yield Cause(
                CauseKind.WRONG_AVERAGE,
                detail.format(arithmetic=arith, value=number_text(t.value), printed=check.printed),
            )

    def _follows_text(self, trial: Trial, pub: Published) -> Cause:
        """A carried error or rounded parts, with the arithmetic of the printed parts."""
        result = _("{arithmetic} gives {value} → {text}").format(
            arithmetic=trial.derivation.describe(trial.values),
            value=number_text(trial.value),
            text=office(_fmt(cast(float, trial.value), pub), pub.printed),
        )
        bad = [u for u in trial.used if u is not None and not u.reproduces]
        if not bad:
            detail = _("the report worked from the rounded values of its parts: {result}")
            return Cause(CauseKind.ROUNDED_PARTS, detail.format(result=result))
        each = _("{figure} (printed {printed}, computed {computed})")
        names = list_text(
            [each.format(figure=self._title(u), printed=u.printed, computed=u.shown) for u in bad]
        )
        but = ngettext(
            "but {figures} does not reproduce", "but {figures} do not reproduce", len(bad)
        ).format(figures=names)
        detail = _("it follows from its printed parts: {result}; {but}")
        return Cause(CauseKind.CARRIED_ERROR, detail.format(result=result, but=but))

    def carried_upstream(self, pub: Published) -> Cause | None:
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
                detail = _(
                    "with {figure} as printed ({printed}, computed {computed}) "
                    "the figure is {value} → {text}"
                ).format(
                    figure=self._title(candidate),
                    printed=candidate.printed,
                    computed=candidate.shown,
                    value=number_text(value),
                    text=quoted(pub.printed, pub.decimals),
                )
                return Cause(CauseKind.CARRIED_ERROR, detail)
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

    def copied_value(self, check: Check) -> Iterator[Cause]:
        """The printed figure is the printed value of another figure of the same kind."""
        mine = _number_of(check)
        for other in self.checks if mine is not None else ():
            if self._copy_source(check, other, cast(float, mine)):
                detail = (
                    _("{printed} is printed for {figure}, which reproduces")
                    if other.reproduces
                    else _(
                        "{printed} is printed for {figure}, "
                        "which follows from its own printed parts"
                    )
                )
                text = detail.format(printed=check.printed, figure=self._title(other))
                yield Cause(CauseKind.COPIED_VALUE, text)
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
        if _fmt(number, pub) != _fmt(mine, pub) or check.presented == _fmt(mine, pub):
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


def _unexplained(check: Check) -> Cause:
    """The fallback: nothing in the data explains the printed figure."""
    detail = _(
        "no rounding rule, blank cell, printed part or other published figure gives "
        "{printed}; the inputs give {shown}"
    )
    return Cause(CauseKind.UNEXPLAINED, detail.format(printed=check.printed, shown=check.shown))


def aggregate(
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
