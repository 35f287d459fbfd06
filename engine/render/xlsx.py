"""The result as an Excel workbook: summary, indicators per level, scores, ranks, diagnostics.

Numbers are stored as numbers with Excel format codes (`#,##0.00`, `"Rp "#,##0`). A format code
names the separators abstractly: `,` is "the thousands separator" and `.` "the decimal
separator", so Excel and LibreOffice show `1.234.567,89` to a reader whose system is set to
Indonesian and `1,234,567.89` to one set to English; the cell holds the same number either way.
An N/A is an empty cell, never the text "N/A" in a number column, with its reason in the row's
Keterangan column. Labels (sheet names, headers) follow the current language.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from dsl.i18n import _, pgettext
from engine.render.comparisons import comparison_rows, unit_names
from engine.render.counts import count_lines, counts
from engine.render.xlsx_book import Book, sheet_title, stored
from engine.ruleset.model import Ruleset
from engine.ruleset.money import Money, rupiah_names
from engine.safe_text import sheet_value
from engine.scoring.result import IndicatorRow, Presented, RankRow, Result, ValueRow


class Rupiah(NamedTuple):
    """A number to be shown as Rupiah: a figure or score value, or an indicator's parts."""

    number: Presented


Cell = str | float | int | Presented | Rupiah | None
# data rows of a sheet: Excel's limit of 1,048,576 rows, the header taken
MAX_SHEET_ROWS = 1_048_575
INDICATOR_PREDIKAT, VALUE_PREDIKAT = 8, 6  # the predikat columns (0-based) of the two headers


def indicator_header() -> tuple[str, ...]:
    """The indicator sheets' header in the current language."""
    return (
        pgettext("column", "Unit"), pgettext("column", "Unit name"),
        pgettext("column", "Indicator"), pgettext("column", "Indicator name"),
        pgettext("column", "Period"), pgettext("column", "Target"),
        pgettext("column", "Realisasi"), pgettext("column", "Capaian (%)"),
        pgettext("column", "Predikat"), pgettext("column", "Remarks"),
    )  # fmt: skip


def value_header() -> tuple[str, ...]:
    """The scores sheet's header."""
    return (
        pgettext("column", "Unit"), pgettext("column", "Unit name"), pgettext("column", "Name"),
        pgettext("column", "Kind"), pgettext("column", "Period"), pgettext("column", "Value"),
        pgettext("column", "Predikat"), pgettext("column", "Remarks"),
    )  # fmt: skip


def rank_header() -> tuple[str, ...]:
    """The rankings sheet's header."""
    return (
        pgettext("column", "Ranking"), pgettext("column", "Rank"), pgettext("column", "Unit"),
        pgettext("column", "Unit name"), pgettext("column", "Award"), pgettext("column", "Value"),
        pgettext("column", "Tie-breakers"), pgettext("column", "Remarks"),
    )  # fmt: skip


def diagnostic_header() -> tuple[str, ...]:
    """The diagnostics sheet's header."""
    return (
        pgettext("column", "Kind"), pgettext("column", "Code"), pgettext("column", "Unit"),
        pgettext("column", "Name"), pgettext("column", "Period"),
        pgettext("column", "Which number"), pgettext("column", "Message"),
    )  # fmt: skip


def to_xlsx(result: Result, ruleset: Ruleset | None = None) -> bytes:
    """The workbook as bytes; numbers are the presented values, N/A cells empty.

    Written with XlsxWriter in constant-memory mode: each row goes to the sheet's XML as it is
    written, so the time is linear in the rows and the memory bounded (benchmarks/README.md).
    A sheet longer than Excel's 1,048,576 rows continues on sheets "… (2)", "… (3)", and the
    summary says so."""
    wb = Book()
    names = Names.of(result, ruleset)
    money = rupiah_names(ruleset) if ruleset is not None else Money(frozenset(), frozenset())
    levels = list(_level_sheets(result))
    values = [_value_cells(v, _("score"), names, frozenset()) for v in result.scores]
    values += [_value_cells(v, _("figure"), names, money.figures) for v in result.figures]
    sizes = [(title, len(rows)) for title, rows in levels]
    _summary(wb, result, ruleset, [*sizes, (pgettext("sheet", "Scores"), len(values))])
    for title, rows in levels:
        _indicator_sheet(wb, title, rows, names, money.indicators)
    _write_sheet(wb, pgettext("sheet", "Scores"), value_header(), values, VALUE_PREDIKAT)
    if result.rankings:
        _rank_sheet(wb, result, names)
    if ruleset is not None and (compared := comparison_rows(result, ruleset))[1]:
        _write_sheet(wb, pgettext("sheet", "Comparisons"), *compared)
    _diagnostic_sheet(wb, result)
    return wb.close()


@dataclass(frozen=True, slots=True)
class Names:
    """Unit and indicator names for the sheets (ids when unknown)."""

    units: dict[str, str]
    indicators: dict[str, str]

    @classmethod
    def of(cls, result: Result, ruleset: Ruleset | None) -> Names:
        """The names a result and, when given, its ruleset know."""
        indicators = {i.id: i.name for i in ruleset.indicators.values()} if ruleset else {}
        return cls(unit_names(result, ruleset), indicators)  # peers too (their rankings)

    def unit(self, unit: str) -> str:
        """A unit's name, or its id."""
        return self.units.get(unit, unit)

    def indicator(self, indicator: str) -> str:
        """An indicator's printed name, or '' without a ruleset."""
        return self.indicators.get(indicator, "")


def _summary(
    wb: Book, result: Result, ruleset: Ruleset | None, sizes: Sequence[tuple[str, int]]
) -> None:
    """Ringkasan: provenance, the counts every view states (engine/render/counts.py), and the
    sheets split at Excel's row limit (sizes: data rows per sheet title)."""
    facts: list[list[Cell]] = [
        [_("Title"), result.ruleset_title], [_("Ruleset"), result.ruleset_id],
        [_("Period"), result.period_text()], [_("Ruleset SHA-256"), result.ruleset_hash],
        [_("Data SHA-256"), result.input_hash], [_("perkin version"), result.perkin_version],
    ]  # fmt: skip
    facts += [[label, n] for label, n in count_lines(counts(result, ruleset))]
    facts.append([_("diagnostics"), len(result.diagnostics)])
    for title, rows in sizes:
        parts = -(-rows // MAX_SHEET_ROWS)
        if parts > 1:
            note = _(
                "{rows} rows, more than a sheet holds ({limit}): split over {parts} sheets"
            ).format(rows=rows, limit=MAX_SHEET_ROWS + 1, parts=parts)
            facts.append([title, note])
    header = [pgettext("column", "Item"), pgettext("column", "Content")]
    _write_sheet(wb, pgettext("sheet", "Summary"), header, facts)


def _level_sheets(result: Result) -> Iterator[tuple[str, list[IndicatorRow]]]:
    """('Tingkat kota', rows) per unit level in order; one 'Indikator' sheet when units have
    none."""
    levels = {u.id: u.level for u in result.units}
    order = list(dict.fromkeys(u.level for u in result.units))
    if all(level is None for level in order):
        yield pgettext("sheet", "Indicators"), list(result.indicators)
        return
    for level in order:
        rows = [r for r in result.indicators if levels.get(r.unit) == level]
        if rows:
            title = pgettext("sheet", "Level {level}").format(level=level)
            yield sheet_title(title if level else pgettext("sheet", "No level")), rows


def _indicator_sheet(
    wb: Book, title: str, rows: Sequence[IndicatorRow], names: Names, money: frozenset[str]
) -> None:
    """One level's indicator rows, predikat coloured."""
    body = [_indicator_cells(r, names, r.indicator in money) for r in rows]
    _write_sheet(wb, title, indicator_header(), body, INDICATOR_PREDIKAT)


def _indicator_cells(r: IndicatorRow, names: Names, rupiah: bool) -> list[Cell]:
    """An indicator row's cells in indicator_header() order."""
    keys = [r.unit, names.unit(r.unit), r.indicator, names.indicator(r.indicator), r.period]
    target, realisasi = (
        (Rupiah(r.target), Rupiah(r.realisasi)) if rupiah else (r.target, r.realisasi)
    )
    return [*keys, target, realisasi, r.capaian, r.predikat, _note(r)]


def _note(r: IndicatorRow) -> str:
    """Every N/A reason of an indicator row."""
    figures = (
        (pgettext("column", "Target"), r.target),
        (pgettext("column", "Realisasi"), r.realisasi),
        (pgettext("column", "Capaian (%)"), r.capaian),
    )
    parts = [_na(fig.reason, what) for what, fig in figures if fig.reason]
    if r.predikat is None and r.predikat_reason:
        parts.append(_na(r.predikat_reason, pgettext("column", "Predikat")))
    return "; ".join(parts)


def _na(reason: str | None, what: str | None = None) -> str:
    """An N/A reason as the Keterangan column states it."""
    if reason is None:
        return ""
    if what is None:
        return _("N/A: {reason}").format(reason=reason)
    return _("{what} N/A: {reason}").format(what=what, reason=reason)


def _value_cells(v: ValueRow, kind: str, names: Names, money: frozenset[str]) -> list[Cell]:
    """A score or figure row's cells in value_header() order."""
    value: Cell = Rupiah(v.value) if v.name in money else v.value
    keys = [v.unit, names.unit(v.unit), v.name, kind, v.period]
    return [*keys, value, v.predikat, _na(v.value.reason)]


def _rank_sheet(wb: Book, result: Result, names: Names) -> None:
    """Peringkat: every ranked unit with its value and tie-breakers."""
    body = [_rank_cells(r, names) for r in result.rankings]
    _write_sheet(wb, pgettext("sheet", "Rankings"), rank_header(), body)


def _rank_cells(r: RankRow, names: Names) -> list[Cell]:
    """A ranking row's cells in rank_header() order."""
    breakers = ", ".join("N/A" if t is None else f"{t:g}" for t in r.tie_breakers)
    note = "; ".join(n for n in (_na(r.value.reason), r.note or "") if n)
    return [r.ranking, r.rank, r.unit, names.unit(r.unit), r.award, r.value, breakers, note]


def _diagnostic_sheet(wb: Book, result: Result) -> None:
    """Diagnostik: every diagnostic, then every N/A number with its reason."""
    body: list[list[Cell]] = [
        [d.severity, d.code, d.unit, d.name, d.period, None, d.message] for d in result.diagnostics
    ]
    body += [["N/A", None, *row] for row in na_rows(result)]
    _write_sheet(wb, pgettext("sheet", "Diagnostics"), diagnostic_header(), body)


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
    wb: Book,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    predikat: int | None = None,
) -> None:
    """A sheet (or, past Excel's row limit, several) with a bold frozen header, filtered columns,
    widths fitted to the text and, when given the predikat column, predikat coloured."""
    widths = _widths(header, rows)
    for part in range(max(1, -(-len(rows) // MAX_SHEET_ROWS))):
        name = title if part == 0 else sheet_title(f"{title[:25]} ({part + 1})")
        body = rows[part * MAX_SHEET_ROWS : (part + 1) * MAX_SHEET_ROWS]
        ws = wb.sheet(name, widths)
        for column, text in enumerate(header):
            value, quoted = sheet_value(text)
            ws.write_string(0, column, stored(value), wb.format(quoted=quoted, header=True))
        for index, row in enumerate(body, start=1):
            _write_row(wb, ws, index, row, predikat)
        ws.autofilter(0, 0, len(body), len(header) - 1)


def _write_row(wb: Book, ws: Any, index: int, row: Sequence[Cell], predikat: int | None) -> None:
    """One row: figures become numbers with their declared decimals (empty when N/A, the reason
    being in the row's Keterangan); text is never a formula; a predikat has its colour."""
    for column, cell in enumerate(row):
        value, quoted = sheet_value(_plain(cell))
        if value is None:
            continue
        if isinstance(value, str):
            tone = value if column == predikat and value else None
            if value or quoted or tone:
                ws.write_string(index, column, stored(value), wb.format(tone=tone, quoted=quoted))
        else:
            ws.write_number(index, column, value, wb.format(number=_number_format(cell)))


def _number_format(cell: Cell) -> str | None:
    """The number format of a figure's cell: Rupiah or thousands with its decimals."""
    if isinstance(cell, Rupiah) and cell.number.rounded is not None:
        return rupiah_format(cell.number.rounding.decimals)
    if isinstance(cell, Presented) and cell.rounded is not None:
        return number_format(cell.rounding.decimals)
    return None


def _plain(cell: Cell) -> str | float | int | None:
    """A cell's value as written: a figure's presented value, or nothing when N/A."""
    if isinstance(cell, Rupiah):
        return cell.number.rounded
    if isinstance(cell, Presented):
        return cell.rounded
    return cell


def number_format(decimals: int) -> str:
    """Excel's number format for a count of decimals, with thousands separators: #,##0.00 …"""
    return "#,##0." + "0" * decimals if decimals > 0 else "#,##0"


def rupiah_format(decimals: int) -> str:
    """Excel's number format for a Rupiah amount: "Rp "#,##0 (Rp 1.234.567 in Indonesian)."""
    return '"Rp "' + number_format(decimals)


def _widths(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[int]:
    """Column widths from the longest text in each column, between 8 and 60 characters."""
    widths = []
    for index, title in enumerate(header):
        longest = max([len(title), *(len(str(_plain(row[index]) or "")) for row in rows)])
        widths.append(min(max(longest + 2, 8), 60))
    return widths
