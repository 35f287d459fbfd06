"""YAML and JSON data texts as node trees with positions: syntax errors located, aliases
refused (a shared node would repeat or loop data), JSON checked by json and positioned by yaml.
"""

from __future__ import annotations

import json

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dsl.errors import Location
from dsl.i18n import _
from engine.data.model import DataFileError

TAG = "tag:yaml.org,2002:"


def compose_yaml(text: str, name: str) -> Node | None:
    """The YAML node tree; DataFileError at the mark of a syntax error."""
    try:
        _refuse_aliases(text, name)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file=name) if mark is None else _mark_location(name, text, mark)
        said = ": ".join(part for part in (exc.context, exc.problem) if part)
        message = _("YAML syntax error: {problem}").format(problem=said)
        hint = _("check indentation, colons and quotes")
        raise DataFileError(message, where, hint, "D030") from None
    except (yaml.YAMLError, RecursionError) as exc:
        message = _("YAML error: {problem}").format(problem=exc)
        raise DataFileError(message, Location(file=name), None, "D030") from None


def _refuse_aliases(text: str, name: str) -> None:
    """A DataFileError at the first alias (*name): shared nodes would repeat or loop data."""
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, yaml.AliasToken):
            where = _mark_location(name, text, token.start_mark)
            hint = _("write the values out instead of using anchors (&) and aliases (*)")
            message = _("an alias repeats data written elsewhere")
            raise DataFileError(message, where, hint, "D029")


def _mark_location(name: str, text: str, mark: yaml.Mark) -> Location:
    """A 1-based location for a 0-based YAML mark."""
    lines = text.splitlines()
    source = lines[mark.line] if mark.line < len(lines) else None
    return Location(name, mark.line + 1, mark.column + 1, None, source)


def compose_json(text: str, name: str) -> Node | None:
    """The node tree of a JSON text: checked by json, positioned by yaml when it can."""
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = Location(name, exc.lineno, exc.colno, None, _line(text, exc.lineno))
        hint = _("check commas, quotes and brackets (JSON allows no trailing commas)")
        message = _("JSON syntax error: {problem}").format(problem=exc.msg)
        raise DataFileError(message, where, hint, "D030") from None
    except RecursionError:
        message = _("JSON nested too deeply")
        raise DataFileError(message, Location(file=name), None, "D030") from None
    try:
        # JSON strings cannot hold raw tabs, so tabs are only whitespace, which YAML refuses.
        return yaml.compose(text.replace("\t", " "), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return _node_of(data)  # valid JSON that PyYAML cannot read: values without positions


def _line(text: str, number: int) -> str | None:
    """The text of a 1-based line."""
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else None


def _node_of(data: object) -> Node:
    """A position-less node tree for parsed JSON."""
    if isinstance(data, dict):
        pairs = [(ScalarNode(TAG + "str", str(k), style='"'), _node_of(v)) for k, v in data.items()]
        return MappingNode(TAG + "map", pairs)
    if isinstance(data, list):
        return SequenceNode(TAG + "seq", [_node_of(v) for v in data])
    if isinstance(data, str):
        return ScalarNode(TAG + "str", data, style='"')
    return ScalarNode(TAG + "json", json.dumps(data))
