"""The report workbook's cells, made column-wise: a sheet is SheetRows of columns, each
column's cell XML made once per distinct value (a unit, a label, a rounded number, a reason) and
spread over the rows by numpy, as the CSV report makes its texts (engine/render/blocks.py).

One rule decides what a cell holds (Cells.cell): a figure is a number with its declared decimals
(Rupiah or thousands), empty when N/A; text is never a formula (a quote prefix) and holds no
character XML cannot; a predikat has its colour; an empty text is no cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from dsl.rounding import apply_rounding_array
from engine.render.xlsx_book import Book
from engine.safe_text import sheet_value
from engine.scoring.columns import LabelColumn, PresentedColumn
from engine.scoring.result import Presented


class Rupiah(NamedTuple):
    """A number to be shown as Rupiah: a figure or score value, or an indicator's parts."""

    number: Presented


Cell = str | float | int | Presented | Rupiah | None
# each row's cell XML after its reference ('' where the row has no cell), and the column's
# widest plain text (what the column's width is fitted to)
Column = tuple[list[str], int]
Rows = np.ndarray | None  # the rows of a block taken (indices), None for all


@dataclass(frozen=True, slots=True)
class SheetRows:
    """Consecutive rows of a sheet, column-wise."""

    columns: list[list[str]]
    widths: list[int]

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @staticmethod
    def of(columns: Sequence[Column]) -> SheetRows:
        """The run of the columns."""
        return SheetRows([cells for cells, _ in columns], [width for _, width in columns])

    def part(self, start: int, stop: int) -> SheetRows:
        """Rows start to stop."""
        return SheetRows([cells[start:stop] for cells in self.columns], self.widths)


def number_format(decimals: int) -> str:
    """Excel's number format for a count of decimals, with thousands separators: #,##0.00 …"""
    return "#,##0." + "0" * decimals if decimals > 0 else "#,##0"


def rupiah_format(decimals: int) -> str:
    """Excel's number format for a Rupiah amount: "Rp "#,##0 (Rp 1.234.567 in Indonesian)."""
    return '"Rp "' + number_format(decimals)


def plain(cell: Cell) -> str | float | int | None:
    """A cell's value as written: a figure's presented value, or nothing when N/A."""
    if isinstance(cell, Rupiah):
        return cell.number.rounded
    if isinstance(cell, Presented):
        return cell.rounded
    return cell


def format_of(cell: Cell) -> str | None:
    """The number format of a figure's cell: Rupiah or thousands with its decimals."""
    if isinstance(cell, Rupiah) and cell.number.rounded is not None:
        return rupiah_format(cell.number.rounding.decimals)
    if isinstance(cell, Presented) and cell.rounded is not None:
        return number_format(cell.rounding.decimals)
    return None


def width(value: object) -> int:
    """The length of a cell's plain value as the column width counts it."""
    return len(str(value or ""))


class Cells:
    """The cell XML of one workbook, each text's made once (per column kind: a predikat's has
    its colour)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self._texts: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self._units: dict[int, tuple[Sequence[str], Column, Column]] = {}

    def text(self, text: str, predikat: bool = False) -> str:
        """A text cell ('' for no cell: an empty text)."""
        made = self._texts[predikat]
        xml = made.get(text)
        if xml is None:
            value, quoted = sheet_value(text)
            tone = value if predikat and value else None
            style = self.book.format(tone=tone, quoted=quoted)
            xml = made[text] = self.book.string_cell(value, style) if value or quoted else ""
        return xml

    def cell(self, cell: Cell, predikat: bool = False) -> str:
        """Any cell of a row kept as an object."""
        value = plain(cell)
        if value is None:
            return ""
        if isinstance(value, str):
            return self.text(value, predikat)
        style = self.book.format(number=format_of(cell))
        return self.book.number_cells([value], style)[0]

    def run(self, rows: Sequence[Sequence[Cell]], predikat: int | None = None) -> SheetRows:
        """Rows kept as objects, a cell at a time."""
        columns = list(zip(*rows, strict=True)) if rows else []
        return SheetRows.of(
            [
                ([self.cell(c, j == predikat) for c in cells], max(map(width, map(plain, cells))))
                for j, cells in enumerate(columns)
            ]
        )

    def same(self, text: str, n: int, predikat: bool = False) -> Column:
        """The same text on n rows."""
        return [self.text(text, predikat)] * n, width(text)

    def texts(
        self, keys: Sequence[Any], text: Callable[[Any], str] | None = None, predikat: bool = False
    ) -> Column:
        """Each key's text (the key itself, or text(key)), made once per distinct key."""
        made = {key: key if text is None else text(key) for key in set(keys)}
        xml = {key: self.text(value, predikat) for key, value in made.items()}
        return list(map(xml.__getitem__, keys)), max(map(width, made.values()), default=0)

    def units(self, units: Sequence[str], name: Callable[[str], str]) -> tuple[Column, Column]:
        """The unit id and unit name columns of a block, made once for the same tuple of units
        (the blocks of a level share theirs); not to be changed."""
        held = self._units.get(id(units))
        if held is None or held[0] is not units:
            held = (units, self.texts(units), self.texts(units, name))
            if isinstance(units, tuple):
                self._units[id(units)] = held
        return held[1], held[2]

    def numbers(self, column: PresentedColumn, rows: Rows, code: Callable[[int], str]) -> Column:
        """Each row's presented number with the format `code(decimals)`; no cell where N/A."""
        values = column.values if rows is None else column.values[rows]
        rounding = column.rounding
        shown = apply_rounding_array(values, rounding.decimals, rounding.mode)  # NaN where N/A
        distinct, inverse = np.unique(shown.view(np.int64), return_inverse=True)
        numbers = distinct.view(np.float64).tolist()
        kept = [x for x in numbers if x == x]  # NaN: no number (N/A, or a text figure)
        if not kept:
            return [""] * len(values), 0
        style = self.book.format(number=code(rounding.decimals))
        made = iter(self.book.number_cells(kept, style))
        xml = [next(made) if x == x else "" for x in numbers]
        return spread(xml, inverse), max(map(width, kept), default=0)

    def labels(self, column: LabelColumn | None, rows: Rows, n: int, predikat: bool) -> Column:
        """Each row's label (a predikat); no cell where there is none."""
        if column is None:
            return [""] * n, 0
        values = (column.values if rows is None else column.values[rows]).tolist()
        return self.texts(["" if v is None else v for v in values], None, predikat)

    def coded(self, codes: np.ndarray, text: Callable[[tuple[int, ...]], str]) -> Column:
        """Each row's text from its N/A codes (a row of `codes`, one column per number), made
        once per distinct combination; no cell where no code is set."""
        n = len(codes)
        na = np.flatnonzero(codes.any(axis=1))
        if not len(na):
            return [""] * n, 0
        xml, longest = self.keyed(codes[na], text)
        full = [""] * n if len(na) < n else xml
        if len(na) < n:
            for row, cell in zip(na.tolist(), xml, strict=True):
                full[row] = cell
        return full, longest

    def keyed(self, keys: np.ndarray, text: Callable[[tuple[int, ...]], str]) -> Column:
        """Each row's text from its key (a row of integers), made once per distinct key."""
        distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
        made = [text(tuple(key)) for key in distinct.tolist()]
        return spread([self.text(t) for t in made], inverse), max(map(width, made), default=0)


def spread(made: list[Any], index: np.ndarray) -> list[Any]:
    """made[i] for each i of index, with no Python call per row."""
    table = np.empty(len(made), dtype=object)
    table[:] = made
    return table[index.reshape(-1)].tolist()  # type: ignore[no-any-return]
