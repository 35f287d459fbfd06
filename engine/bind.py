"""Binding a dataset to a ruleset: units, levels and every input value, checked and located."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from dsl.errors import Location, PerkinError, PerkinErrors
from engine.cells import Labelled, Missing, Text
from engine.data import Dataset, Record, reparse
from engine.model import Input, Ruleset
from engine.periods import Period

PERIOD_ORDER = {"bulan": 0, "triwulan": 1, "semester": 2, "tahunan": 3}
PER_YEAR = {"bulan": 12, "triwulan": 4, "semester": 2, "tahunan": 1}

Scalar = float | str | None
NA_TEXTS = {"N/A", "NA", "-", "—", "#N/A"}
Key = tuple[str, str | None]  # (period label or "*", item)


class DataError(PerkinError):
    """Realisation data that does not fit the ruleset."""

    code = "D100"


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit scored: kelurahan, kecamatan, kota, an Asisten's office …"""

    id: str
    name: str
    level: str | None
    parent: str | None


@dataclass(slots=True)
class Slot:
    """One input in one period (and series item) for every unit: values and their state."""

    values: np.ndarray  # float64, or object for text inputs
    state: np.ndarray  # int8: ABSENT, PRESENT or NA_REPORTED
    where: np.ndarray  # object: the data location of each value, for explanations


ABSENT, PRESENT, NA_REPORTED = 0, 1, 2


@dataclass(slots=True)
class Bound:
    """The dataset as the engine reads it: units in order and values per input."""

    units: tuple[Unit, ...]
    index: dict[str, int]
    slots: dict[str, dict[Key, Slot]] = field(default_factory=dict)
    items: dict[str, list[str]] = field(default_factory=dict)
    input_hash: str = ""

    def slot(self, spec: Input, key: Key) -> Slot:
        """The slot of an input at (period label, item), created empty on first use."""
        table = self.slots.setdefault(spec.id, {})
        if key not in table:
            n = len(self.units)
            if spec.kind == "text":
                values = np.full(n, None, dtype=object)
            else:
                values = np.full(n, np.nan, dtype=np.float64)
            table[key] = Slot(values, np.zeros(n, dtype=np.int8), np.full(n, None, dtype=object))
        if key[1] is not None:
            known = self.items.setdefault(spec.id, list(spec.items or ()))
            if key[1] not in known:
                known.append(key[1])
        return table[key]


def period_key(period: Period | None) -> str:
    """The key a value is stored under: the period label without its year, or '*'."""
    if period is None:
        return "*"
    return label_of(period.kind, period.index)


def label_of(kind: str, index: int) -> str:
    """'TW2', 'S1', 'B03' or 'tahunan'."""
    match kind:
        case "triwulan":
            return f"TW{index}"
        case "semester":
            return f"S{index}"
        case "bulan":
            return f"B{index:02d}"
        case _:
            return "tahunan"


def sub_labels(kind: str, index: int, finer: str) -> list[str]:
    """The labels of the `finer` periods inside period (kind, index)."""
    if PERIOD_ORDER[finer] >= PERIOD_ORDER[kind]:
        return [label_of(kind, index)]
    per = PER_YEAR[finer] // PER_YEAR[kind]
    start = (index - 1) * per + 1
    return [label_of(finer, i) for i in range(start, start + per)]


def bind(ruleset: Ruleset, dataset: Dataset) -> Bound:
    """Check every record against the ruleset and index the values; all problems at once."""
    errors: list[PerkinError] = []
    units = _units(ruleset, dataset, errors)
    bound = Bound(units=tuple(units), index={u.id: i for i, u in enumerate(units)})
    seen: dict[tuple[str, str, str, str | None], Location] = {}
    for record in dataset.records:
        try:
            _bind_record(ruleset, bound, record, seen)
        except PerkinError as err:
            errors.append(err)
    if errors:
        raise PerkinErrors(errors)
    bound.input_hash = _hash(dataset)
    return bound


def _units(ruleset: Ruleset, dataset: Dataset, errors: list[PerkinError]) -> list[Unit]:
    units: dict[str, Unit] = {}
    for row in dataset.units:
        if (
            row.level is not None
            and ruleset.level_parents
            and row.level not in ruleset.level_parents
        ):
            errors.append(
                DataError(
                    f"unit '{row.id}' has unknown level '{row.level}'",
                    row.location,
                    _hint(row.level, ruleset.level_parents),
                    code="D101",
                )
            )
        units[row.id] = Unit(row.id, row.name or row.id, row.level, row.parent)
    for record in dataset.records:
        if record.unit not in units:
            if dataset.units:
                errors.append(
                    DataError(
                        f"unknown unit '{record.unit}'",
                        record.location,
                        _hint(record.unit, units) or "add it to the units file",
                        code="D102",
                    )
                )
                continue
            units[record.unit] = Unit(record.unit, record.unit, _only_level(ruleset), None)
    return sorted(units.values(), key=lambda u: _unit_sort_key(u, units, ruleset))


def _only_level(ruleset: Ruleset) -> str | None:
    levels = list(ruleset.level_parents)
    return levels[0] if len(levels) == 1 else None


def _unit_sort_key(unit: Unit, units: dict[str, Unit], ruleset: Ruleset) -> tuple[str, ...]:
    """Units sort by their path from the top (kota, kecamatan, kelurahan), so output is stable."""
    path = [unit.id]
    cur = unit
    while cur.parent is not None and cur.parent in units and len(path) < 50:
        cur = units[cur.parent]
        path.append(cur.id)
    return tuple(reversed(path))


def _hint(name: str, options: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f"did you mean '{close[0]}'?" if close else None


def _bind_record(
    ruleset: Ruleset,
    bound: Bound,
    record: Record,
    seen: dict[tuple[str, str, str, str | None], Location],
) -> None:
    spec = ruleset.inputs.get(record.variable)
    if spec is None:
        raise DataError(
            f"unknown variable '{record.variable}'",
            record.location,
            _hint(record.variable, ruleset.inputs) or "declare it under inputs: in the ruleset",
            code="D103",
        )
    if record.unit not in bound.index:
        return  # already reported as an unknown unit
    key = (record.unit, period_key(record.period), record.variable, record.item)
    if key in seen:
        first = seen[key].label()
        raise DataError(
            f"'{record.variable}' for {record.unit} {key[1]} is given twice (also at {first})",
            record.location,
            "keep one value",
            code="D104",
        )
    seen[key] = record.location
    _check_period(ruleset, spec, record)
    value = _value(spec, record)
    slot = bound.slot(spec, (key[1], _item(spec, record)))
    unit = bound.index[record.unit]
    slot.state[unit] = NA_REPORTED if value is None else PRESENT
    if value is not None:
        slot.values[unit] = value
    slot.where[unit] = record.location.label()


def _check_period(ruleset: Ruleset, spec: Input, record: Record) -> None:
    period = record.period
    if period is None:
        return
    if period.year is not None and ruleset.year and period.year != ruleset.year:
        raise DataError(
            f"period {period} is outside the ruleset year {ruleset.year}",
            record.location,
            code="D105",
        )


def _item(spec: Input, record: Record) -> str | None:
    if spec.axis is None:
        if record.item is not None:
            raise DataError(
                f"'{spec.id}' is a single value, but an item '{record.item}' was given",
                record.location,
                code="D106",
            )
        return None
    if record.item is None:
        raise DataError(
            f"'{spec.id}' is a series over {spec.axis}; say which item",
            record.location,
            code="D106",
        )
    if spec.items is not None and record.item not in spec.items:
        raise DataError(
            f"'{record.item}' is not an item of {spec.axis}",
            record.location,
            _hint(record.item, spec.items) or f"items: {', '.join(spec.items)}",
            code="D107",
        )
    return record.item


def _value(spec: Input, record: Record) -> Scalar:
    cell = reparse(record, spec.kind)
    match cell:
        case Missing():
            return None
        case Text(text=text):
            if spec.kind == "text" and text.strip().upper() in NA_TEXTS:
                return None
            if spec.kind != "text":
                raise DataError(
                    f"'{spec.id}' expects a number, found text '{text}'",
                    record.location,
                    code="D108",
                )
            return text
        case Labelled(label=label, number=number):
            return label if spec.kind == "text" else number
        case float():
            value = float(cell)
            if spec.kind == "percent" and "%" in record.raw:
                value *= 100.0  # percent inputs are held in points: "95%" is 95
            return str(value) if spec.kind == "text" else value
    raise DataError(f"cannot read '{record.raw}'", record.location, code="D108")


def _hash(dataset: Dataset) -> str:
    digest = hashlib.sha256()
    rows = sorted((r.unit, str(r.period), r.variable, r.item or "", r.raw) for r in dataset.records)
    for row in rows:
        digest.update("\x1f".join(row).encode())
        digest.update(b"\x1e")
    for unit in sorted((u.id, u.name or "", u.level or "", u.parent or "") for u in dataset.units):
        digest.update("\x1f".join(unit).encode())
    return digest.hexdigest()
