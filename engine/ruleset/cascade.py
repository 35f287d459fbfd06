"""The cascade: which roles carry which indicators."""

from __future__ import annotations

from engine.ruleset.model import Ruleset


def cascade_table(ruleset: Ruleset) -> dict[str, list[str]]:
    """Role id → the indicator ids it carries, in ruleset order; every role listed."""
    table: dict[str, list[str]] = {role: [] for role in ruleset.roles}
    for ind in ruleset.indicators.values():
        for role in ind.roles:
            table.setdefault(role, []).append(ind.id)
    return table
