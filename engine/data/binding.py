"""Binding a dataset to a ruleset: every value, read one by one or column-wise, checked,
located and put in its slot; all problems at once.

Columns read in bulk bind at once; a cell goes through the per-record checks of engine.data.bind
when its column cannot bind in bulk (an unknown variable, a text input, a period or item that
does not fit), its unit is unknown, or another value has its slot — so every error is the one
the per-record binder gives, in reading order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from dsl.errors import Location, PerkinError, PerkinErrors
from engine.data.bind import (
    ABSENT,
    NA_REPORTED,
    PRESENT,
    Bound,
    bind_records,
    check_item,
    check_period,
    declared_units,
    implied_unit,
    no_level,
    nothing_to_score,
    period_key,
    range_error,
    sort_units,
    unknown_unit,
)
from engine.data.duplicates import Owner, collisions
from engine.data.input_hash import input_hash
from engine.data.model import (
    NUMBER,
    BulkColumn,
    BulkFile,
    Dataset,
    ErrorLog,
    Positioned,
    Unit,
    position,
)
from engine.data.period_fit import check_period_fits
from engine.data.period_less import period_less_errors
from engine.data.selection import unchosen
from engine.data.validation_check import check_validation
from engine.data.wrong_level import Column, wrong_levels
from engine.ruleset.model import Input, Ruleset

__all__ = ["bind"]


def bind(ruleset: Ruleset, dataset: Dataset) -> Bound:
    """Check every value against the ruleset and index the values; all problems at once, those
    met while reading the dataset first."""
    errors = ErrorLog(dataset.errors)
    errors.extend(period_less_errors(ruleset, dataset))
    units = declared_units(ruleset, dataset, errors)
    plan = _Plan(ruleset, dataset, units)
    records = plan.records()
    if dataset.units:
        errors.extend(unknown_unit(r, units) for _, r in records if r.unit not in units)
    else:
        errors.extend(_imply_units(ruleset, plan, records, units))
    ordered = sort_units(ruleset, units)
    index = {u.id: i for i, u in enumerate(ordered)}
    bound = Bound(units=tuple(ordered), index=index, notices=dataset.notices)
    plan.open_slots(bound, records)
    errors.extend(plan.out_of_range())
    errors.extend(wrong_levels(ruleset, bound, records, plan.bulk_columns()))
    bound.validation = check_validation(ruleset, bound, (r for _, r in records), errors)
    bind_records(ruleset, bound, (record for _, record in records), errors)
    plan.fill(bound)
    bound.unchosen = unchosen(ruleset, bound)
    if not _anything_to_score(ruleset, bound):
        raise PerkinErrors([nothing_to_score(ruleset, bound, dataset)])
    bound.input_hash = input_hash(bound)
    return bound


def _imply_units(
    ruleset: Ruleset, plan: _Plan, records: list[Positioned], units: dict[str, Unit]
) -> list[PerkinError]:
    """Add the units known only from their values; an error for each without a level."""
    for unit in plan.units_used(records):
        units.setdefault(unit, implied_unit(ruleset, unit))
    levelless = {u.id for u in units.values() if u.level is None}
    if len(ruleset.level_parents) < 2 or not levelless:
        return []
    first = sorted(plan.first_values(levelless, records).values(), key=lambda f: f[0])
    return [no_level(ruleset, unit, where) for _, unit, where in first]


def _anything_to_score(ruleset: Ruleset, bound: Bound) -> bool:
    """Whether some input has a value (or a reported N/A) at a unit of the level it is for."""
    levels = np.array([u.level for u in bound.units], dtype=object)
    for input_id, table in bound.slots.items():
        spec = ruleset.inputs[input_id]
        names = spec.reported_at()
        fits = np.ones(len(levels), dtype=bool)
        if names is not None:
            fits = np.logical_or.reduce([levels == name for name in names])
        if any(np.any((slot.state != ABSENT) & fits) for slot in table.values()):
            return True
    return not ruleset.inputs  # a ruleset without inputs scores on its constants


@dataclass(slots=True)
class _Column:
    """A bulk column in binding: its input, and the rows handed to the per-record checks."""

    file: BulkFile
    column: BulkColumn
    spec: Input | None
    exact: bool  # every cell is checked as a record (unknown variable, text, year, item)
    taken: np.ndarray  # bool per row: checked as a record
    filled: np.ndarray  # bool per row: the column holds a value

    def where(self, row: int) -> Location:
        """The location of one row's cell."""
        line = int(self.file.lines[row])
        return Location(file=self.file.name, line=line, column=self.column.number)

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
                check_period_fits(self.ruleset, spec, column.period, Location())
                check_item(spec, column.item, Location())
            except PerkinError:
                exact = True
        taken = np.ones(len(file.units), dtype=bool) if exact else unknown.copy()
        return _Column(file, column, spec, exact, taken, column.filled())

    def records(self) -> list[Positioned]:
        """The dataset's records and every bulk cell needing the per-record checks, in order."""
        out = self.dataset.positioned()
        for col in self.columns:
            out.extend(col.file.records(col.column, col.filled & col.taken))
        out.extend(self._collisions(out))
        out.sort(key=lambda pr: pr[0])
        return out

    def _collisions(self, records: list[Positioned]) -> Iterator[Positioned]:
        """Bulk cells whose slot key and unit another value also has (the per-record D104)."""
        owners: dict[tuple[str, str, str | None], list[Owner]] = {}
        columns: dict[tuple[str, str, str | None], list[_Column]] = {}
        for col in self.columns:
            if not col.exact:
                owners.setdefault(col.key, []).append((col.file, col.column, col.kept()))
                columns.setdefault(col.key, []).append(col)
        others: dict[tuple[str, str, str | None], list[str]] = {}
        for _, r in records:
            # without a units file every unit is implied, so every record may collide
            if r.variable in self.ruleset.inputs and (not self.units or r.unit in self.units):
                key = (r.variable, period_key(r.period), r.item)
                others.setdefault(key, []).append(r.unit)
        for key, place, rows in list(collisions(owners, others, self.bulk.files)):
            col = columns[key][place]
            col.taken |= rows
            yield from col.file.records(col.column, rows)

    def units_used(self, records: list[Positioned]) -> Iterator[str]:
        """Every unit that has a value (for datasets without a units file)."""
        yield from (r.unit for _, r in records)
        for col in self.columns:
            units = col.file.units
            yield from (units[row] for row in np.flatnonzero(col.kept()).tolist())

    def first_values(
        self, wanted: set[str], records: list[Positioned]
    ) -> dict[str, tuple[int, str, Location]]:
        """Where the first value of each wanted unit was read: reading position and location."""
        first: dict[str, tuple[int, str, Location]] = {}
        for pos, r in records:
            if r.unit in wanted and _earlier(first, r.unit, pos):
                first[r.unit] = (pos, r.unit, r.location)
        for col in self.columns:
            for row in np.flatnonzero(col.kept()).tolist():
                unit = col.file.units[row]
                pos = position(col.file.index, int(col.file.lines[row]), col.column.number)
                if unit in wanted and _earlier(first, unit, pos):
                    first[unit] = (pos, unit, col.where(row))
        return first

    def bulk_columns(self) -> Iterator[Column]:
        """Each column bound in bulk, its input and the rows it binds."""
        yield from ((c.file, c.column, c.spec, c.kept()) for c in self.columns if not c.exact)

    def out_of_range(self) -> list[PerkinError]:
        """An error for every value read in bulk outside its input's declared min/max, in
        reading order (file, line, column), as the per-record binder reports them."""
        found: list[tuple[int, PerkinError]] = []
        for col in self.columns:
            spec = col.spec
            if col.exact or spec is None or (spec.min is None and spec.max is None):
                continue
            values = col.column.values
            present = col.kept() & (col.column.state == NUMBER)
            low = values < spec.min if spec.min is not None else False
            high = values > spec.max if spec.max is not None else False
            for row in np.flatnonzero(present & (low | high)).tolist():
                unit = col.file.units[row]
                at = position(col.file.index, int(col.file.lines[row]), col.column.number)
                found.append((at, range_error(spec, float(values[row]), col.where(row), unit)))
        return [error for _at, error in sorted(found, key=lambda pair: pair[0])]

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
            get, n = bound.index.get, len(f.units)
            index = np.fromiter(map(get, f.units, repeat(-1)), dtype=np.int64, count=n)
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


def _earlier(first: dict[str, tuple[int, str, Location]], unit: str, pos: int) -> bool:
    """Whether a value at pos comes before the first one noted for the unit."""
    return unit not in first or pos < first[unit][0]


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
