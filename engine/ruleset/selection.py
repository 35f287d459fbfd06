"""Indicators each unit chooses for itself (`selection:`): a scorecard such as the 2016 Lurah's,
where each Lurah sets targets for the variables of their priorities (000:112) and is scored on
those alone. A unit has chosen a listed indicator for the year when the data gives it a target
(a number, or N/A) in some period of the year; the values of an indicator a unit did not choose
are not expected of it and are N/A "not chosen", never counted missing and never zero.
engine.ruleset.selection_check checks it; engine.data.selection applies it to data."""

from __future__ import annotations

from dataclasses import dataclass

from dsl.errors import PerkinError
from engine.ruleset.yamlpos import PosDict


class SelectionError(PerkinError):
    """A `selection:` that names an unknown indicator, or one whose target is not read from the
    data (so no unit could be seen to choose it)."""

    code = "R100"


@dataclass(frozen=True, slots=True)
class Selection:
    """The indicators a unit chooses by giving their target, and the rule's provenance."""

    indicators: tuple[str, ...]
    source: str | None
    assumption: str | None


def selection_of(data: PosDict) -> Selection | None:
    """The selection of a checked document, if it declares one."""
    section = data.get("selection")
    if not isinstance(section, PosDict):
        return None
    names = tuple(str(name) for name in section.get("indicators") or ())
    return Selection(names, section.get("source"), section.get("assumption"))
