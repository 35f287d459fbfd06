"""Blank cells read as 0: the dataset the audit tries when a report counted a missing value as 0."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from dsl.errors import Location
from engine.data.bind import period_key
from engine.data.cells import is_blank
from engine.data.model import Bulk
from engine.data.read import Dataset, Record
from engine.periods import Period
from engine.ruleset.model import Ruleset

BLANK = Location(file="(audit: blank cell read as 0)")


# blank cells read as 0 ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZeroFilled:
    """The dataset with each blank input value of a unit that reports the input read as 0."""

    dataset: Dataset
    filled: tuple[Record, ...]


def zero_filled(rs: Ruleset, dataset: Dataset) -> ZeroFilled:
    """Blank cells (no value where the unit reports the input's other periods or items) as 0."""
    kept = [r for r in dataset.every_record() if not _blank(r)]
    present = {(r.unit, r.variable, r.item, period_key(r.period)) for r in kept}
    filled = []
    for unit, variable, item, period in _slots(rs, kept):
        label = period.engine_label
        if not {(unit, variable, item, label), (unit, variable, item, "*")} & present:
            filled.append(Record(unit, period, variable, item, 0.0, "0", BLANK, None))
    return ZeroFilled(replace(dataset, records=(*kept, *filled), bulk=Bulk()), tuple(filled))


def _blank(record: Record) -> bool:
    """A record of an empty cell (an N/A or a dash says there is no value; a blank does not)."""
    return is_blank(record.value)


def _slots(rs: Ruleset, records: Iterable[Record]) -> Iterator[tuple[str, str, str | None, Period]]:
    """Each (unit, input, item, period) an input can have, for the units that report it."""
    units: dict[str, set[str]] = {}
    for r in records:
        units.setdefault(r.variable, set()).add(r.unit)
    for name, spec in rs.inputs.items():
        items: tuple[str | None, ...] = spec.items if spec.axis and spec.items else (None,)
        periods = Period(rs.year or None, "tahunan").subperiods(spec.period)
        for unit in sorted(units.get(name, ())) if spec.kind != "text" else ():
            for item in items:
                for period in periods:
                    yield unit, name, item, period
