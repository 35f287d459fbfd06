"""Long-form CSV read column-wise: a row per unit, period, variable (and item) split with numpy
and bound in bulk, as wide form is (engine.data.csv_columns).

A long-form file whose columns are only unit, period, variable, value and item is read as one
bulk file per variable, period and item (its rows: the rows giving a value to that key, in
reading order); the values that are plainly numbers or N/A words are read for the whole file at
once. Any other row — a missing unit or variable, a period that does not read, an empty value or
one that is not plainly a number (``40%``, ``WTP (3)``, ``1.234``) — is read by the per-record
reader's own function (engine.data.tables), so its errors and its record are that reader's, at
the same places. A value's place is its line and the value column, as on the per-record path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from dsl.errors import Location
from dsl.limits import MAX_CELLS
from engine.data.csv_columns import Lines, LineText, chunks, gather, split_fields, texts_of
from engine.data.csv_numbers import classify
from engine.data.csv_rows import ColumnRead, Layout, normalised
from engine.data.model import (
    EMPTY,
    NUMBER,
    REPORTED_NA,
    BulkColumn,
    BulkFile,
    Harvest,
    collected,
    normalise_item,
    position,
)
from engine.data.tables import Cell, _read_long_row
from engine.periods import Period, PeriodError, parse_period

__all__ = ["read_long"]

_KEYS = ("unit", "variable", "period", "item")  # the columns read as text


class _Factor:
    """The distinct texts of a key column, numbered in order of first occurrence: a row keeps
    its text's number, not a string (a national file has millions of rows)."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}

    def codes(self, texts: list[str]) -> np.ndarray:
        """The numbers of some texts, numbering new ones."""
        number = self.number
        for text in dict.fromkeys(texts):
            number.setdefault(text, len(number))
        return np.fromiter(map(number.__getitem__, texts), dtype=np.int64, count=len(texts))

    @property
    def texts(self) -> list[str]:
        """The distinct texts, by number."""
        return list(self.number)

    def filled(self, codes: np.ndarray) -> np.ndarray:
        """Whether each coded text is not empty."""
        empty = self.number.get("")
        return np.ones(len(codes), dtype=bool) if empty is None else np.asarray(codes != empty)


@dataclass(slots=True)
class _Columns:
    """The file's data rows read column-wise: line, value state and number, key texts."""

    rows: list[np.ndarray]  # 0-based line of each data row, per chunk
    kinds: list[np.ndarray]  # EMPTY, NUMBER, REPORTED_NA or EXACT per row, per chunk
    numbers: list[np.ndarray]
    codes: dict[str, list[np.ndarray]]  # per key column: its text's number per row, per chunk
    factors: dict[str, _Factor]  # per key column: its texts


def read_long(lines: Lines, layout: Layout, name: str, index: int) -> ColumnRead | None:
    """The long-form file read in bulk, or None when the per-record reader must read it."""
    after = np.arange(layout.header_line + 1, len(lines.starts))
    if not len(after) or len(after) * layout.width > MAX_CELLS:
        return None  # a header without rows, or too many cells: the per-record reader says so
    found = _split(lines, layout, after)
    if found is None:
        return None  # a ragged row: the per-record reader pads or reports it
    rows = np.concatenate(found.rows)
    kinds, numbers = np.concatenate(found.kinds), np.concatenate(found.numbers)
    keys = {role: np.concatenate(codes) for role, codes in found.codes.items()}
    text = LineText(lines.data, lines.starts[rows], lines.ends[rows], lines.sep)
    reader = _Long(layout, name, index, rows, text)
    good = reader.keyed(keys, found.factors) & ((kinds == NUMBER) | (kinds == REPORTED_NA))
    filled = [found.factors[role].filled(codes) for role, codes in keys.items()]
    blank = (kinds == EMPTY) & ~np.logical_or.reduce(filled)
    read = ColumnRead([], [], [], [])
    for row in np.flatnonzero(~good & ~blank).tolist():
        reader.by_record(row, read)
    if not good.any() and not read.records and not read.errors:
        return None  # no data rows: the per-record reader says so
    units = np.array(found.factors["unit"].texts, dtype=object)[keys["unit"]]
    read.files.extend(reader.bulk_files(good, kinds, numbers, units))
    return read


def _split(lines: Lines, layout: Layout, after: np.ndarray) -> _Columns | None:
    """Every data row's key texts, and its value classified (a plain number, N/A, or neither)."""
    value = layout.roles["value"]
    roles = [role for role in _KEYS if role in layout.roles]
    found = _Columns([], [], [], {r: [] for r in roles}, {r: _Factor() for r in roles})
    for first, stop in chunks(lines, after):
        split = split_fields(lines, after[first:stop], layout.width)
        if split is None:
            return None
        rows, sub, starts, ends = split
        for role in roles:
            column = layout.roles[role]
            texts = normalised(texts_of(sub, starts[:, column], ends[:, column]))
            found.codes[role].append(found.factors[role].codes(texts))
        values, begin, end = gather(sub, starts[:, value], ends[:, value])
        kinds, numbers = classify(values, begin, end, lines.sep)
        found.rows.append(rows)
        found.kinds.append(kinds)
        found.numbers.append(numbers)
    return found


class _Long:
    """The rows of a long-form file: their keys, the bulk files of the rows read in bulk, and the
    per-record reading of the others."""

    def __init__(
        self, layout: Layout, name: str, index: int, rows: np.ndarray, text: LineText
    ) -> None:
        self.layout, self.name, self.index, self.text = layout, name, index, text
        self.lines = (rows + 1).astype(np.int64)  # 1-based line of each row
        self.value = layout.roles["value"]
        self.variables: list[str] = []
        self.periods: list[Period | None] = []
        self.items: list[str | None] = []
        self.sizes = (0, 0)  # how many distinct period and item texts
        self.key_codes = np.zeros(len(rows), dtype=np.int64)  # each row's key, numbered

    def keyed(self, keys: dict[str, np.ndarray], factors: dict[str, _Factor]) -> np.ndarray:
        """Whether each row's unit, variable and period read (as the per-record reader reads
        them); each row's key (variable, period, item) numbered in self.key_codes."""
        none = np.zeros(len(self.lines), dtype=np.int64)  # a missing column: one text, ''
        variables, self.variables = keys["variable"], factors["variable"].texts
        periods = keys.get("period", none)
        parsed = [_period(t) for t in (factors["period"].texts if "period" in keys else [""])]
        self.periods = [p if p is not False else None for p in parsed]
        unread = np.array([p is False for p in parsed], dtype=bool)[periods]
        items = keys.get("item", none)
        texts = factors["item"].texts if "item" in keys else [""]
        self.items = [normalise_item(text) for text in texts]  # None for ''
        self.sizes = (len(self.periods), len(self.items))
        self.key_codes = (variables * self.sizes[0] + periods) * self.sizes[1] + items
        filled = factors["unit"].filled(keys["unit"]) & factors["variable"].filled(variables)
        return np.asarray(filled & ~unread)

    def bulk_files(
        self, good: np.ndarray, kinds: np.ndarray, numbers: np.ndarray, units: np.ndarray
    ) -> list[BulkFile]:
        """One bulk file per key, in the order the keys first occur, holding the rows read in
        bulk."""
        rows = np.flatnonzero(good)
        if not len(rows):
            return []
        codes = self.key_codes[rows]
        distinct, first = np.unique(codes, return_index=True)
        rank = np.empty(len(distinct), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(distinct))
        group = rank[np.searchsorted(distinct, codes)]
        order = np.argsort(group, kind="stable")
        bounds = np.cumsum(np.bincount(group, minlength=len(distinct)))
        parts = np.split(rows[order], bounds[:-1])
        return [
            self._file(int(code), part, kinds, numbers, units, self.lines)
            for code, part in zip(codes[order][bounds - 1].tolist(), parts, strict=True)
        ]

    def _file(
        self,
        code: int,
        part: np.ndarray,
        kinds: np.ndarray,
        numbers: np.ndarray,
        units: np.ndarray,
        lines: np.ndarray,
    ) -> BulkFile:
        """The bulk file of one key's rows."""
        rest, item = divmod(code, self.sizes[1])
        variable, period = divmod(rest, self.sizes[0])
        state = np.where(kinds[part] == NUMBER, NUMBER, REPORTED_NA).astype(np.int8)
        column = BulkColumn(
            self.value + 1,
            self.variables[variable],
            self.items[item],
            self.periods[period],
            state,
            numbers[part],
        )
        text = LineText(self.text.data, self.text.starts[part], self.text.ends[part], self.text.sep)
        units_of = tuple(units[part].tolist())
        return BulkFile(self.index, self.name, units_of, lines[part], (column,), text, None)

    def by_record(self, row: int, read: ColumnRead) -> None:
        """One row read by the per-record reader (its record and errors, at its place)."""
        line = int(self.lines[row])
        cells = tuple(
            Cell(raw, Location(file=self.name, line=line, column=j + 1))
            for j, raw in enumerate(self.text.fields(row))
        )
        if all(cell.empty for cell in cells):
            return  # a blank row, skipped as the table reader skips it
        harvest = Harvest()
        _read_long_row(cells, self.layout.roles, harvest)
        where = position(self.index, line, self.value + 1)
        read.errors.extend((position(self.index, line, 0), e) for e in collected(harvest.errors))
        read.records.extend((where, record) for record in harvest.records)


def _period(text: str) -> Period | Literal[False] | None:
    """The period a cell's text names (None when empty), False when it does not read."""
    if not text:
        return None
    try:
        return parse_period(text)
    except PeriodError:
        return False
