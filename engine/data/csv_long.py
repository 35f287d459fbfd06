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


@dataclass(slots=True)
class _Columns:
    """The file's data rows read column-wise: line, value state and number, key texts."""

    rows: list[np.ndarray]  # 0-based line of each data row, per chunk
    kinds: list[np.ndarray]  # EMPTY, NUMBER, REPORTED_NA or EXACT per row, per chunk
    numbers: list[np.ndarray]
    texts: dict[str, list[str]]  # raw text per row of each key column


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
    keys = {role: normalised(texts) for role, texts in found.texts.items()}
    text = LineText(lines.data, lines.starts[rows], lines.ends[rows], lines.sep)
    reader = _Long(layout, name, index, rows, text)
    good = reader.keyed(keys) & ((kinds == NUMBER) | (kinds == REPORTED_NA))
    blank = (kinds == EMPTY) & ~np.logical_or.reduce([_filled(k) for k in keys.values()])
    read = ColumnRead([], [], [], [])
    for row in np.flatnonzero(~good & ~blank).tolist():
        reader.by_record(row, read)
    if not good.any() and not read.records and not read.errors:
        return None  # no data rows: the per-record reader says so
    read.files.extend(reader.bulk_files(good, kinds, numbers, keys["unit"]))
    return read


def _split(lines: Lines, layout: Layout, after: np.ndarray) -> _Columns | None:
    """Every data row's key texts, and its value classified (a plain number, N/A, or neither)."""
    value = layout.roles["value"]
    found = _Columns([], [], [], {role: [] for role in _KEYS if role in layout.roles})
    for first, stop in chunks(lines, after):
        split = split_fields(lines, after[first:stop], layout.width)
        if split is None:
            return None
        rows, sub, starts, ends = split
        for role, texts in found.texts.items():
            column = layout.roles[role]
            texts.extend(texts_of(sub, starts[:, column], ends[:, column]))
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
        self.lines: list[int] = (rows + 1).tolist()  # 1-based line of each row
        self.value = layout.roles["value"]
        self.variables: list[str] = []
        self.periods: list[Period | None] = []
        self.items: list[str | None] = []
        self.sizes = (0, 0)  # how many distinct period and item texts
        self.key_codes = np.zeros(len(rows), dtype=np.int64)  # each row's key, numbered

    def keyed(self, keys: dict[str, list[str]]) -> np.ndarray:
        """Whether each row's unit, variable and period read (as the per-record reader reads
        them); each row's key (variable, period, item) numbered in self.key_codes."""
        count = len(self.lines)
        variables, self.variables = _codes(keys["variable"])
        periods, texts = _codes(keys.get("period", [""] * count))
        parsed = [_period(text) for text in texts]
        self.periods = [p if p is not False else None for p in parsed]
        unread = np.array([p is False for p in parsed], dtype=bool)[periods]
        items, texts = _codes(keys.get("item", [""] * count))
        self.items = [normalise_item(text) for text in texts]  # None for '' (no item column)
        self.sizes = (len(self.periods), len(self.items))
        self.key_codes = (variables * self.sizes[0] + periods) * self.sizes[1] + items
        return np.asarray(_filled(keys["unit"]) & _filled(keys["variable"]) & ~unread)

    def bulk_files(
        self, good: np.ndarray, kinds: np.ndarray, numbers: np.ndarray, units: list[str]
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
        unit_of = np.array(units, dtype=object)
        lines = np.array(self.lines, dtype=np.int64)
        parts = np.split(rows[order], bounds[:-1])
        return [
            self._file(int(code), part, kinds, numbers, unit_of, lines)
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
        line = self.lines[row]
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


def _filled(texts: list[str]) -> np.ndarray:
    """Whether each text is not empty."""
    return np.fromiter(map(bool, texts), dtype=bool, count=len(texts))


def _codes(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each text's number (in order of first occurrence) and the distinct texts."""
    distinct = list(dict.fromkeys(texts))
    number = {text: n for n, text in enumerate(distinct)}
    codes = np.fromiter(map(number.__getitem__, texts), dtype=np.int64, count=len(texts))
    return codes, distinct


def _period(text: str) -> Period | Literal[False] | None:
    """The period a cell's text names (None when empty), False when it does not read."""
    if not text:
        return None
    try:
        return parse_period(text)
    except PeriodError:
        return False
