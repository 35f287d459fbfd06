"""explain(): the derivation of one figure for one unit, readable by an auditor."""

from __future__ import annotations

import math
from typing import Any

from dsl import NA
from dsl.ast import Name
from dsl.errors import Location, PerkinError
from dsl.i18n import _, ngettext
from dsl.lines import one_line
from dsl.suggest import did_you_mean
from dsl.values import NaKind, reason_kind, reason_text
from engine.data.binding import bind
from engine.data.read import Dataset
from engine.periods import PeriodKind, sub_labels
from engine.ruleset.model import Formula, Indicator, NodeKind, Ref, Rollup, Rounding, Ruleset, Score
from engine.ruleset.money import rupiah_names
from engine.scoring.aggregates import aggregate
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain_bands import explain_band
from engine.scoring.explain_history import history_lines, history_values
from engine.scoring.explain_inputs import InputCells
from engine.scoring.explain_rank import explain_ranking
from engine.scoring.explain_rollup import RolledUp, child_level, explain_rollup
from engine.scoring.explain_values import scalar, show
from engine.scoring.history_values import NO_HISTORY, History
from engine.scoring.result import Presented, mode_text, polarity_text
from engine.scoring.score import resolve_period


class ExplainError(PerkinError):
    """A figure or unit that cannot be explained."""

    code = "X001"


def explain_figure(
    rs: Ruleset,
    dataset: Dataset,
    unit: str,
    name: str,
    period: str | None,
    history: History = NO_HISTORY,
) -> str:
    """A text derivation of `name` (indicator, figure, score) for `unit` in `period`, or the
    unit's place in the ranking `name`; `history` gives earlier years' values."""
    bound = bind(rs, dataset)
    if unit not in bound.index:
        raise ExplainError(
            _("unknown unit '{unit}'").format(unit=unit),
            Location(file="--unit"),
            did_you_mean(unit, bound.index),
        )
    p = resolve_period(rs, period)
    ex = _Explainer(Evaluator(rs, bound, history), bound.index[unit], InputCells(bound, dataset))
    label = p.engine_label
    if name in rs.indicators:
        return "\n".join(ex.indicator(rs.indicators[name], label))
    if name in rs.scores:
        return "\n".join(ex.score(name, label))
    if name in rs.figures:
        return "\n".join(ex.name(name, label, 0))
    if name in rs.rankings:
        return "\n".join(explain_ranking(ex.ev, rs.rankings[name], ex.i, label))
    options = [*rs.indicators, *rs.figures, *rs.scores, *rs.rankings]
    raise ExplainError(
        _("unknown indicator '{name}'").format(name=name),
        Location(file="--indicator"),
        did_you_mean(name, options),
    )


class _Explainer:
    """Walks a figure's dependencies for one unit, re-deriving formulas on the explaining path."""

    def __init__(self, ev: Evaluator, unit: int, origins: InputCells) -> None:
        self.ev = ev
        self.i = unit
        self.rs = ev.rs
        self.origins = origins
        money = rupiah_names(ev.rs)
        self.money = money.figures | {i.id for i in ev.rs.inputs.values() if i.kind == "currency"}
        self.money_indicators = money.indicators

    def _show(self, name: str, value: Any) -> str:
        """A value of that name (input, figure, indicator part) as offices write it."""
        return show(value, self._is_money(name))

    def _is_money(self, name: str) -> bool:
        """Whether values of that name are Rupiah amounts (engine/ruleset/money.py's rule)."""
        ref = self.rs.ref(name)
        if ref is not None and ref.part in ("target", "realisasi"):
            return ref.id in self.money_indicators
        return name in self.money

    def _not_scored(self, name: str, label: str) -> str | None:
        """The reason when `name` is not scored for this unit and period (outside its levels or
        cadence): there is nothing to derive, and deriving anyway would show a value perkin
        never gives."""
        code = int(self.ev.get(name, label).codes[self.i])
        return reason_text(code) if code and reason_kind(code) is NaKind.NOT_SCORED else None

    def indicator(self, ind: Indicator, label: str) -> list[str]:
        u = self.ev.bound.units[self.i]
        lines = [
            f"{one_line(ind.name)}  [{ind.id}]",
            _("unit: {name} ({id}), period: {period}").format(
                name=one_line(u.name), id=one_line(u.id), period=label
            ),
            _("source: {source}").format(source=ind.provenance.text()),
        ]
        why = self._not_scored(Ref.part_of(ind.id, "capaian").name, label)
        if why is not None:
            return [*lines, _("not scored for this unit: {reason}").format(reason=why)]
        target = self.ev.get(Ref.part_of(ind.id, "target"), label)
        cite = ind.target.provenance.text() if ind.target else _("none")
        t_name = Ref.part_of(ind.id, "target").name
        lines.append(f"target = {self._show(t_name, scalar(target, self.i))}   [{cite}]")
        lines += self.name(Ref.part_of(ind.id, "realisasi").name, label, 0)
        lines += self._capaian(ind, label)
        return lines

    def name(self, name: str, label: str, depth: int) -> list[str]:
        pad = "  " * depth
        vec = self.ev.get(name, label)
        value = scalar(vec, self.i)
        if name in self.rs.inputs:
            return self._input(name, label, depth, value)
        if self._not_scored(name, label) is not None:
            return [f"{pad}{name} = {self._show(name, value)}"]
        formula, combine, cadence = self._definition(name)
        if combine and cadence and sub_labels(label, cadence) != [label]:
            return self._combined(name, label, combine, cadence, depth)
        if formula is None:
            return [f"{pad}{name} = {self._show(name, value)}"]
        rolled = self._rolled_up(name, label, depth)
        if rolled:
            return rolled
        return self._formula(name, formula, label, depth, value)

    def _input(self, name: str, label: str, depth: int, value: Any) -> list[str]:
        pad = "  " * depth
        spec = self.rs.inputs[name]
        data = _("{name} = {value}   (data, {period})")
        lines = [pad + data.format(name=name, value=self._show(name, value), period=label)]
        key = self.origins.given(spec, label, self.i) if spec.axis is None else None
        subs = sub_labels(label, spec.period)
        if key is not None:
            found = self.origins.lines(spec, key, self.i, label)
            return lines + [f"{pad}  {line}" for line in found]
        if spec.rows:
            found = self.origins.rows(self.rs, spec, label, self.i)
            return lines + [f"{pad}  {line}" for line in found]
        if subs == [label] or spec.axis is not None:
            return lines
        how = _("{name} = {how} of {n} {period} = {value}").format(
            name=name,
            how=aggregate(spec.combine).title(),
            n=len(subs),
            period=spec.period,
            value=self._show(name, value),
        )
        lines = [pad + how]
        for sub in subs:
            lines += self._input(name, sub, depth + 1, scalar(self.ev.get(name, sub), self.i))
        return lines

    def score(self, name: str, label: str) -> list[str]:
        """A score: its method, each indicator's value and weight, and the result."""
        sc = self.rs.scores[name]
        value = scalar(self.ev.get(name, label), self.i)
        method = (  # a formula or a roll-up reads what it names, not a part of indicators
            _("method: {method}").format(method=sc.method)
            if sc.method in ("formula", "rollup")
            else _("method: {method} of {part}").format(method=sc.method, part=sc.of)
        )
        lines = [f"{sc.title}  [{name}] = {show(value)}", method]
        if self._not_scored(name, label) is not None:
            return lines
        rolled = self._rolled_up(name, label, 0)  # a unit above the score's level: its children
        if rolled:
            return [*lines, *rolled, _presented(value, sc.rounding), *self._band(sc, name, label)]
        for ind_id in sc.indicators:
            ind = self.rs.indicators[ind_id]
            part = scalar(self.ev.get(Ref.part_of(ind_id, sc.of), label), self.i)
            weight = (
                _(", weight {weight}").format(weight=f"{ind.weight.value:g}") if ind.weight else ""
            )
            lines.append(f"  {ind_id}.{sc.of} = {show(part)}{weight}")
        if sc.formula is not None:
            lines += self._formula(name, sc.formula, label, 0, value)
        return [*lines, _presented(value, sc.rounding), *self._band(sc, name, label)]

    def _band(self, sc: Score, name: str, label: str) -> list[str]:
        if sc.predikat is None:
            return []
        vec = self.ev.get(name, label)
        return explain_band(self.rs.tables[sc.predikat], vec, sc.rounding, self.i)

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
            value=self._show(name, value),
        )
        lines = [pad + head]
        for sub in subs:
            lines += self.name(name, sub, depth + 1)
        return lines

    def _rolled_up(self, name: str, label: str, depth: int) -> list[str]:
        found = self._rollup_of(name)
        if found is None:
            return []
        own, rollup = found
        below = child_level(self.ev, self.i, own)
        if below is None:
            return []
        input_name = self._bare_input(name) if below == own else None

        def cell(k: int) -> str | None:
            if input_name is None:
                return None
            return self.origins.cell(self.rs.inputs[input_name], label, k)

        what = RolledUp(name, rollup, below, self._is_money(name), cell)
        return explain_rollup(self.ev, self.i, what, label, "  " * depth)

    def _bare_input(self, name: str) -> str | None:
        """The input a figure or realisasi is just the name of ('anggaran_belanja: anggaran')."""
        formula = self._definition(name)[0]
        expr = formula.program.expr if formula is not None else None
        return expr.name if isinstance(expr, Name) and expr.name in self.rs.inputs else None

    def _rollup_of(self, name: str) -> tuple[str, Rollup] | None:
        """The level and roll-up of a figure, indicator part or score that rolls up."""
        ref = self.rs.ref(name)
        base = ref.id if ref is not None else name
        for table in (self.rs.figures, self.rs.indicators, self.rs.scores):
            node = table.get(base)
            rollup = getattr(node, "rollup", None)
            level = getattr(node, "level", None)
            if rollup is not None and level is not None:
                return str(level), rollup
        return None

    def _formula(
        self, name: str, formula: Formula, label: str, depth: int, value: Any
    ) -> list[str]:
        pad = "  " * depth
        env = {n: scalar(self.ev.get(n, label), self.i) for n in formula.program.names}
        env.update(history_values(self.ev, formula.program, label, self.i))
        tree = formula.program.explain(env, self.ev.tables)
        check = _agree(tree.value, value)
        lines = [f"{pad}{name} = {formula.text.strip()}   [{formula.location.label()}]"]
        lines += [f"{pad}  {line}" for line in tree.render().splitlines()]
        lines.append(f"{pad}  = {self._show(name, value)}{check}")
        lines += history_lines(self.ev, formula.program, label, self.i, pad + "  ")
        for dep in sorted(formula.program.names):
            if depth < 6:
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
        real_ref = Ref.part_of(ind.id, "realisasi")
        real = scalar(self.ev.get(real_ref, label), self.i)
        target = scalar(self.ev.get(Ref.part_of(ind.id, "target"), label), self.i)
        r = self._show(Ref.part_of(ind.id, "realisasi").name, real)
        t = self._show(Ref.part_of(ind.id, "target").name, target)
        if ind.capaian is not None:
            numbers = _("with realisasi = {realisasi}, target = {target}").format(
                realisasi=r, target=t
            )
        elif ind.polarity == "higher":
            numbers = f"= {r} / {t} × 100"
        else:
            numbers = f"= (2 × {t} − {r}) / {t} × 100"
        lines = [f"capaian = {rule}", f"        {numbers} = {show(value)}"]
        if ind.cap is not None or ind.floor is not None:
            limits = _("  limited to [{floor}, {cap}]")
            lines.append(limits.format(floor=ind.floor, cap=ind.cap))
        lines.append(_presented(value, ind.rounding["capaian"]))
        if ind.predikat is not None:
            on = cap if ind.predikat_on == "capaian" else self.ev.get(real_ref, label)
            table = self.rs.tables[ind.predikat]
            lines += explain_band(table, on, ind.rounding[ind.predikat_on], self.i)
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
    value_text = Presented(value, None, rounding).office_text()
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
    return _("   !! explaining path gives {value}").format(value=show(explained))
