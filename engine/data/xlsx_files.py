"""Excel workbooks as tables: every sheet with a recognised header, cached values only.

Values are the ones Excel cached when it last saved the file; formulas are never evaluated, so a
formula without a cached value (a file written by a script and never opened in Excel) is an
error. Merged cells are refused, since only their top-left cell holds a value, and so are a
hidden sheet, row or column holding values (xlsx_hidden.py). A sheet without a unit column is
an error unless it is empty or named like a README or instructions sheet.
Locations are ``file.xlsx!Sheet!C7``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _, number_text
from dsl.limits import MAX_DATA_BYTES, MAX_XLSX_BYTES, MAX_XLSX_CELLS, MAX_XLSX_RATIO, MAX_XLSX_ROWS
from engine.data.cells import excel_percent
from engine.data.model import DataFileError, Harvest
from engine.data.sheets import read_sheet
from engine.data.tables import Cell, Sheet, no_unit_error, shape_of
from engine.data.xlsx_hidden import hidden_errors
from engine.input_files import InputLimitError, regular_size

_INSTRUCTIONS = re.compile(
    r"read ?me|petunjuk|panduan|instruc|instruksi|keterangan|catatan|notes?\b|info", re.IGNORECASE
)


def read_xlsx(path: Path, name: str, adapt: Callable[[Sheet], Sheet] = lambda s: s) -> Harvest:
    """The records and unit rows of every data sheet in a workbook, each read as adapt has it
    (the data mapping's renamed and ignored columns, default level and period)."""
    _check_size(path, name)
    values = _load(path, name, data_only=True)
    formulas = _load(path, name, data_only=False)
    harvest = Harvest()
    read_any = False
    for sheet in values.worksheets:
        found = _read_sheet(sheet, formulas[sheet.title], name, adapt)
        harvest.absorb(found)
        read_any = read_any or bool(found.records or found.units or found.errors)
    if not read_any:
        hint = _("put a header row (unit, period, variable, value) on a sheet, one row per value")
        message = _("no data in the workbook")
        harvest.errors.append(DataFileError(message, Location(file=name), hint, "D037"))
    return harvest


_LARGE_MEMBER = 1 << 20  # below a megabyte, a high compression ratio costs nothing
_SIZE_HINT = N_("split the workbook into several files, or save the data as CSV")


def _check_size(path: Path, name: str) -> None:
    """OSError for a workbook that is not a regular file; InputLimitError, before openpyxl loads
    it, for one whose zip members inflate beyond MAX_XLSX_BYTES or by more than MAX_XLSX_RATIO
    (a zip bomb), or with a sheet over MAX_XLSX_ROWS rows or MAX_XLSX_CELLS cells."""
    if regular_size(path) > MAX_DATA_BYTES:
        message = _("the file is larger than {limit} bytes").format(
            limit=number_text(MAX_DATA_BYTES)
        )
        raise InputLimitError(message, Location(file=name), _(_SIZE_HINT), "D046")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: openpyxl says it cannot open the file
    inflated = sum(member.file_size for member in members)
    if inflated > MAX_XLSX_BYTES:
        message = _("the workbook unpacks to {size} bytes; the limit is {limit}").format(
            size=number_text(inflated), limit=number_text(MAX_XLSX_BYTES)
        )
        raise InputLimitError(message, Location(file=name), _(_SIZE_HINT), "D046")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _LARGE_MEMBER and ratio > MAX_XLSX_RATIO:
            message = _("'{member}' unpacks {ratio} times its size (a zip bomb?)").format(
                member=member.filename, ratio=number_text(round(ratio))
            )
            raise InputLimitError(message, Location(file=name), _(_SIZE_HINT), "D046")
    _count_shared_strings(path, name)
    _count_cells(_load(path, name, data_only=True, read_only=True), name)


# an item of a shared-strings table, with or without a namespace prefix (<si>, <x:si …>); the
# longest match is 38 bytes, so a chunk's last _OVERLAP bytes are searched again with the next
_SHARED_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?si[\s/>]")
_OVERLAP = 64


def _count_shared_strings(path: Path, name: str) -> None:
    """InputLimitError for a shared-strings table of more than MAX_XLSX_CELLS items: openpyxl
    reads the whole table at each of its loads, whether cells use the strings or not (three
    million items, an 8 MB file, took 48 s). Counted in the raw XML, in bounded memory."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    try:
        with zipfile.ZipFile(path) as archive:
            part = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
            found = part.find(SHARED_STRINGS)
            if found is None:
                return
            with archive.open(found.PartName.lstrip("/")) as stream:
                count = _items(stream, MAX_XLSX_CELLS)
    # a damaged package: the load reports it with the other errors of opening
    except Exception:  # zipfile, XML and openpyxl's descriptors raise many kinds
        return
    if count > MAX_XLSX_CELLS:
        message = _("the workbook holds more than {limit} shared strings").format(
            limit=number_text(MAX_XLSX_CELLS)
        )
        raise InputLimitError(message, Location(file=name), _(_SIZE_HINT), "D046")


def _items(stream: Any, limit: int) -> int:
    """The shared-string items in the stream, counted until there are more than `limit`."""
    count, carry = 0, b""
    while chunk := stream.read(1 << 20):
        data = carry + chunk
        cut = max(len(data) - _OVERLAP, 0)  # a match starting after it is counted next time
        count += sum(1 for match in _SHARED_ITEM.finditer(data) if match.start() < cut)
        if count > limit:
            return count
        carry = data[cut:]
    return count + len(_SHARED_ITEM.findall(carry))


def _count_cells(workbook: Any, name: str) -> None:
    """InputLimitError at the first row over MAX_XLSX_ROWS, or whose grid from A1 (every row up
    to it, as wide as the widest so far: what reading the sheet makes) is over MAX_XLSX_CELLS."""
    try:
        for sheet in workbook.worksheets:
            # the rows and cells there are, not those <dimension> claims: the streaming reader
            # stops at its last row (a lie of A1:D2 hid a million rows) and pads every row to
            # its last column (A1:XFD1048576 made 70 rows a million cells)
            sheet.reset_dimensions()
            width = empty = 0
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                width = max(width, len(row))
                empty += not any(value is not None for value in row)
                if number > MAX_XLSX_ROWS or number * width > MAX_XLSX_CELLS:
                    raise _too_big(name, sheet.title, number, empty)
    except InputLimitError:
        raise
    # a damaged sheet: the full load below reports it with the other errors of opening
    except Exception:  # openpyxl raises many kinds, all meaning the same
        return
    finally:
        workbook.close()


def _too_big(name: str, title: str, number: int, empty: int) -> InputLimitError:
    """The limit error at row `number`, whose hint names the empty rows when most are empty (a
    sheet whose every row was given a format, or a cell far below the data)."""
    where = Location(file=name, sheet=title, cell=f"A{number}")
    if number > MAX_XLSX_ROWS:
        message = _("the sheet has more than {limit} rows").format(limit=number_text(MAX_XLSX_ROWS))
    else:
        message = _("the sheet has more than {limit} cells").format(
            limit=number_text(MAX_XLSX_CELLS)
        )
    hint = _(_SIZE_HINT)
    if 2 * empty > number:
        hint = _(
            "delete the empty rows below the data ({empty} of the first {rows}) and any cell far"
            " below or to the right of it, or save the data as CSV"
        ).format(empty=number_text(empty), rows=number_text(number))
    return InputLimitError(message, where, hint, "D046")


def _load(path: Path, name: str, *, data_only: bool, read_only: bool = False) -> Any:
    """The workbook, or a DataFileError saying it cannot be opened."""
    import openpyxl  # here, not at the top: commands that read no workbook skip its import

    try:
        return openpyxl.load_workbook(path, data_only=data_only, read_only=read_only)
    # openpyxl raises many kinds of errors on damaged files (BadZipFile, InvalidFileException,
    # KeyError, ValueError, XML errors); all mean the same to the user.
    except Exception as exc:
        message = _("cannot open the file as an Excel workbook ({problem})").format(
            problem=f"{type(exc).__name__}: {exc}"
        )
        hint = _("open it in Excel and save it again as 'Excel Workbook (.xlsx)'")
        raise DataFileError(message, Location(file=name), hint, "D034") from None


def _read_sheet(sheet: Any, formulas: Any, name: str, adapt: Callable[[Sheet], Sheet]) -> Harvest:
    """One sheet's records, or nothing for an empty or instructions sheet."""
    harvest = Harvest()
    grid = _grid(sheet, formulas, name, harvest)
    rows = [row for row in grid if any(not cell.empty for cell in row)]
    if not rows:
        return Harvest()
    table = adapt(Sheet(rows[0], tuple(rows[1:])))  # a mapping may rename a column to unit
    if shape_of(table.header) is None:
        if _INSTRUCTIONS.search(sheet.title):
            return Harvest()
        return Harvest(errors=[_no_unit(table.header, sheet.title, name)])
    refused = _merged_errors(sheet, name) + hidden_errors(sheet, name)
    if refused:
        return Harvest(errors=refused)
    if len(rows) == 1:
        where = Location(file=name, sheet=sheet.title)
        hint = _("put one row per value under the header row")
        message = _("the sheet has a header row but no data rows")
        harvest.errors.append(DataFileError(message, where, hint, "D023"))
    harvest.absorb(read_sheet(table))
    return harvest


def _no_unit(header: tuple[Cell, ...], title: str, name: str) -> DataFileError:
    """The missing-unit error, with a hint about sheets perkin skips."""
    error = no_unit_error(header)
    skip = _("or name the sheet README or Petunjuk if '{sheet}' holds no data").format(sheet=title)
    hint = _("{hint}; {more}").format(hint=error.hint, more=skip) if error.hint else skip
    return DataFileError(error.message, error.location, hint, error.code)


def _grid(sheet: Any, formulas: Any, name: str, harvest: Harvest) -> list[tuple[Cell, ...]]:
    """The sheet's cells row by row, noting formulas whose value Excel never cached."""
    grid: list[tuple[Cell, ...]] = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            where = Location(file=name, sheet=sheet.title, cell=cell.coordinate)
            if cell.value is None and _is_formula(formulas, cell.row, cell.column):
                harvest.errors.append(_uncached(where))
            cells.append(Cell(excel_percent(cell.value, cell.number_format), where))
        grid.append(tuple(cells))
    return grid


def _is_formula(formulas: Any, row: int, column: int) -> bool:
    """Whether the cell holds a formula in the workbook loaded with formulas."""
    return bool(formulas.cell(row=row, column=column).data_type == "f")


def _uncached(where: Location) -> DataFileError:
    """The error for a formula cell without a cached value."""
    message = _("formula without a cached value")
    hint = _("open and save the file in Excel so the formula's value is stored, or type the value")
    return DataFileError(message, where, hint, "D036")


def _merged_errors(sheet: Any, name: str) -> list[PerkinError]:
    """One error per merged range of the sheet."""
    hint = _("unmerge the cells and fill in the value in every cell")
    return [
        DataFileError(
            _("merged cells {range}").format(range=merged.coord),
            Location(file=name, sheet=sheet.title, cell=merged.coord),
            hint,
            "D035",
        )
        for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    ]
