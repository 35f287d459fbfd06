"""The workbook's Diagnostics sheet, made column-wise from the Result's blocks: every diagnostic
(the N001 notes of each indicator block), then every N/A number with its reason. Rows kept as
objects (a hand-made Result, the rankings, tie notes) are made a row at a time (na_rows)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from engine.render.blocks import na_note_keys, na_note_message
from engine.render.xlsx_cells import Cell, Cells, SheetRows, spread
from engine.scoring.columns import IndicatorBlock, NaBlock, PresentedColumn, ValueBlock, blocks_of
from engine.scoring.result import Diagnostic, IndicatorRow, RankRow, Result, ValueRow

WHICH = ("target", "realisasi", "capaian")  # the 'which number' of an indicator's N/A


def diagnostic_runs(result: Result, cells: Cells) -> list[SheetRows]:
    """The sheet's rows in diagnostic_header() order, SheetRows per block."""
    runs = []
    for notes in blocks_of(result.diagnostics):
        if isinstance(notes, NaBlock):
            runs.append(_na_notes(notes, cells))
        else:
            runs.append(cells.run([_diagnostic_cells(d) for d in notes]))
    for block in blocks_of(result.indicators):
        if isinstance(block, IndicatorBlock):
            runs.append(_na_indicators(block, cells))
        else:
            runs.append(cells.run(_na_cells(na_indicator_rows(block))))
    for values in (*blocks_of(result.scores), *blocks_of(result.figures)):
        if isinstance(values, ValueBlock):
            runs.append(_na_values(values, cells))
        else:
            runs.append(cells.run(_na_cells(na_value_rows(values))))
    runs.append(cells.run(_na_cells(na_rank_rows(result.rankings))))
    return [run for run in runs if len(run)]


def na_rows(result: Result) -> Iterator[tuple[str, str, str, str, str]]:
    """(unit, name, period, which number, reason) of every N/A number in the result."""
    yield from na_indicator_rows(result.indicators)
    yield from na_value_rows((*result.scores, *result.figures))
    yield from na_rank_rows(result.rankings)


def na_indicator_rows(rows: Iterable[IndicatorRow]) -> Iterator[tuple[str, str, str, str, str]]:
    """na_rows of indicator rows: target, realisasi and capaian of each row in turn."""
    for r in rows:
        for what, fig in zip(WHICH, (r.target, r.realisasi, r.capaian), strict=True):
            if fig.reason is not None:
                yield r.unit, r.indicator, r.period, what, fig.reason


def na_value_rows(rows: Iterable[ValueRow]) -> Iterator[tuple[str, str, str, str, str]]:
    """na_rows of scores and figures."""
    for v in rows:
        if v.value.reason is not None:
            yield v.unit, v.name, v.period, "nilai", v.value.reason


def na_rank_rows(rows: Iterable[RankRow]) -> Iterator[tuple[str, str, str, str, str]]:
    """na_rows of ranking rows."""
    for k in rows:
        if k.value.reason is not None:
            yield k.unit, k.ranking, "", "peringkat", k.value.reason


def _diagnostic_cells(d: Diagnostic) -> list[Cell]:
    return [d.severity, d.code, d.unit, d.name, d.period, None, d.message]


def _na_cells(rows: Iterable[tuple[str, str, str, str, str]]) -> list[list[Cell]]:
    return [["N/A", None, *row] for row in rows]


def _na_notes(notes: NaBlock, cells: Cells) -> SheetRows:
    """The N001 notes of an indicator block (NaBlock.row)."""
    block = notes.block
    units, keys = na_note_keys(notes)
    n = len(units)
    return SheetRows.of([
        cells.same("info", n), cells.same("N001", n), cells.texts(units),
        cells.same(block.indicator, n), cells.same(block.period, n), ([""] * n, 0),
        cells.texts(keys, lambda key: na_note_message(block, key)),
    ])  # fmt: skip


def _na_indicators(block: IndicatorBlock, cells: Cells) -> SheetRows:
    """na_indicator_rows of an indicator block: its N/A numbers by row, then target,
    realisasi, capaian (np.nonzero gives them in that order)."""
    columns = (block.target_column, block.realisasi, block.capaian_column)
    codes = np.stack([c.codes for c in columns], axis=1)
    rows, which = np.nonzero(codes)
    n = len(rows)

    def reason(key: tuple[int, ...]) -> str:
        return _reason(columns[key[0]], key[1])

    return SheetRows.of([
        cells.same("N/A", n), ([""] * n, 0), cells.texts(spread(list(block.units), rows)),
        cells.same(block.indicator, n), cells.same(block.period, n),
        cells.keyed(which.reshape(-1, 1), lambda key: WHICH[key[0]]),
        cells.keyed(np.stack([which, codes[rows, which]], axis=1), reason),
    ])  # fmt: skip


def _na_values(block: ValueBlock, cells: Cells) -> SheetRows:
    """na_value_rows of a score or figure block."""
    rows = np.flatnonzero(block.value.codes)
    n = len(rows)
    return SheetRows.of([
        cells.same("N/A", n), ([""] * n, 0), cells.texts(spread(list(block.units), rows)),
        cells.same(block.name, n), cells.same(block.period, n), cells.same("nilai", n),
        cells.keyed(block.value.codes[rows].reshape(-1, 1),
                    lambda key: _reason(block.value, key[0])),
    ])  # fmt: skip


def _reason(column: PresentedColumn | None, code: int) -> str:
    """The reason of a column's N/A code."""
    assert column is not None, "a code is set only where there is a column"
    return column.reasons[code]
