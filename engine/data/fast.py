"""The columnar fast path: wide-form CSV read column-wise and bound without a Record per cell.

``read_data_fast`` means exactly what ``engine.data.read.read_data`` means — the same values, the
same errors in the same order at the same locations — for data the size of the national
register (16M values), where a Record per cell would cost minutes and gigabytes.

A CSV or TSV file in wide or units form, without period, note or source columns and with a
clean header, is read in bulk: the text is split with numpy, and each cell that is plainly a
number (``86.75``, ``86,75``, ``-3``, ``1.250.000``) is converted for the whole file at once by
integer arithmetic on its digits, which is exactly what the cell parser's ``float`` gives for up
to 15 digits. Cells it cannot settle (``40%``, ``1.234`` whose reading depends on the variable's
kind, ``WTP (3)``, ``#DIV/0!``) go through the per-cell parser as Records, as in the normal path.
Any other file is read by the normal reader. Errors carry the reading position of their value
and are put back in reading order; where a check needs Records (a duplicate, an unknown unit or
variable), the cells involved are turned into Records and the normal checks run on them.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dsl.errors import Location, PerkinError, PerkinErrors
from engine.data.bind import (
    NA_REPORTED,
    PRESENT,
    Bound,
    Unit,
    bind_records,
    check_item,
    check_period,
    declared_units,
    implied_unit,
    period_key,
    sort_units,
    unknown_unit,
)
from engine.data.cells import CellError, Missing, normalise_text, parse_cell
from engine.data.checks import duplicate_errors, hierarchy_errors, merge_units
from engine.data.csv_files import _XLSX_MAGIC, _delimiter, decode
from engine.data.model import (
    EMPTY,
    EXACT,
    NUMBER,
    REPORTED_NA,
    Bulk,
    BulkColumn,
    BulkFile,
    DataError,
    Dataset,
    Fields,
    Record,
    UnitRow,
    make_record,
    position,
)
from engine.data.read import _files, _read_file
from engine.data.tables import (
    UNIT_ROLES,
    Cell,
    Table,
    _required,
    _roles,
    _wide_columns,
    shape_of,
)
from engine.periods import Period
from engine.ruleset.model import Input, Ruleset

__all__ = ["bind_bulk", "read_data_fast"]

CHUNK_BYTES = 1 << 20  # rows are classified a megabyte of text at a time
MAX_DIGITS = 15  # below 2**53, so digits / 10**k is the correctly rounded decimal
_POW10 = 10.0 ** np.arange(23)
_UNIT_SEP = "\x1f"  # the separator of a quoted file once unquoted; decode() refuses it in text
_CONTROL = bytes([*range(9), 11, 12, *range(14, 32), 127])  # what decode() refuses in text
Positioned = tuple[int, Record]


# reading --------------------------------------------------------------------------------------


def read_data_fast(paths: Sequence[Path]) -> Dataset:
    """read_data(paths), with wide-form CSV files read column-wise."""
    reading = _Reading()
    for path in _files(paths, reading.errors):
        reading.read(path)
    units, conflicts = merge_units(reading.units)
    errors = [*reading.errors, *reading.duplicates(), *conflicts, *hierarchy_errors(units)]
    if errors:
        raise PerkinErrors(errors)
    positions = np.array([pos for pos, _ in reading.records], dtype=np.int64)
    bulk = Bulk(tuple(reading.bulk), positions)
    return Dataset(tuple(r for _, r in reading.records), units, tuple(reading.files), bulk)


@dataclass(slots=True)
class _Reading:
    """What the files read so far hold, in reading order."""

    errors: list[PerkinError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    records: list[Positioned] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    bulk: list[BulkFile] = field(default_factory=list)

    def read(self, path: Path) -> None:
        """Read one file, in bulk when it allows it."""
        index, name = len(self.files), str(path)
        self.files.append(name)
        got = _read_bulk(path, name, index) if path.suffix.casefold() in (".csv", ".tsv") else None
        if got is None:
            harvest = _read_file(path)
            self.errors.extend(harvest.errors)
            self.units.extend(harvest.units)
            self.records.extend((position(index, n, 0), r) for n, r in enumerate(harvest.records))
            return
        self.errors.extend(err for _, err in sorted(got.errors, key=lambda pe: pe[0]))
        self.units.extend(got.units)
        self.records.extend(got.records)
        self.bulk.append(got.file)

    def duplicates(self) -> list[PerkinError]:
        """The normal path's duplicate-value errors, over records and bulk cells."""
        suspects = [cell for key in _shared_keys(self.bulk, self.records) for cell in key]
        if not suspects:
            return duplicate_errors([r for _, r in self.records])
        merged = sorted([*self.records, *suspects], key=lambda pr: pr[0])
        return duplicate_errors([r for _, r in merged])


@dataclass(slots=True)
class _BulkRead:
    """One file read in bulk: its bulk columns, exact records, unit rows and errors."""

    file: BulkFile
    records: list[Positioned]
    units: list[UnitRow]
    errors: list[tuple[int, PerkinError]]


@dataclass(frozen=True, slots=True)
class _Text:
    """The file's text with quotes resolved: a field is what lies between two separators."""

    data: bytes
    starts: np.ndarray  # int64 per data row: where its line starts in data
    ends: np.ndarray
    sep: str

    def field(self, row: int, column: int) -> str:
        """The raw text of one cell."""
        line = self.data[int(self.starts[row]) : int(self.ends[row])].decode("utf-8")
        return line.split(self.sep)[column]


@dataclass(frozen=True, slots=True)
class _Lines:
    """The physical lines of a plain text (quotes resolved) as byte ranges of its UTF-8."""

    data: bytes
    bytes: np.ndarray  # uint8 view of data
    starts: np.ndarray
    ends: np.ndarray
    sep: str

    def text(self, line: int) -> str:
        """One line, decoded."""
        return self.data[int(self.starts[line]) : int(self.ends[line])].decode("utf-8")

    def fields(self, line: int) -> list[str]:
        """One line's fields."""
        return self.text(line).split(self.sep)


def _read_bulk(path: Path, name: str, index: int) -> _BulkRead | None:
    """The file read in bulk, or None when the normal reader must read it."""
    try:
        data = path.read_bytes()
        text = _decode(data, name)
    except (OSError, DataError):
        return None
    lines = _lines(text, _delimiter(text), data)
    if lines is None:
        return None
    layout = _layout(lines, name)
    if layout is None:
        return None
    return _read_rows(lines, layout, name, index)


def _decode(data: bytes, name: str) -> str:
    """decode(data, name), skipping its text scan for UTF-8 without control characters."""
    clean = len(data.translate(None, _CONTROL)) == len(data)
    if data.startswith(_XLSX_MAGIC) or not clean:
        return decode(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode(data, name)


def _lines(text: str, sep: str, data: bytes) -> _Lines | None:
    """The text split into lines, quotes resolved; None when a quoted field spans lines.

    data is the file's bytes, reused as the text's UTF-8 when the text is ASCII and unchanged.
    """
    raw = text
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None  # a lone carriage return ends a row for the csv module
        text = text.replace("\r\n", "\n")
    if '"' in text:
        unquoted = _unquote(text, sep)
        if unquoted is None:
            return None
        text, sep = unquoted, _UNIT_SEP
    if text.endswith("\n"):
        text = text[:-1]
    if text is raw or (text == raw[:-1] and raw.endswith("\n")):
        start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        encoded = data[start : start + len(text)] if text.isascii() else text.encode("utf-8")
    else:
        encoded = text.encode("utf-8")
    array = np.frombuffer(encoded, dtype=np.uint8)
    breaks = np.flatnonzero(array == 10)
    starts = np.concatenate(([0], breaks + 1)).astype(np.int64)
    ends = np.concatenate((breaks, [len(encoded)])).astype(np.int64)
    return _Lines(encoded, array, starts, ends, sep)


def _unquote(text: str, sep: str) -> str | None:
    """Each line's fields joined by the unit separator, as the csv module reads them."""
    out: list[str] = []
    for line in text.split("\n"):
        if '"' not in line:
            out.append(line.replace(sep, _UNIT_SEP))
            continue
        fields = next(csv.reader([line + "\n"], delimiter=sep), [])
        if any("\n" in f for f in fields):
            return None
        out.append(_UNIT_SEP.join(fields))
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class _Layout:
    """The header of a file read in bulk: its line, width, role and variable columns, shape."""

    header_line: int  # 0-based
    width: int
    roles: dict[str, int]
    columns: tuple[tuple[int, str, str | None, Period | None], ...]  # index, variable, item, period
    shape: str


def _layout(lines: _Lines, name: str) -> _Layout | None:
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
    if shape not in ("wide", "units") or any(cell.empty for cell in header):
        return None
    errors: list[PerkinError] = []
    roles = _roles(Table(header, ()), errors)
    columns = _wide_columns(header, errors) if shape == "wide" else []
    if errors or not set(roles) <= set(UNIT_ROLES) or (shape == "wide" and not columns):
        return None
    if len(header) > 65000:
        return None
    described = tuple((c.index, c.variable, c.item, c.period) for c in columns)
    return _Layout(head, len(header), roles, described, shape)


def _blank(lines: _Lines, line: int) -> bool:
    """Whether a line holds no value, as the CSV reader decides."""
    return not any(normalise_text(f) for f in lines.fields(line))


def _read_rows(lines: _Lines, layout: _Layout, name: str, index: int) -> _BulkRead | None:
    """Every data row: bulk numbers, exact records for the rest, unit rows and errors."""
    after = np.arange(layout.header_line + 1, len(lines.starts))
    if not len(after):
        return None  # a header without rows: the normal reader says so
    width = layout.width
    # column-major, so that each column (what binding reads) is contiguous
    state = np.zeros((len(after), width), dtype=np.int8, order="F")
    values = np.full((len(after), width), np.nan, order="F")
    variable = np.zeros(width, dtype=bool)
    variable[[c[0] for c in layout.columns]] = True
    identity: dict[int, list[str]] = {column: [] for column in layout.roles.values()}
    exact: list[tuple[int, int, str]] = []
    found: list[np.ndarray] = []
    count = 0
    for first, stop in _chunks(lines, after):
        block = _classify_lines(lines, after[first:stop], variable, identity)
        if block is None:
            return None  # a ragged row: the normal reader pads or reports it
        rows, kinds, numbers, cells = block
        state[count : count + len(rows)] = kinds
        values[count : count + len(rows)] = numbers
        exact.extend((count + row, column, raw) for row, column, raw in cells)
        found.append(rows)
        count += len(rows)
    return _finish(
        lines,
        layout,
        _Rows(layout, np.concatenate(found), name, index, identity),
        state[:count],
        values[:count],
        exact,
    )


def _finish(
    lines: _Lines,
    layout: _Layout,
    rows: _Rows,
    state: np.ndarray,
    values: np.ndarray,
    exact: list[tuple[int, int, str]],
) -> _BulkRead | None:
    """The file read: exact cells settled, blank rows skipped, unit rows and their errors."""
    text = _Text(lines.data, lines.starts[rows.lines], lines.ends[rows.lines], lines.sep)
    read = _BulkRead(_bulk_file(layout, text, rows, state, values), [], [], [])
    rows.exact_cells(exact, state, read)
    variable = [c[0] for c in layout.columns]
    blank = rows.blank(state[:, variable])
    if blank.all():
        return None  # a header without data rows: the normal reader says so
    read.units.extend(rows.unit_rows())
    read.errors.extend(rows.unit_errors(blank))
    state[np.array([not unit for unit in rows.units], dtype=bool)] = EMPTY
    return read


def _chunks(lines: _Lines, rows: np.ndarray) -> Iterator[tuple[int, int]]:
    """Runs of rows of about CHUNK_BYTES of text each (at least one row)."""
    ends = lines.ends[rows]
    first = 0
    while first < len(rows):
        limit = lines.starts[rows[first]] + CHUNK_BYTES
        stop = max(int(np.searchsorted(ends, limit, side="right")), first + 1)
        yield first, stop
        first = stop


def _bulk_file(
    layout: _Layout, text: _Text, rows: _Rows, state: np.ndarray, values: np.ndarray
) -> BulkFile:
    """The file's bulk columns: views of its state and value matrices."""
    columns = tuple(
        BulkColumn(j + 1, variable, item, period, state[:, j], values[:, j])
        for j, variable, item, period in layout.columns
    )
    lines = (rows.lines + 1).astype(np.int64)
    return BulkFile(rows.index, rows.name, tuple(rows.units), lines, columns, text)


def _classify_lines(
    lines: _Lines, chunk: np.ndarray, variable: np.ndarray, identity: dict[int, list[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int, str]]] | None:
    """A run of lines: the data rows among them, their cell states and numbers, the cells to
    read exactly, and (appended to identity) their unit, name, level and parent texts."""
    base = int(lines.starts[chunk[0]])
    sub = lines.bytes[base : int(lines.ends[chunk[-1]])]
    width = len(variable)
    marks = np.flatnonzero(sub == ord(lines.sep))
    line_starts, line_ends = lines.starts[chunk] - base, lines.ends[chunk] - base
    fits = np.searchsorted(marks, line_ends) - np.searchsorted(marks, line_starts) == width - 1
    if not all(_blank(lines, int(line)) for line in chunk[~fits]):
        return None
    inner = np.searchsorted(marks, line_starts[fits])[:, None] + np.arange(width - 1)
    seps = marks[inner].reshape(-1, width - 1)
    starts = np.concatenate((line_starts[fits][:, None], seps + 1), axis=1)
    ends = np.concatenate((seps, line_ends[fits][:, None]), axis=1)
    kinds, numbers = classify(sub, starts.ravel(), ends.ravel(), lines.sep)
    kinds = kinds.reshape(-1, width)
    data = lines.data
    for column, texts in identity.items():
        spans = zip(
            (starts[:, column] + base).tolist(), (ends[:, column] + base).tolist(), strict=True
        )
        texts.extend(data[a:b].decode("utf-8") for a, b in spans)
    rows, columns = np.nonzero((kinds == EXACT) & variable)
    exact = [
        (int(r), int(c), data[base + starts[r, c] : base + ends[r, c]].decode("utf-8"))
        for r, c in zip(rows.tolist(), columns.tolist(), strict=True)
    ]
    return chunk[fits], kinds, numbers.reshape(-1, width), exact


def classify(
    text: np.ndarray, starts: np.ndarray, ends: np.ndarray, sep: str
) -> tuple[np.ndarray, np.ndarray]:
    """Each field text[starts[k]:ends[k]]: EMPTY, NUMBER with its value, or EXACT (read later).

    Fields must be in text order and separated by at least one byte; signs, dots and commas
    (other than the separator) must lie inside fields.
    """
    marks = _Marks(text, sep)
    width = ends - starts
    digits = marks.digits_before[ends] - marks.digits_before[starts]
    signs, dots, commas = marks.counts(starts, ends)
    seps = dots + commas
    head = marks.byte_at(starts)
    lead = (signs == 1) & ((head == 45) | (head == 43))
    ok = (width > 0) & (width == digits + signs + seps) & (digits >= 1) & (digits <= MAX_DIGITS)
    ok &= (signs == 0) | lead
    whole, frac, grouped = marks.separators(starts, ends, seps)
    single = (seps == 1) & (whole >= 1) & (frac >= 1)
    ambiguous = single & (frac == 3) & (whole <= 3) & (marks.byte_at(starts + lead) != 48)
    many = (seps >= 2) & ((dots == 0) | (commas == 0)) & grouped
    ok &= ((seps == 0) | single | many) & ~ambiguous
    number = marks.mantissa(starts, ends) / _POW10[np.where(single, frac, 0)]
    np.negative(number, out=number, where=lead & (head == 45))
    kinds = np.where(width == 0, EMPTY, np.where(ok, NUMBER, EXACT)).astype(np.int8)
    unsure = np.flatnonzero(kinds == EXACT)
    kinds[unsure[marks.reported_na(starts[unsure], width[unsure])]] = REPORTED_NA
    return kinds, np.where(ok, number, np.nan)


_NA_WORDS = (b"n/a", b"na", b"n.a.", b"n.a", b"-", b"--", b"#n/a")  # cells.py's ASCII N/A words
_LONGEST = MAX_DIGITS + 8  # the longest field that can still be a number read in bulk


class _Marks:
    """Character classes of a text and their running counts, for per-field counting."""

    def __init__(self, text: np.ndarray, sep: str) -> None:
        self.text = text
        self.value = text - 48  # a digit's value (uint8 wraps for other bytes)
        self.digit = self.value < 10
        self.dot = text == 46
        self.comma = (text == 44) if sep != "," else np.zeros(len(text), dtype=bool)
        self.digits_before = _running(self.digit)

    def byte_at(self, where: np.ndarray) -> np.ndarray:
        """The byte at each position (0 past the end)."""
        if not len(self.text):
            return np.zeros(len(where), dtype=np.uint8)
        inside = where < len(self.text)
        return np.where(inside, self.text[np.minimum(where, len(self.text) - 1)], 0)

    def reported_na(self, starts: np.ndarray, width: np.ndarray) -> np.ndarray:
        """Fields that are exactly an ASCII N/A word (N/A, n.a., NA, -, --, #N/A), any case."""
        short = np.flatnonzero((width >= 1) & (width <= 4))
        found = np.zeros(len(starts), dtype=bool)
        lowered = [self.byte_at(starts[short] + k) | 0x20 for k in range(4)]
        for word in _NA_WORDS:
            hit = width[short] == len(word)
            for k, byte in enumerate(word):
                hit &= lowered[k] == (byte | 0x20)
            found[short[hit]] = True
        return found

    def counts(
        self, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Signs, dots and commas in each field (they are rare, so counted where they are)."""
        signs = (self.text == 45) | (self.text == 43)
        return (
            _per_field(signs, starts),
            _per_field(self.dot, starts),
            _per_field(self.comma, starts),
        )

    def separators(
        self, starts: np.ndarray, ends: np.ndarray, seps: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Digits before the first separator, digits after it, and whether groups are of three."""
        whole = np.zeros(len(starts), dtype=np.int64)
        frac = np.zeros(len(starts), dtype=np.int64)
        holders = np.flatnonzero(seps)
        if not len(holders):
            return whole, frac, np.zeros(len(starts), dtype=bool)
        where = np.flatnonzero(self.dot | self.comma)  # each holder's separators, in order
        first = where[np.concatenate(([0], np.cumsum(seps[holders])[:-1]))]
        running = self.digits_before
        whole[holders] = running[first] - running[starts[holders]]
        frac[holders] = running[ends[holders]] - running[first + 1]
        owner = np.repeat(holders, seps[holders])
        following = np.minimum(np.append(where[1:], np.iinfo(np.int64).max), ends[owner])
        off = np.bincount(owner[following - where != 4], minlength=len(starts))
        return whole, frac, (off == 0) & (whole >= 1) & (whole <= 3)

    def mantissa(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The digits of each field read as one integer, left to right (exact below 2**53).

        Fields are visited shortest first so that step k touches only fields longer than k;
        fields longer than any number perkin reads in bulk are skipped.
        """
        width = np.where(ends - starts <= _LONGEST, ends - starts, 0).astype(np.int16)
        order = np.argsort(width, kind="stable")
        begin = starts[order]
        total = np.zeros(len(order))
        reach = np.cumsum(np.bincount(width, minlength=1))
        for k in range(1, len(reach)):
            low = int(reach[k - 1])
            value = self.value[begin[low:] + (k - 1)]
            digit = value < 10
            part = total[low:]  # a view: updated in place where the byte is a digit
            np.multiply(part, 10.0, out=part, where=digit)
            np.add(part, value, out=part, where=digit)
        out = np.empty(len(order))
        out[order] = total
        return out


def _per_field(mask: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How many marked bytes each field holds (marks outside fields must not occur)."""
    where = np.flatnonzero(mask)
    owner = np.searchsorted(starts, where, side="right") - 1
    return np.bincount(owner, minlength=len(starts))


def _normalised(texts: list[str]) -> list[str]:
    """Cell texts as the table reader compares them (trimmed, spaces made plain)."""
    return [t.strip() if t.isascii() else normalise_text(t) for t in texts]


class _Rows:
    """The rows of a file read in bulk: units, unit rows, and the cells read one by one."""

    def __init__(
        self,
        layout: _Layout,
        lines: np.ndarray,
        name: str,
        index: int,
        identity: dict[int, list[str]],
    ) -> None:
        self.layout, self.lines, self.name, self.index = layout, lines, name, index
        self.numbers: list[int] = (lines + 1).tolist()  # 1-based line of each row
        self.identity = identity
        self.texts = {role: _normalised(identity[c]) for role, c in layout.roles.items()}
        self.units = self.texts["unit"]
        self.columns = {c[0]: c for c in layout.columns}

    def location(self, row: int, column: int) -> Location:
        """Where a cell is (column 0-based)."""
        return Location(file=self.name, line=self.numbers[row], column=column + 1)

    def unit_rows(self) -> Iterator[UnitRow]:
        """The unit rows the file declares, in row order."""
        none = [""] * len(self.units)
        name, level, parent = (self.texts.get(r, none) for r in ("name", "level", "parent"))
        units_form = self.layout.shape == "units"
        column = self.layout.roles["unit"]
        for row, unit in enumerate(self.units):
            if unit and (units_form or name[row] or level[row] or parent[row]):
                where = self.location(row, column)
                extra = (name[row] or None, level[row] or None, parent[row] or None)
                yield UnitRow(unit, *extra, where)

    def blank(self, state: np.ndarray) -> np.ndarray:
        """Rows with no value at all, which the table reader skips."""
        empty = ~np.any(state != EMPTY, axis=1)
        for texts in self.texts.values():
            empty &= np.array([not t for t in texts], dtype=bool)
        return np.asarray(empty)

    def unit_errors(self, blank: np.ndarray) -> Iterator[tuple[int, PerkinError]]:
        """'missing unit' for each row without one, ordered before the row's cell errors."""
        column = self.layout.roles["unit"]
        for row, unit in enumerate(self.units):
            if not unit and not blank[row]:
                errors: list[PerkinError] = []
                raw = self.identity[column][row]
                _required(Cell(raw, self.location(row, column)), "unit", errors)
                yield from ((self._position(row, -1), err) for err in errors)

    def _position(self, row: int, column: int) -> int:
        return position(self.index, self.numbers[row], column + 1)

    def exact_cells(
        self, cells: list[tuple[int, int, str]], state: np.ndarray, read: _BulkRead
    ) -> None:
        """Read the cells the bulk pass left, one by one, exactly as the normal reader does."""
        for row, column, raw in cells:
            kind = self._settle(raw)
            if kind is not EXACT:
                state[row, column] = kind
                continue
            _, variable, item, period = self.columns[column]
            fields = Fields(self.units[row], period, variable, item)
            errors: list[PerkinError] = []
            record = make_record(raw, self.location(row, column), fields, errors)
            pos = self._position(row, column)
            read.errors.extend((pos, err) for err in errors)
            if record is not None and self.units[row]:
                read.records.append((pos, record))

    @staticmethod
    def _settle(raw: str) -> int:
        """EMPTY or REPORTED_NA when the cell is that whatever its variable, else EXACT."""
        if not normalise_text(raw):
            return EMPTY
        try:
            value = parse_cell(raw)
        except CellError:
            return EXACT
        return REPORTED_NA if isinstance(value, Missing) else EXACT


# cells that need the normal checks ---------------------------------------------------------


Owner = tuple[BulkFile, BulkColumn]


class _UnitCodes:
    """A number for each unit id met, and each bulk file's rows as those numbers (on demand)."""

    def __init__(self, files: Sequence[BulkFile]) -> None:
        self.codes: dict[str, int] = {}
        self.files = {f.index: f for f in files}
        self.numbered: dict[int, np.ndarray] = {}
        self.repeats = {f.index: len(set(f.units)) < len(f.units) for f in files}

    def encode(self, units: Sequence[str]) -> np.ndarray:
        """The numbers of some unit ids, numbering new ones."""
        codes = self.codes
        return np.array([codes.setdefault(u, len(codes)) for u in units], dtype=np.int64)

    def rows(self, file: BulkFile) -> np.ndarray:
        """The numbers of a file's row units."""
        if file.index not in self.numbered:
            self.numbered[file.index] = self.encode(file.units)
        return self.numbered[file.index]

    def repeated(self, file: BulkFile) -> bool:
        """Whether some unit has more than one row in the file."""
        return self.repeats[file.index]


def filled(column: BulkColumn) -> np.ndarray:
    """The rows where a bulk column holds a value (a number or a reported N/A)."""
    return np.asarray((column.state == NUMBER) | (column.state == REPORTED_NA))


def _colliding(
    owners: list[tuple[BulkFile, np.ndarray]], others: list[str], codes: _UnitCodes
) -> Iterator[tuple[int, np.ndarray]]:
    """Each owner (by place; a file and its rows with a value) with the rows whose unit has
    another value under the same key."""
    parts = [codes.rows(f)[rows] for f, rows in owners]
    every = np.concatenate([*parts, codes.encode(others)])
    counts = np.bincount(every, minlength=len(codes.codes))
    for place, (f, rows) in enumerate(owners):
        hit = rows & (counts[codes.rows(f)] > 1)
        if hit.any():
            yield place, hit


def _may_collide(files: Sequence[BulkFile], others: list[str], codes: _UnitCodes) -> bool:
    """Whether values under one key can share a unit (more than one source of them)."""
    return len(files) > 1 or bool(others) or codes.repeated(files[0])


def _shared_keys(files: list[BulkFile], records: list[Positioned]) -> Iterator[list[Positioned]]:
    """Bulk cells that share (unit, period, variable, item) with another value, as records."""
    owners: dict[tuple[object, ...], list[Owner]] = {}
    for f in files:
        for c in f.columns:
            owners.setdefault((c.variable, c.period, c.item), []).append((f, c))
    others: dict[tuple[object, ...], list[str]] = {}
    for _, r in records:
        others.setdefault((r.variable, r.period, r.item), []).append(r.unit)
    codes = _UnitCodes(files)
    for key, group in owners.items():
        units = others.get(key, [])
        if _may_collide([f for f, _ in group], units, codes):
            masks = [(f, filled(c)) for f, c in group]
            for place, rows in _colliding(masks, units, codes):
                yield list(_materialise(*group[place], rows))


def _materialise(file: BulkFile, column: BulkColumn, rows: np.ndarray) -> Iterator[Positioned]:
    """Bulk cells as the records the normal reader makes of them."""
    for row in np.flatnonzero(rows).tolist():
        raw = file.text.field(row, column.number - 1)
        line = int(file.lines[row])
        where = Location(file=file.name, line=line, column=column.number)
        fields = Fields(file.units[row], column.period, column.variable, column.item)
        record = make_record(raw, where, fields, [])
        assert record is not None, "a bulk cell always reads"
        yield position(file.index, line, column.number), record


def _running(mask: np.ndarray) -> np.ndarray:
    """running[i] = how many of mask[:i] are set."""
    return np.concatenate(([0], np.cumsum(mask, dtype=np.int32)))


# binding --------------------------------------------------------------------------------------


def bind_bulk(ruleset: Ruleset, dataset: Dataset) -> Bound:
    """bind() for a dataset from read_data_fast: bulk columns at once, the rest per record."""
    errors: list[PerkinError] = []
    units = declared_units(ruleset, dataset, errors)
    plan = _Plan(ruleset, dataset, units)
    records = plan.records()
    if dataset.units:
        errors.extend(unknown_unit(r, units) for _, r in records if r.unit not in units)
    else:
        for unit in plan.units_used(records):
            units.setdefault(unit, implied_unit(ruleset, unit))
    ordered = sort_units(ruleset, units)
    bound = Bound(units=tuple(ordered), index={u.id: i for i, u in enumerate(ordered)})
    plan.open_slots(bound, records)
    bind_records(ruleset, bound, (record for _, record in records), errors)
    plan.fill(bound)
    return bound


@dataclass(slots=True)
class _Column:
    """A bulk column in binding: its input, and the rows handed to the per-record checks."""

    file: BulkFile
    column: BulkColumn
    spec: Input | None
    exact: bool  # every cell is checked as a record (unknown variable, text, year, item)
    taken: np.ndarray  # bool per row: checked as a record
    filled: np.ndarray  # bool per row: the column holds a value

    @property
    def key(self) -> tuple[str, str, str | None]:
        """The slot key the normal path checks duplicates on."""
        return (self.column.variable, period_key(self.column.period), self.column.item)

    def kept(self) -> np.ndarray:
        """The rows bound in bulk."""
        return np.asarray(self.filled & ~self.taken)


class _Plan:
    """Which bulk cells bind in bulk and which go through bind_record, and the binding itself."""

    def __init__(self, ruleset: Ruleset, dataset: Dataset, units: dict[str, Unit]) -> None:
        assert dataset.bulk is not None
        self.ruleset, self.dataset, self.units, self.bulk = ruleset, dataset, units, dataset.bulk
        self.columns: list[_Column] = []
        for f in self.bulk.files:
            unknown = np.array([u not in units for u in f.units], dtype=bool) & bool(units)
            self.columns.extend(self._column(f, c, unknown) for c in f.columns)

    def _column(self, file: BulkFile, column: BulkColumn, unknown: np.ndarray) -> _Column:
        spec = self.ruleset.inputs.get(column.variable)
        exact = spec is None or spec.kind == "text"
        if not exact and spec is not None:
            try:
                check_period(self.ruleset, column.period, Location())
                check_item(spec, column.item, Location())
            except PerkinError:
                exact = True
        taken = np.ones(len(file.units), dtype=bool) if exact else unknown.copy()
        return _Column(file, column, spec, exact, taken, filled(column))

    def records(self) -> list[Positioned]:
        """The dataset's records and every bulk cell needing the per-record checks, in order."""
        known = self.bulk.positions.tolist()
        out = list(zip(known, self.dataset.records, strict=True))
        for col in self.columns:
            out.extend(_materialise(col.file, col.column, col.filled & col.taken))
        out.extend(self._collisions(out))
        out.sort(key=lambda pr: pr[0])
        return out

    def _collisions(self, records: list[Positioned]) -> Iterator[Positioned]:
        """Bulk cells whose slot key and unit another value also has (the normal path's D104)."""
        owners: dict[tuple[str, str, str | None], list[_Column]] = {}
        for col in self.columns:
            if not col.exact:
                owners.setdefault(col.key, []).append(col)
        others: dict[tuple[str, str, str | None], list[str]] = {}
        for _, r in records:
            # without a units file every unit is implied, so every record may collide
            if r.variable in self.ruleset.inputs and (not self.units or r.unit in self.units):
                key = (r.variable, period_key(r.period), r.item)
                others.setdefault(key, []).append(r.unit)
        codes = _UnitCodes(self.bulk.files)
        for key, group in owners.items():
            units = others.get(key, [])
            if not _may_collide([col.file for col in group], units, codes):
                continue
            masks = [(col.file, col.kept()) for col in group]
            for place, rows in list(_colliding(masks, units, codes)):
                group[place].taken |= rows
                yield from _materialise(group[place].file, group[place].column, rows)

    def units_used(self, records: list[Positioned]) -> Iterator[str]:
        """Every unit that has a value (for datasets without a units file)."""
        yield from (r.unit for _, r in records)
        for col in self.columns:
            units = col.file.units
            yield from (units[row] for row in np.flatnonzero(col.kept()).tolist())

    def open_slots(self, bound: Bound, records: list[Positioned]) -> None:
        """Create the slots in reading order, so series items are listed as the normal path does."""
        events: list[tuple[int, Input, str, str | None]] = []
        for col in self.columns:
            rows = np.flatnonzero(col.kept())
            if len(rows) and col.spec is not None:
                pos = position(col.file.index, int(col.file.lines[rows[0]]), col.column.number)
                events.append((pos, col.spec, period_key(col.column.period), col.column.item))
        for pos, r in records:
            spec = self.ruleset.inputs.get(r.variable)
            if spec is not None and r.unit in bound.index and _item_fits(spec, r.item):
                events.append((pos, spec, period_key(r.period), r.item))
        for _, spec, label, item in sorted(events, key=lambda e: e[0]):
            bound.slot(spec, (label, item))

    def fill(self, bound: Bound) -> None:
        """Put every bulk value in its slot."""
        for f in self.bulk.files:
            index = np.array([bound.index.get(u, -1) for u in f.units], dtype=np.int64)
            known = index >= 0
            lines = np.full(len(bound.units), -1, dtype=np.int64)
            lines[index[known]] = f.lines[known]
            for col in (c for c in self.columns if c.file is f and not c.exact):
                assert col.spec is not None
                kept = col.kept() if col.taken.any() else col.filled
                rows = np.flatnonzero(kept & known)
                if not len(rows):
                    continue
                slot = bound.slot(col.spec, (period_key(col.column.period), col.column.item))
                units = index[rows]
                number = col.column.state[rows] == NUMBER
                slot.state[units] = np.where(number, PRESENT, NA_REPORTED)
                slot.values[units] = col.column.values[rows]
                slot.origins.append((units, _Origin(f.name, col.column.number, lines)))


def _item_fits(spec: Input, item: str | None) -> bool:
    try:
        check_item(spec, item, Location())
    except PerkinError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where the bulk values of one column came from: file, column, and each unit's line."""

    file: str
    column: int
    lines: np.ndarray  # int64 per bound unit

    def label(self, unit: int) -> str:
        """The 'file:line:column' of unit's value."""
        return f"{self.file}:{int(self.lines[unit])}:{self.column}"
