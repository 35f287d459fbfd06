"""JSON Schema validation of a merged ruleset document, errors mapped back to YAML positions."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, relevance

from dsl.errors import Location, PerkinError
from dsl.suggest import did_you_mean
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


def schema_errors(data: PosDict, lines: dict[str, list[str]]) -> list[PerkinError]:
    """Every schema violation in the document, most relevant first, one per place."""
    found = sorted(_leaves(_validator().iter_errors(data)), key=relevance)
    seen: set[tuple[str, ...]] = set()
    out: list[PerkinError] = []
    for error in found:
        key = tuple(str(p) for p in error.absolute_path)
        if key in seen:
            continue
        seen.add(key)
        out.append(_to_perkin(error, data, lines))
    return sorted(out, key=lambda e: (e.location.file or "", e.location.line or 0))


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
    dotted = _dotted(path)
    message, hint = _explain(error, path)
    chosen = key_mark if error.validator == "additionalProperties" and key_mark else mark
    file_lines = lines.get(chosen.file)
    loc = location_of(chosen, dotted or None, file_lines)
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
            return location_of(mark, _dotted([*path, key]), lines.get(mark.file))
    return None


def _dotted(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(error: ValidationError, path: list[Any]) -> tuple[str, str | None]:
    where = _dotted(path) or "the ruleset"
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
