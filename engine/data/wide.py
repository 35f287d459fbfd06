"""Wide form: a row per unit (and period), a column per variable — ``ikm``, ``rpd[3]``,
``rpd[jan]``, ``ikm@TW2``.

A wide table with an ``item`` column (or the column a data mapping names with ``rows:``) is a
table of records: each row is one record of its unit (a respondent, an assessor), the item
column names it, and every value of the row is that item of its variable's series. A unit has
many rows then; the same item twice in one unit and period is an error at the second row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _
from engine.data.model import DataFileError, Fields, Harvest, make_record, met, normalise_item
from engine.data.tables import (
    Cell,
    Sheet,
    _blank,
    _cell,
    _optional,
    _period,
    _required,
    declare_unit,
    role_of,
    row_validation,
)
from engine.periods import Period, PeriodError, parse_period

__all__ = ["WideColumn", "read_wide", "wide_columns"]

_WIDE_HEADER = re.compile(
    r"(?P<var>[^\[\]@]+?)\s*(?:\[\s*(?P<item>[^\[\]@]+?)\s*\])?\s*(?:@\s*(?P<period>[^\[\]@]+))?"
)
_WIDE_HINT = N_("write a variable column as name, name[3], name[jan], name@TW2 or name[3]@TW2")
RowKey = tuple[str, Period | None, str]  # unit, period, item of a record row


@dataclass(frozen=True, slots=True)
class WideColumn:
    """A wide-form variable column: which variable, series item and period its cells hold."""

    index: int
    variable: str
    item: str | None
    period: Period | None
    location: Location | None = None  # the header cell


def read_wide(sheet: Sheet, roles: dict[str, int], harvest: Harvest) -> None:
    """Wide form: a row per unit (and period, or record), a column per variable."""
    columns = wide_columns(sheet.header, harvest.errors)
    if not columns:
        message = _("no variable columns in a wide-form table")
        where = sheet.header[0].location
        harvest.errors.append(DataFileError(message, where, _(_WIDE_HINT), "D026"))
        return
    rows: dict[RowKey, Location] = {}
    for row in sheet.rows:
        if not _blank(row):
            _read_row(row, roles, columns, harvest, rows)


def wide_columns(header: Sequence[Cell], errors: list[PerkinError]) -> list[WideColumn]:
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
    return WideColumn(index, match["var"], item, period, cell.location)


def _read_row(
    row: tuple[Cell, ...],
    roles: dict[str, int],
    columns: list[WideColumn],
    harvest: Harvest,
    rows: dict[RowKey, Location],
) -> None:
    """One wide-form row: a unit row when it carries name/level/parent, then its values."""
    errors = harvest.errors
    before = met(errors)
    unit = _required(row[roles["unit"]], "unit", errors)
    period = _period(_cell(row, roles, "period"), errors)
    item = _row_item(row, roles, errors)
    checked = row_validation(row, roles, errors)
    # With a bad unit, period or item the row makes nothing, but its cells are still checked.
    target = harvest if met(errors) == before else Harvest(errors=errors)
    key, item_cell = (unit, period, item or ""), _cell(row, roles, "item")
    if item and target is harvest and item_cell and _repeated(key, item_cell, rows, errors):
        target = Harvest(errors=errors)
    declare_unit(unit, row, roles, target)
    note, source = _optional(row, roles, "note"), _optional(row, roles, "source")
    base = Fields(unit, period, "", item or None, note, source, validation=checked)
    for column in columns:
        _read_cell(row[column.index], column, base, target)


def _row_item(
    row: tuple[Cell, ...], roles: dict[str, int], errors: list[PerkinError]
) -> str | None:
    """The record a row is (its item column), '' when missing, None without an item column."""
    cell = _cell(row, roles, "item")
    if cell is None:
        return None
    text = _required(cell, "item", errors)
    return (normalise_item(text) or "") if text else ""


def _repeated(
    key: RowKey, cell: Cell, rows: dict[RowKey, Location], errors: list[PerkinError]
) -> bool:
    """Whether the record was already given in the table, noting the error at its second row."""
    first = rows.setdefault(key, cell.location)
    if first is cell.location:
        return False
    message = _("row '{item}' of unit '{unit}' is given twice; first at {first}").format(
        item=key[2], unit=key[0], first=first.label()
    )
    hint = _("give each record (respondent, assessor …) one row, with its own key")
    errors.append(DataFileError(message, cell.location, hint, "D040"))
    return True


def _read_cell(cell: Cell, column: WideColumn, base: Fields, harvest: Harvest) -> None:
    """One wide-form value; empty cells hold no value (write N/A to say there is none)."""
    if cell.empty:
        return
    period = _combine(base.period, column.period, cell.location, harvest.errors)
    item = _item(base.item, column.item, cell.location, harvest.errors)
    if period is False or item is False:
        return
    fields = replace(
        base, variable=column.variable, item=item, period=period, header=column.location
    )
    record = make_record(cell.raw, cell.location, fields, harvest.errors)
    if record is not None:
        harvest.records.append(record)


def _item(
    row: str | None, column: str | None, where: Location, errors: list[PerkinError]
) -> str | Literal[False] | None:
    """The item of a wide cell from its row's (a record) and its column's; False when both."""
    if row is None or column is None:
        return row if column is None else column
    message = _("the column says item {column} but the row is record {row}").format(
        column=column, row=row
    )
    hint = _("in a table of records, name each column by its variable only")
    errors.append(DataFileError(message, where, hint, "D044"))
    return False


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
