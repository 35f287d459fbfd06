"""The summary-first view of a result: per scored unit the Perjanjian Kinerja table of the chosen
period, the sasaran means the ruleset defines, the headline scores and rankings, N/A per kind and
what is left for --detail. A model only: no text in a language, no I/O, no rendering."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dsl.values import NaKind
from engine.data.model import Unit
from engine.data.validation_check import UnitValidation
from engine.periods import Period, scored_label
from engine.render.comparisons import ByUnit, IndicatorComparison, comparisons, peer_rankings
from engine.render.counts import Counts, counts
from engine.ruleset.model import Ruleset, Score
from engine.ruleset.names import ShownNames
from engine.scoring.gap_notes import CODE as GAP_CODE
from engine.scoring.noted import count_of
from engine.scoring.result import IndicatorRow, Presented, Result, Tie, ValueRow
from engine.scoring.skip_notes import CODE as SKIP_CODE

# more units than this at the default level get no PK table each (a ranking or recap instead)
MAX_DEFAULT_TABLES = 3
# the methods whose value is an average of its indicators' parts: a sasaran's capaian
_MEAN_METHODS = frozenset({"mean", "weighted_mean"})


@dataclass(frozen=True, slots=True)
class Named:
    """A score as a person reads it: its title, value and predikat."""

    id: str
    title: str
    value: Presented
    predikat: str | None


@dataclass(frozen=True, slots=True)
class Line:
    """One indicator of a PK table, as printed in the Perjanjian Kinerja."""

    no: str | None
    name: str
    satuan: str
    target: Presented
    realisasi: Presented
    capaian: Presented
    predikat: str | None


@dataclass(frozen=True, slots=True)
class Sasaran:
    """The indicators under one sasaran (in one group), with the sasaran's mean capaian when the
    ruleset defines it as a score and it says more than its single indicator."""

    group: str | None
    text: str | None
    lines: tuple[Line, ...]
    mean: Named | None


@dataclass(frozen=True, slots=True)
class UnitTable:
    """One unit's PK table for the chosen period and its headline scores."""

    unit: Unit
    sasaran: tuple[Sasaran, ...]
    scores: tuple[Named, ...]
    # its indicators beside the Renstra, last year and the peers (README, Comparisons)
    comparisons: tuple[IndicatorComparison, ...] = ()


@dataclass(frozen=True, slots=True)
class Placed:
    """A unit's place in a ranking."""

    rank: int | None
    unit: str  # the unit's name
    value: Presented
    award: str | None
    tie: Tie | None


@dataclass(frozen=True, slots=True)
class RankTable:
    """A ranking of the shown level, in rank order."""

    id: str
    title: str
    by: str  # the title of the ranked score (or the id of what is ranked)
    places: tuple[Placed, ...]


@dataclass(frozen=True, slots=True)
class Recap:
    """One row per unit with its scores, when a level has too many units for a table each and
    no ranking."""

    titles: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Named | None, ...]], ...]


@dataclass(frozen=True, slots=True)
class Hidden:
    """What the summary leaves out, each shown by --detail (or --level / --unit)."""

    figures: int  # figure rows (intermediate values)
    units: int  # units without a PK table here (those of a capped level are counted there)
    periods: tuple[str, ...]  # engine labels of the other reported periods, in order
    rankings: tuple[tuple[str, str | None], ...]  # (title, level) of rankings of other levels
    level: str | None  # the level whose tables a --level/--unit would show, when none are


@dataclass(frozen=True, slots=True)
class Summary:
    """The default view of a result."""

    title: str
    period: str
    provenance: tuple[str, str, str, str]  # ruleset id, ruleset sha256, data sha256, perkin
    tables: tuple[UnitTable, ...]
    rankings: tuple[RankTable, ...]
    recap: Recap | None
    na: tuple[tuple[NaKind, int], ...]
    counts: Counts
    hidden: Hidden
    validation: tuple[UnitValidation, ...] = ()  # per unit, with a ruleset's validation:
    policy: str | None = None  # the ruleset's policy for values not validated
    rollup_gaps: int = 0  # rolled-up values that left out children with no data (N006)
    aggregate_skips: int = 0  # values whose aggregates left out elements arithmetic gave none


def summarize(
    result: Result, ruleset: Ruleset, level: str | None = None, units: Sequence[str] = ()
) -> Summary:
    """The summary of a result: tables for the units at `level`, else for the named `units`, else
    for the top scored level (when it has few units)."""
    label = scored_label(result.period)
    chosen, shown_level, capped = _chosen_units(result, ruleset, level, units)
    names = ShownNames.of(ruleset)
    by_unit = ByUnit.of(result, {u.id for u in chosen}) if not capped else None
    tables = (
        () if by_unit is None else tuple(_table(result, ruleset, names, u, by_unit) for u in chosen)
    )
    rankings = tuple(_rankings(result, ruleset, names, shown_level))
    recap = _recap(result, ruleset, names, chosen, label) if capped and not rankings else None
    c = counts(result, ruleset)
    return Summary(
        title=result.ruleset_title,
        period=result.period_text(),
        provenance=(
            result.ruleset_id,
            result.ruleset_hash,
            result.input_hash,
            result.perkin_version,
        ),
        tables=tables,
        rankings=rankings,
        recap=recap,
        na=tuple(c.na_by_kind.items()),
        counts=c,
        hidden=Hidden(
            figures=len(result.figures),
            units=len(result.units) - len(tables) - (len(chosen) if capped else 0),
            periods=_other_periods(result, label),
            rankings=tuple(
                (names.ranking(r.id), r.level)
                for r in ruleset.rankings.values()
                if r.level != shown_level and any(x.ranking == r.id for x in result.rankings)
            ),
            level=shown_level if capped else None,
        ),
        validation=result.validation,
        policy=ruleset.validation.policy if ruleset.validation else None,
        rollup_gaps=count_of(result.diagnostics, GAP_CODE),
        aggregate_skips=count_of(result.diagnostics, SKIP_CODE),
    )


def _chosen_units(
    result: Result, ruleset: Ruleset, level: str | None, named: Sequence[str]
) -> tuple[tuple[Unit, ...], str | None, bool]:
    """(units to show, their level, whether there are too many for a table each by default)."""
    if level is not None:
        return tuple(u for u in result.units if u.level == level), level, False
    if named:
        chosen = tuple(u for u in result.units if u.id in named)
        levels = {u.level for u in chosen}
        return chosen, levels.pop() if len(levels) == 1 else None, False
    top = _top_level(result, ruleset)
    if top is None:
        ids = {u.id for u in result.units}
        chosen = tuple(u for u in result.units if u.parent not in ids)
    else:
        chosen = tuple(u for u in result.units if u.level == top)
    return chosen, top, len(chosen) > MAX_DEFAULT_TABLES


def _top_level(result: Result, ruleset: Ruleset) -> str | None:
    """The highest scored level that has units in the result; None when every unit is scored."""
    levels = ruleset.scored_levels
    if levels is None:
        return None
    present = {u.level for u in result.units}
    return next((lv for lv in levels if lv in present), None)


def _table(
    result: Result, ruleset: Ruleset, names: ShownNames, unit: Unit, by_unit: ByUnit
) -> UnitTable:
    """A unit's PK table: its indicators by sasaran, sasaran means, then its other scores."""
    rows = by_unit.indicators.get(unit.id, [])
    values = {r.name: r for r in by_unit.scores.get(unit.id, ())}
    blocks = _blocks(ruleset, rows)
    means = {}
    for key, members in blocks:
        score = _mean_score(ruleset, [r.indicator for r in members], values)
        if score is not None:
            means[key] = score
    sasaran = tuple(
        Sasaran(
            group=key[0],
            text=key[1],
            lines=tuple(_line(ruleset, names, r) for r in members),
            mean=_shown_mean(means.get(key), members, names, values),
        )
        for key, members in blocks
    )
    used = {s.id for s in means.values()}
    headline = tuple(_named(names, v) for k, v in values.items() if k not in used)
    compared = comparisons(result, ruleset, unit.id, by_unit, names)
    return UnitTable(unit, sasaran, headline, compared)


def _blocks(
    ruleset: Ruleset, rows: Iterable[IndicatorRow]
) -> list[tuple[tuple[str | None, str | None], list[IndicatorRow]]]:
    """Consecutive rows of one group and sasaran, in ruleset order."""
    blocks: list[tuple[tuple[str | None, str | None], list[IndicatorRow]]] = []
    for row in rows:
        ind = ruleset.indicators[row.indicator]
        key = (ind.group, ind.sasaran)
        if blocks and blocks[-1][0] == key:
            blocks[-1][1].append(row)
        else:
            blocks.append((key, [row]))
    return blocks


def _mean_score(ruleset: Ruleset, members: list[str], values: dict[str, ValueRow]) -> Score | None:
    """The score the ruleset defines as the mean capaian of exactly these indicators, if any."""
    for score in ruleset.scores.values():
        if (
            score.id in values
            and score.method in _MEAN_METHODS
            and score.of == "capaian"
            and sorted(score.indicators) == sorted(members)
        ):
            return score
    return None


def _shown_mean(
    score: Score | None, members: list[IndicatorRow], names: ShownNames, values: dict[str, ValueRow]
) -> Named | None:
    """The sasaran's mean, unless it only repeats its single indicator's capaian and predikat
    (the same number, or N/A for the same reason: an N/A of its own reason is shown)."""
    if score is None:
        return None
    mean = _named(names, values[score.id])
    if len(members) == 1:
        only, shown = members[0].capaian, mean.value
        said = (only.rounded, only.reason, members[0].predikat)
        if said == (shown.rounded, shown.reason, mean.predikat):
            return None
    return mean


def _line(ruleset: Ruleset, names: ShownNames, row: IndicatorRow) -> Line:
    ind = ruleset.indicators[row.indicator]
    return Line(
        no=ind.no,
        name=names.indicators.get(ind.id, ind.name),
        satuan=ind.satuan or "",
        target=row.target,
        realisasi=row.realisasi,
        capaian=row.capaian,
        predikat=row.predikat,
    )


def _named(names: ShownNames, row: ValueRow) -> Named:
    return Named(
        id=row.name, title=names.title_of(row.name), value=row.value, predikat=row.predikat
    )


def _rankings(
    result: Result, ruleset: Ruleset, names: ShownNames, level: str | None
) -> Iterable[RankTable]:
    """The rankings of the shown level (every ranking when units of several levels are shown)."""
    units = {u.id: u.name or u.id for u in result.units}
    for ranking in ruleset.rankings.values():
        if level is not None and ranking.level not in (level, None):
            continue
        if ranking.id in peer_rankings(ruleset):  # its rank is a column of the comparisons
            continue
        places = tuple(  # a unit left out by --unit is ranked, not shown
            Placed(r.rank, units[r.unit], r.value, r.award, r.tie)
            for r in result.rankings
            if r.ranking == ranking.id and r.unit in units
        )
        if places:
            by = names.title_of(ranking.by)
            yield RankTable(ranking.id, names.ranking(ranking.id), by, places)


def _recap(
    result: Result, ruleset: Ruleset, names: ShownNames, chosen: Sequence[Unit], label: str
) -> Recap | None:
    """Each chosen unit's scores side by side; None when the level has no score."""
    ids = {u.id for u in chosen}
    values = {(r.unit, r.name): r for r in result.scores if r.unit in ids and r.period == label}
    score_ids = [s for s in ruleset.scores if any(k[1] == s for k in values)]
    if not score_ids:
        return None
    titles = tuple(names.title_of(s) for s in score_ids)
    rows = tuple(
        (
            u.name or u.id,
            tuple(
                _named(names, values[(u.id, s)]) if (u.id, s) in values else None for s in score_ids
            ),
        )
        for u in chosen
    )
    return Recap(titles, rows)


def _other_periods(result: Result, label: str) -> tuple[str, ...]:
    """The engine labels of the reported periods other than the chosen one, in period order."""
    labels = {r.period for r in result.indicators}
    labels |= {r.period for r in result.scores} | {r.period for r in result.figures}
    labels.discard(label)
    return tuple(sorted(labels, key=_period_order))


def _period_order(label: str) -> tuple[int, int]:
    """Longer periods first (semesters, quarters, months), each kind in calendar order."""
    period = Period.from_label(label)
    return period.first_month - period.last_month, period.first_month
