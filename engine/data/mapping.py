"""The data mapping: perkin-data.yaml beside the data files says how a file's columns map onto
the ruleset — the column that names each row, renamed and ignored columns, a default level and
period — so that an export is read as it comes (docs/data-cells.md, "Mapping a file").

The file lives in the folder of the data files it describes and names them (or glob patterns
such as ``survei_*.csv``); each entry applies to the CSV files and workbook sheets it matches.
Every name in it must be used: a pattern that matches no data file, or a column that no table of
a matched file has, is an error at its line (D047).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _
from dsl.limits import MAX_YAML_DATA_BYTES
from dsl.suggest import did_you_mean
from engine.data.csv_files import decode, read_data_bytes
from engine.data.model import DataFileError, hint_with
from engine.data.tables import Cell, Sheet, header_key, role_of
from engine.data.yaml_nodes import compose_yaml

MAPPING_FILE = "perkin-data.yaml"
KEYS = ("rows", "rename", "ignore", "level", "period")
_HINT = N_("an entry is a file name or pattern with rows:, rename:, ignore:, level: and period:")


@dataclass(frozen=True, slots=True)
class MappingName:
    """A name written in the mapping file, with its place."""

    text: str
    location: Location


@dataclass(slots=True)
class FileMapping:
    """One entry of perkin-data.yaml: how the tables of the files it matches are read."""

    pattern: MappingName
    rename: list[tuple[MappingName, str]] = field(default_factory=list)  # header → new name
    ignore: list[MappingName] = field(default_factory=list)
    level: MappingName | None = None
    period: MappingName | None = None
    matched: bool = False  # some data file matched the pattern
    used: set[str] = field(default_factory=set)  # header keys met in some table

    def matches(self, name: str) -> bool:
        """Whether a data file's name matches the entry (case-insensitive)."""
        return fnmatch.fnmatchcase(name.casefold(), self.pattern.text.casefold())

    def apply(self, sheet: Sheet) -> tuple[Sheet, list[str]]:
        """The table with its columns renamed, ignored ones left out and default level and period
        added; and the headers of the columns left out."""
        keys = [header_key(cell.text) for cell in sheet.header]
        self.used.update(keys)
        dropped = {header_key(n.text) for n in self.ignore}
        kept = [j for j, key in enumerate(keys) if key not in dropped]
        names = {header_key(old.text): new for old, new in self.rename}
        header = tuple(_renamed(sheet.header[j], names.get(keys[j])) for j in kept)
        rows = tuple(tuple(row[j] for j in kept) for row in sheet.rows)
        ignored = [sheet.header[j].text for j, key in enumerate(keys) if key in dropped]
        table = Sheet(header, rows)
        for role, default in (("level", self.level), ("period", self.period)):
            if default is not None:
                table = _with_default(table, role, default)
        return table, ignored

    def unused(self) -> Iterable[PerkinError]:
        """An error for every column the entry names that no table of its files has."""
        if not self.matched:
            hint = _("name a data file in this folder, or a pattern such as survei_*.csv")
            message = _("'{pattern}' matches no data file").format(pattern=self.pattern.text)
            yield DataFileError(message, self.pattern.location, hint, "D047")
            return
        for named in [*(old for old, _new in self.rename), *self.ignore]:
            if header_key(named.text) not in self.used:
                close = did_you_mean(named.text, sorted(self.used))
                hint = hint_with(close, _("name a column of the file's header row"))
                message = _("no column '{column}' in {pattern}").format(
                    column=named.text, pattern=self.pattern.text
                )
                yield DataFileError(message, named.location, hint, "D047")


def _renamed(cell: Cell, name: str | None) -> Cell:
    """The header cell under its new name (at its own place), or as it is."""
    return cell if name is None else replace(cell, raw=name)


def _with_default(sheet: Sheet, role: str, default: MappingName) -> Sheet:
    """The table with a default for a role's column: empty cells filled, or the column added."""
    column = next((j for j, c in enumerate(sheet.header) if role_of(c) == role), None)
    value = Cell(default.text, default.location)
    if column is None:
        header = (*sheet.header, Cell(role, default.location))
        return Sheet(header, tuple((*row, value) for row in sheet.rows))
    rows = tuple(
        tuple(value if j == column and cell.empty else cell for j, cell in enumerate(row))
        for row in sheet.rows
    )
    return Sheet(sheet.header, rows)


@dataclass(slots=True)
class Mappings:
    """The mapping files of the folders read, each read once, and their errors."""

    folders: dict[Path, list[FileMapping]] = field(default_factory=dict)
    errors: list[PerkinError] = field(default_factory=list)

    def for_file(self, path: Path) -> FileMapping | None:
        """The entry of the mapping beside a data file that matches it, if any."""
        folder = path.resolve().parent
        if folder not in self.folders:
            self.folders[folder] = self._read(folder / MAPPING_FILE, path.parent / MAPPING_FILE)
        found = [entry for entry in self.folders[folder] if entry.matches(path.name)]
        for entry in found:
            entry.matched = True
        if len(found) > 1:
            first, second = found[0].pattern, found[1].pattern
            message = _("'{name}' matches both '{first}' and '{second}'").format(
                name=path.name, first=first.text, second=second.text
            )
            hint = _("let one entry name the file")
            self.errors.append(DataFileError(message, second.location, hint, "D047"))
        return found[0] if found else None

    def unused(self) -> list[PerkinError]:
        """Every pattern or column the mapping files name and the data does not have."""
        return [e for entries in self.folders.values() for m in entries for e in m.unused()]

    def _read(self, path: Path, shown: Path) -> list[FileMapping]:
        """The entries of one mapping file ([] when there is none)."""
        if not path.is_file():
            return []
        name = str(shown)
        try:
            text = decode(read_data_bytes(path, name, None, MAX_YAML_DATA_BYTES), name)
            root = compose_yaml(text, name)
        except PerkinError as exc:
            self.errors.append(exc)
            return []
        reader = _Reader(name, text.splitlines(), self.errors)
        return reader.entries(root)


@dataclass(slots=True)
class _Reader:
    """One mapping file's node tree read into entries, noting every problem."""

    name: str
    lines: list[str]
    errors: list[PerkinError]

    def where(self, node: Node) -> Location:
        """The 1-based location of a node."""
        mark = node.start_mark
        source = self.lines[mark.line] if mark.line < len(self.lines) else None
        return Location(self.name, mark.line + 1, mark.column + 1, None, source)

    def fail(self, message: str, node: Node, hint: str | None = None) -> None:
        """Note a problem at a node."""
        self.errors.append(DataFileError(message, self.where(node), hint, "D047"))

    def entries(self, root: Node | None) -> list[FileMapping]:
        """The file's entries: a mapping from file name or pattern to its settings."""
        if root is None:
            return []
        if not isinstance(root, MappingNode):
            self.fail(_("expected a mapping of file names to their columns"), root, _(_HINT))
            return []
        out = []
        for key, value in root.value:
            pattern = self.scalar(key)
            if pattern is not None:
                out.append(self.entry(FileMapping(MappingName(pattern, self.where(key))), value))
        return out

    def entry(self, mapping: FileMapping, node: Node) -> FileMapping:
        """One entry's settings."""
        if not isinstance(node, MappingNode):
            self.fail(_("expected rows:, rename:, ignore:, level: or period: here"), node, _(_HINT))
            return mapping
        for key, value in node.value:
            setting = self.scalar(key)
            if setting == "rows":
                mapping.rename.append((self.named(value), "item"))
            elif setting == "rename":
                mapping.rename.extend(self.renames(value))
            elif setting == "ignore":
                mapping.ignore.extend(self.names(value))
            elif setting in ("level", "period"):
                setattr(mapping, setting, self.named(value))
            elif setting is not None:
                message = _("unknown key '{key}'").format(key=setting)
                self.fail(message, key, did_you_mean(setting, KEYS) or _(_HINT))
        return mapping

    def renames(self, node: Node) -> list[tuple[MappingName, str]]:
        """rename: {OLD: new, …}."""
        if not isinstance(node, MappingNode):
            self.fail(_("expected a mapping of old to new column names"), node)
            return []
        pairs = [(self.named(old), self.scalar(new)) for old, new in node.value]
        return [(old, new) for old, new in pairs if old.text and new]

    def names(self, node: Node) -> list[MappingName]:
        """ignore: [a, b] (or a single name)."""
        items = node.value if isinstance(node, SequenceNode) else [node]
        return [named for item in items if (named := self.named(item)).text]

    def named(self, node: Node) -> MappingName:
        """A scalar with its place ('' after noting that it is not one)."""
        return MappingName(self.scalar(node) or "", self.where(node))

    def scalar(self, node: Node) -> str | None:
        """A scalar's text, or None after noting that the node is not a single value."""
        if isinstance(node, ScalarNode) and str(node.value).strip():
            return str(node.value).strip()
        self.fail(_("expected a single name or value here"), node)
        return None
