"""Comparisons a ruleset declares beyond its own figures: peers (units outside the scored
hierarchy, such as the other kota administrasi, compared and ranked with the scored units of their
level), read from the ruleset document and checked against it. Each compared name becomes a
figure `banding_<name>` (a unit's carried value where the data gives one, else the formulas'
value) and a ranking `peringkat_<name>` of the units of the peers' level, so that every report,
explain and replay shows and ranks them like any figure and ranking. Earlier years need no
declaration: reports compare with every earlier year the history gives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dsl.errors import PerkinError
from dsl.i18n import N_, _
from dsl.suggest import did_you_mean
from engine.ruleset.input_refs import input_ref_problems
from engine.ruleset.made_text import made_text
from engine.ruleset.yamlpos import Mark, PosDict, location_of, mapping_at, pos_dict, pos_str

VALUE_FIGURE = "banding_{name}"  # the compared value of each unit of the peers' level
RANKING = "peringkat_{name}"  # its ranking over the scored units and the peers


class ComparisonError(PerkinError):
    """A peers declaration that names an unknown level, indicator, figure, input or item."""

    code = "R090"


class ScoredPeerError(PerkinError):
    """A peer unit that is one of the ruleset's own scored units (listed in required_units)."""

    code = "R095"


@dataclass(frozen=True, slots=True)
class ReadFrom:
    """Where a value is read: an input, and its item when the input is a series."""

    of: str
    item: str | None


@dataclass(frozen=True, slots=True)
class Compared:
    """What peers are compared and ranked on: an indicator's realisasi or a figure, and the input
    a peer's own printed value is read from (else the peer is scored with the same formulas)."""

    name: str
    title: str | None
    carried: ReadFrom | None
    source: str | None
    assumption: str | None


@dataclass(frozen=True, slots=True)
class Peers:
    """Units outside the scored hierarchy, of one level, that carry data and are ranked with the
    scored units of that level; never rolled up and never reported as scored units."""

    title: str | None
    level: str
    units: tuple[tuple[str, str], ...]  # (id, name), in the declared order
    compared: tuple[Compared, ...]
    source: str | None
    assumption: str | None


@dataclass(frozen=True, slots=True)
class Comparisons:
    """The ruleset's peers (none for most rulesets)."""

    peers: Peers | None = None

    def peer_ids(self) -> frozenset[str]:
        """The ids of the peer units."""
        return frozenset(u for u, _name in self.peers.units) if self.peers else frozenset()

    def carried(self) -> frozenset[str]:
        """The inputs that carry a peer's own values."""
        compared = self.peers.compared if self.peers else ()
        return frozenset(c.carried.of for c in compared if c.carried is not None)


def comparisons_of(data: PosDict) -> Comparisons:
    """The peers of a checked document."""
    peers = data.get("peers")
    return Comparisons(_peers(peers) if isinstance(peers, dict) else None)


def _peers(body: dict[str, Any]) -> Peers:
    compared = tuple(
        Compared(
            str(key),
            spec.get("title"),
            _read_from(spec["carried"]) if spec.get("carried") else None,
            spec.get("source"),
            spec.get("assumption"),
        )
        for key, spec in body["compare"].items()
    )
    units = tuple((str(key), str(name)) for key, name in body["units"].items())
    return Peers(
        body.get("title"),
        str(body["level"]),
        units,
        compared,
        body.get("source"),
        body.get("assumption"),
    )


def _read_from(body: dict[str, Any]) -> ReadFrom:
    return ReadFrom(str(body["of"]), None if body.get("item") is None else str(body["item"]))


def comparison_errors(data: PosDict, lines: dict[str, list[str]]) -> list[PerkinError]:
    """An error for each name of a peers declaration that the ruleset lacks."""
    return list(_errors(data, lines))


def _errors(data: PosDict, lines: dict[str, list[str]]) -> Iterator[PerkinError]:
    levels, inputs = mapping_at(data, "levels"), mapping_at(data, "inputs")
    indicators, figures = mapping_at(data, "indicators"), mapping_at(data, "figures")
    peers = mapping_at(data, "peers")
    level = peers.get("level")
    if isinstance(level, str) and levels and level not in levels:
        message = _("unknown level '{level}'").format(level=level)
        hint = did_you_mean(level, levels) or _("peers are units of one of the ruleset's levels")
        yield _error(peers.value_marks["level"], "peers.level", lines, message, hint)
    yield from _scored_peer_errors(data, peers, lines)
    compare = mapping_at(peers, "compare")
    for key, spec in compare.items():
        path = f"peers.compare.{key}"
        if key not in indicators and key not in figures:
            message = _("unknown indicator or figure '{name}'").format(name=key)
            hint = did_you_mean(key, [*indicators, *figures]) or _(
                "peers are compared on an indicator's realisasi or on a figure"
            )
            yield _error(compare.key_marks[key], path, lines, message, hint)
        rankings = mapping_at(data, "rankings")
        for made, table in ((VALUE_FIGURE, figures), (RANKING, rankings)):
            name = made.format(name=key)
            if name in table:
                message = _("'{name}' is the name of a peer comparison").format(name=name)
                hint = _("rename it: peers.compare.{key} makes it").format(key=key)
                yield _error(table.key_marks[name], name, lines, message, hint)
        carried = mapping_at(spec, "carried") if isinstance(spec, PosDict) else None
        if carried:
            yield from _input_errors(
                carried, f"{path}.carried", inputs, lines, [carried.get("item")]
            )


def _scored_peer_errors(
    data: PosDict, peers: PosDict, lines: dict[str, list[str]]
) -> Iterator[PerkinError]:
    """A peer whose id is one of the units the ruleset scores (required_units): the unit would
    silently become a peer, dropped from the scored units and never rolled up."""
    units = mapping_at(peers, "units")
    required = mapping_at(data, "required_units")
    for level, spec in required.items():
        listed = spec.get("units") if isinstance(spec, PosDict) else None
        for unit in listed if isinstance(listed, list) else ():
            if unit in units:
                message = _("peer unit '{unit}' is a scored unit of the ruleset").format(unit=unit)
                hint = _(
                    "required_units.{level} lists it; a peer stands outside the scored "
                    "hierarchy: remove it from peers.units or from required_units"
                ).format(level=level)
                yield ScoredPeerError(
                    message,
                    location_of(
                        units.key_marks[unit],
                        f"peers.units.{unit}",
                        lines.get(units.key_marks[unit].file),
                    ),
                    hint,
                )


def _input_errors(
    body: PosDict, path: str, inputs: PosDict, lines: dict[str, list[str]], items: list[Any]
) -> Iterator[PerkinError]:
    """The input a value is read from: known, and each item one of its series' items."""
    of = body.get("of")
    if not isinstance(of, str):
        return
    mark = body.value_marks["of"]
    given = [(item, mark, path) for item in items]
    hint = _("the value is read from an input")
    for at, where, message, why in input_ref_problems(
        of, (mark, f"{path}.of"), given, inputs, hint
    ):
        yield _error(at, where, lines, message, why)


def _error(
    mark: Mark, path: str, lines: dict[str, list[str]], message: str, hint: str
) -> PerkinError:
    return ComparisonError(message, location_of(mark, path, lines.get(mark.file)), hint)


def with_peer_figures(data: PosDict) -> None:
    """Add to the document, for each compared name, the figure of the value compared and the
    ranking of the units of the peers' level by it (lower first where the indicator's polarity
    is lower); a tie shares the rank, as the comparison tables have no tie-breaker."""
    peers = data.get("peers")
    if not isinstance(peers, PosDict):
        return
    indicators = data.get("indicators") or {}
    for key, spec in (peers.get("compare") or {}).items():
        mark = peers["compare"].key_marks[key]
        value = f"{key}.realisasi" if key in indicators else key
        carried = (spec or {}).get("carried")
        if carried:
            item = f'["{carried["item"]}"]' if carried.get("item") is not None else ""
            value = f"IFNA({carried['of']}{item}, {value})"
        polarity = (indicators.get(key) or {}).get("polarity")
        provenance = {k: spec[k] for k in ("source", "assumption") if k in (spec or {})}
        title = (spec or {}).get("title") or (indicators.get(key) or {}).get("name") or str(key)
        figure = {
            "formula": pos_str(value, mark),
            "level": peers["level"],
            "cadence": "tahunan",
            "description": made_text(N_("{name} compared with the peers"), name=str(title)),
        }
        ranking = {
            "title": made_text(N_("{name} among the peers"), name=str(title)),
            "level": peers["level"],
            "by": VALUE_FIGURE.format(name=key),
            "order": "asc" if polarity == "lower" else "desc",
            "unresolved": "share",
        }
        _add(data, "figures", VALUE_FIGURE.format(name=key), figure | provenance, mark)
        _add(data, "rankings", RANKING.format(name=key), ranking | provenance, mark)


def _add(data: PosDict, section: str, name: str, fields: dict[str, Any], mark: Mark) -> None:
    table = data.get(section)
    if not isinstance(table, PosDict):
        table = pos_dict({}, mark)
        data[section] = table
        data.key_marks[section] = data.value_marks[section] = mark
    table[name] = pos_dict(fields, mark)
    table.key_marks[name] = table.value_marks[name] = mark
