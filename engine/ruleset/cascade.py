"""The cascade: which roles carry which indicators, tier by tier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.ruleset.model import Indicator, Ruleset

Mark = Literal["carries", "derives", ""]


def cascade_table(ruleset: Ruleset) -> dict[str, list[str]]:
    """Role id → the indicator ids it carries, in ruleset order; every role listed."""
    table: dict[str, list[str]] = {role: [] for role in ruleset.roles}
    for ind in ruleset.indicators.values():
        for role in ind.roles:
            table.setdefault(role, []).append(ind.id)
    return table


@dataclass(frozen=True, slots=True)
class Tier:
    """The roles one step further down the cascade (Asisten, then Kepala Bagian, …)."""

    depth: int
    roles: tuple[str, ...]


def tiers(ruleset: Ruleset) -> list[Tier]:
    """The roles by their distance from the top, the top itself left out (it holds every
    indicator); roles in declaration order within a tier."""
    depth: dict[str, int] = {}

    def depth_of(role: str, seen: frozenset[str] = frozenset()) -> int:
        if role not in depth:
            parent = ruleset.roles[role].parent
            known = parent is not None and parent in ruleset.roles and parent not in seen
            depth[role] = depth_of(parent, seen | {role}) + 1 if known and parent else 0
        return depth[role]

    by_depth: dict[int, list[str]] = {}
    for role in ruleset.roles:
        if role != ruleset.cascade_top:
            by_depth.setdefault(depth_of(role), []).append(role)
    return [Tier(d, tuple(by_depth[d])) for d in sorted(by_depth)]


def mark(ind: Indicator, role: str) -> Mark:
    """How a role holds an indicator: carries it, derives it (diturunkan), or neither."""
    if role in ind.roles:
        return "carries"
    if role in ind.diturunkan:
        return "derives"
    return ""
