"""The cascade: which roles carry which indicators, tier by tier."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from dsl.errors import Location
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.ruleset.model import Indicator, Ruleset
from engine.ruleset.shares import Shares

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
    below the top carries (R044, with `required`), a broken chain (R055, with `required` or a
    `top`), shares that do not cover their indicator once (R081)."""
    yield from share_problems(rs)
    if not rs.cascade_required and rs.cascade_top is None:
        return
    for ind in rs.indicators.values():
        carriers = [r for r in ind.roles if r != rs.cascade_top]
        if rs.cascade_required and not carriers:
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


def share_problems(rs: Ruleset) -> Iterator[Problem]:
    """R081 for every share that does not cover its indicator once: a role that does not carry
    the indicator, an unknown part, a part held twice or by no role."""
    for shares in rs.shares.values():
        carriers = (
            rs.indicators[shares.indicator].roles if shares.indicator in rs.indicators else ()
        )
        where = dict(shares.role_locations)
        for role, held in shares.roles:
            at = where.get(role, shares.location)
            if role not in carriers:
                message = _("role '{role}' holds a share of indicator '{id}' but does not carry it")
                hint = _("add '{role}' to the indicator's roles:, or remove its share").format(
                    role=role
                )
                yield _problem("R081", message.format(role=role, id=shares.indicator), at, hint)
            yield from _unknown_parts(shares, held, at)
        yield from _coverage(shares)
        yield from _respondents(rs, shares)


def _respondents(rs: Ruleset, shares: Shares) -> Iterator[Problem]:
    """R082: `respondents` names a counted input, and comes with `min_respondents`."""
    name = shares.respondents
    if name is None:
        return
    spec = rs.inputs.get(name)
    if spec is None:
        message = _("'respondents' of indicator '{id}' names no input '{name}'")
        hint = did_you_mean(name, rs.inputs) or _("name the input that counts the respondents")
    elif spec.kind not in ("count", "number") or spec.axis is not None:
        message = _("'respondents' of indicator '{id}' names input '{name}', which is not a count")
        hint = _("name an input of kind count: one number of respondents per unit and period")
    elif shares.min_respondents is None:
        message = _("'respondents' of indicator '{id}' is given without 'min_respondents'")
        hint = _("add min_respondents: the respondents each part needs")
    else:
        return
    yield _problem("R082", message.format(id=shares.indicator, name=name), shares.location, hint)


def _unknown_parts(shares: Shares, held: tuple[str, ...], at: Location) -> Iterator[Problem]:
    known = [part for part, _name in shares.parts]
    for part in held:
        if part not in known:
            message = _("indicator '{id}' has no part '{part}' to share").format(
                id=shares.indicator, part=part
            )
            hint = did_you_mean(part, known) or _("the parts are: {parts}").format(
                parts=", ".join(known)
            )
            yield _problem("R081", message, at, hint)


def _coverage(shares: Shares) -> Iterator[Problem]:
    """Each declared part held by exactly one role."""
    for part, name in shares.parts:
        holders = [role for role, held in shares.roles if part in held]
        if len(holders) == 1:
            continue
        if not holders:
            message = _("part '{part}' ({name}) of indicator '{id}' is held by no role")
            hint = _("give it to one of the roles under shares.roles")
        else:
            message = _(
                "part '{part}' ({name}) of indicator '{id}' is held by several roles: {roles}"
            )
            hint = _("a part is held by one role only: keep it under one of them")
        text = message.format(part=part, name=name, id=shares.indicator, roles=", ".join(holders))
        at = dict(shares.role_locations).get(holders[-1], shares.location) if holders else None
        yield _problem("R081", text, at or shares.location, hint)
