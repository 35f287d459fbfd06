"""The cascade as the Lampiran print it: per tier of roles, which indicator each role carries
(✓) or derives into program and activity indicators (D)."""

from __future__ import annotations

from dsl.i18n import _, ngettext
from engine.render.markdown import md_table, md_text
from engine.ruleset.cascade import Tier, mark, tiers
from engine.ruleset.model import Indicator, Ruleset

# a tier with more roles than this lists its holders in one column, as Lampiran III does; so
# does the deepest tier (the named officials who execute) when it has more than NARROWEST roles
WIDEST = 8
NARROWEST = 3
_SIGNS = {"carries": "✓", "derives": "D", "": ""}

Table = tuple[str, list[str], list[list[str]]]


def cascade_tables(rs: Ruleset) -> list[Table]:
    """(title, header, rows) per tier; empty when the ruleset declares no roles."""
    found = tiers(rs)
    return [_tier_table(rs, tier, tier is found[-1]) for tier in found]


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
