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
from dsl.i18n import N_, _
from dsl.suggest import closest, did_you_mean
from engine.ruleset.schema_hints import boolean_hint, comma_hint, weight_hint
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
    return [error for _path, error in placed_schema_errors(data, lines)]


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
        if _names_a_key(error):  # every bad key of a mapping is its own error
            key = (*key, f"key:{error.instance}")
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
    message, hint = _explain(error, path, _written(mark, lines))
    chosen = key_mark if error.validator == "additionalProperties" and key_mark else mark
    node = _node_at(data, path)
    if _names_a_key(error) and isinstance(node, PosDict) and error.instance in node.key_marks:
        chosen = node.key_marks[error.instance]  # the key that is no id, not its mapping
    file_lines = lines.get(chosen.file)
    loc = location_of(chosen, place or None, file_lines)
    if error.validator == "additionalProperties":
        loc = _extra_key_location(error, data, path, lines) or loc
    return SchemaError(message, loc, hint)


def _names_a_key(error: ValidationError) -> bool:
    """Whether the error is about a key of a mapping (propertyNames), not a value."""
    return "propertyNames" in error.absolute_schema_path


def _node_at(data: Any, path: Sequence[Any]) -> Any:
    """The value at a path of the document (None where the path leads nowhere)."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _written(mark: Mark, lines: dict[str, list[str]]) -> str | None:
    """The value's text as written on its line, when it is on one line."""
    file_lines = lines.get(mark.file) or []
    if mark.end_column is None or not 0 < mark.line <= len(file_lines):
        return None
    return file_lines[mark.line - 1][mark.column - 1 : mark.end_column - 1] or None


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


# JSON Schema's type names as a person reads them
_TYPES = {
    "object": N_("a mapping of keys"),
    "array": N_("a list"),
    "string": N_("a text"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "null": N_("empty"),
}


def _type_text(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    texts = [_(_TYPES[n]) if n in _TYPES else str(n) for n in names]
    return _(" or ").join(texts)


def _explain(
    error: ValidationError, path: list[Any], written: str | None = None
) -> tuple[str, str | None]:
    where = dotted(path) or _("the ruleset")
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = repr(error.instance)
    match error.validator:
        case "additionalProperties":
            return _unknown_key(error, schema)
        case "required":
            given = error.instance if isinstance(error.instance, dict) else {}
            required = error.validator_value if isinstance(error.validator_value, list) else []
            missing = next((str(k) for k in required if k not in given), "?")
            message = _("{where} is missing '{key}'").format(where=where, key=missing)
            return message, _("add '{key}:'").format(key=missing)
        case "anyOf" if "source" in str(error.schema):
            return (
                _("{where} has no 'source' or 'assumption'").format(where=where),
                _('cite the seed line (source: "003:1522") or state an assumption with a reason'),
            )
        case "enum" | "const":
            allowed = schema.get("enum", [schema.get("const")])
            options = ", ".join(str(v) for v in allowed)
            return (
                _("{where}: {value} is not one of the allowed values").format(
                    where=where, value=value
                ),
                _("use one of: {options}").format(options=options),
            )
        case "type":
            expected = _type_text(schema.get("type"))
            message = _("{where} should be {expected}, found {value}")
            types = [schema.get("type")]
            hint = (
                _number_hint(error.instance, types)
                or boolean_hint(error.instance, types, written)
                or weight_hint(error.instance, schema)
            )
            return message.format(where=where, expected=expected, value=value), hint
        case "pattern":
            desc = _(schema["description"]) if schema.get("description") else ""
            hint = desc or _("the value must match the pattern {pattern}").format(
                pattern=error.validator_value
            )
            message = _("{where}: {value} is not well-formed").format(where=where, value=value)
            return message, hint
        case "minimum" | "maximum":
            return _out_of_range(error, where, value), schema.get("description")
        case "oneOf" | "anyOf":
            message = _("{where}: {value} is none of the allowed forms")
            types = [sub.validator_value for sub in error.context or () if sub.validator == "type"]
            hint = (
                _number_hint(error.instance, types)
                or boolean_hint(error.instance, types, written)
                or _("use one of: {options}").format(options=", ".join(_alternatives(error)))
            )
            return message.format(where=where, value=value), hint
        case "not":
            return _exclusive(error, where)
        case "minItems" | "minLength":
            message = _("{where} is empty").format(where=where)
            return message, schema.get("description") or _("fill it in")
        case _:
            return f"{where}: {error.message}", schema.get("description")


def _number_hint(instance: Any, types: list[Any]) -> str | None:
    """What to write where a ruleset wants a number and got text such as '86,5', '120%' or
    '1.234,5': a YAML number. Office forms are read in data files, not in rulesets, where a
    number is written once by the person who states its source."""
    wants_number = any(t == "number" or (isinstance(t, list) and "number" in t) for t in types)
    if not (wants_number and isinstance(instance, str) and any(c.isdigit() for c in instance)):
        return None
    return _(
        "write a plain number: 86.5 (a dot for decimals, no thousands separator); "
        "a percentage in points without '%' (120 for 120%)"
    )


def _alternatives(error: ValidationError) -> list[str]:
    """What each alternative of a oneOf/anyOf allows: its values, or its type in words."""
    found: list[str] = []
    for sub in error.context or ():
        if sub.validator == "type":
            found.append(_type_text(sub.validator_value))
        elif sub.validator == "enum" and isinstance(sub.validator_value, list):
            found.extend(str(v) for v in sub.validator_value)
    return list(dict.fromkeys(found)) or ["?"]


def _exclusive(error: ValidationError, where: str) -> tuple[str, str | None]:
    """A `not: {anyOf: [{required: [a, b]}, …]}`: keys that cannot be given together."""
    given = error.instance if isinstance(error.instance, dict) else {}
    options = (
        error.validator_value.get("anyOf", []) if isinstance(error.validator_value, dict) else []
    )
    for option in options:
        keys = option.get("required", []) if isinstance(option, dict) else []
        if keys and all(k in given for k in keys):
            message = _("{where} gives both '{first}' and '{second}'")
            first, second = keys[0], keys[-1]
            return message.format(where=where, first=first, second=second), _("keep one of them")
    return f"{where}: {error.message}", None


# The descriptions of the schema's patterns, shown as the hint of a value that does not match
# (schemas/ruleset.schema.json, $defs id and document.url); a new pattern's description shows as is.
_PATTERN_DESCRIPTIONS = (
    N_("snake_case identifier"),
    N_("A link to the published document, e.g. https://peraturan.go.id/…"),
)


def _out_of_range(error: ValidationError, where: str, value: str) -> str:
    if error.validator == "minimum":
        message = _("{where} is {value}, below the smallest allowed value {limit}")
    else:
        message = _("{where} is {value}, above the largest allowed value {limit}")
    return message.format(where=where, value=value, limit=error.validator_value)


def _unknown_key(error: ValidationError, schema: dict[str, Any]) -> tuple[str, str | None]:
    allowed = list(schema.get("properties", {}))
    extras = (
        [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
    )
    key = extras[0] if extras else "?"
    hint = (
        comma_hint(error.instance, str(key))
        or did_you_mean(key, allowed)
        or _("allowed keys: {keys}").format(keys=", ".join(allowed))
    )
    return _("unknown key '{key}'").format(key=key), hint


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
