"""CSV files as tables: encoding, delimiter and row positions.

Text is read as UTF-8 (a BOM is dropped), else as Windows-1252, which is what Excel's
"CSV (Comma delimited)" writes on Indonesian Windows; UTF-16 with its byte-order mark (Excel's
"Unicode Text", tab-separated) is read as its UTF-8. Bytes with NULs or control characters are
refused as not text. The delimiter is ``,``, ``;`` or tab: the one the header uses when it uses
only one, else csv.Sniffer's guess, else ``,``; a first line ``sep=;`` (Excel's delimiter line)
declares it. Quotes must pair up as Excel writes them: a
quoted value never closed, or a quote inside one not doubled, is refused (D340), not read as the
rest of the file or with the quote dropped. Locations are ``file:LINE:COLUMN`` with the header on
line 1 and COLUMN the 1-based field number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from dsl.errors import Location
from dsl.i18n import N_, _, number_text
from dsl.limits import MAX_DATA_BYTES, MAX_FIELDS, MAX_LINE_BYTES, MAX_RECORD_CELLS, MAX_ROWS
from engine.data.model import DataFileError
from engine.data.tables import Cell, Sheet
from engine.input_files import InputLimitError, read_bounded

if TYPE_CHECKING:
    from _csv import Reader

_DELIMITERS = ",;\t"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XLSX_MAGIC = b"PK\x03\x04"


def read_csv_sheet(path: Path, name: str) -> Sheet:
    """The table in a CSV file; raises DataFileError when the file cannot be read as one."""
    text = decode(read_data_bytes(path, name, MAX_LINE_BYTES), name)
    text, declared = _sep_line(text)
    again = repeated_header(text)
    if again is not None:
        message = _("line {line} repeats the header row: two tables pasted into one file?")
        hint = _("delete the repeated header row, or keep each table in a file of its own")
        raise DataFileError(
            message.format(line=again), Location(file=name, line=again, column=1), hint, "D304"
        )
    rows = _rows(text, declared or _delimiter(text), name)
    if not rows:
        raise DataFileError(_("the file is empty"), Location(file=name), _(_EMPTY_HINT), "D023")
    if len(rows) == 1:
        message = _("the file has a header row but no data rows")
        where = Location(file=name, line=rows[0][0])
        raise DataFileError(message, where, _(_EMPTY_HINT), "D023")
    return _table(rows, name)


def _sep_line(text: str) -> tuple[str, str | None]:
    """The text without Excel's delimiter line (`sep=;` first), left blank so that lines keep
    their numbers, and the delimiter it declares; the text and None without one."""
    match = _SEP_LINE.match(text)
    if match is None:
        return text, None
    return "\n" + text[match.end() :], match[1]


_SEP_LINE = re.compile("\ufeff?sep=([,;\t])[ ]*\r?\n", re.IGNORECASE)
_EMPTY_HINT = N_("put a header row (unit, period, variable, value) and one row per value")


def repeated_header(text: str) -> int | None:
    """The line of the first later line that is the header line again (an export pasted
    below another), or None; found by searching the text for the header, not line by line
    (a data file rarely holds its header's text again, so one pass in most files)."""
    start = len(text) - len(text.lstrip("\r\n"))
    end = text.find("\n", start)
    if end < 0:
        return None
    header = text[start:end].rstrip("\r")
    if not header.strip():
        return None
    needle = f"\n{header}"
    at = text.find(needle, end)
    while at >= 0:
        after = at + len(needle)
        if text.startswith(("\n", "\r\n"), after):
            return text.count("\n", 0, at) + 2
        at = text.find(needle, after)
    return None


def read_data_bytes(
    path: Path, name: str, max_line: int | None, max_bytes: int = MAX_DATA_BYTES
) -> bytes:
    """A data file's bytes, refused (D046) unless a regular file within the bounds; a file in
    UTF-16 with its byte-order mark (what Excel's "Unicode Text" writes) as its UTF-8 bytes."""
    data = read_bounded(path, name, max_bytes, max_line, "D046")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _from_utf16(data, name)
    return data


def _from_utf16(data: bytes, name: str) -> bytes:
    """UTF-16 text (its byte-order mark says which order) as UTF-8 bytes; a DataFileError at
    the first code unit that is not text."""
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeError as exc:
        start = exc.start if isinstance(exc, UnicodeDecodeError) else 0
        line = data[:start].decode("utf-16", errors="replace").count("\n") + 1
        message = _("the file is not UTF-16 text, though it starts like it (byte {offset})")
        hint = _("save the file as 'CSV UTF-8' in Excel, or as UTF-8 in a text editor")
        where = Location(file=name, line=line)
        raise DataFileError(message.format(offset=start), where, hint, "D022") from None


def decode(data: bytes, name: str) -> str:
    """The text of a file: UTF-8 (BOM dropped) or Windows-1252; DataFileError for binary data."""
    if data.startswith(_XLSX_MAGIC):
        hint = _("this looks like an Excel workbook: give it the .xlsx extension")
        raise DataFileError(_("the file is not text"), Location(file=name), hint, "D022")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data, exc, name)
    _refuse_control(text, name)
    return text


def _decode_legacy(data: bytes, error: UnicodeDecodeError, name: str) -> str:
    """The text as Windows-1252, or a DataFileError at the first byte that is not UTF-8: when
    the bytes are not Windows-1252 either, or when they also hold UTF-8 characters (D341)."""
    line = data[: error.start].count(b"\n") + 1
    where = Location(
        file=name, line=line, column=error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    )
    byte = f"0x{data[error.start]:02x}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        message = _("the file is not UTF-8 text (byte {byte})").format(byte=byte)
        hint = _("save the file as 'CSV UTF-8' in Excel, or as UTF-8 in a text editor")
        raise DataFileError(message, where, hint, "D022") from None
    utf8 = _UTF8_CHARACTER.search(data)
    if utf8 is not None:
        message = _(
            "the file mixes two encodings: UTF-8 (line {line}) and Windows-1252 (byte {byte})"
        ).format(line=data[: utf8.start()].count(b"\n") + 1, byte=byte)
        hint = _(
            "open the file in a text editor and save it as UTF-8, after checking the "
            "characters of both lines; read as one encoding, the other's letters would change"
        )
        raise DataFileError(message, where, hint, "D341")
    return text


# a character of two to four bytes as UTF-8 writes it, which Windows-1252 text holds only as
# mojibake ('’' in UTF-8 reads as 'â€™'; 'é' as 'Ã©')
_UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _refuse_control(text: str, name: str) -> None:
    """A DataFileError at the first control character, which no data text contains."""
    match = _CONTROL.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    message = _("the file is not text (control character {character})").format(
        character=f"U+{ord(match[0]):04X}"
    )
    hint = _("export the data as CSV, or give a workbook the .xlsx extension")
    if match[0] == "\x00" and text.count("\x00") * 3 > len(text):  # every other byte a NUL
        hint = _(
            "the file looks like UTF-16 text without its byte-order mark: save it as "
            "'CSV UTF-8' in Excel, or as UTF-8 in a text editor"
        )
    raise DataFileError(message, Location(file=name, line=line, column=column), hint, "D022")


def _delimiter(text: str) -> str:
    """The field delimiter: the header's only one, else the sniffer's, else a comma."""
    start = len(text) - len(text.lstrip("\r\n"))
    end = text.find("\n", start)
    header = text[start : end if end >= 0 else len(text)]  # no copy of the rest of the text
    used = [d for d in _DELIMITERS if d in header]
    if len(used) == 1:
        return used[0]
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def csv_reader(lines: Iterable[str], delimiter: str) -> Reader:
    """The csv module's reader as perkin reads CSV: strict about quotes (csv.Error where they do
    not pair up), and without the module's 128 K limit on a value, which the file's own size
    limit bounds (dsl.limits.MAX_DATA_BYTES)."""
    if csv.field_size_limit() < MAX_DATA_BYTES:
        csv.field_size_limit(MAX_DATA_BYTES)
    return csv.reader(lines, delimiter=delimiter, strict=True)


def _rows(text: str, delimiter: str, name: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of the text with the line each starts on."""
    handle = io.StringIO(text, newline="")
    reader = csv_reader(handle, delimiter)
    rows: list[tuple[int, list[str]]] = []
    line, width = 1, 0
    try:
        for fields in reader:
            if any(field.strip() for field in fields):
                width = max(width, len(fields))
                check_size(len(rows) + 1, width, Location(file=name, line=line))
                rows.append((line, fields))
            line = reader.line_num + 1
    except csv.Error:
        at_end = not handle.read(1)
        raise _quote_error(text, line, delimiter, name, at_end=at_end) from None
    return rows


def _quote_error(text: str, line: int, delimiter: str, name: str, *, at_end: bool) -> DataFileError:
    """The error for the row starting on this line, whose quotes do not pair up: a quoted value
    that runs to the end of the file (read to its end, with an odd number of quotes from the row
    on), or a quote inside a quoted value that is not doubled; located at the field the quote is
    in."""
    lines, at = io.StringIO(text, newline=""), 0  # split into lines as the reader splits them
    for _n in range(line - 1):
        at += len(lines.readline())
    fields = next(csv.reader([lines.readline().rstrip("\r\n")], delimiter=delimiter), [""])
    if at_end and text.count('"', at) % 2:
        where = Location(file=name, line=line, column=len(fields))
        message = _(
            "a quoted value starts on line {line} and is never closed: the lines after "
            "it would be read as part of it"
        ).format(line=line)
        hint = _('end the value with a quote ("), or delete the quote that opens it')
        return DataFileError(message, where, hint, "D340")
    column = next((j for j, field in enumerate(fields, 1) if '"' in field), len(fields))
    where = Location(file=name, line=line, column=column)
    hint = _('write a quote inside a quoted value twice (""), as Excel does')
    return DataFileError(_("a quote inside a quoted value is not doubled"), where, hint, "D340")


def check_size(rows: int, width: int, where: Location) -> None:
    """InputLimitError when the rows read so far are too wide, too many or too many cells (the
    one limit of a table read record by record: CSV, and Parquet from its metadata)."""
    if width > MAX_FIELDS:
        message = _("the row has {n} fields; the limit is {limit}").format(
            n=number_text(width), limit=number_text(MAX_FIELDS)
        )
    elif rows > MAX_ROWS:
        message = _("the file has more than {limit} data rows").format(limit=number_text(MAX_ROWS))
    elif rows * width > MAX_RECORD_CELLS:
        message = _("the file has more than {limit} cells (rows × columns)").format(
            limit=number_text(MAX_RECORD_CELLS)
        )
    else:
        return
    hint = _("split the data into several files, or use wide form (one column per variable)")
    raise InputLimitError(message, where, hint, "D046")


def _table(rows: list[tuple[int, list[str]]], name: str) -> Sheet:
    """The rows as a table as wide as its widest row, the first row as the header."""
    width = max(len(fields) for _line, fields in rows)
    cells = tuple(_cells(line, fields, width, name) for line, fields in rows)
    return Sheet(cells[0], cells[1:])


def _cells(line: int, fields: list[str], width: int, name: str) -> tuple[Cell, ...]:
    """One row's cells, padded with empty ones to the table's width."""
    padded = fields + [""] * (width - len(fields))
    return tuple(
        Cell(value, Location(file=name, line=line, column=column))
        for column, value in enumerate(padded, start=1)
    )
