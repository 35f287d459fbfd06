"""Tables from CSV files and sheets, read as long form, wide form or a units (hierarchy) file.

Long form has the columns unit, period, variable, value [, item, note, source, validated_by,
validated_on, name, level, parent]. Wide form (engine.data.wide) has a row per unit (and period,
or record) and a column per variable. Name/level/parent columns declare units too. A units file
has only unit, name, level and parent. Headers are case-insensitive and accept Indonesian names
(unit_kerja, wilayah, periode, variabel, indikator, nilai, nama, tingkat, induk …).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.data.cells import normalise_text, raw_text
from engine.data.model import (
    DataFileError,
    DeclaredUnit,
    Fields,
    Harvest,
    hint_with,
    make_record,
    met,
    normalise_item,
)
from engine.data.validation import ALIASES as VALIDATION_ALIASES
from engine.data.validation import VALIDATION_ROLES, RowValidation, read_validation
from engine.periods import Period, PeriodError, parse_period

ALIASES = {
    "unit": "unit",
    "unit_kerja": "unit",
    "wilayah": "unit",
    "id": "unit",
    "period": "period",
    "periode": "period",
    "variable": "variable",
    "variabel": "variable",
    "indikator": "variable",
    "indicator": "variable",
    "value": "value",
    "nilai": "value",
    "item": "item",
    "note": "note",
    "catatan": "note",
    "keterangan": "note",
    "source": "source",
    "sumber": "source",
    "sumber_data": "source",
    "name": "name",
    "nama": "name",
    "level": "level",
    "tingkat": "level",
    "parent": "parent",
    "induk": "parent",
    **VALIDATION_ALIASES,
}
LONG_ROLES = ("unit", "period", "variable", "value", "item", "note", "source", *VALIDATION_ROLES)
UNIT_ROLES = ("unit", "name", "level", "parent")
LONG_COLUMNS = (*LONG_ROLES, *UNIT_ROLES[1:])  # a long-form row may declare its unit too
Shape = Literal["long", "wide", "units"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table: its value as stored and where it is."""

    raw: object
    location: Location

    @property
    def text(self) -> str:
        """The cell as trimmed text."""
        return normalise_text(raw_text(self.raw))

    @property
    def empty(self) -> bool:
        """Whether the cell holds nothing."""
        return self.raw is None or (isinstance(self.raw, str) and not normalise_text(self.raw))


@dataclass(frozen=True, slots=True)
class Sheet:
    """A header row and the rows under it, all the same width: a CSV file or a workbook sheet.

    Not a ruleset's lookup or band table (TableDef; dsl.tables.Table is how formulas read one)."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


def header_key(text: str) -> str:
    """A header name as compared: case-folded, spaces and hyphens as underscores."""
    return re.sub(r"[\s-]+", "_", normalise_text(text).casefold())


def role_of(cell: Cell) -> str | None:
    """The role (unit, period, variable …) a header cell names, or None for other names."""
    return ALIASES.get(header_key(cell.text))


def shape_of(header: Sequence[Cell]) -> Shape | None:
    """Long, wide or units, from the header; None when it has no unit column."""
    named = [cell for cell in header if not cell.empty]
    roles = {role_of(cell) for cell in named}
    if "unit" not in roles:
        return None
    if roles & {"variable", "value"}:
        return "long"
    if None in roles or not roles <= set(UNIT_ROLES):
        return "wide"
    return "units"


def no_unit_error(header: Sequence[Cell]) -> DataFileError:
    """The error for a header without a unit column."""
    names = [cell.text for cell in header if not cell.empty]
    close = next((hint for name in names if (hint := did_you_mean(name, ["unit"]))), None)
    hint = _(
        "a data table needs a unit column (unit, unit_kerja, wilayah or id), then either "
        "period, variable, value (long form) or a column per variable (wide form)"
    )
    where = header[0].location if header else Location()
    message = _("no unit column in the header")
    return DataFileError(message, where, hint_with(close, hint), "D024")


def _roles(sheet: Sheet, errors: list[PerkinError]) -> dict[str, int]:
    """The column index of each role, noting repeated roles and values without a header."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(sheet.header):
        role = role_of(cell)
        if cell.empty:
            _check_unnamed(sheet, index, errors)
        elif role in roles:
            first = sheet.header[roles[role]]
            message = _("column '{column}' repeats column '{first}' ({role})").format(
                column=cell.text, first=first.text, role=role
            )
            errors.append(DataFileError(message, cell.location, _("keep one of them"), "D027"))
        elif role is not None:
            roles[role] = index
    return roles


def _check_unnamed(sheet: Sheet, index: int, errors: list[PerkinError]) -> None:
    """Note the first value in a column that has no header."""
    for row in sheet.rows:
        if not row[index].empty:
            hint = _("give the column a header, or delete the stray value")
            message = _("a value in a column without a header")
            errors.append(DataFileError(message, row[index].location, hint, "D027"))
            return


def _read_long(sheet: Sheet, roles: dict[str, int], harvest: Harvest) -> None:
    """Long form: one value per row."""
    for cell in sheet.header:
        if not cell.empty and role_of(cell) not in LONG_COLUMNS:
            harvest.errors.append(_unknown_column(cell))
    missing = [role for role in ("variable", "value") if role not in roles]
    for role in missing:
        message = _("missing column '{column}' in a long-form table").format(column=role)
        hint = _("long form needs the columns unit, period, variable and value")
        harvest.errors.append(DataFileError(message, sheet.header[0].location, hint, "D026"))
    if missing:
        return
    for row in sheet.rows:
        if not _blank(row):
            _read_long_row(row, roles, harvest)


def _unknown_column(cell: Cell) -> DataFileError:
    """The error for a long-form header that names no known column."""
    close = did_you_mean(header_key(cell.text), [*ALIASES])
    hint = hint_with(
        close, _("long-form columns are {columns}").format(columns=", ".join(LONG_COLUMNS))
    )
    message = _("unknown column '{column}'").format(column=cell.text)
    return DataFileError(message, cell.location, hint, "D025")


def _read_long_row(row: tuple[Cell, ...], roles: dict[str, int], harvest: Harvest) -> None:
    """One long-form row as a record."""
    errors = harvest.errors
    before = met(errors)
    unit = _required(row[roles["unit"]], "unit", errors)
    variable = _required(row[roles["variable"]], "variable", errors)
    period = _period(_cell(row, roles, "period"), errors)
    item_cell = _cell(row, roles, "item")
    item = normalise_item(item_cell.text) if item_cell else None
    note, source = _optional(row, roles, "note"), _optional(row, roles, "source")
    checked = row_validation(row, roles, errors)
    value = row[roles["value"]]
    fields = Fields(unit, period, variable, item, note, source, validation=checked)
    record = make_record(value.raw, value.location, fields, errors)
    if record is not None and met(errors) == before:  # a bad key makes no record
        harvest.records.append(record)
        declare_unit(unit, row, roles, harvest)


def declare_unit(unit: str, row: tuple[Cell, ...], roles: dict[str, int], to: Harvest) -> None:
    """The unit row a data row declares: with a level column every row does (an empty level
    cell is then an error when binding, not a unit silently left unscored), else a row with a
    name or parent."""
    if "level" in roles or any(_optional(row, roles, role) for role in ("name", "parent")):
        to.units.append(_declared_unit(unit, row, roles, row[roles["unit"]].location))


def _read_units(sheet: Sheet, roles: dict[str, int], harvest: Harvest) -> None:
    """A units (hierarchy) table: unit, name, level, parent."""
    for row in sheet.rows:
        if _blank(row):
            continue
        unit_cell = row[roles["unit"]]
        unit = _required(unit_cell, "unit", harvest.errors)
        if unit:
            harvest.units.append(_declared_unit(unit, row, roles, unit_cell.location))


def _declared_unit(
    unit: str, row: tuple[Cell, ...], roles: dict[str, int], where: Location
) -> DeclaredUnit:
    """The unit row a table row declares."""
    name, level = _optional(row, roles, "name"), _optional(row, roles, "level")
    return DeclaredUnit(unit, name, level, _optional(row, roles, "parent"), where)


def row_validation(
    row: tuple[Cell, ...], roles: dict[str, int], errors: list[PerkinError]
) -> RowValidation | None:
    """Who validated the row and when (engine.data.validation), None without such columns."""
    by, on = (_cell(row, roles, role) for role in VALIDATION_ROLES)
    return read_validation(by, on, errors)


def _cell(row: tuple[Cell, ...], roles: dict[str, int], role: str) -> Cell | None:
    """The row's cell in the role's column, if the table has one."""
    return row[roles[role]] if role in roles else None


def _optional(row: tuple[Cell, ...], roles: dict[str, int], role: str) -> str | None:
    """The text in an optional column, None when absent or empty."""
    cell = _cell(row, roles, role)
    return (cell.text or None) if cell is not None else None


def _required(cell: Cell, what: str, errors: list[PerkinError]) -> str:
    """The text of a cell that must not be empty ('' after noting the problem)."""
    text = cell.text
    if not text:
        message = _("missing {column}").format(column=what)
        hint = _("fill in the {column}").format(column=what)
        errors.append(DataFileError(message, cell.location, hint, "D028"))
    return text


def _period(cell: Cell | None, errors: list[PerkinError]) -> Period | None:
    """The period in a cell, None when empty or unreadable (noting why)."""
    if cell is None or cell.empty:
        return None
    if isinstance(cell.raw, dt.date):
        hint = _("format the cell as text and write the period, such as 2024-01 or 2024-TW1")
        message = _("a date where a period was expected")
        errors.append(PeriodError(message, cell.location, hint))
        return None
    try:
        return parse_period(cell.text)
    except PeriodError as exc:
        errors.append(exc.with_location(cell.location))
        return None


def _blank(row: tuple[Cell, ...]) -> bool:
    """Whether every cell of the row is empty."""
    return all(cell.empty for cell in row)
