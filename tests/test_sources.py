"""The citation grammar of `source:`, and every `source:` in every ruleset pointing at seed lines
that exist or at a document the rulesets declare."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from dsl.errors import PerkinError
from engine.ruleset.sources import (
    Citation,
    DocumentCitation,
    SourceDocument,
    cited_lines,
    parse_source,
    seeds_dir,
)

ROOT = Path(__file__).parent.parent
SEEDS = seeds_dir()
FILES = sorted((ROOT / "rulesets").rglob("*.yaml"))
DOCS = ("permenpanrb_14_2017", "pmk_62_2023")


def _sources(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield value
            yield from _sources(value)
    elif isinstance(node, list):
        for item in node:
            yield from _sources(item)


def _declared() -> set[str]:
    """Every document any bundled ruleset declares (the loader checks each chain's own)."""
    found: set[str] = set()
    for path in FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found |= set(data.get("documents") or {})
    return found


@pytest.mark.skipif(
    SEEDS is None, reason="the seed documents (../shared/seeds) are not beside this checkout"
)
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_citation_exists(path: Path) -> None:
    assert SEEDS is not None
    declared = _declared()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for source in _sources(data):
        for citation in parse_source(source, declared):
            if isinstance(citation, Citation):
                assert all(text.strip() for _, text in cited_lines(citation, SEEDS)[:1]), (
                    f"{path.name}: {citation} is a blank line"
                )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("003:1522", [Citation("003", 1522, 1522)]),
        ("003:1522-1538, 002:72", [Citation("003", 1522, 1538), Citation("002", 72, 72)]),
        ("003_ab12.txt:7", [Citation("003", 7, 7)]),
        ("permenpanrb_14_2017", [DocumentCitation("permenpanrb_14_2017", None)]),
        (
            "permenpanrb_14_2017: Lampiran II, hlm. 12; 003:1652",
            [
                DocumentCitation("permenpanrb_14_2017", "Lampiran II"),
                DocumentCitation("permenpanrb_14_2017", "hlm. 12"),
                Citation("003", 1652, 1652),
            ],
        ),
        (
            "pmk_62_2023:pasal 5 ayat (2), tabel 3, permenpanrb_14_2017: Bab III",
            [
                DocumentCitation("pmk_62_2023", "pasal 5 ayat (2)"),
                DocumentCitation("pmk_62_2023", "tabel 3"),
                DocumentCitation("permenpanrb_14_2017", "Bab III"),
            ],
        ),
    ],
)
def test_citations_are_read(text: str, expected: list[object]) -> None:
    assert parse_source(text, DOCS) == expected


@pytest.mark.parametrize(
    ("text", "code", "column", "message", "hint"),
    [
        (
            "permenpanrb_14_2071: Lampiran II",
            "S001",
            1,
            "unknown document",
            "'permenpanrb_14_2017'",
        ),
        ("003:1, PermenPANRB_14_2017: pasal 5", "S001", 8, "unknown document", "'permenpanrb_14_"),
        ("lampiran", "S001", 1, "unknown document 'lampiran'", "declare it under 'documents:'"),
        ("Lampiran II", "S002", 1, "'Lampiran II' is not a citation", "003:1522"),
        ("003:1522 - 1538", "S002", 1, "is not a citation", "003:1522-1538"),
        ("003:1522,", "S002", 10, "empty citation", "003:1522"),
        ("003:1522, pmk_62_2023: ", "S002", 11, "names no place", "after the colon"),
    ],
)
def test_what_is_not_a_citation(text: str, code: str, column: int, message: str, hint: str) -> None:
    with pytest.raises(PerkinError) as caught:
        parse_source(text, DOCS)
    err = caught.value
    assert (err.code, err.location.column) == (code, column)
    assert message in err.message and hint in (err.hint or "")


def test_without_declared_documents_only_seed_lines_are_citations() -> None:
    assert parse_source("003:1, 003:2") == [Citation("003", 1, 1), Citation("003", 2, 2)]
    with pytest.raises(PerkinError, match="unknown document 'permenpanrb_14_2017'"):
        parse_source("permenpanrb_14_2017: Lampiran II")


def test_a_document_described() -> None:
    doc = SourceDocument("pmk_1", "Standar Biaya", "regulation", "62", 2023, "https://x.id/p")
    assert doc.describe() == "pmk_1: Standar Biaya (regulation no. 62 of 2023) https://x.id/p"
    assert SourceDocument("lkip", "LKIP 2024", "report").describe() == "lkip: LKIP 2024 (report)"
