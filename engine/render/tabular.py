"""The result as flat rows: the shared basis of csv, md, xlsx and the terminal table."""

from __future__ import annotations

from collections.abc import Iterator

from engine.safe_text import csv_text
from engine.scoring.result import Presented, Result

INDICATOR_HEADER = (
    "unit",
    "indikator",
    "periode",
    "target",
    "realisasi",
    "capaian",
    "predikat",
    "keterangan",
)
SCORE_HEADER = ("unit", "nilai", "periode", "nilai_angka", "predikat", "keterangan")
RANK_HEADER = ("peringkat", "unit", "rank", "penghargaan", "nilai", "keterangan")


def _reason(*figs: Presented) -> str:
    for fig in figs:
        if fig.reason:
            return f"N/A: {fig.reason}"
    return ""


def indicator_rows(result: Result) -> Iterator[tuple[str, ...]]:
    """One row per unit, indicator and period, figures as presented."""
    for r in result.indicators:
        yield (
            r.unit,
            r.indicator,
            r.period,
            r.target.text(),
            r.realisasi.text(),
            r.capaian.text(),
            r.predikat or "",
            _reason(r.capaian, r.realisasi, r.target),
        )


def score_rows(result: Result) -> Iterator[tuple[str, ...]]:
    """One row per unit, score (and figure) and period."""
    for r in (*result.scores, *result.figures):
        yield (r.unit, r.name, r.period, r.value.text(), r.predikat or "", _reason(r.value))


def rank_rows(result: Result) -> Iterator[tuple[str, ...]]:
    """One row per ranked unit."""
    for r in result.rankings:
        yield (
            r.ranking,
            r.unit,
            "" if r.rank is None else str(r.rank),
            r.award or "",
            r.value.text(),
            r.note or "",
        )


def to_csv(result: Result) -> str:
    """Indicator rows as CSV (a `section` column separates scores and ranks), never a formula."""
    return csv_text(_csv_rows(result))


def _csv_rows(result: Result) -> Iterator[tuple[str, ...]]:
    """The CSV rows: header, indicators, scores, ranks."""
    yield ("section", *INDICATOR_HEADER)
    for row in indicator_rows(result):
        yield ("indikator", *row)
    for unit, name, period, value, pred, note in score_rows(result):
        yield ("nilai", unit, name, period, "", value, "", pred, note)
    for ranking, unit, rank, award, value, note in rank_rows(result):
        yield ("peringkat", unit, ranking, "", "", value, rank, award, note)
