"""Binding values one by one: units, levels and each record's value, checked and located.

engine.data.binding binds a whole dataset (records and columns read in bulk) through these checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _, ngettext, number_text
from dsl.suggest import did_you_mean
from engine.data.cells import Labelled, Missing, TextValue, is_blank
from engine.data.model import Unit, collected, hint_with
from engine.data.peer_units import peer_parent_errors, peer_row_errors, peer_units
from engine.data.period_fit import check_period_fits
from engine.data.read import Dataset, Record, reparse
from engine.data.unchosen import NOTHING_UNCHOSEN, Unchosen
from engine.data.validation import Validations
from engine.periods import Period
from engine.ruleset.cycle import check_year
from engine.ruleset.model import Input, Ruleset

Scalar = float | str | None
NA_TEXTS = {"N/A", "NA", "-", "—", "#N/A"}
Key = tuple[str, str | None]  # (period label or "*", item)


class DataBindingError(PerkinError):
    """Realisation data that does not fit the ruleset."""

    code = "D100"


class UnknownColumnError(DataBindingError):
    """A wide-form column whose header names no input: reported once, at the header cell."""

    def __init__(self, ruleset: Ruleset, variable: str, header: Location) -> None:
        close = did_you_mean(variable, ruleset.inputs)
        if close:
            hint = hint_with(
                close, _("rename the column, or map it with rename: in perkin-data.yaml")
            )
        else:
            hint = _(
                "declare it under inputs: in the ruleset, or leave the column out with ignore: in "
                "perkin-data.yaml beside the data"
            )
        message = _("unknown variable '{variable}' in the column header").format(variable=variable)
        super().__init__(message, header, hint, code="D103")
        self.header = header.label()


class CellOrigin(Protocol):
    """Where the values of a column read in bulk came from (engine.data.binding)."""

    def label(self, unit: int) -> str:
        """The 'file:line:column' of unit's value."""
        ...


@dataclass(slots=True)
class Slot:
    """One input in one period (and series item) for every unit: values, state and origin."""

    values: np.ndarray  # float64, or object for text inputs
    state: np.ndarray  # int8: ABSENT, PRESENT or NA_REPORTED
    notes: np.ndarray | None = None  # object: location labels, made when a record is bound
    origins: list[tuple[np.ndarray, CellOrigin]] = field(default_factory=list)  # bulk values

    @property
    def where(self) -> np.ndarray:
        """The location label of each value bound from a record (None elsewhere)."""
        if self.notes is None:
            self.notes = np.full(len(self.state), None, dtype=object)
        return self.notes

    def label(self, unit: int) -> str | None:
        """Where unit's value was read ('file:line:column'), None when it has none."""
        if self.notes is not None and self.notes[unit] is not None:
            return str(self.notes[unit])
        for units, origin in self.origins:
            if np.any(units == unit):
                return origin.label(unit)
        return None


ABSENT, PRESENT, NA_REPORTED = 0, 1, 2


@dataclass(slots=True)
class Bound:
    """The dataset as the engine reads it: units in order and values per input."""

    units: tuple[Unit, ...]
    index: dict[str, int]
    slots: dict[str, dict[Key, Slot]] = field(default_factory=dict)
    items: dict[str, list[str]] = field(default_factory=dict)
    input_hash: str = ""
    blanks: set[tuple[str, Key, int]] = field(default_factory=set)  # N/A read from an empty cell
    notices: tuple[str, ...] = ()  # what reading left out on purpose (Dataset.notices)
    validation: Validations | None = None  # who validated which value (ruleset validation:)
    unchosen: Unchosen = NOTHING_UNCHOSEN  # inputs of indicators a unit did not choose

    def slot(self, spec: Input, key: Key) -> Slot:
        """The slot of an input at (period label, item), created empty on first use."""
        table = self.slots.setdefault(spec.id, {})
        if key not in table:
            n = len(self.units)
            if spec.kind == "text":
                values = np.full(n, None, dtype=object)
            else:
                values = np.full(n, np.nan, dtype=np.float64)
            table[key] = Slot(values, np.zeros(n, dtype=np.int8))
        if key[1] is not None:
            known = self.items.setdefault(spec.id, list(spec.items or ()))
            if key[1] not in known:
                known.append(key[1])
        return table[key]


def period_key(period: Period | None) -> str:
    """The key a value is stored under: the period label without its year, or '*'."""
    if period is None:
        return "*"
    return period.engine_label


Seen = dict[tuple[str, str, str, str | None], Location]


def bind_records(
    ruleset: Ruleset, bound: Bound, records: Iterable[Record], errors: list[PerkinError]
) -> None:
    """Bind each record; raise every problem found (with those already in `errors`) at once."""
    seen: Seen = {}
    headers: set[str] = set()  # wide columns already reported as unknown, once per column
    for record in records:
        try:
            bind_record(ruleset, bound, record, seen)
        except UnknownColumnError as err:
            if err.header not in headers:
                headers.add(err.header)
                errors.append(err)
        except PerkinError as err:
            errors.append(err)
    if errors:
        raise PerkinErrors(collected(errors))


def declared_units(
    ruleset: Ruleset, dataset: Dataset, errors: list[PerkinError]
) -> dict[str, Unit]:
    """The units the data files declare, noting those of a level the ruleset lacks."""
    units: dict[str, Unit] = peer_units(ruleset)  # declared by the ruleset, outside the hierarchy
    peers = set(units)
    errors.extend(peer_parent_errors(ruleset, dataset.units))
    for row in dataset.units:
        if row.id in peers:  # a units file may list a peer too, as the ruleset places it
            errors.extend(peer_row_errors(ruleset, row))
            continue
        if (
            row.level is not None
            and ruleset.level_parents
            and row.level not in ruleset.level_parents
        ):
            errors.append(
                DataBindingError(
                    _("unit '{unit}' has unknown level '{level}'").format(
                        unit=row.id, level=row.level
                    ),
                    row.location,
                    did_you_mean(row.level, ruleset.level_parents),
                    code="D101",
                )
            )
        level = row.level or _only_level(ruleset)
        if level is None and len(ruleset.level_parents) > 1:
            errors.append(no_level(ruleset, row.id, row.location))
        units[row.id] = Unit(row.id, row.name or row.id, level, row.parent)
    return units


def no_level(ruleset: Ruleset, unit: str, where: Location) -> DataBindingError:
    """The error for a unit whose level is not given when the ruleset has several levels."""
    levels = ", ".join(ruleset.level_parents)
    return DataBindingError(
        _("unit '{unit}' has no level, so nothing can be scored for it").format(unit=unit),
        where,
        _(
            "give a units file (id, name, level, parent), a level column, or level: in "
            "perkin-data.yaml beside the data; levels: {levels}"
        ).format(levels=levels),
        code="D111",
    )


def nothing_to_score(ruleset: Ruleset, bound: Bound, dataset: Dataset) -> DataBindingError:
    """The error for data in which no input has a value at a unit of its level."""
    given = sum(int(np.sum(s.state != ABSENT)) for t in bound.slots.values() for s in t.values())
    where = Location(file=", ".join(dataset.files)) if dataset.files else Location()
    levels = sorted({lv for s in ruleset.inputs.values() for lv in s.reported_at() or ()})
    if levels:
        hint = _("give values for units of level {levels} (an empty cell is no value)")
    else:
        hint = _("give values (an empty cell is no value)")
    message = ngettext(
        "nothing to score: {n} value read, none for an input at a unit of its level",
        "nothing to score: {n} values read, none for an input at a unit of its level",
        given,
    )
    hint = hint.format(levels=", ".join(levels))
    return DataBindingError(message.format(n=given), where, hint, code="D112")


def range_error(spec: Input, value: float, where: Location, unit: str) -> DataBindingError:
    """The error for a value outside its input's declared min/max (90 on a 1–4 scale)."""
    return DataBindingError(
        _("'{input}' is {value}, outside its range {range} (unit {unit})").format(
            input=spec.id, value=number_text(value), range=spec.range_text(), unit=unit
        ),
        where,
        _("check the value; the ruleset declares it {range}").format(range=spec.range_text()),
        code="D110",
    )


def unknown_unit(record: Record, units: dict[str, Unit]) -> DataBindingError:
    """The error for a value of a unit no units file declares."""
    return DataBindingError(
        _("unknown unit '{unit}'").format(unit=record.unit),
        record.location,
        did_you_mean(record.unit, units) or _("add it to the units file"),
        code="D102",
    )


def implied_unit(ruleset: Ruleset, unit: str) -> Unit:
    """A unit known only from its values (no units file)."""
    return Unit(unit, unit, _only_level(ruleset), None)


def sort_units(ruleset: Ruleset, units: dict[str, Unit]) -> list[Unit]:
    """The units in the order results list them: by their path from the top."""
    keys: dict[str, tuple[str, ...]] = {}
    for unit in units.values():
        _path_key(unit, units, keys)
    return sorted(units.values(), key=lambda u: keys[u.id])


def _path_key(unit: Unit, units: dict[str, Unit], keys: dict[str, tuple[str, ...]]) -> None:
    """_unit_sort_key(unit), reusing the keys of ancestors already known."""
    chain = [unit]
    while chain[-1].id not in keys and chain[-1].parent in units and len(chain) < 50:
        chain.append(units[str(chain[-1].parent)])
    top = chain.pop()
    if top.id not in keys:
        keys[top.id] = _unit_sort_key(top, units)  # the top of a chain, or a long or cyclic one
    for below in reversed(chain):
        keys[below.id] = (*keys[str(below.parent)], below.id)[-50:]


def _only_level(ruleset: Ruleset) -> str | None:
    levels = list(ruleset.level_parents)
    return levels[0] if len(levels) == 1 else None


def _unit_sort_key(unit: Unit, units: dict[str, Unit]) -> tuple[str, ...]:
    """Units sort by their path from the top (kota, kecamatan, kelurahan), so output is stable."""
    path = [unit.id]
    cur = unit
    while cur.parent is not None and cur.parent in units and len(path) < 50:
        cur = units[cur.parent]
        path.append(cur.id)
    return tuple(reversed(path))


def bind_record(ruleset: Ruleset, bound: Bound, record: Record, seen: Seen) -> None:
    """Check one record and put its value in its slot; raises its DataBindingError."""
    spec = ruleset.inputs.get(record.variable)
    if spec is None and record.header is not None:
        raise UnknownColumnError(ruleset, record.variable, record.header)
    if spec is None:
        raise DataBindingError(
            _("unknown variable '{variable}'").format(variable=record.variable),
            record.location,
            did_you_mean(record.variable, ruleset.inputs)
            or _("declare it under inputs: in the ruleset"),
            code="D103",
        )
    if record.unit not in bound.index:
        return  # already reported as an unknown unit
    key = (record.unit, period_key(record.period), record.variable, record.item)
    if key in seen:
        first = seen[key].label()
        raise DataBindingError(
            _("'{variable}' for {unit} {period} is given twice (also at {first})").format(
                variable=record.variable, unit=record.unit, period=key[1], first=first
            ),
            record.location,
            _("keep one value"),
            code="D104",
        )
    seen[key] = record.location
    check_period(ruleset, record.period, record.location)
    check_period_fits(ruleset, spec, record.period, record.location)
    value = _value(spec, record)
    if isinstance(value, float) and spec.outside(value):
        raise range_error(spec, value, record.location, record.unit)
    slot_key = (key[1], check_item(spec, record.item, record.location))
    slot = bound.slot(spec, slot_key)
    unit = bound.index[record.unit]
    slot.state[unit] = NA_REPORTED if value is None else PRESENT
    if value is None and is_blank(record.value):
        bound.blanks.add((spec.id, slot_key, unit))
    if value is not None:
        slot.values[unit] = value
    slot.where[unit] = record.location.label()


def check_period(ruleset: Ruleset, period: Period | None, where: Location) -> None:
    """Raise the error for a period outside the ruleset's year."""
    if period is None:
        return
    check_year(ruleset.cycle, period.year, str(period), where)
    if period.year is not None and ruleset.year and period.year != ruleset.year:
        raise DataBindingError(
            _("period {period} is outside the ruleset year {year}").format(
                period=period, year=ruleset.year
            ),
            where,
            code="D105",
        )


def check_item(spec: Input, item: str | None, where: Location) -> str | None:
    """The series item of a value, raising the error when it does not fit the input."""
    if spec.axis is None:
        if item is not None:
            raise DataBindingError(
                _("'{input}' is a single value, but an item '{item}' was given").format(
                    input=spec.id, item=item
                ),
                where,
                code="D106",
            )
        return None
    if item is None:
        raise DataBindingError(
            _("'{input}' is a series over {axis}; say which item").format(
                input=spec.id, axis=spec.axis
            ),
            where,
            code="D106",
        )
    if spec.items is not None and item not in spec.items:
        raise DataBindingError(
            _("'{item}' is not an item of {axis}").format(item=item, axis=spec.axis),
            where,
            did_you_mean(item, spec.items)
            or _("items: {items}").format(items=", ".join(spec.items)),
            code="D107",
        )
    return item


def _value(spec: Input, record: Record) -> Scalar:
    cell = reparse(record, spec.kind)
    match cell:
        case Missing():
            return None
        case TextValue(text=text):
            if spec.kind == "text" and text.strip().upper() in NA_TEXTS:
                return None
            if spec.kind != "text":
                raise DataBindingError(
                    _("'{input}' expects a number, found text '{text}'").format(
                        input=spec.id, text=text
                    ),
                    record.location,
                    code="D108",
                )
            return text
        case Labelled(label=label, number=number):
            return label if spec.kind == "text" else number
        case float():
            return str(cell) if spec.kind == "text" else float(cell)
    raise DataBindingError(
        _("cannot read '{text}'").format(text=record.raw), record.location, code="D108"
    )
