"""A ruleset's declared documents, and every `source:` in it checked against the citation grammar
(engine/ruleset/sources.py) at its place in the YAML file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dsl.errors import PerkinError
from engine.ruleset.resolve import relocate
from engine.ruleset.schema import NodePath, dotted
from engine.ruleset.sources import DOCUMENT_KINDS, SourceDocument, parse_source
from engine.ruleset.yamlpos import PosDict, PosList, PosStr


def declared_documents(data: PosDict) -> dict[str, SourceDocument]:
    """The well-formed entries of `documents:` (the schema reports the others)."""
    table = data.get("documents")
    if not isinstance(table, dict):
        return {}
    return {
        str(key): _document(str(key), body)
        for key, body in table.items()
        if isinstance(body, dict) and isinstance(body.get("title"), str)
    }


def _document(key: str, body: dict[str, Any]) -> SourceDocument:
    kind = body.get("kind")
    year = body.get("year")
    return SourceDocument(
        id=key,
        title=str(body["title"]),
        kind=kind if kind in DOCUMENT_KINDS else "other",
        number=None if body.get("number") is None else str(body["number"]),
        year=year if isinstance(year, int) else None,
        url=None if body.get("url") is None else str(body["url"]),
    )


def source_errors(data: PosDict, lines: dict[str, list[str]]) -> list[PerkinError]:
    """An error for every `source:` that is not a list of citations or cites a document the
    ruleset does not declare, at the place of the faulty citation."""
    table = data.get("documents")
    documents = [str(k) for k in table] if isinstance(table, dict) else []
    errors: list[PerkinError] = []
    for path, text in _sources(data, ()):
        try:
            parse_source(text, documents)
        except PerkinError as err:
            errors.append(relocate(err, text, lines, dotted(path)))
    return errors


def _sources(node: Any, path: NodePath) -> Iterator[tuple[NodePath, PosStr]]:
    """Every `source:` string of the document, with its path."""
    if isinstance(node, PosDict):
        for key, value in node.items():
            if key == "source" and isinstance(value, PosStr):
                yield (*path, key), value
            else:
                yield from _sources(value, (*path, key))
    elif isinstance(node, PosList):
        for n, value in enumerate(node):
            yield from _sources(value, (*path, n))
