"""What reading realisation data produces: records, unit rows, the dataset, and its errors.

The data layer's error codes (D020–D045) are registered, with every other code, in
dsl/error_codes.toml; docs/errors.md lists them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import _, number_text
from dsl.limits import MAX_COLLECTED
from engine.data.cells import CellError, CellValue, normalise_text, parse_cell, raw_text
from engine.data.validation import RowValidation
from engine.periods import Period, month_number


@dataclass(frozen=True, slots=True)
class Record:
    """One realisation value of a unit, period, variable and series item, with its origin."""

    unit: str
    period: Period | None
    variable: str
    item: str | None  # a series position ("1".."12" for months), program id or survey item
    value: CellValue  # read without a kind; reparse with the variable's kind
    raw: str
    location: Location
    note: str | None
    source: str | None = None  # the system the value came from (e-SAKIP, e-Monev …)
    native: bool = False  # the file stored a typed number: raw is only its display
    header: Location | None = None  # the header cell of a wide-form value's column
    validation: RowValidation | None = None  # who validated the row, None: no such column

    def key(self) -> tuple[str, Period | None, str, str | None]:
        """What makes a value unique in a dataset."""
        return (self.unit, self.period, self.variable, self.item)

    def describe(self) -> str:
        """The key in words, for messages."""
        text = _("unit '{unit}', variable '{variable}'").format(
            unit=self.unit, variable=self.variable
        )
        if self.period:
            text += _(", period {period}").format(period=self.period.label)
        if self.item is not None:
            text += _(", item {item}").format(item=self.item)
        return text


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit scored: kelurahan, kecamatan, kota, an Asisten's office …

    Made when data is bound, from the declared units (or implied by the ruleset's only level);
    the result lists the scored ones.
    """

    id: str
    name: str
    level: str | None
    parent: str | None


@dataclass(frozen=True, slots=True)
class DeclaredUnit:
    """A unit as a data file declares it (Kota, Kecamatan, Kelurahan …), with its parent and the
    place of the declaration; binding makes the Units from these."""

    id: str
    name: str | None
    level: str | None
    parent: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything read from the data files: values, the unit hierarchy and the files read."""

    records: tuple[Record, ...]  # values read one by one, in reading order
    units: tuple[DeclaredUnit, ...]
    files: tuple[str, ...]
    bulk: Bulk = field(default_factory=lambda: Bulk())
    errors: tuple[PerkinError, ...] = ()  # values that could not be read: binding raises them
    notices: tuple[str, ...] = ()  # what reading left out on purpose (a data mapping's ignore:)

    @property
    def value_count(self) -> int:
        """How many values the dataset holds, records and bulk values together."""
        return len(self.records) + self.bulk.value_count

    def positioned(self) -> list[Positioned]:
        """Each record with its place in reading order; records without one (added after
        reading) come after every value read, as if read from one more file, a line each."""
        known = self.bulk.positions.tolist()
        after = len(self.files)
        return [
            (known[n] if n < len(known) else position(after, n, 0), record)
            for n, record in enumerate(self.records)
        ]

    def every_record(self) -> list[Record]:
        """Every value as a record (bulk cells made records), in reading order."""
        cells = [
            cell for f in self.bulk.files for c in f.columns for cell in f.records(c, c.filled())
        ]
        return [r for _, r in sorted([*self.positioned(), *cells], key=lambda pr: pr[0])]


# Reading errors that lose one value or row and nothing else: binding the values read beside them
# reports unknown units and variables with them, and no consequence of them. Any other reading
# error (a file, a header, a unit row or a duplicate lost) stops before binding.
ROW_ERRORS = frozenset(
    {"D001", "D002", "D003", "D004", "D005", "D010", "D011", "D028", "D160", "D161", "D162"}
)


# Cell states of a column read in bulk: no value, a number, reported N/A, or read as a record.
EMPTY, NUMBER, REPORTED_NA, EXACT = 0, 1, 2, 3


class RowText(Protocol):
    """The text of a file read in bulk, for the few cells that are read one by one."""

    def field(self, row: int, column: int) -> str:
        """The raw text of one cell (row 0 is the first data row; column 0 the first column)."""
        ...


@dataclass(frozen=True, slots=True)
class BulkColumn:
    """A wide-form variable column read in bulk: each row's cell state and number."""

    number: int  # 1-based column in the file
    variable: str
    item: str | None
    period: Period | None
    state: np.ndarray  # int8 per row: EMPTY, NUMBER, REPORTED_NA or EXACT
    values: np.ndarray  # float64 per row, NaN unless NUMBER

    def filled(self) -> np.ndarray:
        """The rows where the column holds a value (a number or a reported N/A)."""
        return np.asarray((self.state == NUMBER) | (self.state == REPORTED_NA))


@dataclass(frozen=True, slots=True)
class BulkFile:
    """A CSV file read column-wise: each row's unit and line, and its variable columns."""

    index: int  # the file's place among the files read
    name: str
    units: tuple[str, ...]  # '' for a row without a unit (its cells hold no values)
    lines: np.ndarray  # int64: each row's line number
    columns: tuple[BulkColumn, ...]
    text: RowText
    header_line: int | None = 1  # the line of the header row; None: long form (no header cell)

    def records(self, column: BulkColumn, rows: np.ndarray) -> Iterator[Positioned]:
        """Some cells of a column as the records the per-record reader makes of them."""
        for row in np.flatnonzero(rows).tolist():
            raw = self.text.field(row, column.number - 1)
            line = int(self.lines[row])
            where = Location(file=self.name, line=line, column=column.number)
            header = None
            if self.header_line is not None:
                header = Location(file=self.name, line=self.header_line, column=column.number)
            fields = Fields(self.units[row], column.period, column.variable, column.item)
            record = make_record(raw, where, replace(fields, header=header), [])
            assert record is not None, "a bulk cell always reads"
            yield position(self.index, line, column.number), record


@dataclass(frozen=True, slots=True)
class Bulk:
    """Values read column-wise (engine.data.csv_columns), and the reading place of each of the
    dataset's records."""

    files: tuple[BulkFile, ...] = ()
    positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # positions: int64 per record, comparable with position() of bulk cells

    @property
    def value_count(self) -> int:
        """How many values the bulk columns hold."""
        return sum(int(np.count_nonzero(c.filled())) for f in self.files for c in f.columns)


def position(file: int, line: int, rank: int) -> int:
    """A value's place in reading order: file, then line (or record number), then column."""
    return (file << 48) | (line << 16) | rank


Positioned = tuple[int, Record]  # a record and its place in reading order


class DataFileError(PerkinError):
    """A problem in a realisation data file."""

    code = "D020"


class ErrorLog(list[PerkinError]):
    """The errors met while reading or binding data: the first MAX_COLLECTED of each code kept,
    the rest only counted, so memory stays bounded however many cells are bad."""

    def __init__(self, errors: Iterable[PerkinError] = ()) -> None:
        super().__init__()
        self.met = 0  # errors met, kept or not: what a caller compares to see a new one
        self.kept: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.first_dropped: dict[str, PerkinError] = {}
        self.extend(errors)

    def append(self, error: PerkinError) -> None:
        """Keep the error, or count it when its code has MAX_COLLECTED already."""
        self.met += 1
        if self.kept[error.code] < MAX_COLLECTED:
            self.kept[error.code] += 1
            super().append(error)
        else:
            self.dropped[error.code] += 1
            self.first_dropped.setdefault(error.code, error)

    def extend(self, errors: Iterable[PerkinError]) -> None:
        """Append each error; the counts of errors another log did not keep are added too."""
        for error in errors.collected() if isinstance(errors, ErrorLog) else errors:
            if isinstance(error, NotCollected):
                self._absorb(error)
            else:
                self.append(error)

    def _absorb(self, summary: NotCollected) -> None:
        self.met += summary.count
        self.dropped[summary.code] += summary.count
        self.first_dropped.setdefault(summary.code, summary.first)

    def collected(self) -> list[PerkinError]:
        """The errors kept, then one NotCollected for each code with errors only counted."""
        return [
            *self,
            *(
                NotCollected(first, self.dropped[code])
                for code, first in self.first_dropped.items()
            ),
        ]


def met(errors: list[PerkinError]) -> int:
    """How many errors a list has met: an ErrorLog counts those it did not keep."""
    return errors.met if isinstance(errors, ErrorLog) else len(errors)


def collected(errors: list[PerkinError]) -> list[PerkinError]:
    """The errors to report: an ErrorLog's kept ones and its counts of the rest."""
    return errors.collected() if isinstance(errors, ErrorLog) else errors


class NotCollected(PerkinError):
    """How many more errors of one code were met and not kept, at the first of them."""

    def __init__(self, first: PerkinError, count: int) -> None:
        message = _("… and {count} more errors of this kind (error[{code}]) not collected").format(
            count=number_text(count), code=first.code
        )
        hint = _("the first {kept} are kept; this is the first of the rest").format(
            kept=number_text(MAX_COLLECTED)
        )
        super().__init__(message, first.location, hint, first.code)
        self.count, self.first = count, first


@dataclass(slots=True)
class Harvest:
    """What reading has produced so far: records, unit rows and every problem met."""

    records: list[Record] = field(default_factory=list)
    units: list[DeclaredUnit] = field(default_factory=list)
    errors: list[PerkinError] = field(default_factory=ErrorLog)

    def absorb(self, other: Harvest) -> None:
        """Add another harvest's findings to this one."""
        self.records.extend(other.records)
        self.units.extend(other.units)
        self.errors.extend(other.errors)


def hint_with(first: str | None, then: str) -> str:
    """Two hints joined, the first optional."""
    return f"{first} {then}" if first else then


@dataclass(frozen=True, slots=True)
class Fields:
    """The key and annotations of the record a value cell will make."""

    unit: str
    period: Period | None
    variable: str
    item: str | None = None
    note: str | None = None
    source: str | None = None
    header: Location | None = None  # the column's header cell, for a wide-form value
    validation: RowValidation | None = None  # who validated the value's row, and when


def make_record(
    raw: object, location: Location, fields: Fields, errors: list[PerkinError]
) -> Record | None:
    """The record of one value, or None after noting why the value cannot be read."""
    try:
        value = parse_cell(raw)
    except CellError as exc:
        errors.append(exc.with_location(location))
        return None
    native = isinstance(raw, int | float) and not isinstance(raw, bool)
    return Record(
        fields.unit,
        fields.period,
        fields.variable,
        fields.item,
        value,
        raw_text(raw),
        location,
        fields.note,
        fields.source,
        native,
        fields.header,
        fields.validation,
    )


def normalise_item(text: str) -> str | None:
    """A series item label: digits lose leading zeros, month names become their number."""
    item = normalise_text(text)
    if not item:
        return None
    if item.isascii() and item.isdigit() and len(item) <= 9:
        return str(int(item))
    month = month_number(item)
    return str(month) if month is not None else item
