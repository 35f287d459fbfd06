"""Safe YAML loading that remembers where every value came from (file, line, column)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _, number_text
from dsl.limits import MAX_RULESET_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from engine.input_files import InputLimitError, read_bounded

# Rulesets nest a handful of levels; anything deeper is a broken or hostile file. The bound
# keeps the recursive builder (and the merge in resolve.py) far from Python's recursion limit.
MAX_DEPTH = MAX_YAML_DEPTH
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_TOO_DEEP = N_("values are nested more than {depth} levels deep")
_TOO_DEEP_HINT = N_("a ruleset needs only a few levels; check for runaway brackets")
# Aliases share a node, but the builder copies it at every use: nine levels of ten aliases
# would be a billion values. Counting every value built (and every merged key) bounds that.
_TOO_MANY = N_("the ruleset expands to more than {count} values")
_TOO_MANY_HINT = N_("anchors (&) and aliases (*) count at every use; write the values out instead")


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class BoundedSafeLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, whose composer recurses once per nesting level,
    stopped at MAX_DEPTH with the position of the first node too deep (libyaml stops itself
    at 1000 levels, well inside Python's recursion limit)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# libyaml's parser when PyYAML was built with it (5–10× faster); same nodes, same marks.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", BoundedSafeLoader)


class YamlError(PerkinError):
    """A YAML file that cannot be read: syntax, tabs, duplicate keys, unsupported tags."""

    code = "R001"


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position of a YAML node in its file."""

    file: str
    line: int
    column: int
    end_column: int | None


class PosDict(dict[str, Any]):
    """A mapping from YAML that knows the position of itself, each key and each value."""

    mark: Mark
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]


class PosList(list[Any]):
    """A sequence from YAML that knows the position of itself and each item."""

    mark: Mark
    item_marks: list[Mark]


class PosStr(str):
    """A scalar string from YAML with its position and quoting style (for formula offsets)."""

    mark: Mark
    style: str | None


class _TooMany(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _BoundedConstructor(yaml.constructor.SafeConstructor):
    """PyYAML's merge-key flattening, which copies every merged key into each mapping that
    merges it (ten levels of ten merges is ten billion keys), stopped at MAX_YAML_NODES keys."""

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        super().flatten_mapping(node)
        if len(node.value) > MAX_YAML_NODES:
            raise _TooMany(node)


# A number as people write it: YAML 1.1 also reads 010 as 8 (octal), 1:30 as 90 (base 60) and
# 0x64 as 100, silently; such a plain scalar is refused instead.
_PLAIN_NUMBER = re.compile(
    r"[-+]?(?:(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"
)
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_PLAIN_NUMBER_HINT = N_(
    "write the number in plain decimals (no leading zero, ':', 0x or 0b), or put a text in quotes"
)


def _misread_number(node: yaml.ScalarNode, value: Any) -> bool:
    """Whether a plain scalar YAML read as a number is written other than in plain decimals
    (.inf and .nan excepted: a value that is no finite number is refused where it is used, R047)."""
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return (
        node.tag in _NUMBER_TAGS
        and not node.style  # plain: None from PyYAML, '' from libyaml
        and not isinstance(value, bool)
        and not _PLAIN_NUMBER.fullmatch(node.value)
    )


def _mark(node: yaml.Node, file: str) -> Mark:
    start, end = node.start_mark, node.end_mark
    end_col = end.column + 1 if end.line == start.line else None
    return Mark(file, start.line + 1, start.column + 1, end_col)


def location_of(mark: Mark, path: str | None = None, lines: list[str] | None = None) -> Location:
    """A Location for a mark, with the source line when the file text is known."""
    source_line = None
    if lines is not None and 0 < mark.line <= len(lines):
        source_line = lines[mark.line - 1]
    return Location(
        file=mark.file,
        line=mark.line,
        column=mark.column,
        end_column=mark.end_column,
        source_line=source_line,
        path=path,
    )


class _PosBuilder:
    """Turns a composed YAML node graph into Pos* containers, checking duplicates."""

    def __init__(self, file: str, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.constructor = _BoundedConstructor()
        self.built = 0

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.built += 1
        if self.built > MAX_YAML_NODES:
            raise self._too_many(node)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if node.tag not in _COLLECTION_TAGS:
                raise self._error(
                    node,
                    _("unsupported YAML tag '{tag}'").format(tag=node.tag),
                    _("rulesets are plain YAML: remove the '!…' tag"),
                )
            if depth >= MAX_DEPTH:
                raise self._error(node, *_too_deep())
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth + 1)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, depth + 1)
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.constructor.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            message = _("cannot read this value: {problem}").format(problem=exc.problem)
            raise self._error(node, message) from None
        if _misread_number(node, value):
            message = _("YAML reads {text} as {value}, not as written").format(
                text=node.value, value=value
            )
            raise self._error(node, message, _(_PLAIN_NUMBER_HINT))
        if isinstance(value, str):
            text = PosStr(value)
            text.mark = _mark(node, self.file)
            text.style = node.style
            return text
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> PosDict:
        out = PosDict()
        out.mark = _mark(node, self.file)
        out.key_marks, out.value_marks = {}, {}
        self._flatten(node)
        for key_node, value_node in node.value:
            key = self._key(key_node, depth)
            if not isinstance(key, str):
                message = _("keys must be text, found {key}").format(key=repr(key))
                raise self._error(key_node, message)
            if key in out:
                first = out.key_marks[key]
                raise self._error(
                    key_node,
                    _("duplicate key '{key}' (first at line {line})").format(
                        key=key, line=first.line
                    ),
                    _("YAML keeps only the last value of a repeated key; remove one of them"),
                )
            out[str(key)] = self.build(value_node, depth)
            out.key_marks[str(key)] = _mark(key_node, self.file)
            out.value_marks[str(key)] = _mark(value_node, self.file)
        return out

    def _key(self, node: yaml.Node, depth: int) -> Any:
        """A mapping key; a plain scalar key is its text, so `no:` stays 'no' (not False)."""
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str":
            text = PosStr(node.value)
            text.mark, text.style = _mark(node, self.file), node.style
            return text
        return self.build(node, depth)

    def _flatten(self, node: yaml.MappingNode) -> None:
        """Merge the mappings its `<<` keys name into it; located errors for bad merges."""
        try:
            self.constructor.flatten_mapping(node)
        except _TooMany as exc:
            raise self._too_many(exc.node) from None
        except yaml.constructor.ConstructorError as exc:
            hint = _("'<<' merges a mapping (<<: *defaults) or a list of mappings into this one")
            message = _("cannot merge: {problem}").format(problem=exc.problem)
            raise self._error(node, message, hint) from None

    def _too_many(self, node: yaml.Node) -> InputLimitError:
        where = location_of(_mark(node, self.file), lines=self.lines)
        message = _(_TOO_MANY).format(count=number_text(MAX_YAML_NODES))
        return InputLimitError(message, where, _(_TOO_MANY_HINT), "R045")

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> PosList:
        out = PosList(self.build(item, depth) for item in node.value)
        out.mark = _mark(node, self.file)
        out.item_marks = [_mark(item, self.file) for item in node.value]
        return out

    def _error(self, node: yaml.Node, message: str, hint: str | None = None) -> YamlError:
        return YamlError(message, location_of(_mark(node, self.file), lines=self.lines), hint)


# what a YAML file is for, in the hints of the errors that stop it being read (N_: translated
# when shown): a ruleset, or a replay case file
YAML_HINTS = {
    "ruleset": (
        N_("name a ruleset file you may read (not a folder, device or pipe)"),
        N_("rulesets are YAML text files"),
        N_("a ruleset needs at least 'id'"),
    ),
    "case": (
        N_("name a case file you may read (not a folder, device or pipe)"),
        N_("case files are YAML text files"),
        N_("a case file needs ruleset:, data: and published:"),
    ),
}


def read_text(path: Path, display: str, kind: str = "ruleset") -> str:
    """The file's text as UTF-8, or a located error explaining why it cannot be read."""
    unreadable, not_text, _empty = YAML_HINTS[kind]
    try:
        raw = read_bounded(path, display, MAX_RULESET_BYTES, None, "R045")
    except OSError as exc:
        message = _("cannot read the file: {reason}").format(reason=exc.strerror)
        raise YamlError(message, Location(file=display), _(unreadable)) from None
    if b"\x00" in raw:
        raise YamlError(_("this is not a text file"), Location(file=display), _(not_text))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(
            _("the file is not valid UTF-8 (byte {offset})").format(offset=exc.start),
            Location(file=display),
            _("save the file as UTF-8"),
        ) from None


def load_yaml(
    path: Path, display: str | None = None, kind: str = "ruleset"
) -> tuple[Any, list[str]]:
    """Load one YAML document safely, returning positioned data and the file's lines; `kind`
    (a key of YAML_HINTS) says what the file is for in the hints of its errors."""
    name = display or str(path)
    text = read_text(path, name, kind)
    lines = text.splitlines()
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name, lines) from None
    except yaml.YAMLError as exc:
        raise YamlError(
            _("YAML error: {problem}").format(problem=exc), Location(file=name)
        ) from None
    except _TooDeep as exc:
        mark = Mark(name, exc.mark.line + 1, exc.mark.column + 1, None)
        message, hint = _too_deep()
        raise YamlError(message, location_of(mark, lines=lines), hint) from None
    if node is None:
        raise YamlError(_("the file is empty"), Location(file=name), _(YAML_HINTS[kind][2]))
    return _PosBuilder(name, lines).build(node), lines


def _syntax_error(exc: yaml.MarkedYAMLError, name: str, lines: list[str]) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or _("invalid YAML")
    message = _("YAML syntax error: {problem}").format(problem=problem)
    if mark is None:
        return YamlError(message, Location(file=name), _(_HINT))
    line = lines[mark.line] if mark.line < len(lines) else ""
    tab = "\t" in line[: mark.column + 1] or "tab" in problem.lower()
    hint = _("YAML does not allow tabs for indentation; use spaces") if tab else _(_HINT)
    loc = location_of(Mark(name, mark.line + 1, mark.column + 1, None), lines=lines)
    return YamlError(message, loc, hint)


def _too_deep() -> tuple[str, str]:
    return _(_TOO_DEEP).format(depth=MAX_DEPTH), _(_TOO_DEEP_HINT)


_HINT = N_("check indentation and quoting on this line")


def pos_str(text: str, mark: Mark) -> PosStr:
    """A string made by perkin (a generated figure's formula) placed at a mark of the document."""
    out = PosStr(text)
    out.mark, out.style = mark, None
    return out


def pos_dict(fields: dict[str, Any], mark: Mark) -> PosDict:
    """A mapping made by perkin placed, with every key and value, at a mark of the document."""
    out = PosDict(fields)
    out.mark = mark
    out.key_marks = dict.fromkeys(fields, mark)
    out.value_marks = dict.fromkeys(fields, mark)
    return out


def mapping_at(node: Any, key: str) -> PosDict:
    """The mapping under a key of the document, or an empty one where there is none or the
    schema reports something else (a generated section reads the same either way)."""
    value = node.get(key) if isinstance(node, PosDict) else None
    if isinstance(value, PosDict):
        return value
    out = PosDict()
    out.key_marks, out.value_marks = {}, {}
    return out
