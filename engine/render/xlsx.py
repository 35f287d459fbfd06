"""The result as an Excel workbook: summary, indicators per level, scores, ranks, diagnostics."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from engine.render.charts import TONE_COLOURS, tone_of
from engine.ruleset.model import Ruleset
from engine.safe_text import safe_cell
from engine.scoring.result import IndicatorRow, Presented, RankRow, Result, ValueRow

Cell = str | float | int | Presented | None
_HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFDDE3EA")
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
_LIGHT_TEXT = {"st", "sr"}  # tones whose fill needs white text
INDICATOR_HEADER = (
    "Unit", "Nama unit", "Indikator", "Nama indikator", "Periode",
    "Target", "Realisasi", "Capaian (%)", "Predikat", "Keterangan",
)  # fmt: skip
VALUE_HEADER = ("Unit", "Nama unit", "Nilai", "Jenis", "Periode", "Angka", "Predikat", "Keterangan")
RANK_HEADER = (
    "Peringkat", "Rank", "Unit", "Nama unit", "Penghargaan", "Nilai", "Pemecah seri", "Keterangan",
)  # fmt: skip
DIAGNOSTIC_HEADER = ("Jenis", "Kode", "Unit", "Nama", "Periode", "Angka", "Pesan")


def to_xlsx(result: Result, ruleset: Ruleset | None = None) -> bytes:
    """The workbook as bytes; numbers are the presented values, N/A cells the text 'N/A'."""
    wb = Workbook()
    wb.remove(wb.active)
    names = Names.of(result, ruleset)
    _summary(wb, result)
    for title, rows in _level_sheets(result):
        _indicator_sheet(wb, title, rows, names)
    _values_sheet(wb, result, names)
    if result.rankings:
        _rank_sheet(wb, result, names)
    _diagnostic_sheet(wb, result)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Names:
    """Unit and indicator names for the sheets (ids when unknown)."""

    units: dict[str, str]
    indicators: dict[str, str]

    @classmethod
    def of(cls, result: Result, ruleset: Ruleset | None) -> Names:
        """The names a result and, when given, its ruleset know."""
        indicators = {i.id: i.name for i in ruleset.indicators.values()} if ruleset else {}
        return cls({u.id: u.name for u in result.units}, indicators)

    def unit(self, unit: str) -> str:
        """A unit's name, or its id."""
        return self.units.get(unit, unit)

    def indicator(self, indicator: str) -> str:
        """An indicator's printed name, or '' without a ruleset."""
        return self.indicators.get(indicator, "")


def _summary(wb: Workbook, result: Result) -> None:
    """Ringkasan: provenance and counts."""
    na = sum(1 for d in result.diagnostics if d.code == "N001")
    facts: list[tuple[str, Cell]] = [
        ("Judul", result.ruleset_title), ("Ruleset", result.ruleset_id), ("Periode", result.period),
        ("SHA-256 ruleset", result.ruleset_hash), ("SHA-256 data", result.input_hash),
        ("Versi perkin", result.perkin_version), ("Jumlah unit", len(result.units)),
        ("Baris indikator", len(result.indicators)),
        ("Nilai", len(result.scores) + len(result.figures)),
        ("Baris peringkat", len(result.rankings)), ("Capaian N/A", na),
        ("N/A (semua angka)", len(list(na_rows(result)))), ("Diagnostik", len(result.diagnostics)),
    ]  # fmt: skip
    _write_sheet(wb, "Ringkasan", ["Keterangan", "Isi"], [list(f) for f in facts])


def _level_sheets(result: Result) -> Iterator[tuple[str, list[IndicatorRow]]]:
    """('Level kota', rows) per unit level in order; one 'Indikator' sheet when units have none."""
    levels = {u.id: u.level for u in result.units}
    order = list(dict.fromkeys(u.level for u in result.units))
    if all(level is None for level in order):
        yield "Indikator", list(result.indicators)
        return
    for level in order:
        rows = [r for r in result.indicators if levels.get(r.unit) == level]
        if rows:
            yield sheet_title(f"Level {level}" if level else "Tanpa level"), rows


def sheet_title(text: str) -> str:
    """A legal sheet title: no []:*?/\\ and at most 31 characters."""
    return text.translate(_BAD_SHEET_CHARS)[:31]


def _indicator_sheet(wb: Workbook, title: str, rows: Sequence[IndicatorRow], names: Names) -> None:
    """One level's indicator rows, predikat coloured."""
    body = [_indicator_cells(r, names) for r in rows]
    ws = _write_sheet(wb, title, INDICATOR_HEADER, body)
    _colour_predikat(ws, INDICATOR_HEADER.index("Predikat") + 1)


def _indicator_cells(r: IndicatorRow, names: Names) -> list[Cell]:
    """An indicator row's cells in INDICATOR_HEADER order."""
    keys = [r.unit, names.unit(r.unit), r.indicator, names.indicator(r.indicator), r.period]
    return [*keys, r.target, r.realisasi, r.capaian, r.predikat, _note(r)]


def _note(r: IndicatorRow) -> str:
    """Every N/A reason of an indicator row."""
    figures = (("Target", r.target), ("Realisasi", r.realisasi), ("Capaian", r.capaian))
    parts = [f"{what} N/A: {fig.reason}" for what, fig in figures if fig.reason]
    if r.predikat is None and r.predikat_reason:
        parts.append(f"Predikat N/A: {r.predikat_reason}")
    return "; ".join(parts)


def _values_sheet(wb: Workbook, result: Result, names: Names) -> None:
    """Nilai: scores, then figures."""
    kinds = (("skor", result.scores), ("figur", result.figures))
    body = [_value_cells(v, kind, names) for kind, values in kinds for v in values]
    ws = _write_sheet(wb, "Nilai", VALUE_HEADER, body)
    _colour_predikat(ws, VALUE_HEADER.index("Predikat") + 1)


def _value_cells(v: ValueRow, kind: str, names: Names) -> list[Cell]:
    """A score or figure row's cells in VALUE_HEADER order."""
    note = f"N/A: {v.value.reason}" if v.value.reason else ""
    return [v.unit, names.unit(v.unit), v.name, kind, v.period, v.value, v.predikat, note]


def _rank_sheet(wb: Workbook, result: Result, names: Names) -> None:
    """Peringkat: every ranked unit with its value and tie-breakers."""
    _write_sheet(wb, "Peringkat", RANK_HEADER, [_rank_cells(r, names) for r in result.rankings])


def _rank_cells(r: RankRow, names: Names) -> list[Cell]:
    """A ranking row's cells in RANK_HEADER order."""
    breakers = ", ".join("N/A" if t is None else f"{t:g}" for t in r.tie_breakers)
    return [r.ranking, r.rank, r.unit, names.unit(r.unit), r.award, r.value, breakers, r.note]


def _diagnostic_sheet(wb: Workbook, result: Result) -> None:
    """Diagnostik: every diagnostic, then every N/A number with its reason."""
    body: list[list[Cell]] = [
        [d.severity, d.code, d.unit, d.name, d.period, None, d.message] for d in result.diagnostics
    ]
    body += [["N/A", None, *row] for row in na_rows(result)]
    _write_sheet(wb, "Diagnostik", DIAGNOSTIC_HEADER, body)


def na_rows(result: Result) -> Iterator[tuple[str, str, str, str, str]]:
    """(unit, name, period, which number, reason) of every N/A number in the result."""
    for r in result.indicators:
        for what, fig in (("target", r.target), ("realisasi", r.realisasi), ("capaian", r.capaian)):
            if fig.reason is not None:
                yield r.unit, r.indicator, r.period, what, fig.reason
    for v in (*result.scores, *result.figures):
        if v.value.reason is not None:
            yield v.unit, v.name, v.period, "nilai", v.value.reason
    for k in result.rankings:
        if k.value.reason is not None:
            yield k.unit, k.ranking, "", "peringkat", k.value.reason


def _write_sheet(
    wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> Any:
    """A sheet with a bold frozen header, filtered columns and widths fitted to the text."""
    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        _append(ws, row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    _fit_widths(ws, header, rows)
    return ws


def _append(ws: Any, row: Sequence[Cell]) -> None:
    """One row: figures become numbers with their declared decimals, or the text N/A; text is
    never a formula."""
    cells = [safe_cell(ws, _plain(c)) for c in row]
    for cell, value in zip(cells, row, strict=True):
        if isinstance(value, Presented) and value.rounded is not None:
            cell.number_format = number_format(value.rounding.decimals)
        elif isinstance(value, Presented):
            cell.alignment = Alignment(horizontal="right")
    ws.append(cells)


def _plain(cell: Cell) -> str | float | int | None:
    """A cell's value as written: a figure's presented value or 'N/A'."""
    if isinstance(cell, Presented):
        return "N/A" if cell.rounded is None else cell.rounded
    return cell


def number_format(decimals: int) -> str:
    """Excel's number format for a count of decimals: 0, 0.0, 0.00 …"""
    return "0." + "0" * decimals if decimals > 0 else "0"


def _colour_predikat(ws: Any, column: int) -> None:
    """Fill predikat cells with their colour."""
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        if isinstance(cell.value, str) and cell.value:
            tone = tone_of(cell.value)
            cell.fill = PatternFill(fill_type="solid", fgColor="FF" + TONE_COLOURS[tone])
            cell.font = Font(bold=True, color="FFFFFFFF" if tone in _LIGHT_TEXT else "FF1F2328")


def _fit_widths(ws: Any, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """Column widths from the longest text in each column, between 8 and 60 characters."""
    for index, title in enumerate(header):
        longest = max([len(title), *(len(str(_plain(row[index]) or "")) for row in rows)])
        ws.column_dimensions[get_column_letter(index + 1)].width = min(max(longest + 2, 8), 60)
