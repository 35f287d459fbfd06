"""The report workbook's writer: XlsxWriter in constant-memory mode, rows written in order, each
cell format made once and reused (benchmarks/README.md: 3× openpyxl's write-only mode)."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from engine.render.charts import TONE_COLOURS, tone_of

_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
_HEADER_FILL = "#DDE3EA"
_LIGHT_TEXT = {"st", "sr"}  # tones whose fill needs white text
# XlsxWriter takes a width as Excel's dialog shows it and stores (7·w + 5) / 7 characters
# (Calibri 11: 7-pixel digits, 5 pixels of padding); this stores exactly the width given
_PADDING = 5 / 7
MAX_CELL_CHARS = 32_767  # Excel's limit on a cell's text


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

    def close(self) -> bytes:
        """The workbook's bytes."""
        self.book.close()
        return self.out.getvalue()


def sheet_title(text: str, room: int = 31) -> str:
    """A legal sheet title: no []:*?/\\, no quote at either end, and at most 31 characters as
    Excel counts them (UTF-16 units: an emoji is two), or room when given."""
    kept, used = [], 0
    for char in text.translate(_BAD_SHEET_CHARS):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            break
        kept.append(char)
    title = "".join(kept)
    title = "_" + title[1:] if title[:1] == "'" else title
    return title[:-1] + "_" if title[-1:] == "'" else title


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
    Past the 32,767 characters a cell holds, the text is cut and ends in "…" (XlsxWriter would
    cut it without a sign)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "\u2026"


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
