"""The columnar CSV tokenizer: a wide-form or units CSV file split into columns with numpy.

It reads what the per-record reader (engine.data.csv_files and engine.data.tables) reads — the
same values, the same errors at the same locations — for files the size of the national register
(16M values), where a Record per cell would cost minutes and gigabytes. A CSV or TSV file in
wide or units form, without period, note or source columns and with a clean header, is split
with numpy, and the cells that are plainly numbers are converted for the whole file at once
(engine.data.csv_numbers). Cells it cannot settle (``40%``, ``1.234`` whose reading depends on
the variable's kind, ``WTP (3)``, ``#DIV/0!``) go through the per-cell parser as Records. Any
other file gives None: the per-record reader reads it. Errors carry the reading place of their
value, so that the caller can put them back in reading order. The lines, fields and header found
here serve the long-form reader too (engine.data.csv_long; engine.data.csv_bulk chooses).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.limits import MAX_CELLS, MAX_FIELDS, MAX_LINE_BYTES
from engine.data.cells import normalise_text
from engine.data.csv_files import (
    _XLSX_MAGIC,
    _delimiter,
    csv_reader,
    decode,
    read_data_bytes,
    repeated_header,
)
from engine.data.csv_numbers import classify
from engine.data.csv_rows import BulkRows, Classified, ColumnRead, Layout
from engine.data.model import EMPTY, EXACT, BulkColumn, BulkFile, DataFileError
from engine.data.tables import UNIT_ROLES, Cell, Sheet, _roles, shape_of
from engine.data.wide import wide_columns
from engine.input_files import InputLimitError
from engine.pieces import in_two, may_fork, shared_empty

__all__ = [
    "ColumnRead",
    "LineText",
    "Lines",
    "chunks",
    "gather",
    "open_table",
    "read_rows",
    "split_fields",
    "texts_of",
]

# the columns of a long-form file read column-wise (note, source, validation and unit-row columns
# are read record by record)
LONG_BULK_ROLES = ("unit", "period", "variable", "value", "item")
CHUNK_BYTES = 1 << 20  # rows are classified a megabyte of text at a time
# a file of this many cells or more is classified by two processes, half each (engine/pieces.py)
SHARED_FROM = 1_000_000
_UNIT_SEP = "\x1f"  # the separator of a quoted file once unquoted; decode() refuses it in text
_ALLOWED_LOW = np.array([9, 10, 13], dtype=np.uint8)  # tab, newline, carriage return


@dataclass(frozen=True, slots=True)
class LineText:
    """The file's text with quotes resolved: a field is what lies between two separators."""

    data: bytes | memoryview
    starts: np.ndarray  # int64 per data row: where its line starts in data
    ends: np.ndarray
    sep: str

    def field(self, row: int, column: int) -> str:
        """The raw text of one cell."""
        return self.fields(row)[column]

    def fields(self, row: int) -> list[str]:
        """The raw texts of one row's cells."""
        line = str(self.data[int(self.starts[row]) : int(self.ends[row])], "utf-8")
        return line.split(self.sep)


@dataclass(frozen=True, slots=True)
class Lines:
    """The physical lines of a plain text (quotes resolved) as byte ranges of its UTF-8."""

    data: bytes | memoryview  # the text's UTF-8
    bytes: np.ndarray  # uint8 view of data
    starts: np.ndarray
    ends: np.ndarray
    sep: str

    def text(self, line: int) -> str:
        """One line, decoded."""
        return str(self.data[int(self.starts[line]) : int(self.ends[line])], "utf-8")

    def fields(self, line: int) -> list[str]:
        """One line's fields."""
        return self.text(line).split(self.sep)


def open_table(path: Path, name: str) -> tuple[Lines, Layout] | None:
    """The file's lines and header, or None when the per-record reader must read it."""
    try:
        data = read_data_bytes(path, name, MAX_LINE_BYTES)
        text = _decode(data, name)
    except (OSError, DataFileError, InputLimitError):
        return None  # the per-record reader reports it
    if repeated_header(text) is not None:
        return None  # the per-record reader reports it
    lines = _lines(text, _delimiter(text), data)
    if lines is None:
        return None
    layout = _layout(lines, name)
    return None if layout is None else (lines, layout)


def _decode(data: bytes, name: str) -> str:
    """decode(data, name), skipping its text scan for UTF-8 without control characters."""
    if data.startswith(_XLSX_MAGIC) or not _clean(data):
        return decode(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode(data, name)


def _clean(data: bytes) -> bool:
    """Whether the bytes hold none of the control characters decode() refuses (one pass with
    numpy: the bytes below 32 are few, newlines and tabs, and are checked apart)."""
    array = np.frombuffer(data, dtype=np.uint8)
    low = array[array < 32]
    return b"\x7f" not in data and bool(np.isin(low, _ALLOWED_LOW).all())


def _lines(text: str, sep: str, data: bytes) -> Lines | None:
    """The text split into lines, quotes resolved; None when a quoted field spans lines.

    data is the file's bytes, reused as the text's UTF-8 when the text is ASCII and unchanged.
    """
    changed = False
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None  # a lone carriage return ends a row for the csv module
        text, changed = text.replace("\r\n", "\n"), True
    if '"' in text:
        unquoted = _unquote(text, sep)
        if unquoted is None:
            return None
        text, sep, changed = unquoted, _UNIT_SEP, True
    whole: bytes = data
    start = 0
    if not changed and text.isascii():  # the file's bytes are the text's
        start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    else:
        whole = text.encode("utf-8")
    # a view, not a copy (70 MB for the national file); the last line's newline is dropped
    encoded = memoryview(whole)[start : len(whole) - text.endswith("\n")]
    array = np.frombuffer(encoded, dtype=np.uint8)
    breaks = np.flatnonzero(array == 10)
    starts = np.concatenate(([0], breaks + 1)).astype(np.int64)
    ends = np.concatenate((breaks, [len(encoded)])).astype(np.int64)
    return Lines(encoded, array, starts, ends, sep)


def _unquote(text: str, sep: str) -> str | None:
    """Each line's fields joined by the unit separator, as the csv module reads them (one reader
    over the lines that hold a quote)."""
    lines = text.split("\n")
    quoted = [n for n, line in enumerate(lines) if '"' in line]
    out = [line.replace(sep, _UNIT_SEP) for line in lines]
    rows = csv_reader([lines[n] + "\n" for n in quoted], sep)
    try:
        for n, fields in zip(quoted, rows, strict=False):
            joined = _UNIT_SEP.join(fields)
            if "\n" in joined:
                return None  # a quoted field runs over the end of its line
            out[n] = joined
    except csv.Error:
        return None  # quotes that do not pair up: the per-record reader locates them
    return "\n".join(out)


def _layout(lines: Lines, name: str) -> Layout | None:
    """The header, or None unless the file is in plain wide or units form."""
    head = next((i for i in range(len(lines.starts)) if not _blank(lines, i)), None)
    if head is None:
        return None  # an empty file: the normal reader says so
    fields = lines.fields(head)
    header = tuple(
        Cell(text, Location(file=name, line=head + 1, column=j + 1))
        for j, text in enumerate(fields)
    )
    shape = shape_of(header)
    if shape is None or any(cell.empty for cell in header):
        return None
    errors: list[PerkinError] = []
    roles = _roles(Sheet(header, ()), errors)
    columns = wide_columns(header, errors) if shape == "wide" else []
    allowed = LONG_BULK_ROLES if shape == "long" else UNIT_ROLES
    if errors or not set(roles) <= set(allowed) or (shape == "wide" and not columns):
        return None
    if shape == "long" and (len(roles) < len(header) or not {"variable", "value"} <= set(roles)):
        return None  # an unknown or missing column: the per-record reader reports it
    if len(header) > MAX_FIELDS:
        return None
    described = tuple((c.index, c.variable, c.item, c.period) for c in columns)
    return Layout(head, len(header), roles, described, shape)


def _blank(lines: Lines, line: int) -> bool:
    """Whether a line holds no value, as the CSV reader decides."""
    return not any(normalise_text(f) for f in lines.fields(line))


def read_rows(lines: Lines, layout: Layout, name: str, index: int) -> ColumnRead | None:
    """Every data row: bulk numbers, exact records for the rest, unit rows and errors."""
    after = np.arange(layout.header_line + 1, len(lines.starts))
    if not len(after):
        return None  # a header without rows: the normal reader says so
    width = layout.width
    if len(after) * width > MAX_CELLS:
        return None  # blank lines count here: the per-record reader counts only rows read
    runs = list(chunks(lines, after))
    shared = len(runs) > 1 and len(after) * width >= SHARED_FROM and may_fork()
    # column-major, so that each column (what binding reads) is contiguous
    if shared:
        state = shared_empty((len(after), width), np.int8, "F")
        values = shared_empty((len(after), width), np.float64, "F")
    else:
        state = np.zeros((len(after), width), dtype=np.int8, order="F")
        values = np.empty((len(after), width), order="F")  # rows [:count] are all written
    variable = np.zeros(width, dtype=bool)
    variable[[c[0] for c in layout.columns]] = True

    def classified(part: list[tuple[int, int]]) -> Classified | None:
        """The runs' rows, written into state and values from the row of the first run's first
        line on (a line holds at most one row, so the runs before cannot reach it)."""
        start = part[0][0]
        out = Classified({column: [] for column in layout.roles.values()}, [], [], start, start)
        for first, stop in part:
            block = _classify_lines(lines, after[first:stop], variable, out.identity)
            if block is None:
                return None  # a ragged row: the normal reader pads or reports it
            rows, kinds, numbers, cells = block
            # copied column-major first: writing row-major blocks into the fresh column-major
            # matrices page by page costs 5× more (0.34 against 0.06 s for the national file)
            end = out.end + len(rows)
            state[out.end : end] = np.asfortranarray(kinds)
            values[out.end : end] = np.asfortranarray(numbers)
            out.exact.extend((out.end + row, column, raw) for row, column, raw in cells)
            out.found.append(rows)
            out.end = end
        return out

    if shared:  # the second half of the file classified by a forked copy of this process
        half = len(runs) // 2
        both = in_two(partial(classified, runs[:half]), partial(classified, runs[half:]))
        if both[0] is None or both[1] is None:
            return None
        read = both[0].joined(both[1], state, values)
    else:
        whole = classified(runs)
        if whole is None:
            return None
        read = whole
    return _finish(
        lines,
        layout,
        BulkRows(layout, np.concatenate(read.found), name, index, read.identity),
        state[: read.end],
        values[: read.end],
        read.exact,
    )


def _finish(
    lines: Lines,
    layout: Layout,
    rows: BulkRows,
    state: np.ndarray,
    values: np.ndarray,
    exact: list[tuple[int, int, str]],
) -> ColumnRead | None:
    """The file read: exact cells settled, blank rows skipped, unit rows and their errors."""
    text = LineText(lines.data, lines.starts[rows.lines], lines.ends[rows.lines], lines.sep)
    read = ColumnRead([_bulk_file(layout, text, rows, state, values)], [], [], [])
    rows.exact_cells(exact, state, read)
    variable = [c[0] for c in layout.columns]
    blank = rows.blank(state[:, variable])
    if blank.all():
        return None  # a header without data rows: the normal reader says so
    read.units.extend(rows.unit_rows())
    read.errors.extend(rows.unit_errors(blank))
    state[np.array([not unit for unit in rows.units], dtype=bool)] = EMPTY
    return read


def chunks(lines: Lines, rows: np.ndarray) -> Iterator[tuple[int, int]]:
    """Runs of rows of about CHUNK_BYTES of text each (at least one row)."""
    ends = lines.ends[rows]
    first = 0
    while first < len(rows):
        limit = lines.starts[rows[first]] + CHUNK_BYTES
        stop = max(int(np.searchsorted(ends, limit, side="right")), first + 1)
        yield first, stop
        first = stop


def _bulk_file(
    layout: Layout, text: LineText, rows: BulkRows, state: np.ndarray, values: np.ndarray
) -> BulkFile:
    """The file's bulk columns: views of its state and value matrices."""
    columns = tuple(
        BulkColumn(j + 1, variable, item, period, state[:, j], values[:, j])
        for j, variable, item, period in layout.columns
    )
    lines = (rows.lines + 1).astype(np.int64)
    header = layout.header_line + 1
    return BulkFile(rows.index, rows.name, tuple(rows.units), lines, columns, text, header)


def _classify_lines(
    lines: Lines, chunk: np.ndarray, variable: np.ndarray, identity: dict[int, list[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int, str]]] | None:
    """A run of lines: the data rows among them, their cell states and numbers, the cells to
    read exactly, and (appended to identity) their unit, name, level and parent texts."""
    split = split_fields(lines, chunk, len(variable))
    if split is None:
        return None
    rows, sub, starts, ends = split
    if variable.any():
        kinds, numbers = classify(sub, starts.ravel(), ends.ravel(), lines.sep)
    else:  # a units file: no cell of it is a value
        kinds, numbers = np.zeros(starts.size, dtype=np.int8), np.full(starts.size, np.nan)
    kinds = kinds.reshape(-1, len(variable))
    for column, texts in identity.items():
        texts.extend(texts_of(sub, starts[:, column], ends[:, column]))
    found, columns = np.nonzero((kinds == EXACT) & variable)
    exact = [
        (int(r), int(c), bytes(sub[starts[r, c] : ends[r, c]]).decode("utf-8"))
        for r, c in zip(found.tolist(), columns.tolist(), strict=True)
    ]
    return rows, kinds, numbers.reshape(-1, len(variable)), exact


def split_fields(
    lines: Lines, chunk: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """A run of lines split into fields: the data rows among them (blank lines of another width
    left out), their bytes, and each row's field starts and ends in those bytes (rows × width);
    None when a line that is not blank has another number of fields."""
    base = int(lines.starts[chunk[0]])
    sub = lines.bytes[base : int(lines.ends[chunk[-1]])]
    marks = np.flatnonzero(sub == ord(lines.sep))
    line_starts, line_ends = lines.starts[chunk] - base, lines.ends[chunk] - base
    fits = np.searchsorted(marks, line_ends) - np.searchsorted(marks, line_starts) == width - 1
    if not all(_blank(lines, int(line)) for line in chunk[~fits]):
        return None
    inner = np.searchsorted(marks, line_starts[fits])[:, None] + np.arange(width - 1)
    seps = marks[inner].reshape(-1, width - 1)
    starts = np.concatenate((line_starts[fits][:, None], seps + 1), axis=1)
    ends = np.concatenate((seps, line_ends[fits][:, None]), axis=1)
    return chunk[fits], sub, starts, ends


def texts_of(text: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    """The fields text[starts[k]:ends[k]] decoded: gathered with a newline between them (no field
    holds one) and decoded and split once, instead of a slice and a decode per field."""
    if not len(starts):
        return []
    gathered = gather(text, starts, ends)[0]
    return gathered[:-1].tobytes().decode("utf-8").split("\n")


def gather(
    text: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fields text[starts[k]:ends[k]] copied into one array, each followed by a newline, and
    where each field starts and ends in it."""
    lengths = ends - starts
    total = int(lengths.sum())
    field = np.repeat(np.arange(len(starts)), lengths)  # the field of each gathered byte
    offset = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    begin = np.cumsum(lengths + 1) - (lengths + 1)  # each field's start in the gathered array
    gathered = np.full(total + len(starts), 10, dtype=np.uint8)
    gathered[begin[field] + offset] = text[starts[field] + offset]
    return gathered, begin, begin + lengths
