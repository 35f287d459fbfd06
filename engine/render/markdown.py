"""The result as Markdown tables, for pasting into reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dsl.i18n import _, ngettext
from engine.render.counts import counts
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


def provenance_text(ruleset_id: str, ruleset_hash: str, data_hash: str, version: str) -> str:
    """The line that says which ruleset, data and perkin made a report."""
    return _("Ruleset: {id} (sha256 {ruleset}), data sha256 {data}, perkin {version}").format(
        id=ruleset_id, ruleset=ruleset_hash[:12], data=data_hash[:12], version=version
    )


def to_markdown(result: Result) -> str:
    """Every row: title, provenance, indicator table, scores and figures, rankings, N/A count."""
    provenance = provenance_text(
        result.ruleset_id, result.ruleset_hash, result.input_hash, result.perkin_version
    )
    lines = [
        f"# {md_text(result.ruleset_title)}",
        "",
        md_text(_("Period: {period}").format(period=result.period_text())) + "  ",
        md_text(provenance),
        "",
    ]
    indicators = md_table(INDICATOR_HEADER, indicator_rows(result))
    lines += ["## " + md_text(_("Indicator capaian")), "", *indicators, ""]
    scores = list(score_rows(result))
    if scores:
        lines += ["## " + md_text(_("Scores and figures")), "", *md_table(SCORE_HEADER, scores), ""]
    ranks = list(rank_rows(result))
    if ranks:
        lines += ["## " + md_text(_("Rankings")), "", *md_table(RANK_HEADER, ranks), ""]
    c = counts(result)
    na = c.capaian_na
    note = ngettext(
        "{n} indicator row has capaian N/A; its reason is in the keterangan column.",
        "{n} indicator rows have capaian N/A; each shows its reason in the keterangan column.",
        na,
    )
    note = _("No indicator row has capaian N/A.") if na == 0 else note.format(n=na)
    if c.capaian_no_target:
        none = ngettext(
            "{n} indicator row has no target, so its capaian does not apply (N/A: no target).",
            "{n} indicator rows have no target, so their capaian does not apply (N/A: no target).",
            c.capaian_no_target,
        )
        note += " " + none.format(n=c.capaian_no_target)
    lines += [md_text(note), ""]
    return "\n".join(lines)
