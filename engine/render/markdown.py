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
from engine.scoring.result import Result


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(result: Result) -> str:
    """Title, provenance, indicator table, scores, rankings and N/A count."""
    lines = [
        f"# {result.ruleset_title}",
        "",
        f"Periode: {result.period}  ",
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
