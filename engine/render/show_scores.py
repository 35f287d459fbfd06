"""`perkin show` for a ruleset without indicators (an evaluation sheet such as the Evaluasi AKIP
or an IKM survey): its scores, and with --formulas the figures behind them, instead of an empty
PK table."""

from __future__ import annotations

from dsl.i18n import _, ngettext
from engine.render.markdown import md_table, md_text
from engine.ruleset.model import Ruleset, Score
from engine.ruleset.names import ShownNames


def score_rows(
    rs: Ruleset, sources: bool, formulas: bool
) -> list[tuple[list[str], list[list[str]]]]:
    """(header, rows) of the scores, then (with formulas) of the figures."""
    header = [_("Score"), _("Level"), _("Computed as"), _("Predikat table")]
    titles = ShownNames.of(rs).scores  # two of one title carry their ids
    rows = [
        [titles[s.id], s.level or "", _computed(s), s.predikat or ""] for s in rs.scores.values()
    ]
    if sources:
        header.append(_("Source"))
        for row, score in zip(rows, rs.scores.values(), strict=True):
            row.append(score.provenance.text())
    tables = [(header, rows)] if rows else []
    if (formulas or not rows) and rs.figures:
        fig_header = [_("Figure"), _("Level"), _("Formula"), _("Description")]
        fig_rows = [
            [f.id, f.level or "", f.formula.text if f.formula else "", str(f.description)]
            for f in rs.figures.values()
        ]
        if sources:
            fig_header.append(_("Source"))
            for row, fig in zip(fig_rows, rs.figures.values(), strict=True):
                row.append(fig.provenance.text())
        tables.append((fig_header, fig_rows))
    return tables


def scores_note(rs: Ruleset, formulas: bool) -> str:
    """What the view leaves out: there is no PK table, and the figures unless --formulas."""
    if not rs.scores:
        return _("The ruleset has no indicators and no scores; it computes these figures.")
    text = _("The ruleset has no indicators, so there is no PK table; it computes these scores.")
    if rs.figures and not formulas:
        more = ngettext(
            "{n} figure lies behind them: perkin show --formulas lists it.",
            "{n} figures lie behind them: perkin show --formulas lists them.",
            len(rs.figures),
        )
        text += " " + more.format(n=len(rs.figures))
    return text


def scores_markdown(rs: Ruleset, title: str, sources: bool, formulas: bool) -> str:
    """The scores (and figures) as Markdown under the ruleset's title."""
    lines = [f"# {md_text(title)}", "", md_text(scores_note(rs, formulas)), ""]
    for header, rows in score_rows(rs, sources, formulas):
        lines += [*md_table(header, rows), ""]
    return "\n".join(lines)


def _computed(score: Score) -> str:
    """How a score is computed, in the ruleset's terms: its formula, or its method and parts."""
    if score.formula is not None:
        return score.formula.text
    parts = ", ".join(score.indicators)
    return f"{score.method}({score.of}: {parts})" if parts else score.method
