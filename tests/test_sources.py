"""Every `source:` in every ruleset points at lines that exist in the seed documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from engine.ruleset.sources import cited_lines, parse_citations, seeds_dir

ROOT = Path(__file__).parent.parent
SEEDS = seeds_dir()
FILES = sorted((ROOT / "rulesets").rglob("*.yaml"))


def _sources(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield value
            yield from _sources(value)
    elif isinstance(node, list):
        for item in node:
            yield from _sources(item)


@pytest.mark.skipif(
    SEEDS is None, reason="the seed documents (../shared/seeds) are not beside this checkout"
)
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_citation_exists(path: Path) -> None:
    assert SEEDS is not None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for source in _sources(data):
        citations = parse_citations(source)
        assert citations, f"{path.name}: source {source!r} cites no line"
        for citation in citations:
            assert all(text.strip() for _, text in cited_lines(citation, SEEDS)[:1]), (
                f"{path.name}: {citation} is a blank line"
            )
