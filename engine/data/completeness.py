"""Completeness: of the values a ruleset needs (the template's cells), how many the data gives,
reports as N/A or lacks, per input, unit, period and item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import _, ngettext
from engine.data.bind import ABSENT, NA_REPORTED, PRESENT, Bound, Key
from engine.data.records import row_items, rows_at, table_of
from engine.data.selection import unchosen_notices
from engine.data.template import at_level, items_of, reporting_periods
from engine.periods import Period
from engine.ruleset.model import Input, Ruleset

SHOWN_INPUTS = 10  # summary lines, the biggest gaps first
SHOWN_UNITS = 3  # units named on one summary line
SHOWN_CELLS = 4  # periods and items named for one unit
NO_CELL = -1  # the state of a record (item) another unit has: not expected here


class MissingValuesError(PerkinError):
    """Values the ruleset needs that the data does not give (--strict)."""

    code = "D113"


@dataclass(frozen=True, slots=True, eq=False)
class InputCount:
    """One input's expected cells (units at its level × periods × items) and their states."""

    input: str
    units: tuple[str, ...]
    cells: tuple[str, ...]  # 'TW2', 'tahunan', 'TW2 [3]'
    state: np.ndarray  # int8, units × cells: ABSENT (an empty cell too), PRESENT or NA_REPORTED

    @property
    def expected(self) -> int:
        """How many values the ruleset needs (a table of records: the rows each unit has)."""
        return int(np.sum(self.state != NO_CELL))

    @property
    def given(self) -> int:
        """How many of them the data gives."""
        return int(np.sum(self.state == PRESENT))

    @property
    def reported_na(self) -> int:
        """How many the data reports as N/A."""
        return int(np.sum(self.state == NA_REPORTED))

    @property
    def missing(self) -> int:
        """How many the data lacks (no value, or an empty cell)."""
        return int(np.sum(self.state == ABSENT))

    def line(self) -> str:
        """'ikm: 12 of 40 missing (kel_3 all 4; kel_7 TW2 …)', the units with most missing first."""
        absent = self.state == ABSENT
        per_unit = absent.sum(axis=1)
        order = sorted(np.flatnonzero(per_unit).tolist(), key=lambda u: -int(per_unit[u]))
        gaps = [self._gap(u, absent[u]) for u in order[:SHOWN_UNITS]]
        more = len(order) - SHOWN_UNITS
        if more > 0:
            gaps.append(ngettext("{n} more unit", "{n} more units", more).format(n=more))
        counts = {"input": self.input, "missing": self.missing, "expected": self.expected}
        if self.reported_na:
            line = _("{input}: {missing} of {expected} missing, {na} reported N/A ({gaps})")
        else:
            line = _("{input}: {missing} of {expected} missing ({gaps})")
        return line.format(**counts, na=self.reported_na, gaps="; ".join(gaps))

    def _gap(self, unit: int, absent: np.ndarray) -> str:
        """One unit's missing cells: 'kel_3 all 4', 'kel_7 TW2, TW3' or just 'kel_7' for one."""
        cells = [self.cells[c] for c in np.flatnonzero(absent).tolist()]
        if len(self.cells) == 1:
            return self.units[unit]
        if len(cells) == len(self.cells):
            return _("{unit} all {n}").format(unit=self.units[unit], n=len(cells))
        more = " …" if len(cells) > SHOWN_CELLS else ""
        return f"{self.units[unit]} {', '.join(cells[:SHOWN_CELLS])}{more}"


@dataclass(frozen=True, slots=True)
class Completeness:
    """Every input's count of expected, given, reported-N/A and missing values."""

    inputs: tuple[InputCount, ...]
    notices: tuple[str, ...] = ()  # what reading left out on purpose (a data mapping's ignore:)
    unchosen: tuple[str, ...] = ()  # indicators some units did not choose (ruleset selection:)
    unchosen_indicators: int = 0  # how many indicators those lines name

    @property
    def expected(self) -> int:
        """How many values the ruleset needs from this data."""
        return sum(c.expected for c in self.inputs)

    @property
    def given(self) -> int:
        """How many of them the data gives."""
        return sum(c.given for c in self.inputs)

    @property
    def reported_na(self) -> int:
        """How many the data reports as N/A."""
        return sum(c.reported_na for c in self.inputs)

    @property
    def missing(self) -> int:
        """How many the data lacks."""
        return sum(c.missing for c in self.inputs)

    def headline(self) -> str:
        """'4 of 403 value(s) given, 399 missing, 0 reported N/A'."""
        return ngettext(
            "{given} of {n} value given, {missing} missing, {na} reported N/A",
            "{given} of {n} values given, {missing} missing, {na} reported N/A",
            self.expected,
        ).format(given=self.given, n=self.expected, missing=self.missing, na=self.reported_na)

    def summary(self) -> list[str]:
        """One line per input with missing values, the biggest gaps first, capped."""
        gaps = sorted((c for c in self.inputs if c.missing), key=lambda c: -c.missing)
        lines = [f"  {notice}" for notice in (*self.notices, *self.unchosen)]
        lines += [f"  {c.line()}" for c in gaps[:SHOWN_INPUTS]]
        more = len(gaps) - SHOWN_INPUTS
        if more > 0:
            text = ngettext(
                "  … and {n} more input with missing values",
                "  … and {n} more inputs with missing values",
                more,
            )
            lines.append(text.format(n=more))
        return lines

    def require(self, data: Sequence[str]) -> None:
        """Raise the error for missing values (--strict), located at the data named."""
        if not self.missing:
            return
        biggest = sorted((c for c in self.inputs if c.missing), key=lambda c: -c.missing)
        named = ", ".join(f"{c.input} ({c.missing})" for c in biggest[:SHOWN_UNITS])
        message = ngettext(
            "{missing} of {n} input value missing, most in {inputs}",
            "{missing} of {n} input values missing, most in {inputs}",
            self.expected,
        )
        raise MissingValuesError(
            message.format(missing=self.missing, n=self.expected, inputs=named),
            Location(file=", ".join(data)) if data else Location(),
            _(
                "fill them in, or write N/A where a value does not exist "
                "(perkin validate --ruleset RULESET DATA lists them)"
            ),
        )


def completeness(ruleset: Ruleset, bound: Bound, scope: Period | None = None) -> Completeness:
    """Count, for every input, the values the ruleset needs to score the scope (None: the year)."""
    blanks: dict[tuple[str, Key], list[int]] = {}
    for input_id, key, unit in bound.blanks:
        blanks.setdefault((input_id, key), []).append(unit)
    index = _Units.of(ruleset, bound)
    spared = bound.unchosen
    counts = (
        _count(spec, ruleset, bound, index, blanks, scope, spared.masks.get(spec.id))
        for spec in ruleset.inputs.values()
    )
    lines = tuple(unchosen_notices(bound, spared))
    named = len({spared.indicator_of[i] for i in spared.masks})
    return Completeness(tuple(counts), bound.notices, lines, named)


@dataclass(frozen=True, slots=True)
class _Units:
    """The bound units by level and peer, found once for every input (a national register has
    91,522 units and 32 inputs)."""

    ids: list[str]
    levels: list[str | None]  # the distinct levels
    level_of: np.ndarray  # int64 per unit: its level's place in levels
    peer: np.ndarray  # bool per unit

    @staticmethod
    def of(ruleset: Ruleset, bound: Bound) -> _Units:
        """The units of bound."""
        places: dict[str | None, int] = {}
        level_of = np.fromiter(
            (places.setdefault(u.level, len(places)) for u in bound.units),
            np.int64,
            count=len(bound.units),
        )
        peers = ruleset.comparisons.peer_ids()
        peer = np.fromiter((u.id in peers for u in bound.units), bool, count=len(bound.units))
        return _Units([u.id for u in bound.units], list(places), level_of, peer)

    def expected(self, spec: Input, carried: bool) -> np.ndarray:
        """The rows of the units that report the input: at its level, and peers for a carried
        input only, only peers (README)."""
        at = np.array([at_level(spec, level) for level in self.levels], dtype=bool)
        return np.flatnonzero(at[self.level_of] & (self.peer == carried)).astype(np.int64)


def _count(
    spec: Input,
    ruleset: Ruleset,
    bound: Bound,
    index: _Units,
    blanks: dict[tuple[str, Key], list[int]],
    scope: Period | None,
    spared: np.ndarray | None,
) -> InputCount:
    """One input's expected cells and the state of each (NO_CELL: not a row of the unit, or an
    input of an indicator the unit did not choose)."""
    # a peer's values are expected of its carried inputs only, and only of peers (README)
    rows = index.expected(spec, spec.id in ruleset.comparisons.carried())
    seen = bound.items.get(spec.id)
    table = table_of(ruleset, spec) if spec.rows else []
    if table:
        seen = row_items(bound, table)
    items = [it or None for it in (seen if spec.items is None and seen else items_of(spec))]
    cells: list[str] = []
    columns: list[np.ndarray] = []
    for period in reporting_periods(spec, ruleset.year, scope):
        label = period.engine_label
        held = rows_at(bound, table, (label, "*"), [str(it) for it in items]) if table else None
        for j, item in enumerate(items):
            cells.append(f"{label} [{item}]" if item is not None else label)
            direct = _states(spec, bound, blanks, (label, item), rows)
            whole = _states(spec, bound, blanks, ("*", item), rows)
            state = _either(direct, whole)
            if held is not None:
                state[~held[rows, j]] = NO_CELL
            columns.append(state)
    state = np.column_stack(columns) if columns else np.zeros((len(rows), 0), np.int8)
    if spared is not None:
        state[spared[rows]] = NO_CELL  # a value given anyway: a notice (unchosen_notices)
    units = tuple(map(index.ids.__getitem__, rows.tolist()))
    return InputCount(spec.id, units, tuple(cells), state)


def _states(
    spec: Input,
    bound: Bound,
    blanks: dict[tuple[str, Key], list[int]],
    key: Key,
    rows: np.ndarray,
) -> np.ndarray:
    """The state of one slot at the given units, an empty cell counting as no value."""
    slot = bound.slots.get(spec.id, {}).get(key)
    if slot is None:
        return np.full(len(rows), ABSENT, np.int8)
    state = slot.state.copy()
    state[blanks.get((spec.id, key), [])] = ABSENT
    return np.asarray(state[rows])


def _either(direct: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """A value for the period or for the whole input ('*'): given wins over N/A over absent."""
    given = (direct == PRESENT) | (whole == PRESENT)
    na = (direct == NA_REPORTED) | (whole == NA_REPORTED)
    return np.where(given, PRESENT, np.where(na, NA_REPORTED, ABSENT)).astype(np.int8)
