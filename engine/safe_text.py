"""Safe output: no text perkin writes is a spreadsheet formula or a terminal control sequence.

The one statement of the safe-output rule, used by every CSV and XLSX writer (reports and the
input template) and by the command line. Imports nothing from engine, so any engine package may
use it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")

# the OWASP CSV-injection list: a cell starting with one of these may be read as a formula
FORMULA_START = frozenset("=+-@\t\r")
QUOTE = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# ESC sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings up to BEL or ST, or ESC + one
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)"
)
# C0 but tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read the text as a formula: it starts with = + - @, a tab or a
    carriage return and is not a plain number (-2.50 stays a number)."""
    return text[:1] in FORMULA_START and _NUMBER.fullmatch(text) is None


def spreadsheet_text(value: T) -> T | str:
    """A CSV cell: formula-like text behind a single quote (OWASP); numbers and other text as is."""
    if isinstance(value, str) and formula_like(value):
        return QUOTE + value
    return value


def unquote(text: str) -> str:
    """The text a reader means: a quote that spreadsheet_text put before formula-like text is
    taken off again, so perkin reads back what it wrote (any other quote is content)."""
    if text[:1] == QUOTE and formula_like(text[1:]):
        return text[1:]
    return text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text (newline line ends), every cell through spreadsheet_text."""
    # the writer quotes a field only for the characters of its line end: CRLF, so that a
    # carriage return inside a field is quoted too; each row then ends with a newline only
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in rows:
        writer.writerow([spreadsheet_text(cell) for cell in row])
        lines.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """Append a row to an openpyxl sheet, every value through safe_cell."""
    sheet.append([safe_cell(sheet, v) for v in values])


def safe_cell(sheet: Any, value: object) -> Any:
    """An openpyxl cell of the sheet, not yet placed (for sheet.append): formula-like text is a
    string cell shown as text (quote prefix), characters XML cannot hold are U+FFFD."""
    # cells made here, not looked up after appending: sheet[sheet.max_row] scans every cell
    # of the sheet, which made writing a sheet quadratic in its rows
    from openpyxl.cell.cell import Cell  # here: printing need not load openpyxl

    # placed by append; a coordinate meanwhile, as openpyxl's WriteOnlyCell has (a write-only
    # sheet prints the cell when it cannot take its value)
    text, quoted = sheet_value(value)
    cell = Cell(sheet, 1, 1, value=text)
    if quoted:
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def sheet_value(value: T) -> tuple[T | str, bool]:
    """A workbook cell's value and whether it is text shown as text (quote prefix, for
    formula-like text); characters XML cannot hold are U+FFFD."""
    if not isinstance(value, str):
        return value, False
    text = _xml_text(value)
    return text, formula_like(text)


def _xml_text(text: str) -> str:
    """The text with the control characters a workbook cannot store shown as U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # here: printing need not load openpyxl

    cleaned: str = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text)
    return cleaned


def terminal_text(text: str) -> str:
    """The text without escape sequences, control characters (but newline and tab) or bidi
    overrides, safe to print on a terminal."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))
