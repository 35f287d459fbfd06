"""Checks across all files: a sound unit hierarchy (duplicate values: engine.data.duplicates)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from dsl.errors import PerkinError
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.data.model import DataFileError, DeclaredUnit, hint_with


def merge_units(rows: Sequence[DeclaredUnit]) -> tuple[tuple[DeclaredUnit, ...], list[PerkinError]]:
    """One row per unit (later rows fill in what earlier ones left empty) and conflicts."""
    merged: dict[str, DeclaredUnit] = {}
    errors: list[PerkinError] = []
    for row in rows:
        earlier = merged.get(row.id)
        if earlier is None:
            merged[row.id] = row
        elif earlier.parent and row.parent and earlier.parent != row.parent:
            errors.append(_two_parents(earlier, row))
        elif earlier.level and row.level and earlier.level != row.level:
            errors.append(_two_levels(earlier, row))
        elif earlier.name and row.name and earlier.name != row.name:
            errors.append(_two_names(earlier, row))
        else:
            merged[row.id] = _fill(earlier, row)
    return tuple(merged.values()), [*errors, *_case_twins(merged.values())]


def _two_parents(earlier: DeclaredUnit, row: DeclaredUnit) -> DataFileError:
    """The error for a unit given two different parents."""
    message = _("unit '{unit}' has parent '{parent}' here but '{other}' at {first}").format(
        unit=row.id, parent=row.parent, other=earlier.parent, first=earlier.location.label()
    )
    hint = _("a unit has one parent; correct one of them")
    return DataFileError(message, row.location, hint, "D041")


def _two_levels(earlier: DeclaredUnit, row: DeclaredUnit) -> DataFileError:
    """The error (D301) for a unit given two different levels: which one it is scored at would
    be the first file's guess."""
    message = _("unit '{unit}' has level '{level}' here but '{other}' at {first}").format(
        unit=row.id, level=row.level, other=earlier.level, first=earlier.location.label()
    )
    hint = _("a unit has one level; correct one of them")
    return DataFileError(message, row.location, hint, "D301")


def _two_names(earlier: DeclaredUnit, row: DeclaredUnit) -> DataFileError:
    """The error (D301) for a unit given two different names: which one a report prints would
    be the first file's guess."""
    message = _("unit '{unit}' is named '{name}' here but '{other}' at {first}").format(
        unit=row.id, name=row.name, other=earlier.name, first=earlier.location.label()
    )
    hint = _(
        "a unit has one name; write the same name in every file, or leave it empty in all but one"
    )
    return DataFileError(message, row.location, hint, "D301")


def _case_twins(units: Iterable[DeclaredUnit]) -> Iterator[PerkinError]:
    """An error (D302) for each unit whose id differs from an earlier unit's only in upper and
    lower case: 'kel1' beside 'KEL1' is a typo more often than a second unit."""
    seen: dict[str, DeclaredUnit] = {}
    for unit in units:
        twin = seen.setdefault(unit.id.casefold(), unit)
        if twin is not unit:
            message = _("unit '{unit}' differs from unit '{other}' at {first} only in case").format(
                unit=unit.id, other=twin.id, first=twin.location.label()
            )
            hint = _("unit ids are compared exactly: write '{other}' if it is the same unit")
            yield DataFileError(message, unit.location, hint.format(other=twin.id), "D302")


def _fill(earlier: DeclaredUnit, row: DeclaredUnit) -> DeclaredUnit:
    """The earlier row with its empty fields taken from the later one."""
    return replace(
        earlier,
        name=earlier.name or row.name,
        level=earlier.level or row.level,
        parent=earlier.parent or row.parent,
    )


def hierarchy_errors(units: Sequence[DeclaredUnit]) -> list[PerkinError]:
    """Errors for parents that are not declared units and for cycles in the hierarchy."""
    by_id = {unit.id: unit for unit in units}
    errors: list[PerkinError] = [
        _unknown_parent(unit, by_id)
        for unit in units
        if unit.parent is not None and unit.parent not in by_id
    ]
    reported: set[frozenset[str]] = set()
    ends: set[str] = set()  # units whose chain of parents ends: each chain is walked once
    for unit in units:
        cycle = _cycle_from(unit.id, by_id, ends)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            errors.append(_cycle_error(cycle, by_id))
    return errors


def _unknown_parent(unit: DeclaredUnit, by_id: dict[str, DeclaredUnit]) -> DataFileError:
    """The error for a parent no file declares."""
    close = did_you_mean(str(unit.parent), by_id)
    hint = hint_with(close, _("declare the parent unit in a units file, or correct the name"))
    message = _("unit '{unit}' has parent '{parent}', which is not a declared unit").format(
        unit=unit.id, parent=unit.parent
    )
    return DataFileError(message, unit.location, hint, "D042")


def _cycle_from(start: str, by_id: dict[str, DeclaredUnit], ends: set[str]) -> list[str]:
    """The cycle reached by following parents from a unit, or [] when the chain ends (its units
    are then added to ends, where a later walk stops)."""
    path: list[str] = []
    position: dict[str, int] = {}
    current: str | None = start
    while current is not None and current in by_id and current not in ends:
        if current in position:
            return path[position[current] :]
        position[current] = len(path)
        path.append(current)
        current = by_id[current].parent
    ends.update(path)
    return []


def _cycle_error(cycle: list[str], by_id: dict[str, DeclaredUnit]) -> DataFileError:
    """The error for a cycle, at the earliest-declared unit in it."""
    first = min(cycle, key=lambda unit: list(by_id).index(unit))
    start = cycle.index(first)
    ring = [*cycle[start:], *cycle[:start], first]
    message = _("the unit hierarchy has a cycle (unit → parent): {chain}").format(
        chain=" → ".join(ring)
    )
    hint = _("a unit cannot be its own ancestor; correct one of the parents")
    return DataFileError(message, by_id[first].location, hint, "D043")
