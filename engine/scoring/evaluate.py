"""The columnar evaluator: every input, figure, indicator part and score for all units at once."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from dsl.history import HistoryRef
from dsl.i18n import N_, _
from dsl.skips import Skipped
from dsl.values import TOO_LARGE, NaKind, na_code, reason_code
from engine.data.bind import ABSENT, NA_REPORTED, Bound
from engine.data.records import rows_at, table_of
from engine.periods import Period, PeriodKind, is_finer, sub_labels
from engine.ruleset.model import (
    Formula,
    Indicator,
    Input,
    NodeKind,
    Part,
    Ref,
    Rollup,
    Ruleset,
    Score,
)
from engine.scoring.aggregates import UNWEIGHTED, aggregate
from engine.scoring.history_values import NO_HISTORY, History, earlier_year, not_earlier
from engine.scoring.result import no_target_reason
from engine.scoring.rollup_gaps import settle
from engine.scoring.tables import EngineTable
from engine.scoring.validation_state import excluded, not_chosen
from engine.scoring.vectors import (
    Vec,
    codes_of,
    codes_of_kind,
    combine,
    constant,
    first_reason,
    from_column,
    na_vec,
    relabel,
    reported_throughout,
    to_column,
    where_na,
)

EVERY_INDICATOR_NA = N_("every indicator is N/A")


class Evaluator:
    """Evaluates names of a ruleset over a bound dataset, memoised per (name, period label)."""

    def __init__(self, ruleset: Ruleset, bound: Bound, history: History = NO_HISTORY) -> None:
        self.rs = ruleset
        self.bound = bound
        self.history = history
        self.n = len(bound.units)
        self.ids = tuple(u.id for u in bound.units)
        self.levels = np.array([u.level for u in bound.units], dtype=object)
        self.parents = np.array(
            [bound.index.get(u.parent, -1) if u.parent else -1 for u in bound.units], dtype=np.int64
        )
        self.tables = {t.id: EngineTable(t) for t in ruleset.tables.values()}
        self.memo: dict[tuple[str, str], Vec] = {}
        self.skipped: list[tuple[Formula, str, list[Skipped]]] = []  # for N020 (skip_notes.py)
        self._level_masks: dict[str | None, np.ndarray] = {}

    def at_level(self, level: str | None) -> np.ndarray:
        """Boolean mask of the units at a level (object-array comparisons, done once a level)."""
        if level not in self._level_masks:
            self._level_masks[level] = np.asarray(self.levels == level, dtype=bool)
        return self._level_masks[level]

    def get(self, name: str | Ref, label: str) -> Vec:
        """The value of a name (input, figure, `ind.part`, score) in a period, for every unit."""
        key = (name.name if isinstance(name, Ref) else name, label)
        if key not in self.memo:
            self.memo[key] = self._compute(key[0], label)
        return self.memo[key]

    def _compute(self, name: str, label: str) -> Vec:
        rs = self.rs
        match rs.ref(name):
            case Ref(kind=NodeKind.INPUT):
                return self._input(rs.inputs[name], label)
            case Ref(kind=NodeKind.FIGURE):
                fig = rs.figures[name]
                compute = self._formula_fn(fig.formula, name)
                vec = self._cadenced(fig.combine, fig.cadence, label, compute)
                return self._levelled(vec, fig.level, fig.rollup, label)
            case Ref(kind=NodeKind.SCORE):
                return self._score(rs.scores[name], label)
            case Ref(kind=NodeKind.PART, id=base, part=part) if part is not None:
                return self._indicator_part(rs.indicators[base], part, label)
        return na_vec(self.n, _("unknown name '{name}'").format(name=name))

    # inputs -----------------------------------------------------------------

    def _input(self, spec: Input, label: str) -> Vec:
        if spec.axis is not None:
            return self._series(spec, label)
        direct = _prefer(self._slot_vec(spec, label, None), self._slot_vec(spec, "*", None))
        if is_finer(spec.period, Period.from_label(label).kind):
            labels = sub_labels(label, spec.period)
            parts = [self._slot_vec(spec, sub, None) for sub in labels]
            combined = combine(parts, spec.combine, labels)
            direct = _prefer(direct, combined, second_reason=True)
        return not_chosen(self.bound.unchosen, spec.id, self.rs.year, direct)

    def _slot_vec(self, spec: Input, label: str, item: str | None) -> Vec:
        slot = self.bound.slots.get(spec.id, {}).get((label, item))
        where = f"{spec.id} [{item}]" if item else spec.id
        no_data = _no_data_for(where, label)
        if slot is None:
            return na_vec(self.n, no_data, NaKind.NO_DATA)
        codes = np.zeros(self.n, dtype=np.int32)
        codes[slot.state == ABSENT] = reason_code(no_data, NaKind.NO_DATA)
        reported = _("{name} reported as N/A in {period}").format(name=where, period=label)
        codes[slot.state == NA_REPORTED] = reason_code(reported, NaKind.REPORTED)
        if self.rs.validation is not None and self.rs.validation.policy == "exclude":
            return excluded(self.rs.validation, self.bound, spec, (label, item), slot, codes)
        return Vec(slot.values, codes)

    def _series(self, spec: Input, label: str) -> Vec:
        items = self.bound.items.get(spec.id, list(spec.items or ()))
        if not items:
            return na_vec(self.n, _no_data_for(spec.id, label), NaKind.NO_DATA)
        cols = [
            _prefer(self._slot_vec(spec, label, it), self._slot_vec(spec, "*", it)) for it in items
        ]
        na = np.column_stack([c.na for c in cols])
        if spec.kind == "text":  # letter answers: texts, None where an element is N/A
            values = np.column_stack([c.values.astype(object) for c in cols])
            values[na] = None
        else:
            values = np.column_stack([c.values.astype(np.float64) for c in cols])
            values = np.where(na, np.nan, values)
        elements = np.column_stack([c.codes for c in cols]).astype(np.int32)
        if spec.rows:  # a row of another unit's table is no row here: not_scored, not missing
            here = rows_at(self.bound, table_of(self.rs, spec), [label, "*"], items)
            absent = reason_code(_("not a row of this unit"), NaKind.NOT_SCORED)
            elements = np.where(here, elements, absent).astype(np.int32)
        codes = np.where(na.all(axis=1), cols[0].codes, 0).astype(np.int32)
        return Vec(values, codes, elements)

    # formulas, cadence and levels -------------------------------------------

    def _formula_fn(self, formula: Formula | None, name: str) -> Callable[[str], Vec]:
        def compute(label: str) -> Vec:
            if formula is None:
                return na_vec(self.n, _("'{name}' has no formula").format(name=name))
            return self.run(formula, label)

        return compute

    def run(self, formula: Formula, label: str, extra: dict[str, Vec] | None = None) -> Vec:
        """Evaluate a compiled formula for every unit in a period."""
        extra = extra or {}
        env = {
            n: to_column(extra[n] if n in extra else self.get(n, label))
            for n in formula.program.names
        }
        env.update((r.key, to_column(self.earlier(r, label))) for r in formula.program.history)
        skips: list[Skipped] = []
        column = formula.program.evaluate(env, self.n, self.tables, skips)
        if skips:
            self.skipped.append((formula, label, skips))
        return from_column(column)

    def earlier(self, ref: HistoryRef, label: str) -> Vec:
        """The value an earlier-year reference reads (this year's own value for its own year)."""
        year, key = earlier_year(ref, self.rs.year), (ref.key, label)
        if key not in self.memo:
            if year == self.rs.year and self.rs.year:
                self.memo[key] = self.get(ref.name, label)
            elif year > self.rs.year or not self.rs.year:
                self.memo[key] = not_earlier(self.n, ref, self.rs.year)
            else:
                self.memo[key] = self.history.vec(ref.name, year, label, self.ids)
        return self.memo[key]

    def _cadenced(
        self,
        how: str | None,
        cadence: PeriodKind | None,
        label: str,
        compute: Callable[[str], Vec],
    ) -> Vec:
        if how is None or cadence is None or not is_finer(cadence, Period.from_label(label).kind):
            return compute(label)
        labels = sub_labels(label, cadence)
        return combine([compute(sub) for sub in labels], how, labels)

    def _scoped(self, vec: Vec, level: str | None, rolled: bool) -> Vec:
        """vec made N/A for units outside the level (and the levels it rolls up to)."""
        if level is None:
            return vec
        inside = self.chain(level) if rolled else [level]
        outside = ~np.logical_or.reduce([self.at_level(lv) for lv in inside])
        reason = _("not scored at this level (only {levels})").format(levels=", ".join(inside))
        return where_na(vec, outside, reason, NaKind.NOT_SCORED)

    def _levelled(self, vec: Vec, level: str | None, rollup: Rollup | None, label: str) -> Vec:
        if level is None:
            return vec
        chain = self.chain(level)
        vec = self._scoped(vec, level, rollup is not None)
        if rollup is None:
            return vec
        weights = self.get(rollup.weight, label) if rollup.weight else None
        for child_level, parent_level in itertools.pairwise(chain):
            done = self._rollup_step(vec, child_level, parent_level, rollup.method, weights)
            vec = settle(self, vec, done, (child_level, parent_level), rollup.gaps)
        return vec

    def chain(self, level: str) -> list[str]:
        chain = [level]
        parents = self.rs.level_parents
        while parents.get(chain[-1]) is not None and len(chain) < 20:
            chain.append(str(parents[chain[-1]]))
        return chain

    def _rollup_step(
        self, vec: Vec, child_level: str, parent_level: str, method: str, weights: Vec | None
    ) -> Vec:
        is_child = self.at_level(child_level) & (self.parents >= 0)
        ok = is_child & ~vec.na
        idx = self.parents[ok]
        vals = vec.values[ok].astype(np.float64)
        w = weights.values[ok].astype(np.float64) if weights is not None else np.ones(len(vals))
        agg = aggregate(method).groups(idx, vals, w, self.n)
        values = vec.values.astype(np.float64).copy()
        codes = vec.codes.copy()
        is_parent = self.at_level(parent_level)
        values[is_parent] = agg[is_parent]
        codes[is_parent] = 0
        empty = is_parent & (np.bincount(idx, minlength=self.n) == 0)
        codes[empty] = reason_code(_("no {level} values to roll up").format(level=child_level))
        said = is_child & codes_of_kind(vec.codes, NaKind.REPORTED)  # the one rule of kinds:
        counts = [np.bincount(self.parents[m], minlength=self.n) for m in (said, is_child)]
        reported = _("every {level} reported as N/A").format(level=child_level)
        codes[empty & reported_throughout(*counts)] = reason_code(reported, NaKind.REPORTED)
        if weights is not None:  # a value without its weight cannot be weighed: never silent
            unweighed = np.bincount(idx, weights=np.isnan(w), minlength=self.n) > 0
            codes[is_parent & unweighed & ~empty] = reason_code(
                _("the weight of a {level} value is N/A").format(level=child_level)
            )
        values[codes != 0] = np.nan
        return Vec(values, codes)

    # indicators ---------------------------------------------------------------

    def _indicator_part(self, ind: Indicator, part: Part, label: str) -> Vec:
        match part:
            case "realisasi":
                compute = self._formula_fn(ind.realisasi, ind.id)
                vec = self._cadenced(ind.combine, ind.cadence, label, compute)
                return self._levelled(vec, ind.level, ind.rollup, label)
            case "target":
                return self._scoped(self._target(ind, label), ind.level, ind.rollup is not None)
            case _:
                return self._capaian(ind, label)

    def _target(self, ind: Indicator, label: str) -> Vec:
        spec = ind.target
        if spec is None:
            return na_vec(self.n, no_target_reason(ind.id), NaKind.NO_TARGET)
        if spec.formula is not None:
            return self.run(spec.formula, label)
        declared, value = spec.for_label(label)
        if not declared:
            reason = _("no target declared for {period}").format(period=label)
            return na_vec(self.n, reason, NaKind.NO_TARGET)
        if value is None:
            reason = _("target is N/A in {period}").format(period=label)
            return na_vec(self.n, reason, NaKind.NO_TARGET)
        return constant(self.n, value)

    def _capaian(self, ind: Indicator, label: str) -> Vec:
        real = self.get(Ref.part_of(ind.id, "realisasi"), label)
        target = self.get(Ref.part_of(ind.id, "target"), label)
        if ind.capaian is not None:
            vec = self.run(ind.capaian, label, {"realisasi": real, "target": target})
        else:
            vec = _default_capaian(real, target, ind.polarity)
        values = vec.values.astype(np.float64)
        if ind.cap is not None:
            values = np.minimum(values, ind.cap)
        if ind.floor is not None:
            values = np.maximum(values, ind.floor)
        return Vec(values, vec.codes)

    # scores -------------------------------------------------------------------

    def _score(self, score: Score, label: str) -> Vec:
        if score.method == "formula" and score.formula is not None:
            vec = self.run(score.formula, label)
        else:
            vec = self._combine_indicators(score, label)
        if score.cap is not None:
            vec = Vec(np.minimum(vec.values.astype(np.float64), score.cap), vec.codes)
        return self._levelled(vec, score.level, score.rollup, label)

    def _combine_indicators(self, score: Score, label: str) -> Vec:
        vecs = [self.get(Ref.part_of(i, score.of), label) for i in score.indicators]
        if not vecs:
            return na_vec(self.n, _("score '{id}' lists no indicators").format(id=score.id))
        values = np.vstack([v.values.astype(np.float64) for v in vecs])
        na = np.vstack([v.na for v in vecs])
        if score.method == "mean_of_groups":
            return self._mean_of_groups(score, values, na)
        weights = self._weights(score)
        return _weighted(score, values, na, weights, vecs)

    def _weights(self, score: Score) -> np.ndarray:
        if score.method == "mean":
            return np.ones(len(score.indicators))
        weights = [self.rs.indicators[i].weight for i in score.indicators]
        return np.array([w.value if w else 0.0 for w in weights])

    def _mean_of_groups(self, score: Score, values: np.ndarray, na: np.ndarray) -> Vec:
        groups: dict[str, list[int]] = {}
        for pos, ind_id in enumerate(score.indicators):
            groups.setdefault(self.rs.indicators[ind_id].group or "", []).append(pos)
        mean = aggregate("mean").rows
        present = np.where(na, np.nan, values)
        means = np.vstack([mean(present[rows], UNWEIGHTED) for rows in groups.values()])
        out = mean(means, UNWEIGHTED)
        codes = codes_of(self.n, None)
        codes[np.isnan(out)] = reason_code(_(EVERY_INDICATOR_NA))
        return Vec(out, codes)


def _prefer(first: Vec, second: Vec, second_reason: bool = False) -> Vec:
    """first where it has a value or an explicit N/A, otherwise (no data at all) second.

    Where neither has a value, the reason is first's, or second's with `second_reason`.
    """
    use_second = _no_data(first)
    if not use_second.any():
        return first
    values = first.values.astype(np.result_type(first.values, second.values))  # text: object
    values[use_second] = second.values[use_second]
    codes = first.codes.copy()
    take = use_second if second_reason else use_second & (second.codes == 0)
    codes[take] = second.codes[take]
    return Vec(values, codes)


def _no_data(vec: Vec) -> np.ndarray:
    return codes_of_kind(vec.codes, NaKind.NO_DATA)


def _default_capaian(real: Vec, target: Vec, polarity: str) -> Vec:
    r = real.values.astype(np.float64)
    t = target.values.astype(np.float64)
    codes = first_reason(real.codes, target.codes)
    codes[(codes == 0) & (t == 0)] = reason_code(_("target is zero"), NaKind.ARITHMETIC)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        ratio = r / t if polarity == "higher" else (2 * t - r) / t
        capaian = ratio * 100.0
    # a finite realisasi over a tiny target can overflow: N/A, as in the formula language
    codes[(codes == 0) & ~np.isfinite(capaian)] = na_code(TOO_LARGE)
    return Vec(np.where(codes == 0, capaian, np.nan), codes)


def _weighted(
    score: Score, values: np.ndarray, na: np.ndarray, w: np.ndarray, vecs: list[Vec]
) -> Vec:
    n = values.shape[1]
    present = np.where(na, np.nan, values)
    weights = np.broadcast_to(w[:, None], values.shape)
    codes = codes_of(n, None)
    if score.method == "weighted_sum" and not score.renormalize:
        out = aggregate("sum").rows(present * weights, weights) / 100.0
        for pos, vec in enumerate(vecs):
            hit = na[pos] & (codes == 0)
            name = score.indicators[pos]
            codes = np.where(hit, relabel(vec.codes, hit, _na_in(name)), codes)
    else:
        out = aggregate("weighted_mean").rows(present, weights)
        codes[np.isnan(out)] = reason_code(_(EVERY_INDICATOR_NA))  # no value, or no weight
    return Vec(np.where(codes == 0, out, np.nan), codes.astype(np.int32))


def _na_in(name: str) -> Callable[[str], str]:
    """A function wrapping a reason as 'name is N/A (reason)'."""
    return lambda reason: _("{name} is N/A ({reason})").format(name=name, reason=reason)


def _no_data_for(name: str, period: str) -> str:
    """The reason of a value the data does not give."""
    return _("no data for {name} in {period}").format(name=name, period=period)
