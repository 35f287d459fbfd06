"""The result as an Excel workbook: summary, indicators per level, scores, ranks, diagnostics.

Numbers are stored as numbers with Excel format codes (`#,##0.00`, `"Rp "#,##0`). A format code
names the separators abstractly: `,` is "the thousands separator" and `.` "the decimal
separator", so Excel and LibreOffice show `1.234.567,89` to a reader whose system is set to
Indonesian and `1,234,567.89` to one set to English; the cell holds the same number either way.
An N/A is an empty cell, never the text "N/A" in a number column, with its reason in the row's
Keterangan column. Labels (sheet names, headers) follow the current language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from dsl.i18n import _, pgettext
from engine.render.comparisons import comparison_rows, unit_names
from engine.render.counts import count_lines, counts
from engine.render.tabular import grouped_texts
from engine.render.xlsx_book import Book, sheet_title, stored
from engine.render.xlsx_cells import (
    Cell,
    Cells,
    Rows,
    Rupiah,
    SheetRows,
    number_format,
    rupiah_format,
)
from engine.render.xlsx_diagnostics import diagnostic_runs, na_rows
from engine.ruleset.model import Ruleset
from engine.ruleset.money import Money, rupiah_names
from engine.safe_text import sheet_value
from engine.scoring.columns import (
    Block,
    IndicatorBlock,
    LabelColumn,
    PresentedColumn,
    ValueBlock,
    blocks_of,
)
from engine.scoring.result import IndicatorRow, RankRow, Result, ValueRow

__all__ = ["Rupiah", "na_rows", "number_format", "rupiah_format", "sheet_title", "to_xlsx"]
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

    Written with XlsxWriter in constant-memory mode, the rows made column-wise from the Result's
    blocks (engine/render/xlsx_cells.py): the time is linear in the rows and the memory bounded
    (benchmarks/README.md). A sheet longer than Excel's 1,048,576 rows continues on sheets
    "… (2)", "… (3)", and the summary says so."""
    wb = Book()
    cells = Cells(wb)
    names = Names.of(result, ruleset)
    money = rupiah_names(ruleset) if ruleset is not None else Money(frozenset(), frozenset())
    levels = list(_level_sheets(result, cells, names, money.indicators))
    values = _value_runs(result.scores, _("score"), cells, names, frozenset())
    values += _value_runs(result.figures, _("figure"), cells, names, money.figures)
    sizes = [(title, sum(map(len, runs))) for title, runs in levels]
    scores = pgettext("sheet", "Scores")
    _summary(wb, cells, result, ruleset, [*sizes, (scores, sum(map(len, values)))])
    for title, runs in levels:
        _write_sheet(wb, title, indicator_header(), runs)
    _write_sheet(wb, scores, value_header(), values)
    if result.rankings:
        _rank_sheet(wb, cells, result, names)
    if ruleset is not None and (compared := comparison_rows(result, ruleset))[1]:
        _write_sheet(wb, pgettext("sheet", "Comparisons"), compared[0], [cells.run(compared[1])])
    _diagnostic_sheet(wb, cells, result)
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
    wb: Book,
    cells: Cells,
    result: Result,
    ruleset: Ruleset | None,
    sizes: Sequence[tuple[str, int]],
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
    _write_sheet(wb, pgettext("sheet", "Summary"), header, [cells.run(facts)])


def _level_sheets(
    result: Result, cells: Cells, names: Names, money: frozenset[str]
) -> Iterator[tuple[str, list[SheetRows]]]:
    """('Tingkat kota', runs) per unit level in order; one 'Indikator' sheet when units have
    none. A block's rows go to the sheet of their unit's level."""
    levels = {u.id: u.level for u in result.units}
    order = list(dict.fromkeys(u.level for u in result.units))
    blocks = blocks_of(result.indicators)
    if all(level is None for level in order):
        yield pgettext("sheet", "Indicators"), [_indicator_run(b, None, cells, names, money)
                                                for b in blocks]  # fmt: skip
        return
    index = {level: i for i, level in enumerate(order)}
    of_block = [np.fromiter((index.get(levels.get(r), -1) for r in _units(b)), np.int64)
                for b in blocks]  # fmt: skip
    for i, level in enumerate(order):
        runs = []
        for block, level_of in zip(blocks, of_block, strict=True):
            rows = np.flatnonzero(level_of == i)
            if len(rows):
                runs.append(_indicator_run(block, None if len(rows) == len(block) else rows,
                                           cells, names, money))  # fmt: skip
        if runs:
            title = pgettext("sheet", "Level {level}").format(level=level)
            yield sheet_title(title if level else pgettext("sheet", "No level")), runs


def _units(block: Block[IndicatorRow]) -> Sequence[str]:
    """The unit of each row of an indicator block."""
    if isinstance(block, IndicatorBlock):
        return block.units
    return [r.unit for r in block]


def _indicator_run(
    block: Block[IndicatorRow], rows: Rows, cells: Cells, names: Names, money: frozenset[str]
) -> SheetRows:
    """Rows of an indicator block (`rows` of it, or all), one level's, in indicator_header()
    order."""
    if not isinstance(block, IndicatorBlock):  # rows kept as objects
        listed = list(block) if rows is None else [block.row(i) for i in rows.tolist()]
        body = [_indicator_cells(r, names, r.indicator in money) for r in listed]
        return cells.run(body, INDICATOR_PREDIKAT)
    n = len(block) if rows is None else len(rows)
    units = block.units if rows is None else [block.units[i] for i in rows.tolist()]
    figure = rupiah_format if block.indicator in money else number_format
    figures = (block.target_column, block.realisasi, block.capaian_column, block.predikat)
    codes = np.stack([_codes(column, rows, n) for column in figures], axis=1)

    def note(key: tuple[int, ...]) -> str:
        return _note_of(*(_reason(c, k) for c, k in zip(figures, key, strict=True)))

    return SheetRows.of([
        *cells.units(units, names.unit), cells.same(block.indicator, n),
        cells.same(names.indicator(block.indicator), n), cells.same(block.period, n),
        cells.numbers(block.target_column, rows, figure),
        cells.numbers(block.realisasi, rows, figure),
        cells.numbers(block.capaian_column, rows, number_format),
        cells.labels(block.predikat, rows, n, predikat=True), cells.coded(codes, note),
    ])  # fmt: skip


def _codes(column: PresentedColumn | LabelColumn | None, rows: Rows, n: int) -> np.ndarray:
    """The N/A codes of a column's rows (0 for none, and where there is no column)."""
    if column is None:
        return np.zeros(n, dtype=np.int64)
    return column.codes if rows is None else column.codes[rows]


def _reason(column: PresentedColumn | LabelColumn | None, code: int) -> str | None:
    """The reason of an N/A code of the column, None for none."""
    return column.reasons[code] if code and column is not None else None


def _indicator_cells(r: IndicatorRow, names: Names, rupiah: bool) -> list[Cell]:
    """An indicator row's cells in indicator_header() order."""
    keys = [r.unit, names.unit(r.unit), r.indicator, names.indicator(r.indicator), r.period]
    target, realisasi = (
        (Rupiah(r.target), Rupiah(r.realisasi)) if rupiah else (r.target, r.realisasi)
    )
    return [*keys, target, realisasi, r.capaian, r.predikat, _note(r)]


def _note(r: IndicatorRow) -> str:
    """Every N/A reason of an indicator row."""
    predikat = r.predikat_reason if r.predikat is None else None
    return _note_of(r.target.reason, r.realisasi.reason, r.capaian.reason, predikat)


def _note_of(
    target: str | None, realisasi: str | None, capaian: str | None, predikat: str | None
) -> str:
    """The Keterangan of an indicator row from the N/A reasons of its numbers and predikat."""
    whats = (
        pgettext("column", "Target"),
        pgettext("column", "Realisasi"),
        pgettext("column", "Capaian (%)"),
        pgettext("column", "Predikat"),
    )
    reasons = (target, realisasi, capaian, predikat)
    return "; ".join(grouped_texts(zip(whats, reasons, strict=True)))


def _na(reason: str | None) -> str:
    """An N/A reason as the Keterangan column states it."""
    if reason is None:
        return ""
    return _("N/A: {reason}").format(reason=reason)


def _value_runs(
    rows: Sequence[ValueRow], kind: str, cells: Cells, names: Names, money: frozenset[str]
) -> list[SheetRows]:
    """The scores' or figures' rows in value_header() order, SheetRows per block."""
    runs = []
    for block in blocks_of(rows):
        if not isinstance(block, ValueBlock):  # rows kept as objects
            body = [_value_cells(v, kind, names, money) for v in block]
            runs.append(cells.run(body, VALUE_PREDIKAT))
            continue
        n, value = len(block), block.value
        figure = rupiah_format if block.name in money else number_format
        runs.append(SheetRows.of([
            *cells.units(block.units, names.unit),
            cells.same(block.name, n), cells.same(kind, n), cells.same(block.period, n),
            cells.numbers(value, None, figure),
            cells.labels(block.predikat, None, n, predikat=True),
            cells.coded(value.codes.reshape(-1, 1), _value_note(value)),
        ]))  # fmt: skip
    return runs


def _value_note(value: PresentedColumn) -> Callable[[tuple[int, ...]], str]:
    """The Keterangan of a score or figure from the N/A code of its value."""
    return lambda key: _na(value.reasons[key[0]])


def _value_cells(v: ValueRow, kind: str, names: Names, money: frozenset[str]) -> list[Cell]:
    """A score or figure row's cells in value_header() order."""
    value: Cell = Rupiah(v.value) if v.name in money else v.value
    keys = [v.unit, names.unit(v.unit), v.name, kind, v.period]
    return [*keys, value, v.predikat, _na(v.value.reason)]


def _rank_sheet(wb: Book, cells: Cells, result: Result, names: Names) -> None:
    """Peringkat: every ranked unit with its value and tie-breakers."""
    body = [_rank_cells(r, names) for r in result.rankings]
    _write_sheet(wb, pgettext("sheet", "Rankings"), rank_header(), [cells.run(body)])


def _rank_cells(r: RankRow, names: Names) -> list[Cell]:
    """A ranking row's cells in rank_header() order."""
    breakers = ", ".join("N/A" if t is None else f"{t:g}" for t in r.tie_breakers)
    note = "; ".join(n for n in (_na(r.value.reason), r.note or "") if n)
    return [r.ranking, r.rank, r.unit, names.unit(r.unit), r.award, r.value, breakers, note]


def _diagnostic_sheet(wb: Book, cells: Cells, result: Result) -> None:
    """Diagnostik: every diagnostic, then every N/A number with its reason."""
    title = pgettext("sheet", "Diagnostics")
    _write_sheet(wb, title, diagnostic_header(), diagnostic_runs(result, cells))


def _write_sheet(wb: Book, title: str, header: Sequence[str], runs: Sequence[SheetRows]) -> None:
    """A sheet (or, past Excel's row limit, several) with a bold frozen header, filtered columns
    and widths fitted to the text (between 8 and 60 characters)."""
    widths = [
        min(max(max([len(text), *(r.widths[j] for r in runs if len(r))]) + 2, 8), 60)
        for j, text in enumerate(header)
    ]
    total = sum(map(len, runs))
    for part in range(max(1, -(-total // MAX_SHEET_ROWS))):
        name = title if part == 0 else sheet_title(f"{title[:25]} ({part + 1})")
        start, stop = part * MAX_SHEET_ROWS, min((part + 1) * MAX_SHEET_ROWS, total)
        ws = wb.sheet(name, widths)
        for column, text in enumerate(header):
            value, quoted = sheet_value(text)
            ws.write_string(0, column, stored(value), wb.format(quoted=quoted, header=True))
        row = 1
        for piece in _pieces(runs, start, stop):
            wb.rows(ws, row, piece.columns)
            row += len(piece)
        ws.autofilter(0, 0, stop - start, len(header) - 1)


def _pieces(runs: Sequence[SheetRows], start: int, stop: int) -> Iterator[SheetRows]:
    """The parts of the runs that fall in rows start to stop (counted over all runs)."""
    offset = 0
    for run in runs:
        first, last = max(start - offset, 0), min(stop - offset, len(run))
        if first < last:
            yield run if (first, last) == (0, len(run)) else run.part(first, last)
        offset += len(run)
