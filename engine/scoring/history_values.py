"""Earlier years' values that formulas read with PREV, HISTORY, GROWTH and TREND, each with
where it came from (a results store row or a history file cell); engine.history loads them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from dsl.errors import Location
from dsl.history import HistoryRef
from dsl.i18n import _
from dsl.values import NaKind, reason_code
from engine.ruleset.model import Formula, Ruleset
from engine.scoring.vectors import Vec, na_vec

# (unit, name, year, period label): the label as the engine keys periods ('tahunan', 'TW2')
HistoryKey = tuple[str, str, int, str]


@dataclass(frozen=True, slots=True)
class Earlier:
    """One unit's value of a name in an earlier year: the number (None where it was published
    as N/A, with `reason`) and where it came from, for people (`origin`); a history file's
    value also its cell's place and text, which the audit names as a printed cell."""

    value: float | None
    origin: str
    reason: str | None = None
    location: Location | None = None  # None for a results store's value (perkin's own result)
    text: str = ""
    note: str = ""  # the history file row's own source note ('Tabel 21, 003:1710')

    @property
    def place(self) -> str | None:
        """The history file cell alone as path:line:column, without the row's notes; None for a
        store row."""
        return self.location.label() if self.location is not None else None


@dataclass(frozen=True, slots=True)
class History:
    """The earlier-year values of every source read, by unit, name, year and period label.

    `sources` names what was read; `missing` the declared sources that were not found, which
    every reason of a value without a result repeats (a history never turns a gap into zero).
    """

    values: Mapping[HistoryKey, Earlier] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def get(self, unit: str, name: str, year: int, label: str) -> Earlier | None:
        """The value of one unit, or None when no source gives it."""
        return self.values.get((unit, name, year, label))

    def vec(self, name: str, year: int, label: str, units: Sequence[str]) -> Vec:
        """The values of `name` in `year` for every unit, N/A with the reason where absent."""
        values = np.full(len(units), np.nan)
        codes = np.zeros(len(units), dtype=np.int32)
        for i, unit in enumerate(units):
            got = self.get(unit, name, year, label)
            if got is None:
                codes[i] = reason_code(self.no_result(year, name, unit), NaKind.NO_DATA)
            elif got.value is None:
                reason = _("{name} of {unit} was N/A in {year} ({reason})").format(
                    name=name, unit=unit, year=year, reason=got.reason or _("published as N/A")
                )
                codes[i] = reason_code(reason, NaKind.REPORTED)
            else:
                values[i] = got.value
        return Vec(values, codes)

    def years_before(self, year: int, label: str) -> dict[str, list[int]]:
        """Per name, the years before `year` for which some unit has a value of the period
        label (a number or N/A), in year order."""
        found: dict[str, set[int]] = {}
        for _unit, name, when, at in self.values:
            if at == label and when < year:
                found.setdefault(name, set()).add(when)
        return {name: sorted(years) for name, years in found.items()}

    def no_result(self, year: int, name: str, unit: str) -> str:
        """Why a unit has no value of `name` in `year`."""
        reason = _("no {year} result of {name} for {unit}").format(year=year, name=name, unit=unit)
        if self.missing:
            return _("{reason} ({sources} not found)").format(
                reason=reason, sources=", ".join(self.missing)
            )
        if not self.sources:
            return _("{reason}: no history was given").format(reason=reason)
        return reason


NO_HISTORY = History()


def earlier_year(ref: HistoryRef, year: int) -> int:
    """The year a reference reads when the evaluated year is `year`."""
    return ref.year if ref.year is not None else year - ref.back


def not_earlier(n: int, ref: HistoryRef, year: int) -> Vec:
    """N/A for a reference that does not read an earlier year (a later one, or no year)."""
    if not year:
        reason = _("{name}: the ruleset names no year, so no earlier one").format(name=ref.name)
    else:
        reason = _("{name}: {when} is not an earlier year than {year}").format(
            name=ref.name, when=earlier_year(ref, year), year=year
        )
    return na_vec(n, reason, NaKind.NOT_SCORED)


def reads_history(rs: Ruleset) -> bool:
    """Whether a formula of the ruleset reads an earlier year (PREV, HISTORY, GROWTH, TREND)."""
    return any(f.program.history for f in _formulas(rs))


def reads_previous(rs: Ruleset) -> bool:
    """Whether a formula of the ruleset reads a year counted back from its own (PREV, GROWTH,
    TREND), whose year therefore moves with the ruleset's year; HISTORY(x, 2020) does not."""
    return any(ref.year is None for f in _formulas(rs) for ref in f.program.history)


def _formulas(rs: Ruleset) -> Iterator[Formula]:
    """Every compiled formula of a ruleset: figures, indicator parts and targets, scores."""
    for ind in rs.indicators.values():
        yield ind.realisasi
        if ind.capaian is not None:
            yield ind.capaian
        if ind.target is not None and ind.target.formula is not None:
            yield ind.target.formula
    yield from (f.formula for f in rs.figures.values() if f.formula is not None)
    yield from (s.formula for s in rs.scores.values() if s.formula is not None)
