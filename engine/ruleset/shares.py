"""Split indicators: the roles that carry an indicator together each hold a share of it (the
IKM split by service among the Asisten, 001:86), as read from `shares:` (checked in cascade.py:
the shares cover the indicator's parts exactly once, R081)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dsl.errors import Location
from engine.ruleset.resolve import Document
from engine.ruleset.yamlpos import PosDict, location_of


@dataclass(frozen=True, slots=True)
class Shares:
    """An indicator split into parts (services), each held by one of the roles that carry it."""

    indicator: str
    of: str  # what a part is, as the instrument says: "layanan"
    parts: tuple[tuple[str, str], ...]  # (part id, name as printed), in declared order
    roles: tuple[tuple[str, tuple[str, ...]], ...]  # (role, the parts it holds)
    min_respondents: int | None  # survey respondents required per part
    respondents: str | None  # the input counting the survey's respondents (N007)
    source: str | None
    assumption: str | None
    location: Location
    role_locations: tuple[tuple[str, Location], ...] = ()

    def holder(self, part: str) -> str | None:
        """The role holding a part (the first, when the declaration is broken)."""
        return next((role for role, held in self.roles if part in held), None)

    def part_names(self, role: str) -> list[str]:
        """The printed names of the parts a role holds."""
        names = dict(self.parts)
        held = dict(self.roles).get(role, ())
        return [names.get(part, part) for part in held]


def shares_of(doc: Document) -> dict[str, Shares]:
    """Indicator id → its shares, for every indicator that declares `shares:`."""
    indicators = doc.data.get("indicators") or {}
    return {
        str(key): _read(str(key), body["shares"], doc)
        for key, body in indicators.items()
        if isinstance(body, PosDict) and isinstance(body.get("shares"), PosDict)
    }


def _read(indicator: str, body: PosDict, doc: Document) -> Shares:
    path = f"indicators.{indicator}.shares"
    roles: PosDict = body["roles"]
    src, asm = body.get("source"), body.get("assumption")
    return Shares(
        indicator=indicator,
        of=str(body.get("of", "")),
        parts=tuple((str(k), str(v)) for k, v in body["parts"].items()),
        roles=tuple((str(r), tuple(str(p) for p in held)) for r, held in roles.items()),
        min_respondents=_int(body.get("min_respondents")),
        respondents=str(body["respondents"]) if body.get("respondents") else None,
        source=str(src) if src else None,
        assumption=str(asm) if asm else None,
        location=_at(body.mark, path, doc),
        role_locations=tuple(
            (str(r), _at(roles.value_marks.get(r, roles.mark), f"{path}.roles.{r}", doc))
            for r in roles
        ),
    )


def _at(mark: Any, path: str, doc: Document) -> Location:
    return location_of(mark, path, doc.lines.get(mark.file))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None
