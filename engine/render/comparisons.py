"""The comparisons a report shows beside each indicator of a scored unit, where the ruleset has
them: capaian against the Renstra target of the year, the realisasi of last year and the change
since, the rank among the peers, and the trend over the years available. A model and its table
in the current language; the HTML trend charts are in engine/render/trend_chart.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dsl.i18n import _, pgettext
from engine.periods import scored_label
from engine.ruleset.model import Ruleset
from engine.ruleset.names import ShownNames
from engine.ruleset.peers import RANKING
from engine.ruleset.renstra import CAPAIAN_FIGURE, TARGET_FIGURE
from engine.scoring.columns import blocks_of
from engine.scoring.result import IndicatorRow, Presented, RankRow, Result, ValueRow


@dataclass(frozen=True, slots=True)
class IndicatorComparison:
    """One indicator of one unit beside its Renstra target, last year and peers."""

    indicator: str
    name: str
    year: str  # the scored year ('2024'), the last point of the trend
    realisasi: Presented
    capaian: Presented
    renstra: Presented | None  # the Renstra target of the year
    capaian_renstra: Presented | None
    last_year: str | None
    previous: Presented | None  # the realisasi of last year
    change: Presented | None  # realisasi − last year's, in the realisasi's rounding
    rank: int | None  # among the unit and its peers
    ranked: int  # how many units that ranking placed (0: no peer ranking)
    trend: tuple[tuple[str, Presented], ...]  # (year, realisasi): earlier years, then this one


def of_period(rows: Sequence[Any], label: str) -> Iterator[Any]:
    """The rows, but those of a column block of another period, which are never made (a block
    is one indicator or score in one period: most of a year's blocks are its quarters')."""
    for block in blocks_of(rows):
        period = getattr(block, "period", None)
        if period is None or period == label:
            yield from block


def unit_names(result: Result, ruleset: Ruleset | None) -> dict[str, str]:
    """The names of the result's units and of the ruleset's peer units, by id."""
    names = {u.id: u.name or u.id for u in result.units}
    peers = ruleset.comparisons.peers if ruleset is not None else None
    return names | (dict(peers.units) if peers is not None else {})


@dataclass(frozen=True, slots=True)
class ByUnit:
    """A result's rows of the scored period by unit, in result order, and its rankings by id:
    read once for every unit a view shows (a scan of every row per unit is quadratic)."""

    indicators: dict[str, list[IndicatorRow]]
    scores: dict[str, list[ValueRow]]
    figures: dict[str, list[ValueRow]]
    earlier: dict[str, list[ValueRow]]  # every year's
    rankings: dict[str, list[RankRow]]

    @staticmethod
    def of(result: Result, units: Collection[str] | None = None) -> ByUnit:
        """The rows of `units` (default: all), each kind read once."""
        label = scored_label(result.period)

        def grouped(rows: Sequence[Any], every_period: bool = False) -> dict[str, list[Any]]:
            out: dict[str, list[Any]] = defaultdict(list)
            for r in rows if every_period else of_period(rows, label):
                if (units is None or r.unit in units) and (every_period or r.period == label):
                    out[r.unit].append(r)
            return out

        rankings: dict[str, list[RankRow]] = defaultdict(list)
        for r in result.rankings:
            rankings[r.ranking].append(r)
        return ByUnit(
            grouped(result.indicators),
            grouped(result.scores),
            grouped(result.figures),
            grouped(result.earlier, every_period=True),
            rankings,
        )


def comparisons(
    result: Result,
    ruleset: Ruleset,
    unit: str,
    by_unit: ByUnit | None = None,
    names: ShownNames | None = None,
) -> tuple[IndicatorComparison, ...]:
    """The indicators of a unit that have something to compare with, in ruleset order; none,
    at no cost, for a ruleset without a Renstra, peers or earlier years (`by_unit`: the rows
    of the units a caller shows, read once for all of them; `names`: the view's names)."""
    if not compares(result, ruleset):
        return ()
    rows = ByUnit.of(result, {unit}) if by_unit is None else by_unit
    names = ShownNames.of(ruleset) if names is None else names
    year = result.period.split("-", 1)[0]
    figures = {r.name: r.value for r in rows.figures.get(unit, ())}
    earlier: dict[str, list[tuple[str, Presented]]] = {}
    for before in rows.earlier.get(unit, ()):
        earlier.setdefault(before.name, []).append((before.period, before.value))
    out = []
    for row in rows.indicators.get(unit, ()):
        ranking = rows.rankings.get(RANKING.format(name=row.indicator), [])
        place = next((r.rank for r in ranking if r.unit == unit), None)
        years = earlier.get(row.indicator, [])
        last_year = str(int(year) - 1) if year.isdigit() else None
        last = next((v for y, v in years if y == last_year), None)
        found = IndicatorComparison(
            indicator=row.indicator,
            name=names.title_of(row.indicator),
            year=year,
            realisasi=row.realisasi,
            capaian=row.capaian,
            renstra=figures.get(TARGET_FIGURE.format(id=row.indicator)),
            capaian_renstra=figures.get(CAPAIAN_FIGURE.format(id=row.indicator)),
            last_year=last_year if last is not None else None,
            previous=last,
            change=_change(row.realisasi, last),
            rank=place,
            ranked=sum(r.rank is not None for r in ranking),
            trend=(*years, (year, row.realisasi)),
        )
        if found.renstra is not None or found.previous is not None or found.ranked:
            out.append(found)
    return tuple(out)


def _change(now: Presented, before: Presented | None) -> Presented | None:
    """The realisasi less last year's, both as presented, in the realisasi's rounding."""
    if before is None or now.rounded is None or before.rounded is None:
        return None
    return Presented(now.rounded - before.rounded, None, now.rounding)


def comparison_table(
    rows: tuple[IndicatorComparison, ...],
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows of a unit's comparison table, texts in the current language; the
    columns a ruleset has no value for (no Renstra, no peers, no earlier year) are left out."""
    columns: list[tuple[str, bool, Callable[[IndicatorComparison], str]]] = [
        (pgettext("PK table", "Indicator"), True, lambda c: c.name),
        (pgettext("PK table", "Realisasi"), True, lambda c: c.realisasi.office_text()),
        (pgettext("PK table", "Capaian"), True, lambda c: c.capaian.office_text()),
        (
            _("Renstra target"),
            any(c.renstra for c in rows),
            lambda c: c.renstra.office_text() if c.renstra else "",
        ),
        (
            _("Capaian against the Renstra"),
            any(c.capaian_renstra for c in rows),
            lambda c: c.capaian_renstra.office_text() if c.capaian_renstra else "",
        ),
        (
            _("Realisasi last year"),
            any(c.previous for c in rows),
            lambda c: (
                _("{value} ({year})").format(value=c.previous.office_text(), year=c.last_year)
                if c.previous
                else ""
            ),
        ),
        (_("Change"), any(c.change for c in rows), lambda c: signed(c.change)),
        (
            _("Rank among peers"),
            any(c.ranked for c in rows),
            lambda c: rank_text(c.rank, c.ranked),
        ),
    ]
    kept = [(title, cell) for title, shown, cell in columns if shown]
    header = tuple(title for title, _cell in kept)
    body = [tuple(cell(c) for _title, cell in kept) for c in rows]
    return header, body


def signed(value: Presented | None) -> str:
    """A change as offices write it, with its sign: '+3,84', '-0,50', '0,00'; '' when none."""
    if value is None or value.rounded is None:
        return ""
    text = value.office_text()
    return f"+{text}" if value.rounded > 0 else text


def rank_text(rank: int | None, ranked: int) -> str:
    """'1 of 6'; 'not ranked' when the unit has no value; '' without a peer ranking."""
    if not ranked:
        return ""
    if rank is None:
        return _("not ranked")
    return _("{rank} of {count}").format(rank=rank, count=ranked)


def peer_rankings(ruleset: Ruleset) -> frozenset[str]:
    """The ids of the rankings of the scored units with their peers (peringkat_<name>)."""
    peers = ruleset.comparisons.peers
    compared = peers.compared if peers is not None else ()
    return frozenset(RANKING.format(name=c.name) for c in compared)


def compares(result: Result, ruleset: Ruleset) -> bool:
    """Whether the result has anything to compare an indicator with: a Renstra, peers or
    earlier years."""
    return bool(ruleset.renstra or ruleset.comparisons.peers or result.earlier)


def comparison_rows(
    result: Result, ruleset: Ruleset
) -> tuple[tuple[str, ...], list[tuple[str | int | Presented | None, ...]]]:
    """The spreadsheet's comparison table: a row per indicator of each unit that has something
    to compare with (numbers as presented, empty where there is none)."""
    header = (
        pgettext("organisation", "Unit"),
        pgettext("PK table", "Indicator"),
        pgettext("PK table", "Realisasi"),
        pgettext("PK table", "Capaian"),
        _("Renstra target"),
        _("Capaian against the Renstra"),
        _("Last year"),
        _("Realisasi last year"),
        _("Change"),
        _("Rank among peers"),
        _("Units ranked"),
    )
    rows: list[tuple[str | int | Presented | None, ...]] = []
    if not compares(result, ruleset):
        return header, rows
    by_unit, names = ByUnit.of(result), ShownNames.of(ruleset)
    for unit in result.units:
        for c in comparisons(result, ruleset, unit.id, by_unit, names):
            rows.append(
                (
                    unit.name or unit.id,
                    c.name,
                    c.realisasi,
                    c.capaian,
                    c.renstra,
                    c.capaian_renstra,
                    c.last_year,
                    c.previous,
                    c.change,
                    c.rank,
                    c.ranked or None,
                )
            )
    return header, rows
