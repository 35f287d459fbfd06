"""The counts a report states about itself (units, rows, N/A by kind), made once so the table,
Markdown, HTML, XLSX, CSV and JSON views say the same numbers under the same labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

from dsl.i18n import N_, _
from dsl.values import NaKind, reason_kind
from engine.ruleset.model import Ruleset
from engine.scoring.columns import IndicatorBlock, PresentedColumn, ValueBlock, blocks_of
from engine.scoring.result import Presented, Result

# what each kind of N/A means to a reader, in the order a summary lists them
NA_KIND_LABELS: dict[NaKind, str] = {
    NaKind.NO_DATA: N_("no data"),
    NaKind.REPORTED: N_("reported as N/A by the office"),
    NaKind.NO_TARGET: N_("no target for the period"),
    NaKind.NOT_SCORED: N_("not scored at this level or period"),
    NaKind.RULE: N_("set N/A by the ruleset (NA in a formula)"),
    NaKind.DERIVED: N_("follows from another N/A"),
    NaKind.NOT_VALIDATED: N_("not validated"),
    NaKind.NOT_CHOSEN: N_("indicator not chosen by the unit"),
    NaKind.ARITHMETIC: N_("no value by arithmetic (division by zero, target 0, overflow)"),
}

# where N/A are counted by kind, a kind that is no gap in the data says so
_COUNTED_LABELS = {
    NaKind.NO_TARGET: N_("no target for the period (not applicable, not missing data)"),
}


def kind_count_label(kind: NaKind) -> str:
    """What the N/A of a kind are counted under, in the current language."""
    return _(_COUNTED_LABELS.get(kind, NA_KIND_LABELS[kind]))


class Counts(NamedTuple):
    """What a result holds, counted once."""

    units: int
    scored_units: int  # units at the levels the ruleset scores (all units without levels)
    indicator_rows: int
    capaian_na: int  # indicator rows whose capaian is N/A, for a reason other than no target
    capaian_no_target: int  # indicator rows whose capaian does not apply: no target (no_target)
    scores: int
    figures: int
    rankings: int
    na_by_kind: dict[NaKind, int]  # every N/A number (target, realisasi, capaian, values, ranks)


def numbers(result: Result) -> Iterator[Presented]:
    """Every presented number of a result: targets, realisasi and capaian, scores, figures and
    ranking values."""
    for row in result.indicators:
        yield row.target
        yield row.realisasi
        yield row.capaian
    for value in (*result.scores, *result.figures):
        yield value.value
    for rank in result.rankings:
        yield rank.value


def counts(result: Result, ruleset: Ruleset | None = None) -> Counts:
    """The counts of a result; `ruleset` tells which units are scored units."""
    levels = ruleset.scored_levels if ruleset is not None else None
    scored = [u for u in result.units if levels is None or u.level in levels]
    kinds, capaian = _na_numbers(result)
    return Counts(
        units=len(result.units),
        scored_units=len(scored),
        indicator_rows=len(result.indicators),
        capaian_na=capaian.total() - capaian[NaKind.NO_TARGET],
        capaian_no_target=capaian[NaKind.NO_TARGET],
        scores=len(result.scores),
        figures=len(result.figures),
        rankings=len(result.rankings),
        na_by_kind={k: kinds[k] for k in NA_KIND_LABELS if kinds[k]},
    )


def _na_numbers(result: Result) -> tuple[Counter[NaKind], Counter[NaKind]]:
    """The N/A numbers of a result by kind, and its N/A capaian by kind: counted from the codes
    of column blocks (numbers(result) would make every row), rows kept as objects one by one."""
    kinds: Counter[NaKind] = Counter()
    capaian: Counter[NaKind] = Counter()
    listed: list[Presented] = []
    for block in blocks_of(result.indicators):
        if isinstance(block, IndicatorBlock):
            _count_codes(block.target_column, kinds)
            _count_codes(block.realisasi, kinds)
            _count_codes(block.capaian_column, capaian)
        else:
            capaian.update(
                r.capaian.kind or NaKind.DERIVED for r in block if r.capaian.reason is not None
            )
            listed += [p for r in block for p in (r.target, r.realisasi)]
    kinds.update(capaian)
    for values in (*blocks_of(result.scores), *blocks_of(result.figures)):
        if isinstance(values, ValueBlock):
            _count_codes(values.value, kinds)
        else:
            listed += [v.value for v in values]
    listed += [rank.value for rank in result.rankings]
    kinds.update(p.kind or NaKind.DERIVED for p in listed if p.reason is not None)
    return kinds, capaian


def _count_codes(column: PresentedColumn, kinds: Counter[NaKind]) -> None:
    """Add the N/A numbers of a column to kinds (a code per N/A row, its kind from the code)."""
    codes, n = np.unique(column.codes[column.codes != 0], return_counts=True)
    for code, count in zip(codes.tolist(), n.tolist(), strict=True):
        kinds[reason_kind(code)] += count


def count_lines(c: Counts) -> list[tuple[str, int]]:
    """(label, count) in the current language, in the order every view lists them."""
    lines = [
        (_("units"), c.units),
        (_("scored units"), c.scored_units),
        (_("indicator rows"), c.indicator_rows),
        (_("capaian N/A"), c.capaian_na),
        (_("capaian without target"), c.capaian_no_target),
        (_("scores"), c.scores),
        (_("figures"), c.figures),
        (_("ranking rows"), c.rankings),
    ]
    lines += [
        (_("N/A: {kind}").format(kind=kind_count_label(k)), n) for k, n in c.na_by_kind.items()
    ]
    return lines
