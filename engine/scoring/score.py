"""score(): a ruleset applied to a dataset for one period, as an immutable Result."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from importlib import metadata
from itertools import repeat

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.data.bind import Bound, DataBindingError
from engine.data.binding import bind
from engine.data.read import Dataset
from engine.data.years import data_years
from engine.periods import Period, PeriodKind, finest, parse_option
from engine.ruleset.cycle import check_year
from engine.ruleset.model import Indicator, Ranking, Ref, Rounding, Ruleset, Score
from engine.ruleset.names import ShownNames
from engine.scoring.collector import collector_paused
from engine.scoring.columns import (
    IndicatorBlock,
    Listed,
    NaBlock,
    PresentedColumn,
    Rows,
    TieBlock,
    ValueBlock,
    reasons_of,
)
from engine.scoring.columns_of import label_column, presented_column
from engine.scoring.comparisons import earlier_values
from engine.scoring.evaluate import Evaluator
from engine.scoring.gap_notes import gap_notes
from engine.scoring.history_values import NO_HISTORY, History
from engine.scoring.respondents import respondent_warnings
from engine.scoring.result import RankRow, Result, Tie
from engine.scoring.skip_notes import skip_notes
from engine.scoring.tables import band_figure
from engine.scoring.target_check import target_warnings
from engine.scoring.validation_state import validation_states, validation_warnings
from engine.scoring.vectors import Vec


class PeriodOutsideYearError(PerkinError):
    """A period that the ruleset cannot be scored for."""

    code = "P001"


def perkin_version() -> str:
    """The installed perkin version."""
    try:
        return metadata.version("perkin")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def resolve_period(ruleset: Ruleset, text: str | None) -> Period:
    """The period to score: the text given, or the ruleset's whole year."""
    if text is None:
        return Period(ruleset.year or None, "tahunan", 1)
    period = parse_option(text)
    check_year(ruleset.cycle, period.year, text, Location(file="--period"))
    if period.year is not None and ruleset.year and period.year != ruleset.year:
        raise PeriodOutsideYearError(
            _("period {period} is outside the ruleset year {year}").format(
                period=text, year=ruleset.year
            ),
            Location(file="--period"),
        )
    return period


def _data_year(dataset: Dataset) -> str | None:
    """The one year the data names, for a ruleset of no year; several are refused."""
    years = sorted(data_years(dataset))
    if len(years) > 1:
        raise PeriodOutsideYearError(
            _("the ruleset names no year and the data names {years}").format(
                years=", ".join(map(str, years))
            ),
            Location(file="--period"),
            _("say which to score with --period, e.g. --period {year}").format(year=years[-1]),
        )
    return str(years[0]) if years else None


def score(
    ruleset: Ruleset,
    dataset: Dataset,
    period: str | None = None,
    units: Sequence[str] = (),
    bound: Bound | None = None,
    history: History = NO_HISTORY,
) -> Result:
    """Score every unit (or those named) for a period, columnar; bound: the data already bound."""
    with collector_paused():
        return _score(ruleset, dataset, period, units, bound, history)


def _score(
    ruleset: Ruleset,
    dataset: Dataset,
    period: str | None,
    units: Sequence[str],
    bound: Bound | None,
    history: History,
) -> Result:
    bound = bind(ruleset, dataset) if bound is None else bound
    if period is None and not ruleset.year:
        period = _data_year(dataset)  # a ruleset of no year (a standard instrument): the data's
    target = resolve_period(ruleset, period)
    ev = Evaluator(ruleset, bound, history)
    keep = _unit_filter(bound, units) - (set() if units else ruleset.comparisons.peer_ids())
    kept = np.array([u.id in keep for u in bound.units], dtype=bool)
    rows = _KeptRows(ev, kept)
    blocks = list(_indicator_blocks(ev, target, rows))
    ranks = tuple(_rank_rows(ev, target))
    states = validation_states(ruleset, bound, target)
    return Result(
        ruleset_id=ruleset.id,
        ruleset_title=ruleset.title,
        ruleset_hash=ruleset.content_hash,
        input_hash=bound.input_hash,
        perkin_version=perkin_version(),
        period=target.scored_text(ruleset.year),
        units=tuple(u for u in bound.units if u.id in keep),
        indicators=Rows(blocks),
        figures=Rows(_figure_blocks(ev, target, rows)),
        scores=Rows(_score_blocks(ev, target, rows)),
        rankings=ranks,
        diagnostics=Rows(
            [
                *(NaBlock.of(b) for b in blocks),
                TieBlock.of(ranks),
                Listed(tuple(target_warnings(ev, kept))),
                Listed(tuple(validation_warnings(ruleset, states, keep))),
                Listed(tuple(respondent_warnings(ev, target, kept))),
                *gap_notes(ev, kept, target, period_labels, score_cadence),
                Listed(tuple(skip_notes(ev, kept))),
            ]
        ),
        cycle=ruleset.cycle,
        validation=tuple(s for s in states if s.unit in keep),
        earlier=tuple(earlier_values(ev, kept)),
    )


def _unit_filter(bound: Bound, units: Sequence[str]) -> set[str]:
    if not units:
        return set(bound.index)
    missing = [u for u in units if u not in bound.index]
    if missing:
        raise DataBindingError(
            _("unknown unit '{unit}'").format(unit=missing[0]),
            Location(file="--unit"),
            did_you_mean(missing[0], bound.index),
        )
    keep = set(units)
    for u in bound.units:  # a unit's descendants come along
        cur = u
        while cur.parent is not None and cur.parent in bound.index:
            if cur.parent in keep:
                keep.add(u.id)
                break
            cur = bound.units[bound.index[cur.parent]]
    return keep


def period_labels(cadence: PeriodKind, period: Period) -> list[str]:
    """The labels an item is reported for: its cadence periods inside `period`, then `period`."""
    parts = [p for p in period.subperiods(cadence) if p != period]
    return [p.engine_label for p in (*parts, period)]


def _units_for(ev: Evaluator, level: str | None, rolled: bool) -> list[int]:
    if level is None:
        return list(range(ev.n))
    levels = ev.chain(level) if rolled else [level]
    return np.flatnonzero(np.logical_or.reduce([ev.at_level(lv) for lv in levels])).tolist()


class _KeptRows:
    """The indices and ids of the kept units reported at a level (and the levels it rolls to),
    found once per level: the blocks of a level share one tuple of ids, so a report makes their
    cells once (engine.render.blocks.Memo.shared_column)."""

    def __init__(self, ev: Evaluator, kept: np.ndarray) -> None:
        self._ev, self._kept = ev, kept
        self._held: dict[tuple[str | None, bool], tuple[np.ndarray, tuple[str, ...]]] = {}

    def __call__(self, level: str | None, rolled: bool) -> tuple[np.ndarray, tuple[str, ...]]:
        held = self._held.get((level, rolled))
        if held is None:
            ev = self._ev
            units = np.array(_units_for(ev, level, rolled), dtype=np.int64)
            if len(units):
                units = units[self._kept[units]]
            held = self._held[level, rolled] = (units, tuple(ev.ids[i] for i in units.tolist()))
        return held


def _indicator_blocks(ev: Evaluator, period: Period, rows: _KeptRows) -> Iterator[IndicatorBlock]:
    for ind in ev.rs.indicators.values():
        units, unit_ids = rows(ind.level, ind.rollup is not None)
        for label in period_labels(ind.cadence, period):
            yield _indicator_block(ev, ind, label, units, unit_ids)


def _indicator_block(
    ev: Evaluator, ind: Indicator, label: str, units: np.ndarray, unit_ids: tuple[str, ...]
) -> IndicatorBlock:
    real = ev.get(Ref.part_of(ind.id, "realisasi"), label)
    cap = ev.get(Ref.part_of(ind.id, "capaian"), label)
    pred = _predikat(ev, ind, real, cap)
    no_capaian = ind.target is None and ind.capaian is None  # a score without targets, by design
    target = None
    if ind.target is not None:
        target = presented_column(
            ev.get(Ref.part_of(ind.id, "target"), label), units, ind.rounding["target"]
        )
    return IndicatorBlock(
        indicator=ind.id,
        period=label,
        units=unit_ids,
        target=target,
        realisasi=presented_column(real, units, ind.rounding["realisasi"]),
        capaian=None if no_capaian else presented_column(cap, units, ind.rounding["capaian"]),
        predikat=label_column(pred, units) if pred is not None else None,
    )


def _predikat(ev: Evaluator, ind: Indicator, real: Vec, cap: Vec) -> Vec | None:
    if ind.predikat is None:
        return None
    base = cap if ind.predikat_on == "capaian" else real
    return band_figure(ev.rs.tables[ind.predikat], base, ind.rounding[ind.predikat_on])


def _figure_blocks(ev: Evaluator, period: Period, rows: _KeptRows) -> Iterator[ValueBlock]:
    for fig in ev.rs.figures.values():
        units, unit_ids = rows(fig.level, fig.rollup is not None)
        for label in period_labels(fig.cadence or "tahunan", period):
            vec = ev.get(fig.id, label)
            if vec.values.ndim != 1:  # a series figure is an intermediate, not reported
                continue
            if fig.kind == "text":  # a label: no number, the text in the label column
                value = PresentedColumn(
                    np.full(len(units), np.nan),
                    vec.codes[units],
                    reasons_of(vec.codes[units]),
                    fig.rounding,
                )
                yield ValueBlock(fig.id, label, unit_ids, value, label_column(vec, units))
            else:
                yield ValueBlock(
                    fig.id, label, unit_ids, presented_column(vec, units, fig.rounding), None
                )


def _score_blocks(ev: Evaluator, period: Period, rows: _KeptRows) -> Iterator[ValueBlock]:
    for sc in ev.rs.scores.values():
        units, unit_ids = rows(sc.level, sc.rollup is not None)
        for label in period_labels(score_cadence(ev.rs, sc), period):
            vec = ev.get(sc.id, label)
            pred = band_figure(ev.rs.tables[sc.predikat], vec, sc.rounding) if sc.predikat else None
            yield ValueBlock(
                sc.id,
                label,
                unit_ids,
                presented_column(vec, units, sc.rounding),
                label_column(pred, units) if pred is not None else None,
            )


def score_cadence(rs: Ruleset, sc: Score) -> PeriodKind:
    """A score is reported for the finest cadence of its indicators (tahunan for formulas)."""
    if sc.cadence is not None:
        return sc.cadence
    return finest(rs.indicators[i].cadence for i in sc.indicators if i in rs.indicators)


def _rounding_of(ev: Evaluator, name: str) -> Rounding:
    if name in ev.rs.scores:
        return ev.rs.scores[name].rounding
    if name in ev.rs.figures:
        return ev.rs.figures[name].rounding
    if name in ev.rs.indicators:
        return ev.rs.indicators[name].rounding["realisasi"]
    return ev.rs.rounding


def _ranked_value(ev: Evaluator, name: str, label: str) -> Vec:
    if name in ev.rs.indicators:
        return ev.get(Ref.part_of(name, "realisasi"), label)
    return ev.get(name, label)


def _rank_rows(ev: Evaluator, period: Period) -> Iterator[RankRow]:
    label = period.engine_label
    for ranking in ev.rs.rankings.values():
        yield from rank_units(ev, ranking, label)


def rank_units(ev: Evaluator, ranking: Ranking, label: str) -> list[RankRow]:
    """Competition ranking (1, 2, 2, 4) on presented values, tie-breakers in order.

    Each unit's key is (main value, tie-breaker values …, unit order), each value as presented
    (rounded as declared) and N/A after every number; sorted once over all units (numpy).
    """
    units = np.array(_units_for(ev, ranking.level, False), dtype=np.int64)
    main = _ranked_value(ev, ranking.by, label)
    rounding = _rounding_of(ev, ranking.by)
    breakers = [
        (_ranked_value(ev, b, label), _rounding_of(ev, b), desc) for b, desc in ranking.tie_breakers
    ]
    parts = [_key_part(main, units, rounding, ranking.descending)]
    parts += [_key_part(vec, units, r, d) for vec, r, d in breakers]
    # lexsort: the last key is the primary one; the unit order settles what the values do not
    keys = [units] + [k for na, value in reversed(parts) for k in (value, na)]
    order = np.lexsort(keys)
    sorted_parts = [(na[order], value[order]) for na, value in parts]
    ranked = ~sorted_parts[0][0]
    # equal[k][p]: part k of the p-th unit equals that of the unit before it
    equal = [np.r_[False, (na[1:] == na[:-1]) & (v[1:] == v[:-1])] for na, v in sorted_parts]
    same = np.logical_and.reduce(equal)
    positions = np.arange(1, len(order) + 1)
    ranks = np.maximum.accumulate(np.where(same, 0, positions))
    counts = np.bincount(ranks[ranked], minlength=len(order) + 1)
    shared = ranked & (counts[ranks] > 1)
    survives = (
        _("tie survives every tie-breaker; shares the rank")
        if ranking.unresolved == "share"
        else _("tie survives every tie-breaker; for the Tim Penilai to decide")
    )
    unresolved = Tie.SHARED if ranking.unresolved == "share" else Tie.UNDECIDED
    sorted_units = units[order].tolist()
    values = list(presented_column(main, units[order], rounding).presented_rows())
    tie_values = [
        [v if isinstance(v := vec.at(i), float) else None for i in sorted_units]
        for vec, _, _ in breakers
    ]
    # column by column: a list per field, the notes set only on the rows they concern
    n = len(sorted_units)
    place = ranks.tolist()
    rank_of: list[int | None] = [
        r if k else None for r, k in zip(place, ranked.tolist(), strict=True)
    ]
    notes: list[str | None] = [None] * n
    ties: list[Tie | None] = [None] * n
    not_ranked = _("not ranked: value is N/A")
    for p in np.flatnonzero(~ranked).tolist():
        notes[p] = not_ranked
    for p in np.flatnonzero(shared).tolist():
        notes[p], ties[p] = survives, unresolved
    # tied on the main value, split by a tie-breaker
    names = ShownNames.of(ev.rs)  # two scores of one title carry their ids
    for p in np.flatnonzero(ranked & ~shared & equal[0] & ~same).tolist():
        level = next(k for k in range(1, len(equal)) if not equal[k][p])
        breaker = ranking.tie_breakers[level - 1][0]
        other = ev.bound.units[sorted_units[p - 1]]
        notes[p] = _("tied with {unit} on {value}; separated by {breaker}").format(
            unit=other.name or other.id,
            value=names.title_of(ranking.by),
            breaker=names.title_of(breaker),
        )
        ties[p] = Tie.SEPARATED
    awards: list[str | None] = [None] * n
    for p in np.flatnonzero(ranked & (ranks <= len(ranking.awards))).tolist():
        awards[p] = ranking.awards[place[p] - 1]
    tbs = list(zip(*tie_values, strict=True)) if tie_values else [()] * n
    ids = [ev.ids[i] for i in sorted_units]
    return list(map(RankRow, repeat(ranking.id), ids, rank_of, awards, values, tbs, notes, ties))


def _key_part(
    vec: Vec, units: np.ndarray, rounding: Rounding, desc: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(N/A flag, presented value, negated when descending) of each unit; text counts as N/A."""
    from dsl.rounding import apply_rounding_array

    if vec.values.dtype == object or vec.values.ndim != 1:
        values = np.array(
            [v if isinstance(v := vec.at(i), float) else np.nan for i in units.tolist()],
            dtype=np.float64,
        )
    else:
        values = np.where(vec.na[units], np.nan, vec.values[units].astype(np.float64))
    na = np.isnan(values)
    shown = apply_rounding_array(np.where(na, 0.0, values), rounding.decimals, rounding.mode)
    shown = np.where(na, 0.0, -shown if desc else shown)
    return na, shown
