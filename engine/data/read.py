"""Reading realisation data: CSV, Excel, YAML and JSON files into one checked Dataset.

A path is a file or a folder; a folder contributes its data files (non-recursive, sorted by name,
skipping README*, hidden files and Excel's ~$ lock files). Every problem in every file is
collected and raised together as one PerkinErrors; see engine.data.model for the error codes.
Values are read without a kind; ``reparse`` reads one again with its variable's declared kind.
A wide-form, units or long-form CSV file is split into columns by the columnar tokenizer
(engine.data.csv_bulk) where it can be: the same values and errors, read column-wise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _, ngettext
from engine.data.cells import CellError, CellValue, TextValue, parse_cell
from engine.data.checks import hierarchy_errors, merge_units
from engine.data.csv_bulk import read_columns
from engine.data.csv_files import read_csv_sheet
from engine.data.duplicates import duplicate_errors
from engine.data.mapping import MAPPING_FILE, FileMapping, Mappings
from engine.data.model import (
    ROW_ERRORS,
    Bulk,
    BulkFile,
    DataFileError,
    Dataset,
    DeclaredUnit,
    ErrorLog,
    Harvest,
    Positioned,
    Record,
    position,
)
from engine.data.parquet_files import read_parquet
from engine.data.sheets import read_sheet
from engine.data.tables import Sheet
from engine.data.xlsx_files import read_xlsx
from engine.data.yaml_files import read_json, read_yaml

__all__ = ["DataFileError", "Dataset", "DeclaredUnit", "Record", "read_data", "reparse"]

Adapt = Callable[[Sheet], Sheet]  # a table as the data mapping has it read (or as it is)
_READERS: dict[str, Callable[[Path, str, Adapt], Harvest]] = {
    ".csv": lambda path, name, adapt: read_sheet(adapt(read_csv_sheet(path, name))),
    ".tsv": lambda path, name, adapt: read_sheet(adapt(read_csv_sheet(path, name))),
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".yaml": lambda path, name, _adapt: read_yaml(path, name),
    ".yml": lambda path, name, _adapt: read_yaml(path, name),
    ".json": lambda path, name, _adapt: read_json(path, name),
    ".parquet": read_parquet,
}
_SHEETS = (".csv", ".tsv", ".xlsx", ".xlsm", ".parquet")


def read_data(paths: Sequence[Path], *, columnar: bool = True, to_bind: bool = False) -> Dataset:
    """The dataset in the given files and folders; raises PerkinErrors listing every problem.

    columnar=False reads every CSV file record by record too: the reference the columnar
    tokenizer is held equal to. to_bind=True (for a caller that binds the dataset next) returns
    the values read despite errors of engine.data.model.ROW_ERRORS, with the errors in
    Dataset.errors: binding raises them with its own, so a bad period does not hide an unknown
    unit.
    """
    reading = _Reading(columnar)
    for path in _files(paths, reading.errors, reading.repeated):
        reading.read(path)
    reading.errors.extend([*reading.mappings.errors, *reading.mappings.unused()])
    units, conflicts = merge_units(reading.units)
    duplicates = duplicate_errors(reading.records, reading.bulk)
    reading.errors.extend([*duplicates, *conflicts, *hierarchy_errors(units)])
    errors = reading.errors.collected()
    if errors and not (to_bind and all(e.code in ROW_ERRORS for e in errors)):
        raise PerkinErrors(errors)
    positions = np.array([pos for pos, _record in reading.records], dtype=np.int64)
    bulk = Bulk(tuple(reading.bulk), positions)
    records = tuple(r for _pos, r in reading.records)
    notices = reading.notices()
    return Dataset(records, units, tuple(reading.files), bulk, tuple(errors), notices)


@dataclass(slots=True)
class _Reading:
    """What the files read so far hold, in reading order."""

    columnar: bool
    errors: ErrorLog = field(default_factory=ErrorLog)
    files: list[str] = field(default_factory=list)
    records: list[Positioned] = field(default_factory=list)
    units: list[DeclaredUnit] = field(default_factory=list)
    bulk: list[BulkFile] = field(default_factory=list)
    mappings: Mappings = field(default_factory=Mappings)
    ignored: dict[str, tuple[FileMapping, list[str]]] = field(default_factory=dict)
    repeated: list[tuple[Path, Path]] = field(default_factory=list)  # (named again, first)

    def notices(self) -> tuple[str, ...]:
        """One notice per file whose mapping left columns out, naming them, and one per file
        named a second time (read once)."""
        ignored = tuple(
            ngettext(
                "{file}: column {columns} ignored ({mapping})",
                "{file}: columns {columns} ignored ({mapping})",
                len(names),
            ).format(file=file, columns=", ".join(names), mapping=m.pattern.location.label())
            for file, (m, names) in self.ignored.items()
            if names
        )
        twice = _("{file}: the same file as {first}, named again; read once")
        return ignored + tuple(twice.format(file=a, first=b) for a, b in self.repeated)

    def read(self, path: Path) -> None:
        """Read one file, column-wise when it allows it (and no data mapping applies to it)."""
        index, name = len(self.files), str(path)
        self.files.append(name)
        mapping = self.mappings.for_file(path)
        csv = self.columnar and path.suffix.casefold() in (".csv", ".tsv") and mapping is None
        got = read_columns(path, name, index) if csv else None
        if got is None:
            harvest = _read_file(path, self._adapt(path, mapping))
            self.errors.extend(harvest.errors)
            self.units.extend(harvest.units)
            self.records.extend((position(index, n, 0), r) for n, r in enumerate(harvest.records))
            return
        self.errors.extend(err for _pos, err in sorted(got.errors, key=lambda pe: pe[0]))
        self.units.extend(got.units)
        self.records.extend(got.records)
        self.bulk.extend(got.files)

    def _adapt(self, path: Path, mapping: FileMapping | None) -> Adapt:
        """How the file's tables are read: through the mapping that matches it, if any; the
        columns it leaves out are noted once for the file."""
        if mapping is None:
            return _as_is
        if path.suffix.casefold() not in _SHEETS:
            hint = _("a data mapping applies to CSV files and workbooks")
            message = _("'{file}' is not a table").format(file=path.name)
            self.errors.append(DataFileError(message, mapping.pattern.location, hint, "D047"))
        ignored = self.ignored.setdefault(str(path), (mapping, []))[1]

        def adapt(sheet: Sheet) -> Sheet:
            table, left_out = mapping.apply(sheet)
            ignored.extend(name for name in left_out if name not in ignored)
            return table

        return adapt


def reparse(record: Record, kind: str | None) -> CellValue:
    """The record's value read with its variable's kind; a CellError at the record's location."""
    if record.native:
        return TextValue(record.raw) if kind == "text" else record.value
    try:
        return parse_cell(record.raw, kind=kind)
    except CellError as exc:
        message = _("{message} ({value})").format(message=exc.message, value=record.describe())
        raise CellError(message, record.location, exc.hint, exc.code) from None


def _files(
    paths: Sequence[Path], errors: list[PerkinError], repeated: list[tuple[Path, Path]]
) -> Iterator[Path]:
    """The data files the paths name, once each (a file named again is noted in `repeated`),
    noting paths that name none."""
    if not paths:
        hint = _("name a data file or folder")
        errors.append(DataFileError(_("no data files given"), None, hint, "D045"))
    seen: dict[Path, Path] = {}
    for path in paths:
        for file in _expand(path, errors):
            if file.name == MAPPING_FILE:
                continue  # named with its data: read beside each data file of its folder
            if not file.is_file():  # in a folder: a pipe, a device, a broken or looping link
                reason = _("not a regular file (a device, pipe, socket or broken link)")
                message = _("cannot read the file: {reason}").format(reason=reason)
                hint = _("name a regular file that you may read (not a folder, device or pipe)")
                errors.append(DataFileError(message, Location(file=str(file)), hint, "D020"))
                continue
            real = file.resolve()
            if real in seen:
                repeated.append((file, seen[real]))
                continue
            seen[real] = file
            yield file


def _expand(path: Path, errors: list[PerkinError]) -> list[Path]:
    """The path itself when a data file, a folder's data files, else [] after noting why."""
    where = Location(file=str(path))
    if path.is_dir():
        found = sorted((p for p in path.iterdir() if _is_data_file(p)), key=lambda p: p.name)
        if not found:
            hint = _("a data folder holds .csv, .xlsx, .parquet, .yaml, .yml or .json files")
            errors.append(DataFileError(_("no data files in the folder"), where, hint, "D045"))
        return found
    if not path.exists():
        message, hint = _("no such file or folder"), _("check the path")
        errors.append(DataFileError(message, where, hint, "D045"))
        return []
    if path.suffix.casefold() not in _READERS:
        if path.suffix.casefold() == ".xls":
            hint = _(
                "data files are .csv, .tsv, .xlsx, .xlsm, .parquet, .yaml, .yml or .json"
                " (save an .xls workbook as .xlsx)"
            )
        else:
            hint = _("data files are .csv, .tsv, .xlsx, .xlsm, .parquet, .yaml, .yml or .json")
        message = _("unsupported file type '{suffix}'").format(suffix=path.suffix)
        errors.append(DataFileError(message, where, hint, "D021"))
        return []
    return [path]


def _is_data_file(path: Path) -> bool:
    """Whether a folder entry is a data file perkin reads."""
    name = path.name
    skipped = name.startswith((".", "~$")) or name.casefold().startswith("readme")
    skipped = skipped or name == MAPPING_FILE  # the data mapping, read beside each data file
    return not path.is_dir() and not skipped and path.suffix.casefold() in _READERS


def _as_is(sheet: Sheet) -> Sheet:
    """A table read as it is (no data mapping applies)."""
    return sheet


def _read_file(path: Path, adapt: Adapt = _as_is) -> Harvest:
    """One file's records and unit rows; its problems as errors, never as exceptions."""
    name = str(path)
    try:
        return _READERS[path.suffix.casefold()](path, name, adapt)
    except PerkinError as exc:
        return Harvest(errors=[exc])
    except OSError as exc:
        message = _("cannot read the file: {reason}").format(reason=exc.strerror or exc)
        hint = _("name a regular file that you may read (not a folder, device or pipe)")
        return Harvest(errors=[DataFileError(message, Location(file=name), hint, "D020")])
