"""Earlier years' values as printed cells of the audit: a history file's cells (what PREV,
HISTORY, GROWTH and TREND read) are filed under keys whose period names its year ('2021',
'2023-TW2'), which this year's period labels ('tahunan', 'TW2') never do, so they cannot collide
with this year's cells; a correction the audit tries puts its value into a copy of the history."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache

from dsl.i18n import _
from engine.periods import Period, parse_period
from engine.scoring.history_values import Earlier, History, HistoryKey

CellKey = tuple[str, str, str | None, str]  # engine.history.seeding.Key: unit, name, item, period


def earlier_label(label: str, year: int) -> str:
    """The period of an earlier year's value as a key files it: '2021', '2023-TW2'."""
    return Period.from_label(label).scored_text(year)


@cache
def earlier_of(label: str) -> tuple[int, str] | None:
    """The year and engine label of a key's period that names a year; None for this year's."""
    period = parse_period(label)
    return None if period.year is None else (period.year, period.engine_label)


def history_key(key: CellKey) -> HistoryKey | None:
    """Where the history holds an earlier-year cell's value; None for a cell of this year."""
    unit, name, _item, label = key
    found = earlier_of(label)
    return None if found is None else (unit, name, found[0], found[1])


def file_cells(history: History) -> Iterator[tuple[CellKey, Earlier]]:
    """Every number of a history file, with its key. A results store's values are left out:
    they are perkin's own results of an earlier run, not numbers a report printed."""
    for (unit, name, year, label), earlier in history.values.items():
        if earlier.location is not None and earlier.value is not None:
            yield (unit, name, None, earlier_label(label, year)), earlier


def with_values(history: History, values: Mapping[HistoryKey, float | None]) -> History:
    """The history with some values put in its cells' place (a correction the audit tries)."""
    if not values:
        return history
    changed = dict(history.values)
    for key, value in values.items():
        old = changed.get(key)
        reason = _("published as N/A") if value is None else None
        changed[key] = (
            Earlier(value, "", reason) if old is None else replace(old, value=value, reason=reason)
        )
    return History(changed, history.sources, history.missing)
