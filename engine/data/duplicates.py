"""Duplicate values: one key given twice, among records and cells read column-wise alike.

Reading reports a value given again for the same unit, period, variable and item (D040);
binding reports two values that land in the same slot (D104, in engine.data.bind). Cells read
column-wise are checked in bulk: only those whose key and unit another value also has are turned
into records, so that the record checks see them in reading order and word the error as usual.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TypeVar

import numpy as np

from dsl.errors import PerkinError
from dsl.i18n import _
from engine.data.model import BulkColumn, BulkFile, DataFileError, Positioned, Record

__all__ = ["collisions", "duplicate_errors"]

K = TypeVar("K", bound=Hashable)
Owner = tuple[BulkFile, BulkColumn, np.ndarray]  # a bulk column and its rows to check


def duplicate_errors(
    records: Sequence[Positioned], files: Sequence[BulkFile] = ()
) -> list[PerkinError]:
    """One error per value given again for the same unit, period, variable and item (D040).

    records are in reading order; the bulk cells of files join them at their reading place.
    """
    owners: dict[tuple[object, ...], list[Owner]] = {}
    for f in files:
        for c in f.columns:
            owners.setdefault((c.variable, c.period, c.item), []).append((f, c, c.filled()))
    others: dict[tuple[object, ...], list[str]] = {}
    for _pos, r in records:
        others.setdefault((r.variable, r.period, r.item), []).append(r.unit)
    suspects = [
        cell
        for key, place, rows in collisions(owners, others, files)
        for cell in _cells(owners[key][place], rows)
    ]
    merged = sorted([*records, *suspects], key=lambda pr: pr[0]) if suspects else records
    return _repeated([r for _pos, r in merged])


def _cells(owner: Owner, rows: np.ndarray) -> Iterator[Positioned]:
    """Some rows of an owner's column as records."""
    file, column = owner[0], owner[1]
    return file.records(column, rows)


def _repeated(records: Sequence[Record]) -> list[PerkinError]:
    """The D040 errors of records in reading order."""
    first: dict[object, Record] = {}
    errors: list[PerkinError] = []
    for record in records:
        earlier = first.setdefault(record.key(), record)
        if earlier is not record:
            message = _("duplicate value for {value}; first at {first}").format(
                value=record.describe(), first=earlier.location.label()
            )
            hint = _("keep one of them (a later file does not override an earlier one)")
            errors.append(DataFileError(message, record.location, hint, "D040"))
    return errors


def collisions(
    owners: Mapping[K, list[Owner]], others: Mapping[K, list[str]], files: Sequence[BulkFile]
) -> Iterator[tuple[K, int, np.ndarray]]:
    """For each key, each owner (by place) with the rows whose unit has another value under the
    key, among the owners' rows and the units of others (values read as records)."""
    codes = _UnitCodes(files)
    for key, group in owners.items():
        units = others.get(key, [])
        if len(group) > 1 or units or codes.repeated(group[0][0]):
            masks = [(f, rows) for f, _column, rows in group]
            for place, rows in list(_colliding(masks, units, codes)):
                yield key, place, rows


class _UnitCodes:
    """A number for each unit id met, and each bulk file's rows as those numbers (on demand)."""

    def __init__(self, files: Sequence[BulkFile]) -> None:
        self.codes: dict[str, int] = {}
        self.numbered: dict[int, np.ndarray] = {}
        # by id: a long-form file is read as several bulk files (engine.data.csv_long)
        self.repeats = {id(f): len(set(f.units)) < len(f.units) for f in files}

    def encode(self, units: Sequence[str]) -> np.ndarray:
        """The numbers of some unit ids, numbering new ones."""
        codes = self.codes
        for unit in dict.fromkeys(units):  # numbered in order of first occurrence, as one by one
            codes.setdefault(unit, len(codes))
        return np.fromiter(map(codes.__getitem__, units), dtype=np.int64, count=len(units))

    def rows(self, file: BulkFile) -> np.ndarray:
        """The numbers of a file's row units."""
        if id(file) not in self.numbered:
            self.numbered[id(file)] = self.encode(file.units)
        return self.numbered[id(file)]

    def repeated(self, file: BulkFile) -> bool:
        """Whether some unit has more than one row in the file."""
        return self.repeats[id(file)]


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
