"""The checks of a ruleset's `selection:` against its indicators, and the inputs through which a
unit's choice of an indicator shows (its target's) or which it spares (the indicator's own)."""

from __future__ import annotations

from collections.abc import Iterator

from dsl.errors import PerkinError
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.ruleset.model import Ruleset
from engine.ruleset.selection import SelectionError
from engine.ruleset.yamlpos import Mark, PosDict, PosList, location_of


def selection_errors(rs: Ruleset, data: PosDict, lines: dict[str, list[str]]) -> list[PerkinError]:
    """An error for each listed indicator that is unknown or whose target no input gives."""
    section = data.get("selection")
    if not isinstance(section, PosDict) or not isinstance(section.get("indicators"), PosList):
        return []
    return list(_errors(rs, section["indicators"], lines))


def _errors(rs: Ruleset, listed: PosList, lines: dict[str, list[str]]) -> Iterator[PerkinError]:
    for i, name in enumerate(listed):
        mark = listed.item_marks[i] if i < len(listed.item_marks) else listed.mark
        path = f"selection.indicators[{i}]"
        if name not in rs.indicators:
            message = _("unknown indicator '{name}'").format(name=name)
            hint = did_you_mean(str(name), rs.indicators) or _(
                "selection lists indicators of the ruleset"
            )
            yield _error(mark, path, lines, message, hint)
        elif not target_inputs(rs, str(name)):
            message = _("indicator '{name}' has no target read from the data").format(name=name)
            hint = _(
                "a unit chooses an indicator by giving its target: write the target as a formula "
                "over an input (target: {{formula: {name}_target}})"
            ).format(name=name)
            yield _error(mark, path, lines, message, hint)


def target_inputs(rs: Ruleset, indicator: str) -> tuple[str, ...]:
    """The inputs an indicator's target formula reads: where a unit's choice shows."""
    target = rs.indicators[indicator].target
    if target is None or target.formula is None:
        return ()
    return tuple(sorted(n for n in target.formula.program.names if n in rs.inputs))


def indicator_inputs(rs: Ruleset, indicator: str) -> tuple[str, ...]:
    """The inputs an indicator reads directly, in its realisasi and its target."""
    realisasi = rs.indicators[indicator].realisasi.program.names
    read = {n for n in realisasi if n in rs.inputs} | set(target_inputs(rs, indicator))
    return tuple(sorted(read))


def _error(
    mark: Mark, path: str, lines: dict[str, list[str]], message: str, hint: str
) -> PerkinError:
    return SelectionError(message, location_of(mark, path, lines.get(mark.file)), hint)
