"""Which CSV files are read column-wise, and by which reader: wide and units files by
engine.data.csv_columns, long-form files by engine.data.csv_long; None for any other file, which
the per-record reader reads."""

from __future__ import annotations

from pathlib import Path

from engine.data.csv_columns import open_table, read_rows
from engine.data.csv_long import read_long
from engine.data.csv_rows import ColumnRead

__all__ = ["read_columns"]


def read_columns(path: Path, name: str, index: int) -> ColumnRead | None:
    """The file read column-wise, or None when the per-record reader must read it."""
    opened = open_table(path, name)
    if opened is None:
        return None
    lines, layout = opened
    if layout.shape == "long":
        return read_long(lines, layout, name, index)
    return read_rows(lines, layout, name, index)
