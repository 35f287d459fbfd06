"""The result as Markdown tables, for pasting into reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engine.render.tabular import (
    INDICATOR_HEADER,
    RANK_HEADER,
    SCORE_HEADER,
    indicator_rows,
    rank_rows,
    score_rows,
)
from engine.safe_text import terminal_text
from engine.scoring.result import Result

# HTML, link brackets and table breakers; a backslash too, so user text cannot undo an escape
_MARKDOWN_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "\n": " ",
        "\r": " ",
    }
)


def md_text(text: str) -> str:
    """User text as inert Markdown on one line: no HTML, no link, no table cell break, no
    control sequence."""
    return terminal_text(text).translate(_MARKDOWN_ESCAPES)


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(md_text(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(result: Result) -> str:
    """Title, provenance, indicator table, scores, rankings and N/A count."""
    lines = [
        f"# {md_text(result.ruleset_title)}",
        "",
        f"Periode: {md_text(result.period)}  ",
        f"Ruleset: `{result.ruleset_id}` (sha256 {result.ruleset_hash[:12]}), "
        f"data sha256 {result.input_hash[:12]}, perkin {result.perkin_version}",
        "",
    ]
    lines += ["## Capaian indikator", "", *md_table(INDICATOR_HEADER, indicator_rows(result)), ""]
    scores = list(score_rows(result))
    if scores:
        lines += ["## Nilai", "", *md_table(SCORE_HEADER, scores), ""]
    ranks = list(rank_rows(result))
    if ranks:
        lines += ["## Peringkat", "", *md_table(RANK_HEADER, ranks), ""]
    na = sum(1 for d in result.diagnostics if d.code == "N001")
    lines += [f"N/A: {na} figure(s); each shows its reason in the keterangan column.", ""]
    return "\n".join(lines)
