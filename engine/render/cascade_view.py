"""The cascade as the Lampiran print it: per tier of roles, which indicator each role carries
(✓) or derives into program and activity indicators (D); then, for an indicator the roles split
(the IKM by service), which role holds which part."""

from __future__ import annotations

from dsl.i18n import _, ngettext
from engine.render.markdown import md_table, md_text
from engine.ruleset.cascade import Tier, mark, tiers
from engine.ruleset.model import Indicator, Ruleset
from engine.ruleset.shares import Shares

# a tier with more roles than this lists its holders in one column, as Lampiran III does; so
# does the deepest tier (the named officials who execute) when it has more than NARROWEST roles
WIDEST = 8
NARROWEST = 3
_SIGNS = {"carries": "✓", "derives": "D", "": ""}

Table = tuple[str, list[str], list[list[str]]]


def cascade_tables(rs: Ruleset) -> list[Table]:
    """(title, header, rows) per tier, then per split indicator; empty when the ruleset
    declares no roles."""
    found = tiers(rs)
    tables = [_tier_table(rs, tier, tier is found[-1]) for tier in found]
    return tables + [_shares_table(rs, shares) for shares in rs.shares.values()] if tables else []


def _shares_table(rs: Ruleset, shares: Shares) -> Table:
    """One row per part: its name as printed, the role holding it, the respondents it needs."""
    ind = rs.indicators[shares.indicator]
    title = _("{no} {indicator}: split by {of}").format(
        no=ind.no or ind.id, indicator=ind.name, of=shares.of or _("part")
    )
    header = [_("Part"), _("Held by")]
    if shares.min_respondents is not None:
        header.append(_("Respondents (at least)"))
    rows = []
    for part, name in shares.parts:
        holder = shares.holder(part)
        row = [name, rs.roles[holder].title if holder in rs.roles else (holder or "")]
        if shares.min_respondents is not None:
            row.append(str(shares.min_respondents))
        rows.append(row)
    return title, header, rows


def _tier_table(rs: Ruleset, tier: Tier, deepest: bool) -> Table:
    count = len(tier.roles)
    title = ngettext("Tier {n}: {count} role", "Tier {n}: {count} roles", count)
    title = title.format(n=tier.depth, count=count)
    first = [_("No."), _("Indicator")]
    indicators = list(rs.indicators.values())
    wide = len(tier.roles) <= (NARROWEST if deepest else WIDEST)
    if wide:
        header = [*first, *(rs.roles[r].title for r in tier.roles)]
        rows = [[*_name(ind), *(_SIGNS[mark(ind, r)] for r in tier.roles)] for ind in indicators]
        return title, header, rows
    kinds = {"carries": _("Carried by"), "derives": _("Derived by")}
    shown = [k for k in kinds if any(mark(i, r) == k for i in indicators for r in tier.roles)]
    header = [*first, *(kinds[k] for k in shown)]
    rows = [
        [
            *_name(ind),
            *("; ".join(rs.roles[r].title for r in tier.roles if mark(ind, r) == k) for k in shown),
        ]
        for ind in indicators
    ]
    return title, header, rows


def _name(ind: Indicator) -> list[str]:
    return [ind.no or "", ind.name]


def legend() -> str:
    """What the marks mean."""
    return _(
        "✓: the role carries the indicator; D: the role derives it into program or activity "
        "indicators (diturunkan); blank: neither. The top of the cascade holds every indicator."
    )


def cascade_markdown(rs: Ruleset) -> str:
    """Every tier as a Markdown table under its heading, then the legend."""
    title = _("Cascade of {ruleset}").format(ruleset=rs.title)
    lines = [f"# {md_text(title)}", ""]
    tables = cascade_tables(rs)
    if not tables:
        lines.append(md_text(_("The ruleset declares no roles, so there is no cascade.")))
        return "\n".join([*lines, ""])
    for tier_title, header, rows in tables:
        lines += [f"## {md_text(tier_title)}", "", *md_table(header, rows), ""]
    lines.append(md_text(legend()))
    return "\n".join([*lines, ""])
