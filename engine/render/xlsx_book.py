"""The report workbook's writer: XlsxWriter in constant-memory mode, rows written in order, each
cell format made once and reused (benchmarks/README.md: 3× openpyxl's write-only mode).

A sheet's data rows are written as XML made column-wise (Book.rows): each cell's XML after its
reference is made once per distinct value, in the form XlsxWriter's own cell writer gives
(tests/engine/test_xlsx_rows.py holds the two equal), and joined into rows with no Python call
per cell. XlsxWriter writes the rest: the header, styles, widths, panes, filters, the package.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_col_to_name

from engine.render.blocks import Part, joined_rows
from engine.render.charts import TONE_COLOURS, tone_of

# zlib's level for the package's parts. XlsxWriter leaves zlib's default (6); at 10 % of the
# national register level 3 makes the workbook in 4.7 s of CPU instead of 6.9 s, 39 MB instead
# of 34 (level 1: 4.5 s, 45 MB) — benchmarks/README.md.
COMPRESS_LEVEL = 3
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
_HEADER_FILL = "#DDE3EA"
_LIGHT_TEXT = {"st", "sr"}  # tones whose fill needs white text
# XlsxWriter takes a width as Excel's dialog shows it and stores (7·w + 5) / 7 characters
# (Calibri 11: 7-pixel digits, 5 pixels of padding); this stores exactly the width given
_PADDING = 5 / 7
MAX_CELL_CHARS = 32_767  # Excel's limit on a cell's text
# the escapes XlsxWriter's inline-string writer makes (xmlwriter._escape_control_characters,
# _escape_data; utility._preserve_whitespace), made here once per distinct text
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")


class Book:
    """A workbook written sheet by sheet and row by row into memory."""

    def __init__(self) -> None:
        self.out = io.BytesIO()
        options = {
            "constant_memory": True,  # each row goes to the sheet's file when the next begins
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        }
        self.book = xlsxwriter.Workbook(self.out, options)
        self.formats: dict[tuple[str | None, str | None, bool, bool], Any] = {}
        self.names: list[str] = []

    def sheet(self, title: str, widths: list[int]) -> Any:
        """A new sheet with its column widths and the header row frozen; a title already taken
        (compared without case) gets the next number, as openpyxl numbered it."""
        name = unique_title(title, {n.casefold() for n in self.names})
        self.names.append(name)
        ws = self.book.add_worksheet(name)
        for index, width in enumerate(widths):
            ws.set_column(index, index, width - _PADDING)
        ws.freeze_panes(1, 0)
        return ws

    def format(
        self,
        number: str | None = None,
        tone: str | None = None,
        quoted: bool = False,
        header: bool = False,
    ) -> Any:
        """The cell format for a number format, a predikat's tone, a quote prefix or the header;
        None for a plain cell. Made once per combination."""
        if number is None and tone is None and not quoted and not header:
            return None
        key = (number, tone, quoted, header)
        if key not in self.formats:
            self.formats[key] = self.book.add_format(_style(number, tone, quoted, header))
        return self.formats[key]

    def string_cell(self, text: str, style: Any) -> str:
        """The XML of a text cell after its reference (`<c r="A2`), as XlsxWriter writes an
        inline string: control characters as _xHHHH_, & < > escaped, edge spaces kept. Always
        escaped: XlsxWriter would write a text between <r> and </r> unescaped (as rich text)."""
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", stored(text))
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'"{_style_attribute(style)} t="inlineStr"><is><t{space}>{text}</t></is></c>'

    def number_cells(self, numbers: list[float], style: Any) -> list[str]:
        """The XML of number cells after their reference, as XlsxWriter writes a number (16
        significant digits)."""
        head = f'"{_style_attribute(style)}><v>'
        return [f"{head}{number:.16G}</v></c>" for number in numbers]

    def rows(self, ws: Any, first: int, columns: Sequence[list[str]]) -> None:
        """Rows from `first` (0-based) on, given column-wise: each column's cells as string_cell
        and number_cells make them, '' where a row has no cell; a row without cells is left out,
        as XlsxWriter leaves it. The rows before `first` must be written already."""
        n = len(columns[0])
        kept = np.zeros(n, dtype=bool)
        present = [np.fromiter(map(bool, cells), dtype=bool, count=n) for cells in columns]
        for mask in present:
            kept |= mask
        rows = np.flatnonzero(kept)
        if not len(rows):
            return
        if len(rows) < n:  # drop the empty rows from every column
            columns = [np.asarray(cells, dtype=object)[rows].tolist() for cells in columns]
            present = [mask[rows] for mask in present]
        numbers = (rows + first + 1).astype(str).astype(object)
        parts: list[Part] = ['<row r="', numbers.tolist(), '">']
        for column, (cells, mask) in enumerate(zip(columns, present, strict=True)):
            head = f'<c r="{xl_col_to_name(column)}'
            if mask.all():
                parts += [head, numbers.tolist(), cells]
            elif mask.any():
                heads = np.where(mask, head, "").astype(object)
                parts += [heads.tolist(), np.where(mask, numbers, "").tolist(), cells]
        parts.append("</row>")
        _write_xml(ws, first + int(rows[0]), first + int(rows[-1]), len(columns) - 1,
                   joined_rows(parts, len(rows)))  # fmt: skip

    def close(self) -> bytes:
        """The workbook's bytes, its parts compressed at COMPRESS_LEVEL: XlsxWriter makes its
        ZipFile with the default level and no option to choose one, so the name it makes it by
        is bound to one with the level for the time of the call."""
        made = xlsxwriter.workbook.ZipFile
        xlsxwriter.workbook.ZipFile = partial(made, compresslevel=COMPRESS_LEVEL)
        try:
            self.book.close()
        finally:
            xlsxwriter.workbook.ZipFile = made
        return self.out.getvalue()


def _style_attribute(style: Any) -> str:
    """The cell's style index attribute, as XlsxWriter writes it (nothing for no format)."""
    return "" if style is None else f' s="{style._get_xf_index()}"'


def _write_xml(ws: Any, first: int, last: int, last_column: int, xml: str) -> None:
    """Rows' XML into a constant-memory sheet's row file, through the members XlsxWriter's own
    row writer uses (3.x): the pending row (the header) goes out first, the sheet's dimension
    takes the rows, and a later write to an earlier row is refused as XlsxWriter refuses it."""
    ws._write_single_row(first)  # writes the row held back, if any
    ws.fh.write(xml)
    ws._check_dimensions(first, 0)
    ws._check_dimensions(last, last_column)
    ws.previous_row = last + 1


def sheet_title(text: str, room: int = 31) -> str:
    """A legal sheet title: no []:*?/\\, no quote at either end, and at most 31 characters as
    Excel counts them (UTF-16 units: an emoji is two), or room when given."""
    title = _cut(text.translate(_BAD_SHEET_CHARS), room)
    title = "_" + title[1:] if title[:1] == "'" else title
    return title[:-1] + "_" if title[-1:] == "'" else title


def _cut(text: str, room: int) -> str:
    """The text's start that takes at most `room` UTF-16 units (never half an emoji)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return text[:index]
    return text


def unique_title(title: str, taken: set[str]) -> str:
    """The title, or when taken (casefolded) the title cut to make room for a number 1, 2, …
    that is free."""
    number = 0
    name = title
    while name.casefold() in taken:
        number += 1
        name = sheet_title(title, 31 - len(str(number))) + str(number)
    return name


def stored(text: str) -> str:
    """Text as an XML reader reads it back from a workbook openpyxl wrote: a carriage return is
    a newline (XlsxWriter would store it as the escape _x000D_, which openpyxl reads verbatim).
    Past the 32,767 UTF-16 units a cell holds, the text is cut and ends in "…" (XlsxWriter would
    cut it without a sign)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) <= MAX_CELL_CHARS // 2 or len(text.encode("utf-16-le")) <= 2 * MAX_CELL_CHARS:
        return text
    return _cut(text, MAX_CELL_CHARS - 1) + "\u2026"


def _style(number: str | None, label: str | None, quoted: bool, header: bool) -> dict[str, Any]:
    """XlsxWriter's properties of a format."""
    style: dict[str, Any] = {}
    if number is not None:
        style["num_format"] = number
    if quoted:
        style["quote_prefix"] = True
    if header:
        style |= {"bold": True, "bg_color": _HEADER_FILL, "valign": "top", "text_wrap": True}
    if label is not None:
        tone = tone_of(label)
        colour = "#FFFFFF" if tone in _LIGHT_TEXT else "#1F2328"
        style |= {"bold": True, "bg_color": "#" + TONE_COLOURS[tone], "font_color": colour}
    return style
