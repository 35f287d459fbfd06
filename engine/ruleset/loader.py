"""load_ruleset: YAML → merged document → schema check → immutable model → semantic checks."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _
from engine.ruleset import checks
from engine.ruleset.borrowed import legal_seeds
from engine.ruleset.build import ModelBuilder, RulesetError
from engine.ruleset.citations import source_errors
from engine.ruleset.model import (
    Ruleset,
)
from engine.ruleset.peers import comparison_errors, comparisons_of, with_peer_figures
from engine.ruleset.renstra import planning_errors, with_renstra_figures
from engine.ruleset.resolve import Document, read_document
from engine.ruleset.schema import (
    SECTIONS,
    BrokenParts,
    NodePath,
    dotted,
    placed_schema_errors,
    schema_errors,
)
from engine.ruleset.selection import selection_of
from engine.ruleset.selection_check import selection_errors
from engine.ruleset.shares import shares_of
from engine.ruleset.validation import validation_errors, validation_of
from engine.ruleset.yamlpos import Mark, PosDict, PosList, location_of

ENTRY_NAMES = ("ruleset.yaml", "ruleset.yml")


def not_finite(data: PosDict, lines: dict[str, list[str]]) -> list[tuple[NodePath, PerkinError]]:
    """An error for every NaN or infinity anywhere in the document (.nan, .inf, 1e999)."""
    return [
        (
            path,
            RulesetError(
                _("'{path}' is {value}, not a finite number").format(
                    path=dotted(path), value=value
                ),
                location_of(mark, dotted(path), lines.get(mark.file)),
                _("write a number such as 86.75, or N/A where the document gives no value"),
                code="R047",
            ),
        )
        for path, value, mark in _numbers(data, ())
        if not math.isfinite(value)
    ]


def _numbers(node: Any, path: NodePath) -> Iterator[tuple[NodePath, float, Mark]]:
    """Every float in the document with its path and position."""
    if isinstance(node, PosDict):
        for key, value in node.items():
            if isinstance(value, float):
                yield (*path, key), value, node.value_marks.get(key, node.mark)
            yield from _numbers(value, (*path, key))
    elif isinstance(node, PosList):
        for n, value in enumerate(node):
            if isinstance(value, float):
                yield (*path, n), value, node.item_marks[n]
            yield from _numbers(value, (*path, n))


def find_entry(path: Path) -> Path:
    """The entry ruleset file of a year folder, or the file itself."""
    if path.exists() and not path.is_dir():  # a device or FIFO too: reading refuses it
        return path
    if not path.exists():
        message = _("'{path}' does not exist").format(path=path)
        raise RulesetError(message, Location(file=str(path)), code="R005")
    for name in ENTRY_NAMES:
        if (path / name).is_file():
            return path / name
    raise RulesetError(
        _("folder '{path}' has no ruleset.yaml").format(path=path),
        Location(file=str(path)),
        _("a year folder names its entry ruleset ruleset.yaml"),
        code="R005",
    )


def load_ruleset(path: Path, roots: tuple[Path, ...] | None = None) -> Ruleset:
    """Load, validate and check a ruleset file (or year folder); every problem at once."""
    entry = find_entry(path)
    doc = read_document(entry, roots)
    found = [*placed_schema_errors(doc.data, doc.lines), *not_finite(doc.data, doc.lines)]
    problems = list({id(err): err for _path, err in found}.values())
    problems += source_errors(doc.data, doc.lines) + planning_errors(doc.data, doc.lines)
    problems += validation_errors(doc.data, doc.lines)
    compared = comparison_errors(doc.data, doc.lines)  # else its figures repeat each error
    problems += compared
    broken = BrokenParts.of(path for path, _err in found)
    usable = _usable(doc, broken) if broken is not None else None
    if usable is None:
        raise PerkinErrors(problems)
    with_renstra_figures(usable.data)
    if not compared:
        with_peer_figures(usable.data)
    builder = ModelBuilder(usable, broken or BrokenParts(), doc.data)
    ruleset = replace(
        builder.build(),
        validation=validation_of(usable.data),
        selection=selection_of(usable.data),
        comparisons=comparisons_of(usable.data),
        seeds=legal_seeds(usable.data),
        shares=shares_of(usable),
    )
    problems += builder.errors + checks.check(ruleset, broken)
    problems += selection_errors(ruleset, usable.data, doc.lines)
    if problems:
        raise PerkinErrors(problems)
    return ruleset


def _usable(doc: Document, broken: BrokenParts) -> Document | None:
    """The document without its broken parts, when the rest is schema-valid and every section
    that names things is whole (else the checks would report what the schema errors hide)."""
    if not broken.keys and not broken.entries:
        return doc
    if any(key in SECTIONS for key in broken.keys):
        return None
    data = _without(doc.data, broken.keys)
    for section in SECTIONS:
        if isinstance(data.get(section), PosDict):
            data[section] = _without(data[section], broken.names(section))
    if schema_errors(data, doc.lines):
        return None
    return Document(data, doc.files, doc.lines, doc.texts)


def _without(node: PosDict, keys: Collection[str]) -> PosDict:
    """A copy of a mapping without some keys, its positions kept."""
    out = PosDict((key, value) for key, value in node.items() if key not in keys)
    out.mark, out.key_marks, out.value_marks = node.mark, node.key_marks, node.value_marks
    return out
