"""Parquet files as tables: the columns of a long, wide or units CSV file, typed.

Read with pyarrow (the optional extra ``perkin[parquet]``); without it, error D186 says how to
install it. The table becomes a Sheet and is read as a CSV table is (engine.data.sheets): the
same header names, forms, checks and errors. Column kinds are checked first (D185): a key or
label column (unit, period, variable, item, note, source, name, level, parent) holds text or
integers (a year, a unit code); a value column holds numbers (taken as stored) or text (read as
an office cell, like CSV); booleans, dates, times, bytes and nested values are refused, never
read as text silently. Locations are numbered as in the same table written as CSV: the header
is line 1, the first data row line 2, and the column is the 1-based column number.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dsl.errors import Location
from dsl.i18n import _, number_text
from dsl.limits import MAX_DATA_BYTES
from engine.data.csv_files import check_size
from engine.data.model import DataFileError, Harvest
from engine.data.sheets import read_sheet
from engine.data.tables import LONG_COLUMNS, Cell, Sheet, role_of
from engine.input_files import InputLimitError, regular_size

__all__ = ["read_parquet"]

_KEYS = frozenset(LONG_COLUMNS) - {"value"}  # roles whose cells are keys and labels, not values


def read_parquet(path: Path, name: str, adapt: Callable[[Sheet], Sheet] = lambda s: s) -> Harvest:
    """The records and unit rows of a Parquet file, its table read as adapt has it (the data
    mapping's renamed and ignored columns); raises DataFileError when it cannot be read."""
    pa, pq = _pyarrow(name)
    if regular_size(path) > MAX_DATA_BYTES:
        message = _("the file is larger than {limit} bytes").format(
            limit=number_text(MAX_DATA_BYTES)
        )
        hint = _("split the data into several files")
        raise InputLimitError(message, Location(file=name), hint, "D046")
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, ValueError) as exc:  # pyarrow's errors for a damaged file
        message = _("cannot read the file as Parquet ({problem})").format(problem=str(exc)[:200])
        hint = _("write the file again with pyarrow, polars, pandas or DuckDB")
        raise DataFileError(message, Location(file=name), hint, "D187") from None
    check_size(parquet.metadata.num_rows, parquet.metadata.num_columns, Location(file=name))
    _check_kinds(pa, parquet.schema_arrow, name)
    table = parquet.read()
    if table.num_rows == 0:
        message = _("the file has a header row but no data rows")
        hint = _("put a header row (unit, period, variable, value) and one row per value")
        raise DataFileError(message, Location(file=name, line=1), hint, "D023")
    return read_sheet(adapt(_sheet(table, name)))


def _pyarrow(name: str) -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or a located error saying how to install them."""
    try:  # an optional extra: imported only when a Parquet file is read
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise DataFileError(
            _("reading Parquet needs pyarrow, which is not installed"),
            Location(file=name),
            _("install it with: pip install 'perkin[parquet]'"),
            "D186",
        ) from None
    return pa, pq


def _check_kinds(pa: Any, schema: Any, name: str) -> None:
    """DataFileError (D185) at the header of the first column whose kind cannot be read."""
    types = pa.types
    for index, column in enumerate(schema):
        kind = column.type
        if types.is_dictionary(kind):
            kind = kind.value_type
        text = types.is_string(kind) or types.is_large_string(kind)
        whole = types.is_integer(kind)
        number = whole or types.is_floating(kind) or types.is_decimal(kind)
        key = role_of(Cell(column.name, Location())) in _KEYS
        if text or types.is_null(kind) or (whole if key else number):
            continue
        where = Location(file=name, line=1, column=index + 1)
        message = _("column '{column}' holds {kind}, which perkin does not read").format(
            column=column.name, kind=str(column.type)
        )
        if key:
            hint = _("store the column '{column}' as text (string)").format(column=column.name)
        else:
            hint = _("store the values as numbers (double, integer) or as text")
        raise DataFileError(message, where, hint, "D185")


def _sheet(table: Any, name: str) -> Sheet:
    """The table as a Sheet: header names, then each row's values as stored (None for null)."""
    names = [str(n) for n in table.column_names]
    header = tuple(
        Cell(text, Location(file=name, line=1, column=j + 1)) for j, text in enumerate(names)
    )
    keys = [role_of(cell) in _KEYS for cell in header]
    columns = [
        _texts(table.column(j).to_pylist()) if keys[j] else table.column(j).to_pylist()
        for j in range(len(names))
    ]
    rows = tuple(
        tuple(
            Cell(value, Location(file=name, line=line, column=j + 1))
            for j, value in enumerate(values)
        )
        for line, values in enumerate(zip(*columns, strict=True), start=2)
    )
    return Sheet(header, rows)


def _texts(values: list[Any]) -> list[str | None]:
    """A key column's values as the text a CSV file would hold (an integer unit code or year
    as its digits)."""
    return [v if v is None or isinstance(v, str) else str(v) for v in values]
