"""What the dataframe contenders (polars, pandas, DuckDB) share: cell rules, figures, report.

Each contender reads the generated wide files, cleans the office cells with the same rules as
the numpy baseline (``N/A`` → reported N/A, ``150.000.000`` → thousands dots, ``86,75`` → decimal
comma, blank → no data), computes every figure of the plan in its own idiom and writes a report:
one row per presented number (jenis, unit, name, period, part, value, rounded), the columns of
perkin's CSV report that carry numbers, without N/A reasons, predikat or notes. A cell that
cleaning cannot read as a number stops the contender (nothing is read as no data silently).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from benchmarks.plan import LABELS, QUARTER_MONTHS, Plan

REPORTED = -1.0e300  # a cell written N/A: skipped when periods are combined (as numpy's)
NA_WORD = "N/A"
THOUSANDS = r"^\d{1,3}(\.\d{3}){2,}$"  # 150.000.000: dots group thousands (two groups or more)
SNAP = 9  # decimals a value is snapped to before rounding half up (perkin: 12 significant digits)
DECIMALS = 2  # rounded as presented, and ranked on
PARTS = ("target", "realisasi", "capaian")
REPORT_COLUMNS = ("jenis", "unit", "name", "period", "part", "value", "rounded")
FORMATS = ("csv", "json", "xlsx", "parquet")
XLSX_ROWS = 1_048_575  # data rows of one Excel sheet under its header


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure column: its name, the levels that have it, and its report labels."""

    column: str  # part/indicator/label, score/id/label or rank/id (benchmarks.common)
    levels: tuple[str, ...]
    jenis: str
    name: str
    period: str
    part: str


def months(label: str) -> list[str]:
    """The monthly column labels a period label combines."""
    chosen = range(12) if label == "tahunan" else QUARTER_MONTHS[label]
    return [f"B{m + 1:02d}" for m in chosen]


def quarters(label: str) -> list[str]:
    """The triwulan column labels a period label combines."""
    return ["TW1", "TW2", "TW3", "TW4"] if label == "tahunan" else [label]


def figures_of(plan: Plan) -> list[Figure]:
    """Every figure the numpy baseline computes, in report order."""
    level = {ind.id: ind.level for ind in plan.indicators}
    out: list[Figure] = []
    for label in LABELS:
        for ind in plan.indicators:
            for part in PARTS:
                column = f"{part}/{ind.id}/{label}"
                out.append(Figure(column, (ind.level,), "indikator", ind.id, label, part))
        for score, members in (plan.lurah, plan.camat_own):
            levels = (level[members[0]],)
            out.append(Figure(f"score/{score}/{label}", levels, "nilai", score, label, "nilai"))
    roll, _source = plan.rollup
    out.append(Figure(f"score/{roll}/tahunan", plan.levels, "nilai", roll, "tahunan", "nilai"))
    camat = plan.camat[0]
    out.append(Figure(f"score/{camat}/tahunan", ("kecamatan",), "nilai", camat, "tahunan", "nilai"))
    for ranking, rank_level, _by in plan.rankings:
        out.append(Figure(f"rank/{ranking}", (rank_level,), "peringkat", ranking, "", "rank"))
    return out


def by_level(figures: list[Figure], levels: tuple[str, ...]) -> dict[str, list[Figure]]:
    """The figures each level reports, in report order."""
    return {lv: [f for f in figures if lv in f.levels] for lv in levels}


class UnreadCell(Exception):
    """A cell the contender's cleaning could not read as a number."""


class Clock:
    """Wall time of consecutive phases."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        """Close the phase called name."""
        now = time.perf_counter()
        self.laps[name], self.last = now - self.last, now
