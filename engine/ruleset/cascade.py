"""The cascade: which roles carry which indicators, tier by tier."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from dsl.errors import Location
from dsl.i18n import _
from engine.ruleset.model import Indicator, Ruleset

Mark = Literal["carries", "derives", ""]
Problem = tuple[str, str, Location, str]  # code, message, where, hint: a CheckError's parts


def _problem(code: str, message: str, where: Location, hint: str) -> Problem:
    return code, message, where, hint


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


def cascade_problems(rs: Ruleset) -> Iterator[Problem]:
    """(code, message, location, hint) of every break of the cascade: an indicator no role
    below the top carries (R044), a broken chain (R055)."""
    if not rs.cascade_required:
        return
    for ind in rs.indicators.values():
        carriers = [r for r in ind.roles if r != rs.cascade_top]
        if not carriers:
            yield _problem(
                "R044",
                _("indicator '{id}' is not cascaded to any role").format(id=ind.id),
                ind.location,
                _("list the roles that carry it under roles:"),
            )
        yield from _check_chain(rs, ind)


def _check_chain(rs: Ruleset, ind: Indicator) -> Iterator[Problem]:
    """A role carries or derives an indicator only when its parent role carries or derives it
    too (the top of the cascade holds every indicator), and never both at once."""
    held = {*ind.roles, *ind.diturunkan, rs.cascade_top}
    for role in sorted(set(ind.roles) & set(ind.diturunkan)):
        yield _problem(
            "R055",
            _("role '{role}' both carries indicator '{id}' and derives it").format(
                role=role, id=ind.id
            ),
            ind.cascade_location,
            _("keep '{role}' under roles: or under diturunkan:, not both").format(role=role),
        )
    for role in dict.fromkeys((*ind.roles, *ind.diturunkan)):
        parent = rs.roles[role].parent if role in rs.roles else None
        if parent is None or parent in held:
            continue
        yield _problem(
            "R055",
            _(
                "indicator '{id}' is cascaded to '{role}', but not to its parent role '{parent}'"
            ).format(id=ind.id, role=role, parent=parent),
            ind.cascade_location,
            _(
                "add '{parent}' to roles: (it carries the indicator) or to diturunkan: (it "
                "derives it into program or activity indicators), or remove '{role}'"
            ).format(parent=parent, role=role),
        )
