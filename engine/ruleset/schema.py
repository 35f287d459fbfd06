"""JSON Schema validation of a merged ruleset document, errors mapped back to YAML positions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, relevance

from dsl.errors import Location, PerkinError
from dsl.suggest import closest, did_you_mean
from engine.ruleset.yamlpos import Mark, PosDict, PosList, location_of


class SchemaError(PerkinError):
    """A ruleset that does not match the ruleset schema."""

    code = "R010"


@cache
def ruleset_schema() -> dict[str, Any]:
    """The published ruleset JSON Schema (schemas/ruleset.schema.json)."""
    text = resources.files("schemas").joinpath("ruleset.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(ruleset_schema())


NodePath = tuple[str | int, ...]  # a node's place in the document: keys and list indexes


def schema_errors(data: PosDict, lines: dict[str, list[str]]) -> list[PerkinError]:
    """Every schema violation in the document, most relevant first, one per place."""
    return [error for _, error in placed_schema_errors(data, lines)]


def placed_schema_errors(
    data: PosDict, lines: dict[str, list[str]]
) -> list[tuple[NodePath, PerkinError]]:
    """Every schema violation with the path of the node it makes unusable, in file order.

    The node is the one the error is about; for an unknown key, the key itself and the allowed
    key it most likely misspells (`cadense` makes `cadence` unusable too).
    """
    found = sorted(_leaves(_validator().iter_errors(data)), key=relevance)
    seen: set[tuple[str, ...]] = set()
    out: list[tuple[NodePath, PerkinError]] = []
    for error in found:
        key = tuple(str(p) for p in error.absolute_path)
        if key in seen:
            continue
        seen.add(key)
        perkin = _to_perkin(error, data, lines)
        out.extend((path, perkin) for path in _unusable(error))
    out.sort(key=lambda pe: (pe[1].location.file or "", pe[1].location.line or 0))
    return out


def _unusable(error: ValidationError) -> list[NodePath]:
    """The paths an error makes unusable; the first one is the error's own node."""
    path: NodePath = tuple(error.absolute_path)
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return [path]
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = list(schema.get("properties", {}))
    extras = [str(k) for k in error.instance if k not in allowed]
    meant = [m for m in (closest(k, allowed) for k in extras) if m is not None]
    return [p for p in (path, *((*path, k) for k in [*extras, *meant])) if p]


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """The most specific errors: descend into oneOf/anyOf contexts to the best match."""
    for error in errors:
        if error.context:
            best = min(error.context, key=lambda e: (-len(e.absolute_path), relevance(e)))
            if len(best.absolute_path) > len(error.absolute_path):
                yield best
                continue
        yield error


def _to_perkin(error: ValidationError, data: PosDict, lines: dict[str, list[str]]) -> SchemaError:
    path = list(error.absolute_path)
    mark, key_mark = _mark_at(data, path)
    place = dotted(path)
    message, hint = _explain(error, path)
    chosen = key_mark if error.validator == "additionalProperties" and key_mark else mark
    file_lines = lines.get(chosen.file)
    loc = location_of(chosen, place or None, file_lines)
    if error.validator == "additionalProperties":
        loc = _extra_key_location(error, data, path, lines) or loc
    return SchemaError(message, loc, hint)


def _mark_at(data: Any, path: Sequence[Any]) -> tuple[Mark, Mark | None]:
    node, mark, key_mark = data, data.mark, None
    for part in path:
        if isinstance(node, PosDict) and part in node:
            mark, key_mark = node.value_marks[part], node.key_marks[part]
            node = node[part]
        elif isinstance(node, PosList) and isinstance(part, int) and part < len(node):
            mark, key_mark = node.item_marks[part], None
            node = node[part]
        else:
            break
    return mark, key_mark


def _extra_key_location(
    error: ValidationError, data: PosDict, path: list[Any], lines: dict[str, list[str]]
) -> Location | None:
    node: Any = data
    for part in path:
        node = node[part]
    if not isinstance(node, PosDict):
        return None
    allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    for key in node:
        if key not in allowed:
            mark = node.key_marks[key]
            return location_of(mark, dotted([*path, key]), lines.get(mark.file))
    return None


def dotted(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(error: ValidationError, path: list[Any]) -> tuple[str, str | None]:
    where = dotted(path) or "the ruleset"
    schema = error.schema if isinstance(error.schema, dict) else {}
    match error.validator:
        case "additionalProperties":
            return _unknown_key(error, schema)
        case "required":
            missing = str(error.message).split("'")[1] if "'" in error.message else "?"
            return f"{where} is missing '{missing}'", f"add '{missing}:'"
        case "anyOf" if "source" in str(error.schema):
            return (
                f"{where} has no 'source' or 'assumption'",
                'cite the seed line (source: "003:1522") or state an assumption with a reason',
            )
        case "enum":
            options = ", ".join(str(v) for v in schema.get("enum", []))
            return (
                f"{where}: {error.instance!r} is not one of the allowed values",
                f"use one of: {options}",
            )
        case "type":
            return f"{where} should be {schema.get('type')}, found {error.instance!r}", None
        case "pattern":
            desc = schema.get("description", "")
            return f"{where}: {error.instance!r} is not well-formed", desc or None
        case _:
            return f"{where}: {error.message}", schema.get("description")


def _unknown_key(error: ValidationError, schema: dict[str, Any]) -> tuple[str, str | None]:
    allowed = list(schema.get("properties", {}))
    extras = (
        [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
    )
    key = extras[0] if extras else "?"
    hint = did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}"
    return f"unknown key '{key}'", hint


SECTIONS = ("inputs", "tables", "figures", "indicators", "roles", "scores", "rankings")


@dataclass(frozen=True, slots=True)
class BrokenParts:
    """What schema errors make unusable: top-level keys and entries of the ruleset's sections.

    The semantic checks skip them and every check that depends on them, so that one error is
    reported once, not again as the unknown name or gap it leaves behind.
    """

    keys: frozenset[str] = frozenset()
    entries: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, paths: Iterable[NodePath]) -> BrokenParts | None:
        """The broken parts of these paths; None when one is the whole document."""
        keys: set[str] = set()
        entries: set[tuple[str, str]] = set()
        for path in paths:
            if not path:
                return None
            head = str(path[0])
            if head in SECTIONS and len(path) > 1:
                entries.add((head, str(path[1])))
            else:
                keys.add(head)
        return cls(frozenset(keys), frozenset(entries))

    def hides(self, section: str, key: str) -> bool:
        """Whether the entry `key` of `section` is broken, or the whole section."""
        return section in self.keys or (section, key) in self.entries

    def names(self, section: str) -> list[str]:
        """The broken entries of one section."""
        return sorted(key for owner, key in self.entries if owner == section)
