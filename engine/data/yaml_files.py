"""YAML and JSON data files, read through yaml.compose so every value knows its line and column.

Shapes: ``{units: [{id|unit, name, level, parent}], values: [{unit, period, variable, value,
item?, note?, source?, validated_by?, validated_on?}], data: {UNIT: {PERIOD: {VARIABLE: value |
[series] | {item: value}}}}}`` (any of the three keys), or a bare list of units. Nothing is
constructed beyond plain scalars (safe); numbers are read from their text with Indonesian rules
(JSON numbers are taken as numbers); duplicate keys, which PyYAML would silently keep the last
of, are errors; anchors and aliases are refused (shared nodes would repeat data, or loop).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dsl.errors import Location
from dsl.i18n import N_, _
from dsl.limits import MAX_YAML_DATA_BYTES
from dsl.suggest import did_you_mean
from engine.data.cells import normalise_text
from engine.data.csv_files import decode, read_data_bytes
from engine.data.model import (
    DataFileError,
    DeclaredUnit,
    Fields,
    Harvest,
    hint_with,
    make_record,
    normalise_item,
)
from engine.data.tables import ALIASES, LONG_ROLES, UNIT_ROLES, Cell, header_key
from engine.data.validation import VALIDATION_ROLES, read_validation
from engine.data.yaml_nodes import TAG, compose_json, compose_yaml
from engine.periods import Period, PeriodError, parse_period

_TOP_KEYS = ("units", "values", "data")
_SHAPE_HINT = N_(
    "a data file is a mapping with units: [...], values: [...] and/or "
    "data: {UNIT: {PERIOD: {VARIABLE: value}}}"
)
_VALUE_HINT = N_("write a number or a text here, such as 86,75 or N/A")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass(slots=True)
class _Doc:
    """The file being read: its name, lines, dialect, and what reading it has found."""

    name: str
    lines: list[str]
    json: bool
    harvest: Harvest = field(default_factory=Harvest)

    def fail(self, message: str, node: Node, path: str, hint: str | None, code: str) -> None:
        """Note a problem at a node."""
        self.harvest.errors.append(DataFileError(message, self.where(node, path), hint, code))

    def where(self, node: Node, path: str) -> Location:
        """The 1-based location of a node (YAML marks are 0-based)."""
        start, end = node.start_mark, node.end_mark
        if start is None:
            return Location(file=self.name, path=path or None)
        end_column = end.column + 1 if end is not None and end.line == start.line else None
        source = self.lines[start.line] if start.line < len(self.lines) else None
        line, column = start.line + 1, start.column + 1
        return Location(self.name, line, column, end_column, source, path or None)


def read_yaml(path: Path, name: str) -> Harvest:
    """The records and unit rows of a YAML data file."""
    return _read(
        decode(read_data_bytes(path, name, None, MAX_YAML_DATA_BYTES), name), name, is_json=False
    )


def read_json(path: Path, name: str) -> Harvest:
    """The records and unit rows of a JSON data file."""
    return _read(
        decode(read_data_bytes(path, name, None, MAX_YAML_DATA_BYTES), name), name, is_json=True
    )


def _read(text: str, name: str, *, is_json: bool) -> Harvest:
    """The records and unit rows of a YAML or JSON text."""
    root = compose_json(text, name) if is_json else compose_yaml(text, name)
    if root is None:
        hint = _("write units: [...], values: [...] or data: {...}")
        raise DataFileError(_("the file is empty"), Location(file=name), hint, "D023")
    doc = _Doc(name, text.splitlines(), is_json)
    _read_root(doc, root)
    return doc.harvest


def _read_root(doc: _Doc, root: Node) -> None:
    """The top level: a list of units, or a mapping of units, values and data."""
    if isinstance(root, SequenceNode):
        _read_units(doc, root, "")
        return
    if not isinstance(root, MappingNode):
        message = _("expected a mapping at the top of the file")
        doc.fail(message, root, "", _(_SHAPE_HINT), "D029")
        return
    readers = {"units": _read_units, "values": _read_values, "data": _read_data}
    for key, key_node, value in _pairs(doc, root, ""):
        reader = readers.get(key.casefold())
        if reader is None:
            hint = hint_with(did_you_mean(key, _TOP_KEYS), _(_SHAPE_HINT))
            doc.fail(_("unknown key '{key}'").format(key=key), key_node, key, hint, "D025")
        else:
            reader(doc, value, key)


def _pairs(doc: _Doc, node: MappingNode, path: str) -> list[tuple[str, Node, Node]]:
    """The mapping's (key text, key node, value node) triples, noting duplicate keys."""
    first: dict[str, Node] = {}
    pairs = []
    for key_node, value in node.value:
        key = _key_text(doc, key_node, path)
        if key is None:
            continue
        if key in first:
            previous = doc.where(first[key], path).label()
            hint = _("keep one of them: YAML would silently use the last")
            message = _("duplicate key '{key}' (first at {first})").format(key=key, first=previous)
            doc.fail(message, key_node, path, hint, "D031")
            continue
        first[key] = key_node
        pairs.append((key, key_node, value))
    return pairs


def _key_text(doc: _Doc, node: Node, path: str) -> str | None:
    """A mapping key as text; None (noted) when the key is not a plain value."""
    if not isinstance(node, ScalarNode):
        message = _("a mapping key must be a plain value")
        doc.fail(message, node, path, _(_VALUE_HINT), "D029")
        return None
    return normalise_text(str(node.value))


def _mapping(doc: _Doc, node: Node, path: str, what: str) -> MappingNode | None:
    """The node as a mapping, or None after noting it is something else."""
    if isinstance(node, MappingNode):
        return node
    doc.fail(_("expected {what}").format(what=_(what)), node, path, _(_SHAPE_HINT), "D029")
    return None


def _sequence(doc: _Doc, node: Node, path: str, what: str) -> SequenceNode | None:
    """The node as a list, or None after noting it is something else."""
    if isinstance(node, SequenceNode):
        return node
    doc.fail(_("expected {what}").format(what=_(what)), node, path, _(_SHAPE_HINT), "D029")
    return None


def _scalar_text(doc: _Doc, node: Node, path: str) -> str | None:
    """A scalar's trimmed text ('' for null); None (noted) for a list or mapping."""
    if not isinstance(node, ScalarNode):
        _not_single(doc, node, path)
        return None
    return "" if node.tag == TAG + "null" else normalise_text(str(node.value))


def _not_single(doc: _Doc, node: Node, path: str) -> None:
    message = _("expected a single value, not a list or mapping")
    doc.fail(message, node, path, _(_VALUE_HINT), "D029")


# Python's json reads these, though JSON has none of them (RFC 8259): NaN read as a number
# would be a value missing without a word, so each is an error at its place.
_NOT_JSON_NUMBERS = frozenset({"NaN", "Infinity", "-Infinity"})


def _raw(doc: _Doc, node: ScalarNode) -> object:
    """A value scalar as a cell: text, except nulls, booleans, dates and JSON numbers."""
    if doc.json:
        return node.value if node.style in ('"', "'") else json.loads(node.value)
    kind = node.tag.removeprefix(TAG)
    if kind == "null":
        return None
    try:
        if kind == "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if kind == "timestamp":
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
    except ValueError:  # an impossible date such as 2024-02-30 stays text
        pass
    return str(node.value)


def _read_units(doc: _Doc, node: Node, path: str) -> None:
    """A list of units: {id|unit, name, level, parent}."""
    units = _sequence(doc, node, path, N_("a list of units"))
    for index, entry in enumerate(units.value if units else []):
        _read_unit(doc, entry, f"{path}[{index}]")


def _read_unit(doc: _Doc, node: Node, path: str) -> None:
    """One unit entry."""
    fields = _entry(doc, node, path, UNIT_ROLES, ("unit",))
    if fields is None:
        return
    unit_text, unit_node = fields["unit"]
    name, level, parent = (fields[key][0] if key in fields else None for key in UNIT_ROLES[1:])
    where = doc.where(unit_node, path)
    doc.harvest.units.append(
        DeclaredUnit(unit_text, name or None, level or None, parent or None, where)
    )


def _read_values(doc: _Doc, node: Node, path: str) -> None:
    """A list of values: {unit, period, variable, value, item, note, source}."""
    values = _sequence(doc, node, path, N_("a list of values"))
    for index, entry in enumerate(values.value if values else []):
        _read_value(doc, entry, f"{path}[{index}]")


def _read_value(doc: _Doc, node: Node, path: str) -> None:
    """One value entry."""
    fields = _entry(doc, node, path, LONG_ROLES, ("unit", "variable", "value"))
    if fields is None:
        return
    text = {role: found[0] or None for role, found in fields.items()}
    period_node = fields["period"][1] if "period" in fields else None
    period = _period(doc, text.get("period"), period_node, path)
    if period is False:
        return
    item = normalise_item(text["item"] or "") if "item" in text else None
    unit, variable = fields["unit"][0], fields["variable"][0]
    before = len(doc.harvest.errors)
    by, on = (_cell(doc, fields, role, path) for role in VALIDATION_ROLES)
    checked = read_validation(by, on, doc.harvest.errors)
    if len(doc.harvest.errors) > before:
        return
    keyed = Fields(unit, period, variable, item, text.get("note"), text.get("source"))
    keyed = replace(keyed, validation=checked)
    _record(doc, fields["value"][1], f"{path}.value", keyed)


def _cell(doc: _Doc, fields: dict[str, tuple[str, Node]], role: str, path: str) -> Cell | None:
    """An entry's key as the cell of a table, for the readers of validation columns."""
    if role not in fields:
        return None
    text, node = fields[role]
    return Cell(text, doc.where(node, f"{path}.{role}"))


def _entry(
    doc: _Doc, node: Node, path: str, allowed: tuple[str, ...], required: tuple[str, ...]
) -> dict[str, tuple[str, Node]] | None:
    """A mapping entry's (text, value node) by role, or None when it is unusable (noted)."""
    mapping = _mapping(doc, node, path, N_("a mapping"))
    if mapping is None:
        return None
    before = len(doc.harvest.errors)
    found: dict[str, tuple[str, Node]] = {}
    for key, key_node, value in _pairs(doc, mapping, path):
        role = ALIASES.get(header_key(key))
        if role not in allowed:
            keys = _("keys are {keys}").format(keys=", ".join(allowed))
            hint = hint_with(did_you_mean(key, allowed), keys)
            doc.fail(_("unknown key '{key}'").format(key=key), key_node, path, hint, "D025")
            continue
        text = _scalar_text(doc, value, f"{path}.{key}") if role != "value" else ""
        if text is not None and role is not None:
            found[role] = (text, value)
    _check_required(doc, mapping, path, found, required)
    return found if len(doc.harvest.errors) == before else None


def _check_required(
    doc: _Doc, node: Node, path: str, found: dict[str, tuple[str, Node]], required: tuple[str, ...]
) -> None:
    """Note each required key that is missing or empty."""
    for role in required:
        if role not in found:
            message = _("missing key '{key}'").format(key=role)
            doc.fail(message, node, path, _("add {key}: to the entry").format(key=role), "D026")
        elif role != "value" and not found[role][0]:
            message = _("missing {column}").format(column=role)
            hint = _("fill in the {column}").format(column=role)
            doc.fail(message, found[role][1], path, hint, "D028")


def _period(
    doc: _Doc, text: str | None, node: Node | None, path: str
) -> Period | Literal[False] | None:
    """The period a scalar names; None when absent, False when unreadable (noted)."""
    if not text or node is None:
        return None
    try:
        return parse_period(text)
    except PeriodError as exc:
        doc.harvest.errors.append(exc.with_location(doc.where(node, path)))
        return False


def _read_data(doc: _Doc, node: Node, path: str) -> None:
    """Nested data: {UNIT: {PERIOD: {VARIABLE: value | [series] | {item: value}}}}."""
    units = _mapping(doc, node, path, N_("a mapping of units"))
    for unit, _key, periods in _pairs(doc, units, path) if units else []:
        _read_unit_data(doc, unit, periods, f"{path}.{unit}")


def _read_unit_data(doc: _Doc, unit: str, node: Node, path: str) -> None:
    """One unit's periods."""
    periods = _mapping(doc, node, path, N_("a mapping of periods"))
    for label, key_node, variables in _pairs(doc, periods, path) if periods else []:
        period = _period(doc, label, key_node, path)
        if period is not False:
            _read_period_data(doc, Fields(unit, period, ""), variables, f"{path}.{label}")


def _read_period_data(doc: _Doc, base: Fields, node: Node, path: str) -> None:
    """One unit-period's variables: a value, a series list, or items."""
    variables = _mapping(doc, node, path, N_("a mapping of variables"))
    for variable, _key, value in _pairs(doc, variables, path) if variables else []:
        fields = Fields(base.unit, base.period, variable)
        _read_variable(doc, fields, value, f"{path}.{variable}")


def _read_variable(doc: _Doc, fields: Fields, node: Node, path: str) -> None:
    """A variable's value, series (items 1..n) or mapping of items."""
    if isinstance(node, ScalarNode):
        _record(doc, node, path, fields)
        return
    if isinstance(node, SequenceNode):
        series = _sequence(doc, node, path, N_("a series"))
        entries = [(str(i), v) for i, v in enumerate(series.value if series else [], start=1)]
    else:
        items = _mapping(doc, node, path, N_("a value, a list or a mapping of items"))
        entries = [(k, v) for k, _key, v in (_pairs(doc, items, path) if items else [])]
    for item, value in entries:
        keyed = Fields(fields.unit, fields.period, fields.variable, normalise_item(item))
        _record(doc, value, f"{path}[{item}]", keyed)


def _record(doc: _Doc, node: Node, path: str, fields: Fields) -> None:
    """The record of a value node."""
    if not isinstance(node, ScalarNode):
        _not_single(doc, node, path)
        return
    if doc.json and node.style not in ('"', "'") and node.value in _NOT_JSON_NUMBERS:
        message = _("'{value}' is not a JSON number").format(value=node.value)
        doc.fail(message, node, path, _('write null or "N/A" where there is no value'), "D005")
        return
    found = make_record(_raw(doc, node), doc.where(node, path), fields, doc.harvest.errors)
    if found is not None:
        doc.harvest.records.append(found)
