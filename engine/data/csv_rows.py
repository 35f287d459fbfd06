"""The rows of a CSV file read column-wise: its layout, units, unit rows and the cells read
one by one, as the per-record reader reads them (engine.data.csv_columns splits the text)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from dsl.errors import Location, PerkinError
from engine.data.cells import CellError, Missing, normalise_text, parse_cell
from engine.data.model import (
    EMPTY,
    EXACT,
    REPORTED_NA,
    BulkFile,
    DeclaredUnit,
    Fields,
    Positioned,
    make_record,
    position,
)
from engine.data.tables import Cell, _required
from engine.periods import Period
from engine.safe_text import unquote

__all__ = ["BulkRows", "ColumnRead", "Layout", "normalised"]


@dataclass(slots=True)
class ColumnRead:
    """One file read in bulk: its bulk columns (a long-form file's in several parts, one per
    variable, period and item), exact records, unit rows and errors."""

    files: list[BulkFile]
    records: list[Positioned]
    units: list[DeclaredUnit]
    errors: list[tuple[int, PerkinError]]


@dataclass(frozen=True, slots=True)
class Layout:
    """The header of a file read in bulk: its line, width, role and variable columns, shape."""

    header_line: int  # 0-based
    width: int
    roles: dict[str, int]
    columns: tuple[tuple[int, str, str | None, Period | None], ...]  # index, variable, item, period
    shape: str


# where a text of ASCII cells may change when normalised: a field starting with whitespace or a
# quote, or ending with whitespace (what str.strip takes off ASCII text; no field holds "\n")
_TRIMMABLE = re.compile(r"[\t\x0b\x0c\r\x1c-\x1f ']")  # none of these: nothing to trim (fast)
_UNTRIMMED = re.compile(r"(?:^|\n)[\t\x0b\x0c\r\x1c-\x1f ']|[\t\x0b\x0c\r\x1c-\x1f ](?:\n|$)")


def normalised(texts: list[str]) -> list[str]:
    """Cell texts as the table reader compares them (trimmed, spaces made plain); a column of
    plain ASCII texts, checked at once, is returned as it is."""
    joined = "\n".join(texts)
    plain = _TRIMMABLE.search(joined) is None or _UNTRIMMED.search(joined) is None
    if joined.isascii() and plain:
        return texts
    return [unquote(t.strip()) if t.isascii() else normalise_text(t) for t in texts]


class BulkRows:
    """The rows of a file read in bulk: units, unit rows, and the cells read one by one."""

    def __init__(
        self,
        layout: Layout,
        lines: np.ndarray,
        name: str,
        index: int,
        identity: dict[int, list[str]],
    ) -> None:
        self.layout, self.lines, self.name, self.index = layout, lines, name, index
        self.numbers: list[int] = (lines + 1).tolist()  # 1-based line of each row
        self.identity = identity
        self.texts = {role: normalised(identity[c]) for role, c in layout.roles.items()}
        self.units = self.texts["unit"]
        self.columns = {c[0]: c for c in layout.columns}

    def location(self, row: int, column: int) -> Location:
        """Where a cell is (column 0-based)."""
        return Location(file=self.name, line=self.numbers[row], column=column + 1)

    def unit_rows(self) -> Iterator[DeclaredUnit]:
        """The unit rows the file declares, in row order."""
        none = [""] * len(self.units)
        name, level, parent = (self.texts.get(r, none) for r in ("name", "level", "parent"))
        every = self.layout.shape == "units" or "level" in self.layout.roles  # tables.declare_unit
        column = self.layout.roles["unit"]
        for row, unit in enumerate(self.units):
            if unit and (every or name[row] or parent[row]):
                where = self.location(row, column)
                extra = (name[row] or None, level[row] or None, parent[row] or None)
                yield DeclaredUnit(unit, *extra, where)

    def blank(self, state: np.ndarray) -> np.ndarray:
        """BulkRows with no value at all, which the table reader skips."""
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
        self, cells: list[tuple[int, int, str]], state: np.ndarray, read: ColumnRead
    ) -> None:
        """Read the cells the bulk pass left, one by one, exactly as the normal reader does."""
        for row, column, raw in cells:
            kind = self._settle(raw)
            if kind is not EXACT:
                state[row, column] = kind
                continue
            _, variable, item, period = self.columns[column]
            header = Location(file=self.name, line=self.layout.header_line + 1, column=column + 1)
            fields = Fields(self.units[row], period, variable, item, header=header)
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


@dataclass(slots=True)
class Classified:
    """Rows of a run of lines: their unit, name, level and parent texts by column, the cells to
    read exactly, each chunk's rows, and the rows of state and values they were written to."""

    identity: dict[int, list[str]]
    exact: list[tuple[int, int, str]]
    found: list[np.ndarray]
    start: int
    end: int

    def joined(self, after: Classified, state: np.ndarray, values: np.ndarray) -> Classified:
        """These rows and then `after`'s, its rows moved up to follow these."""
        shift = after.start - self.end
        if shift:
            n = after.end - after.start
            state[self.end : self.end + n] = state[after.start : after.end]
            values[self.end : self.end + n] = values[after.start : after.end]
        identity = {c: texts + after.identity[c] for c, texts in self.identity.items()}
        exact = self.exact + [(row - shift, column, raw) for row, column, raw in after.exact]
        end = after.end - shift
        return Classified(identity, exact, self.found + after.found, self.start, end)
