"""Tables from CSV files and sheets, read as long form, wide form or a units (hierarchy) file.

Long form has the columns unit, period, variable, value [, item, note, source]. Wide form has a
row per unit (and period) and a column per variable: ``ikm``, ``rpd[3]``, ``rpd[jan]``,
``ikm@TW2``; its name/level/parent columns declare units too. A units file has only unit, name,
level and parent. Headers are case-insensitive and accept Indonesian names (unit_kerja, wilayah,
periode, variabel, indikator, nilai, nama, tingkat, induk …).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _
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
}
LONG_ROLES = ("unit", "period", "variable", "value", "item", "note", "source")
UNIT_ROLES = ("unit", "name", "level", "parent")
_WIDE_HEADER = re.compile(
    r"(?P<var>[^\[\]@]+?)\s*(?:\[\s*(?P<item>[^\[\]@]+?)\s*\])?\s*(?:@\s*(?P<period>[^\[\]@]+))?"
)
_WIDE_HINT = N_("write a variable column as name, name[3], name[jan], name@TW2 or name[3]@TW2")
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


@dataclass(frozen=True, slots=True)
class WideColumn:
    """A wide-form variable column: which variable, series item and period its cells hold."""

    index: int
    variable: str
    item: str | None
    period: Period | None


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
    if roles & {"variable", "value", "item"}:
        return "long"
    if None in roles or not roles <= set(UNIT_ROLES):
        return "wide"
    return "units"


def read_sheet(sheet: Sheet) -> Harvest:
    """The records and unit rows of a table, with every problem found in it."""
    harvest = Harvest()
    shape = shape_of(sheet.header)
    if shape is None:
        harvest.errors.append(no_unit_error(sheet.header))
        return harvest
    roles = _roles(sheet, harvest.errors)
    if shape == "long":
        _read_long(sheet, roles, harvest)
    elif shape == "wide":
        _read_wide(sheet, roles, harvest)
    else:
        _read_units(sheet, roles, harvest)
    return harvest


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
        if not cell.empty and role_of(cell) not in LONG_ROLES:
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
        close, _("long-form columns are {columns}").format(columns=", ".join(LONG_ROLES))
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
    value = row[roles["value"]]
    fields = Fields(unit, period, variable, item, note, source)
    record = make_record(value.raw, value.location, fields, errors)
    if record is not None and met(errors) == before:  # a bad key makes no record
        harvest.records.append(record)


def _read_wide(sheet: Sheet, roles: dict[str, int], harvest: Harvest) -> None:
    """Wide form: a row per unit (and period), a column per variable."""
    columns = _wide_columns(sheet.header, harvest.errors)
    if not columns:
        message = _("no variable columns in a wide-form table")
        where = sheet.header[0].location
        harvest.errors.append(DataFileError(message, where, _(_WIDE_HINT), "D026"))
        return
    for row in sheet.rows:
        if not _blank(row):
            _read_wide_row(row, roles, columns, harvest)


def _wide_columns(header: Sequence[Cell], errors: list[PerkinError]) -> list[WideColumn]:
    """The variable columns of a wide header, noting bad and repeated ones."""
    columns: dict[tuple[str, str | None, Period | None], WideColumn] = {}
    for index, cell in enumerate(header):
        if cell.empty or role_of(cell) is not None:
            continue
        column = _wide_column(index, cell, errors)
        if column is None:
            continue
        key = (column.variable, column.item, column.period)
        if key in columns:
            first = header[columns[key].index].location.label()
            message = _("column '{column}' repeats the column at {first}").format(
                column=cell.text, first=first
            )
            errors.append(DataFileError(message, cell.location, _("keep one of them"), "D027"))
        else:
            columns[key] = column
    return list(columns.values())


def _wide_column(index: int, cell: Cell, errors: list[PerkinError]) -> WideColumn | None:
    """One wide header such as 'rpd[3]@TW2', or None after noting why it is malformed."""
    match = _WIDE_HEADER.fullmatch(cell.text)
    if match is None:
        message = _("cannot read the column header '{column}'").format(column=cell.text)
        errors.append(DataFileError(message, cell.location, _(_WIDE_HINT), "D044"))
        return None
    item = normalise_item(match["item"]) if match["item"] else None
    period = None
    if match["period"]:
        try:
            period = parse_period(match["period"])
        except PeriodError as exc:
            errors.append(exc.with_location(cell.location))
            return None
    return WideColumn(index, match["var"], item, period)


def _read_wide_row(
    row: tuple[Cell, ...], roles: dict[str, int], columns: list[WideColumn], harvest: Harvest
) -> None:
    """One wide-form row: a unit row when it carries name/level/parent, then its values."""
    errors = harvest.errors
    before = met(errors)
    unit_cell = row[roles["unit"]]
    unit = _required(unit_cell, "unit", errors)
    period = _period(_cell(row, roles, "period"), errors)
    # With a bad unit or period the row makes nothing, but its cells are still checked.
    target = harvest if met(errors) == before else Harvest(errors=errors)
    if any(_optional(row, roles, role) for role in ("name", "level", "parent")):
        target.units.append(_declared_unit(unit, row, roles, unit_cell.location))
    base = Fields(
        unit, period, "", None, _optional(row, roles, "note"), _optional(row, roles, "source")
    )
    for column in columns:
        _read_wide_cell(row[column.index], column, base, target)


def _read_wide_cell(cell: Cell, column: WideColumn, base: Fields, harvest: Harvest) -> None:
    """One wide-form value; empty cells hold no value (write N/A to say there is none)."""
    if cell.empty:
        return
    period = _combine(base.period, column.period, cell.location, harvest.errors)
    if period is False:
        return
    fields = replace(base, variable=column.variable, item=column.item, period=period)
    record = make_record(cell.raw, cell.location, fields, harvest.errors)
    if record is not None:
        harvest.records.append(record)


def _combine(
    row: Period | None, column: Period | None, where: Location, errors: list[PerkinError]
) -> Period | Literal[False] | None:
    """The period of a wide cell from its row's and its column's; False when they conflict."""
    if column is None or row == column:
        return row
    if row is None:
        return column
    if row.kind == "tahunan" and column.year is None:
        return Period(row.year, column.kind, column.index)
    message = _("the column says period {column} but the row says {row}").format(
        column=column.label, row=row.label
    )
    hint = _("give the period in the row or in the column header, not both")
    errors.append(DataFileError(message, where, hint, "D044"))
    return False


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
