"""What reading realisation data produces: records, unit rows, the dataset, and its errors.

Error codes of the data layer (stable; cells and periods have their own, D001–D011):
D020 unreadable file, D021 unsupported file type, D022 not text, D023 empty file,
D024 no recognised header, D025 unknown column or key, D026 missing column or key,
D027 duplicate or unnamed column, D028 missing unit or variable, D029 wrong structure,
D030 YAML or JSON syntax, D031 duplicate YAML key, D034 unreadable workbook, D035 merged
cells, D036 formula without a cached value, D037 no data in workbook, D040 duplicate value,
D041 unit with two parents, D042 unknown parent unit, D043 hierarchy cycle,
D044 bad wide column header, D045 no such file or no data files.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from dsl.errors import Location, PerkinError
from engine.cells import CellError, CellValue, normalise_text, parse_cell, raw_text
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

    def key(self) -> tuple[str, Period | None, str, str | None]:
        """What makes a value unique in a dataset."""
        return (self.unit, self.period, self.variable, self.item)

    def describe(self) -> str:
        """The key in words, for messages."""
        period = f", period {self.period.label}" if self.period else ""
        item = f", item {self.item}" if self.item is not None else ""
        return f"unit '{self.unit}', variable '{self.variable}'{period}{item}"


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit of the hierarchy (Kota, Kecamatan, Kelurahan …) and its parent."""

    id: str
    name: str | None
    level: str | None
    parent: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything read from the data files: values, the unit hierarchy and the files read."""

    records: tuple[Record, ...]
    units: tuple[UnitRow, ...]
    files: tuple[str, ...]


class DataError(PerkinError):
    """A problem in a realisation data file."""

    code = "D020"


@dataclass(slots=True)
class Harvest:
    """What reading has produced so far: records, unit rows and every problem met."""

    records: list[Record] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    errors: list[PerkinError] = field(default_factory=list)

    def absorb(self, other: Harvest) -> None:
        """Add another harvest's findings to this one."""
        self.records.extend(other.records)
        self.units.extend(other.units)
        self.errors.extend(other.errors)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest choice, if one is close."""
    folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return f"did you mean '{folded[close[0]]}'?" if close else None


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
