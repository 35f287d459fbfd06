"""The rankings of a ruleset under `perkin show`'s table: what is ranked by what, in which order,
the tie-breakers, the awards by place, what a tie that survives gets, and the source."""

from __future__ import annotations

from dsl.i18n import _, pgettext
from engine.render.markdown import md_table, md_text
from engine.ruleset.model import Ranking, Ruleset


def ranking_header() -> list[str]:
    """The column titles of the rankings table."""
    return [
        _("Ranking"),
        _("Level"),
        _("Ranked by"),
        pgettext("column", "Tie-breakers"),
        _("Awards"),
        _("Remaining ties"),
        _("Source"),
    ]


def ranking_rows(rs: Ruleset, sources: bool) -> tuple[str, list[str], list[list[str]]] | None:
    """(title, header, rows) of the ruleset's rankings, one row each; None without rankings.
    The source is the citation, with the assumption too when sources are asked for."""
    if not rs.rankings:
        return None
    rows = [_ranking_row(r, sources) for r in rs.rankings.values()]
    return _("Rankings"), ranking_header(), rows


def rankings_markdown(rs: Ruleset, sources: bool) -> list[str]:
    """The rankings as Markdown lines (a heading and a table), to follow the PK table."""
    found = ranking_rows(rs, sources)
    if found is None:
        return []
    title, header, rows = found
    return ["", f"## {md_text(title)}", "", *md_table(header, rows)]


def _ranking_row(ranking: Ranking, sources: bool) -> list[str]:
    title = str(ranking.title)
    title = f"{title} ({ranking.id})" if title and title != ranking.id else ranking.id
    breakers = "; ".join(f"{by} ({order_text(d)})" for by, d in ranking.tie_breakers)
    awards = "; ".join(f"{place}: {award}" for place, award in enumerate(ranking.awards, 1))
    return [
        title,
        ranking.level or "",
        f"{ranking.by} ({order_text(ranking.descending)})",
        breakers or _("none"),
        awards or _("none"),
        _unresolved_text(ranking),
        _source_text(ranking, sources),
    ]


def order_text(descending: bool) -> str:
    """The order of a ranking or tie-breaker, as the explain text words it."""
    return _("highest first") if descending else _("lowest first")


def _unresolved_text(ranking: Ranking) -> str:
    if ranking.unresolved == "share":
        return _("the units share the place")
    return _("the units share the place, flagged for the assessors to decide")


def _source_text(ranking: Ranking, sources: bool) -> str:
    provenance = ranking.provenance
    if sources or not provenance.source:
        return provenance.text()
    return provenance.source


def ranking_cards(rs: Ruleset, sources: bool) -> list[tuple[str, list[str], list[list[str]]]]:
    """The rankings for a terminal, one narrow table each: (title, header, rows) where the
    header is 'Ranking' and the ranking's title, and each row a field and its value; the
    first table carries the title 'Rankings'."""
    found = ranking_rows(rs, sources)
    if found is None:
        return []
    title, header, rows = found
    return [
        (
            title if i == 0 else "",
            [header[0], row[0]],
            [list(f) for f in zip(header[1:], row[1:], strict=True)],
        )
        for i, row in enumerate(rows)
    ]
