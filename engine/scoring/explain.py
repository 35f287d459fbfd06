"""explain(): the derivation of one figure for one unit, readable by an auditor."""

from __future__ import annotations

import math
from typing import Any

from dsl import NA
from dsl.errors import Location, PerkinError
from dsl.i18n import _, ngettext
from dsl.suggest import did_you_mean
from dsl.values import reason_kind
from engine.data.binding import bind
from engine.data.read import Dataset
from engine.periods import PeriodKind, sub_labels
from engine.ruleset.model import Formula, Indicator, NodeKind, Ref, Rounding, Ruleset
from engine.scoring.aggregates import aggregate
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Presented, mode_text, polarity_text
from engine.scoring.score import _predikat, resolve_period
from engine.scoring.vectors import MISSING_ITEM, Vec


class ExplainError(PerkinError):
    """A figure or unit that cannot be explained."""

    code = "X001"


def explain_figure(rs: Ruleset, dataset: Dataset, unit: str, name: str, period: str | None) -> str:
    """A text derivation of `name` (indicator, figure, score) for `unit` in `period`."""
    bound = bind(rs, dataset)
    if unit not in bound.index:
        raise ExplainError(
            _("unknown unit '{unit}'").format(unit=unit),
            Location(file="--unit"),
            did_you_mean(unit, bound.index),
        )
    p = resolve_period(rs, period)
    ex = _Explainer(Evaluator(rs, bound), bound.index[unit])
    label = p.engine_label
    if name in rs.indicators:
        return "\n".join(ex.indicator(rs.indicators[name], label))
    if name in rs.scores:
        return "\n".join(ex.score(name, label))
    if name in rs.figures:
        return "\n".join(ex.name(name, label, 0))
    options = [*rs.indicators, *rs.figures, *rs.scores]
    raise ExplainError(
        _("unknown indicator '{name}'").format(name=name),
        Location(file="--indicator"),
        did_you_mean(name, options),
    )


def scalar(vec: Vec, i: int) -> Any:
    """A unit's value as the formula language's scalar (NA with its reason)."""
    value = vec.at(i)
    if value is None:
        return NA(vec.reason(i) or "N/A", reason_kind(int(vec.codes[i])))
    if isinstance(value, tuple):
        return tuple(NA(_(MISSING_ITEM)) if v is None else v for v in value)
    return value


def _show(value: Any) -> str:
    if isinstance(value, NA):
        return f"N/A ({value.reason})"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, tuple):
        return "[" + "; ".join(_show(v) for v in value) + "]"
    return str(value)


class _Explainer:
    """Walks a figure's dependencies for one unit, re-deriving formulas on the explaining path."""

    def __init__(self, ev: Evaluator, unit: int) -> None:
        self.ev = ev
        self.i = unit
        self.rs = ev.rs

    def indicator(self, ind: Indicator, label: str) -> list[str]:
        u = self.ev.bound.units[self.i]
        lines = [
            f"{ind.name}  [{ind.id}]",
            _("unit: {name} ({id}), period: {period}").format(name=u.name, id=u.id, period=label),
            _("source: {source}").format(source=ind.provenance.text()),
        ]
        target = self.ev.get(Ref.part_of(ind.id, "target"), label)
        cite = ind.target.provenance.text() if ind.target else _("none")
        lines.append(f"target = {_show(scalar(target, self.i))}   [{cite}]")
        lines += self.name(Ref.part_of(ind.id, "realisasi").name, label, 0)
        lines += self._capaian(ind, label)
        return lines

    def name(self, name: str, label: str, depth: int) -> list[str]:
        pad = "  " * depth
        vec = self.ev.get(name, label)
        value = scalar(vec, self.i)
        if name in self.rs.inputs:
            return self._input(name, label, depth, value)
        formula, combine, cadence = self._definition(name)
        if combine and cadence and sub_labels(label, cadence) != [label]:
            return self._combined(name, label, combine, cadence, depth)
        if formula is None:
            return [f"{pad}{name} = {_show(value)}"]
        rolled = self._rolled_up(name, label, depth)
        if rolled:
            return rolled
        return self._formula(name, formula, label, depth, value)

    def _input(self, name: str, label: str, depth: int, value: Any) -> list[str]:
        pad = "  " * depth
        spec = self.rs.inputs[name]
        subs = sub_labels(label, spec.period)
        if subs == [label] or spec.axis is not None:
            data = _("{name} = {value}   (data, {period})")
            return [pad + data.format(name=name, value=_show(value), period=label)]
        parts = ", ".join(f"{s}: {_show(scalar(self.ev.get(name, s), self.i))}" for s in subs)
        how = _("{name} = {how} of {n} {period} = {value}").format(
            name=name,
            how=aggregate(spec.combine).title(),
            n=len(subs),
            period=spec.period,
            value=_show(value),
        )
        return [pad + how, f"{pad}  {parts}"]

    def _combined_input(self, name: str, label: str) -> bool:
        spec = self.rs.inputs[name]
        return spec.axis is None and sub_labels(label, spec.period) != [label]

    def score(self, name: str, label: str) -> list[str]:
        """A score: its method, each indicator's value and weight, and the result."""
        sc = self.rs.scores[name]
        value = scalar(self.ev.get(name, label), self.i)
        method = _("method: {method} of {part}").format(method=sc.method, part=sc.of)
        lines = [f"{sc.title}  [{name}] = {_show(value)}", method]
        for ind_id in sc.indicators:
            ind = self.rs.indicators[ind_id]
            part = scalar(self.ev.get(Ref.part_of(ind_id, sc.of), label), self.i)
            weight = (
                _(", weight {weight}").format(weight=f"{ind.weight.value:g}") if ind.weight else ""
            )
            lines.append(f"  {ind_id}.{sc.of} = {_show(part)}{weight}")
        if sc.formula is not None:
            lines += self._formula(name, sc.formula, label, 0, value)
        lines.append(_presented(value, sc.rounding))
        return lines

    def _definition(self, name: str) -> tuple[Formula | None, str | None, PeriodKind | None]:
        if name in self.rs.figures:
            f = self.rs.figures[name]
            return f.formula, f.combine, f.cadence
        ref = self.rs.ref(name)
        if ref is not None and ref.kind is NodeKind.PART and ref.part == "realisasi":
            ind = self.rs.indicators[ref.id]
            return ind.realisasi, ind.combine, ind.cadence
        if name in self.rs.scores:
            return self.rs.scores[name].formula, None, None
        return None, None, None

    def _combined(
        self, name: str, label: str, how: str, cadence: PeriodKind, depth: int
    ) -> list[str]:
        pad = "  " * depth
        subs = sub_labels(label, cadence)
        value = scalar(self.ev.get(name, label), self.i)
        head = _("{name} ({period}) = {how} of {periods} = {value}").format(
            name=name,
            period=label,
            how=aggregate(how).title(),
            periods=", ".join(subs),
            value=_show(value),
        )
        lines = [pad + head]
        for sub in subs:
            lines += self.name(name, sub, depth + 1)
        return lines

    def _rolled_up(self, name: str, label: str, depth: int) -> list[str]:
        level = self.ev.levels[self.i]
        own = self._own_level(name)
        if own is None or level == own:
            return []
        pad = "  " * depth
        vec = self.ev.get(name, label)
        kids = [k for k in range(self.ev.n) if self.ev.parents[k] == self.i]
        shown = ", ".join(f"{self.ev.bound.units[k].id}={_show(scalar(vec, k))}" for k in kids[:60])
        rolled = ngettext(
            "{name} = roll-up of {n} unit below = {value}",
            "{name} = roll-up of {n} units below = {value}",
            len(kids),
        ).format(name=name, n=len(kids), value=_show(scalar(vec, self.i)))
        return [pad + rolled, f"{pad}  {shown}"]

    def _own_level(self, name: str) -> str | None:
        ref = self.rs.ref(name)
        base = ref.id if ref is not None else name
        for table in (self.rs.figures, self.rs.indicators, self.rs.scores):
            if base in table and getattr(table[base], "rollup", None) is not None:
                level: str | None = getattr(table[base], "level", None)
                return level
        return None

    def _formula(
        self, name: str, formula: Formula, label: str, depth: int, value: Any
    ) -> list[str]:
        pad = "  " * depth
        env = {n: scalar(self.ev.get(n, label), self.i) for n in formula.program.names}
        tree = formula.program.explain(env, self.ev.tables)
        check = _agree(tree.value, value)
        lines = [f"{pad}{name} = {formula.text.strip()}   [{formula.location.label()}]"]
        lines += [f"{pad}  {line}" for line in tree.render().splitlines()]
        lines.append(f"{pad}  = {_show(value)}{check}")
        for dep in sorted(formula.program.names):
            if depth < 6 and (dep not in self.rs.inputs or self._combined_input(dep, label)):
                lines += self.name(dep, label, depth + 1)
        return lines

    def _capaian(self, ind: Indicator, label: str) -> list[str]:
        cap = self.ev.get(Ref.part_of(ind.id, "capaian"), label)
        value = scalar(cap, self.i)
        if ind.capaian is not None:
            rule = ind.capaian.text
        elif ind.polarity == "higher":
            rule = "realisasi / target × 100"
        else:
            rule = f"(2 × target − realisasi) / target × 100   ({polarity_text('lower')})"
        real = scalar(self.ev.get(Ref.part_of(ind.id, "realisasi"), label), self.i)
        target = scalar(self.ev.get(Ref.part_of(ind.id, "target"), label), self.i)
        r, t = _show(real), _show(target)
        if ind.capaian is not None:
            numbers = _("with realisasi = {realisasi}, target = {target}").format(
                realisasi=r, target=t
            )
        elif ind.polarity == "higher":
            numbers = f"= {r} / {t} × 100"
        else:
            numbers = f"= (2 × {t} − {r}) / {t} × 100"
        lines = [f"capaian = {rule}", f"        {numbers} = {_show(value)}"]
        if ind.cap is not None or ind.floor is not None:
            limits = _("  limited to [{floor}, {cap}]")
            lines.append(limits.format(floor=ind.floor, cap=ind.cap))
        lines.append(_presented(value, ind.rounding["capaian"]))
        pred = _predikat(self.ev, ind, self.ev.get(Ref.part_of(ind.id, "realisasi"), label), cap)
        if pred is not None and ind.predikat:
            band = self.rs.tables[ind.predikat]
            lines.append(
                f"predikat ({band.id}, {band.provenance.text()}) = {_show(scalar(pred, self.i))}"
            )
        return lines


def _presented(value: Any, rounding: Rounding) -> str:
    """'presented: 100.00 (2 decimals, half-up)', or N/A."""
    if not isinstance(value, float):
        return _("presented: {value}").format(value="N/A")
    text = ngettext(
        "presented: {value} ({n} decimal, {mode})",
        "presented: {value} ({n} decimals, {mode})",
        rounding.decimals,
    )
    value_text = Presented(value, None, rounding).text()
    return text.format(value=value_text, n=rounding.decimals, mode=mode_text(rounding.mode))


def _agree(explained: Any, columnar: Any) -> str:
    """'' when the explaining path agrees with the columnar path, else a loud marker."""
    if isinstance(explained, NA) and isinstance(columnar, NA):
        return ""
    both_numbers = isinstance(explained, float) and isinstance(columnar, float)
    if both_numbers and math.isclose(explained, columnar, rel_tol=1e-12, abs_tol=1e-12):
        return ""
    if explained == columnar:
        return ""
    return _("   !! explaining path gives {value}").format(value=_show(explained))
