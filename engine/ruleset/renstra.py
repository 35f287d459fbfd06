"""The Renstra's medium-term targets per indicator and year, and the check that a target is at
least the previous year's realisasi: read from the ruleset document, checked, and the Renstra
target of the ruleset's year made into two figures per indicator (`renstra_<id>`, the target, and
`capaian_renstra_<id>`, the capaian against it), so that every report, explain and replay shows
them like any figure."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dsl.errors import PerkinError
from dsl.i18n import N_, _
from dsl.suggest import did_you_mean
from engine.ruleset.capaian import DEFAULT_CAPAIAN
from engine.ruleset.made_text import made_text
from engine.ruleset.yamlpos import Mark, PosDict, location_of, mapping_at, pos_dict, pos_str

TARGET_FIGURE = "renstra_{id}"
CAPAIAN_FIGURE = "capaian_renstra_{id}"
_PROVENANCE = ("source", "assumption")


class PlanningError(PerkinError):
    """A Renstra target or a target check that names an unknown indicator."""

    code = "R060"


@dataclass(frozen=True, slots=True)
class RenstraTarget:
    """An indicator's Renstra targets, (year, value) in year order, and where they come from."""

    indicator: str
    targets: tuple[tuple[int, float], ...]
    source: str | None
    assumption: str | None

    def of_year(self, year: int) -> float | None:
        """The target for a year, or None when the Renstra sets none."""
        return dict(self.targets).get(year)


@dataclass(frozen=True, slots=True)
class PreviousRealisasi:
    """An indicator whose target the check compares with its realisasi of the year before, as
    the ruleset's history gives it (what PREV(<indicator>.realisasi) reads), and where that
    realisasi is printed."""

    indicator: str
    source: str | None
    assumption: str | None


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """The check that every listed indicator's annual target is at least (for lower-is-better:
    at most) its realisasi of the previous year, and the rule's source."""

    rule: str
    source: str | None
    assumption: str | None
    previous: tuple[PreviousRealisasi, ...]


def renstra_of(data: PosDict) -> dict[str, RenstraTarget]:
    """The Renstra targets of a checked document, by indicator."""
    targets = (data.get("renstra") or {}).get("targets") or {}
    return {str(key): _renstra_target(str(key), body) for key, body in targets.items()}


def _renstra_target(key: str, body: dict[str, Any]) -> RenstraTarget:
    years = sorted((int(y), float(v)) for y, v in body.items() if y not in _PROVENANCE)
    return RenstraTarget(key, tuple(years), body.get("source"), body.get("assumption"))


def target_check_of(data: PosDict) -> TargetCheck | None:
    """The target check of a checked document, if it has one."""
    check = data.get("target_check")
    if not check:
        return None
    previous = tuple(
        PreviousRealisasi(str(key), (body or {}).get("source"), (body or {}).get("assumption"))
        for key, body in check["previous"].items()
    )
    return TargetCheck(str(check["rule"]), check.get("source"), check.get("assumption"), previous)


def planning_errors(data: PosDict, lines: dict[str, list[str]]) -> list[PerkinError]:
    """An error for each Renstra target or target check that names an unknown indicator, or a
    figure name the Renstra figures would take."""
    return list(_planning_errors(data, lines))


def _planning_errors(data: PosDict, lines: dict[str, list[str]]) -> Iterator[PerkinError]:
    indicators, figures = mapping_at(data, "indicators"), mapping_at(data, "figures")
    renstra = mapping_at(mapping_at(data, "renstra"), "targets")
    for key in renstra:
        if key not in indicators:
            yield _unknown(renstra, key, "renstra.targets", indicators, lines)
        elif isinstance(indicators[key], dict) and "capaian" in indicators[key]:
            message = _("indicator '{name}' has its own capaian formula").format(name=key)
            hint = _("the capaian against the Renstra follows the default rule only")
            yield _error(renstra.key_marks[key], f"renstra.targets.{key}", lines, message, hint)
        for name in (TARGET_FIGURE.format(id=key), CAPAIAN_FIGURE.format(id=key)):
            if name in figures:
                message = _("figure '{name}' is the name of a Renstra figure").format(name=name)
                hint = _("rename the figure: renstra.targets.{id} makes it").format(id=key)
                yield _error(figures.key_marks[name], f"figures.{name}", lines, message, hint)
    previous = mapping_at(mapping_at(data, "target_check"), "previous")
    for key in previous:
        if key not in indicators:
            yield _unknown(previous, key, "target_check.previous", indicators, lines)


def _unknown(
    table: PosDict, key: str, path: str, indicators: dict[str, Any], lines: dict[str, list[str]]
) -> PerkinError:
    message = _("unknown indicator '{name}'").format(name=key)
    hint = did_you_mean(key, indicators) or _("Renstra targets and checks name indicators")
    return _error(table.key_marks[key], f"{path}.{key}", lines, message, hint)


def _error(
    mark: Mark, path: str, lines: dict[str, list[str]], message: str, hint: str
) -> PerkinError:
    return PlanningError(message, location_of(mark, path, lines.get(mark.file)), hint)


def with_renstra_figures(data: PosDict) -> None:
    """Add to the document, for each indicator with a Renstra target in the ruleset's year, the
    figures of that target and of the capaian against it (polarity as the indicator's)."""
    year = str(data.get("year", ""))
    renstra = (data.get("renstra") or {}).get("targets") or {}
    indicators = data.get("indicators") or {}
    figures = data.get("figures")
    if not isinstance(figures, PosDict):
        figures = pos_dict({}, data.mark)
        data["figures"] = figures
        data.key_marks["figures"] = data.value_marks["figures"] = data.mark
    for key, body in renstra.items():
        if year not in body or key not in indicators:
            continue
        mark = body.value_marks[year]
        level = indicators[key].get("level")
        target = TARGET_FIGURE.format(id=key)
        # the default capaian rule, the target being the Renstra's
        polarity = "lower" if indicators[key].get("polarity") == "lower" else "higher"
        capaian = DEFAULT_CAPAIAN[polarity].format(realisasi=f"{key}.realisasi", target=target)
        made = {
            target: (f"{float(body[year])!r}", made_text(N_("Renstra target {year}"), year=year)),
            CAPAIAN_FIGURE.format(id=key): (
                capaian,
                made_text(N_("Capaian against the Renstra target {year}"), year=year),
            ),
        }
        for name, (formula, description) in made.items():
            fields = {"formula": pos_str(formula, mark), "description": description}
            fields |= {"cadence": "tahunan"} | ({"level": level} if level else {})
            fields |= {k: body[k] for k in _PROVENANCE if k in body}
            figures[name] = pos_dict(fields, mark)
            figures.key_marks[name] = figures.value_marks[name] = mark
