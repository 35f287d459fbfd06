"""A table (a CSV file or a workbook sheet) read in the form its header shows: long, wide or a
units file (engine.data.tables, engine.data.wide)."""

from __future__ import annotations

from engine.data.model import Harvest
from engine.data.tables import Sheet, _read_long, _read_units, _roles, no_unit_error, shape_of
from engine.data.wide import read_wide

__all__ = ["read_sheet"]


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
        read_wide(sheet, roles, harvest)
    else:
        _read_units(sheet, roles, harvest)
    return harvest
