"""Two workbooks compared as a reader sees them, with openpyxl: every cell's value, type, number
format, quote prefix, fill, font and alignment, the column widths, frozen panes and filters, the
sheets' names and order. One line per difference.

    python tests/engine/xlsx_diff.py OLD.xlsx NEW.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

DEFAULT_FONT = ("Calibri", 11.0)  # what a font without name or size shows (both writers' default)


def describe(path: Path | Any) -> dict[str, Any]:
    """{where: what} of everything compared."""
    book = openpyxl.load_workbook(path)
    found: dict[str, Any] = {"sheets": book.sheetnames}
    for ws in book.worksheets:
        found[f"{ws.title}: panes"] = ws.freeze_panes
        found[f"{ws.title}: filter"] = ws.auto_filter.ref
        for dim in ws.column_dimensions.values():  # a range of columns of one width: each
            for column in range(dim.min or 0, (dim.max or 0) + 1) if dim.customWidth else ():
                found[f"{ws.title}!{get_column_letter(column)}: width"] = dim.width
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None or cell.has_style:
                    found[f"{ws.title}!{cell.coordinate}"] = _cell(cell)
    return found


def _cell(cell: Any) -> tuple[Any, ...]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    colour = font.color.rgb if font.color is not None and font.color.type == "rgb" else None
    shown = (font.name or DEFAULT_FONT[0], float(font.sz or DEFAULT_FONT[1]))
    return (
        cell.value, cell.data_type, cell.number_format, bool(cell.quotePrefix),
        fill.fill_type, fill.fgColor.rgb if fill.fill_type else None,
        bool(font.b), bool(font.i), colour, shown,
        align.vertical, bool(align.wrap_text),
    )  # fmt: skip


def diff(old: Path | Any, new: Path | Any) -> list[str]:
    """One line per difference between the two workbooks."""
    a, b = describe(old), describe(new)
    return [
        f"{k}: {a.get(k)!r} != {b.get(k)!r}"
        for k in sorted(a.keys() | b.keys())
        if a.get(k) != b.get(k)
    ]


if __name__ == "__main__":
    lines = diff(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(lines[:50]) or "same")
    print(f"{len(lines)} differences", file=sys.stderr)
    raise SystemExit(1 if lines else 0)
