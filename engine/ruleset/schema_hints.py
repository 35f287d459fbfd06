"""Hints for the schema errors that YAML's own reading causes: a word read as true or false, a
decimal comma that splits a `{ }` mapping, a weight written as a bare number or percentage."""

from __future__ import annotations

from typing import Any

from dsl.i18n import _


def wants(types: list[Any], name: str) -> bool:
    """Whether one of the JSON Schema types (a name or a list of names) is `name`."""
    return any(t == name or (isinstance(t, list) and name in t) for t in types)


def boolean_hint(instance: Any, types: list[Any], written: str | None) -> str | None:
    """YAML 1.1 reads yes/no/on/off/true/false unquoted as true or false: where a text is wanted,
    say so with the word as written."""
    if not isinstance(instance, bool) or not wants(types, "string"):
        return None
    word = written or str(instance).lower()
    hint = _('YAML reads {word} as {value}: put the text in quotes ("{word}")')
    return hint.format(word=word, value="true" if instance else "false")


def weight_hint(instance: Any, schema: dict[str, Any]) -> str | None:
    """A bare number or percentage where a weight's mapping is wanted (`weight: 30%`)."""
    if schema.get("required") != ["value"] or isinstance(instance, dict | list):
        return None
    number = instance
    if isinstance(instance, str):
        number = instance.strip().rstrip("%").strip().replace(",", ".")
    hint = _(
        "write it as a mapping with 'value' (percent points: 35 for 35%) and a 'source' or an"
        " 'assumption', e.g. {{value: {number}, assumption: …}}"
    )
    return hint.format(number=number)


def comma_hint(mapping: Any, key: str) -> str | None:
    """An unknown key of digits after a number in the same mapping: `{value: 0,3}` is the two
    entries value: 0 and 3: (empty), a decimal comma inside a flow mapping."""
    if not (isinstance(mapping, dict) and key.isdigit()):
        return None
    keys = list(mapping)
    at = keys.index(key) if key in keys else 0
    before = mapping[keys[at - 1]] if at > 0 else None
    if isinstance(before, bool) or not isinstance(before, int | float):
        return None
    hint = _(
        "a comma inside {{ }} separates entries, so {written} is read as {before} and a key"
        " {key}: write decimals with a dot ({dotted})"
    )
    return hint.format(written=f"{before},{key}", before=before, key=key, dotted=f"{before}.{key}")
