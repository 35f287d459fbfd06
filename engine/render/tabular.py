"""The result as flat rows (the basis of the Markdown report and the terminal table), and as
the one tidy CSV table of every presented number (docs/csv-format.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dsl.i18n import _
from engine.safe_text import csv_text
from engine.scoring.result import (
    Diagnostic,
    IndicatorRow,
    Presented,
    RankRow,
    Result,
    ValueRow,
)

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


def grouped_reasons(pairs: Iterable[tuple[str, str | None]]) -> list[tuple[list[str], str]]:
    """Each N/A reason of a row once, with the labels of the parts it applies to, in the order
    first met: every view states a row's reasons so (detail, HTML, XLSX Keterangan)."""
    grouped: dict[str, list[str]] = {}
    for label, reason in pairs:
        if reason:
            grouped.setdefault(reason, []).append(label)
    return [(labels, reason) for reason, labels in grouped.items()]


def grouped_texts(pairs: Iterable[tuple[str, str | None]]) -> list[str]:
    """grouped_reasons as people read them: 'Target, Capaian N/A: reason', one per reason."""
    return [
        _("{parts} N/A: {reason}").format(parts=", ".join(labels), reason=reason)
        for labels, reason in grouped_reasons(pairs)
    ]


def _reasons(r: IndicatorRow) -> str:
    """Every N/A reason of an indicator row, each once: 'N/A: reason' when its N/A numbers share
    one, else 'N/A: target: …; capaian: …' (parts that share a reason named together)."""
    reasons = (r.target.reason, r.realisasi.reason, r.capaian.reason)
    grouped = grouped_reasons(zip(("target", "realisasi", "capaian"), reasons, strict=True))
    if len(grouped) < 2:
        return _reason(r.capaian, r.realisasi, r.target)
    return "N/A: " + "; ".join(f"{', '.join(names)}: {reason}" for names, reason in grouped)


def indicator_rows(result: Result) -> Iterator[tuple[str, ...]]:
    """One row per unit, indicator and period, figures as presented."""
    for r in result.indicators:
        yield (
            r.unit,
            r.indicator,
            r.period,
            r.target.office_text(),
            r.realisasi.office_text(),
            r.capaian.office_text(),
            r.predikat or "",
            _reasons(r),
        )


def score_rows(result: Result) -> Iterator[tuple[str, ...]]:
    """One row per unit, score (and figure) and period."""
    for r in (*result.scores, *result.figures):
        yield (r.unit, r.name, r.period, r.value.office_text(), r.predikat or "", _reason(r.value))


def rank_rows(result: Result) -> Iterator[tuple[str, ...]]:
    """One row per ranked unit."""
    for r in result.rankings:
        yield (
            r.ranking,
            r.unit,
            "" if r.rank is None else str(r.rank),
            r.award or "",
            r.value.office_text(),
            r.note or "",
        )


# The CSV report: one tidy table, one row per presented number (docs/csv-format.md). Every column
# means one thing in every row, empty where it does not apply; names are stable, tested exactly.
CSV_HEADER = (
    "jenis",  # indikator | nilai | figur | peringkat | catatan
    "unit",
    "name",  # the indicator, score, figure or ranking id; the diagnostic's subject
    "period",
    "part",  # target | realisasi | capaian (indikator), nilai (nilai, figur, peringkat)
    "value",  # full precision, dot decimals
    "rounded",  # as presented: the declared decimals and rounding mode
    "decimals",
    "na",  # why the number is N/A (then value and rounded are empty)
    "na_kind",  # no_data | reported | … | not_chosen | arithmetic (dsl.values.NaKind)
    "predikat",  # of the indicator, score or figure, on each of its rows
    "predikat_na",  # why an indicator has no predikat
    "rank",
    "award",
    "severity",  # of a catatan (diagnostic)
    "code",
    "note",  # a tie note (peringkat) or a diagnostic's message (catatan)
)
CsvRow = dict[str, str]


def to_csv_by_rows(result: Result) -> str:
    """The CSV report made row by row (csv_rows); engine/render/csv_blocks.py writes the same
    bytes block by block (and uses these rows for rows kept as objects)."""
    rows = [[row.get(name, "") for name in CSV_HEADER] for row in csv_rows(result)]
    return csv_text([CSV_HEADER, *rows])


def csv_rows(result: Result) -> Iterator[CsvRow]:
    """The CSV rows as {column: text}: indicators, scores, figures, rankings, diagnostics."""
    for r in result.indicators:
        yield from indicator_csv(r)
    for jenis, values in (("nilai", result.scores), ("figur", result.figures)):
        for v in values:
            yield value_csv(jenis, v)
    for k in result.rankings:
        yield rank_csv(k)
    yield from map(earlier_csv, result.earlier)
    for d in result.diagnostics:
        yield diagnostic_csv(d)


def indicator_csv(r: IndicatorRow) -> Iterator[CsvRow]:
    """An indicator row's three CSV rows: target, realisasi, capaian."""
    keys = {"jenis": "indikator", "unit": r.unit, "name": r.indicator, "period": r.period}
    keys |= {"predikat": r.predikat or "", "predikat_na": r.predikat_reason or ""}
    for part, fig in (("target", r.target), ("realisasi", r.realisasi), ("capaian", r.capaian)):
        yield keys | {"part": part} | number_cells(fig)


def value_csv(jenis: str, v: ValueRow) -> CsvRow:
    """A score's (jenis nilai) or figure's (figur) CSV row."""
    keys = {"jenis": jenis, "unit": v.unit, "name": v.name, "period": v.period}
    return keys | {"part": "nilai", "predikat": v.predikat or ""} | number_cells(v.value)


def earlier_csv(v: ValueRow) -> CsvRow:
    """An indicator's realisasi of an earlier year (jenis riwayat, period the year)."""
    return value_csv("riwayat", v) | {"part": "realisasi"}


def rank_csv(k: RankRow) -> CsvRow:
    """A ranked unit's CSV row."""
    keys = {"jenis": "peringkat", "unit": k.unit, "name": k.ranking, "part": "nilai"}
    ranked = {"rank": "" if k.rank is None else str(k.rank), "award": k.award or ""}
    return keys | ranked | {"note": k.note or ""} | number_cells(k.value)


def diagnostic_csv(d: Diagnostic) -> CsvRow:
    """A diagnostic's CSV row (jenis catatan)."""
    return {
        "jenis": "catatan",
        "unit": d.unit or "",
        "name": d.name or "",
        "period": d.period or "",
        "severity": d.severity,
        "code": d.code,
        "note": d.message,
    }


def csv_line(row: CsvRow) -> str:
    """One CSV row as a line of the report."""
    return csv_text([[row.get(name, "") for name in CSV_HEADER]])


def number_cells(fig: Presented) -> CsvRow:
    """A presented number's columns: full value, rounded value, decimals, N/A reason and kind."""
    rounded = fig.rounded
    return {
        "value": "" if fig.value is None else value_text(fig.value),
        "rounded": "" if rounded is None else fig.text(),
        "decimals": str(fig.rounding.decimals),
        "na": fig.reason or "",
        "na_kind": fig.kind.value if fig.kind is not None else "",
    }


def value_text(value: float) -> str:
    """A full-precision value as the CSV writes it: the shortest text that reads back the same
    float, dot decimals ('97.7654321', '1e-05')."""
    return repr(float(value))
