"""The evaluation cycle: the years an instrument is evaluated in (a biennial assessment every two
years from 2022), read from the ruleset's `cycle:`, and the one test of whether a year is one.

`cadence:` says which periods inside a year are reported (triwulan, tahunan); `cycle:` says
which years are evaluated at all. A year off the cycle is refused wherever it enters: the
ruleset's `year` (R075), a data period or `--period` (D170).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dsl.errors import Location, PerkinError
from dsl.i18n import _


class OffCycleError(PerkinError):
    """Data or a period of a year in which the ruleset's instrument is not evaluated."""

    code = "D170"


@dataclass(frozen=True, slots=True)
class Cycle:
    """Evaluated every `every` years, the first time in `first`."""

    every: int
    first: int
    source: str | None
    assumption: str | None
    location: Location
    year_location: Location | None = None  # the ruleset's `year:`, which R075 points at

    def evaluates(self, year: int) -> bool:
        """Whether `year` is an evaluation year."""
        return year >= self.first and (year - self.first) % self.every == 0

    def previous(self, year: int) -> int | None:
        """The last evaluation year before `year`; None before the first."""
        if year <= self.first:
            return None
        return year - 1 - (year - 1 - self.first) % self.every

    def next(self, year: int) -> int:
        """The first evaluation year after `year`."""
        if year < self.first:
            return self.first
        return year + self.every - (year - self.first) % self.every

    def text(self) -> str:
        """'every 2 years from 2022', in the current language."""
        if self.every == 1:
            return _("every year from {first}").format(first=self.first)
        return _("every {every} years from {first}").format(every=self.every, first=self.first)

    def around(self, year: int) -> str:
        """The evaluation years either side of `year`: '2022 or 2024', or only the next one."""
        before, after = self.previous(year), self.next(year)
        if before is None:
            return str(after)
        return _("{before} or {after}").format(before=before, after=after)

    def as_json(self) -> dict[str, Any]:
        """The cycle in a result's provenance."""
        return {"every": self.every, "first": self.first}


def cycle_of(
    document: Any,
    locate: Callable[[Any, str], Location],
    locate_key: Callable[[Any, str, str], Location],
) -> Cycle | None:
    """The cycle of a checked document's `cycle:` section, if it has one; `year_location` is
    where the document's `year` is written (an extending file's own year, not its parent's)."""
    body = document.get("cycle")
    if not body:
        return None
    source, assumption = body.get("source"), body.get("assumption")
    return Cycle(
        int(body["every"]),
        int(body["first"]),
        str(source) if source else None,
        str(assumption) if assumption else None,
        locate(body, "cycle"),
        locate_key(document, "year", "year") if "year" in document else None,
    )


def check_year(cycle: Cycle | None, year: int | None, shown: str, where: Location) -> None:
    """Raise D170 when `year` (of the period shown as `shown`) is not an evaluation year."""
    if cycle is None or year is None or cycle.evaluates(year):
        return
    if shown == str(year):
        message = _("{year} is not an evaluation year: the ruleset is evaluated {cycle}")
    else:
        message = _(
            "{period} falls in {year}, which is not an evaluation year: the ruleset is "
            "evaluated {cycle}"
        )
    message = message.format(period=shown, year=year, cycle=cycle.text())
    hint = _("score the data of an evaluation year ({years})").format(years=cycle.around(year))
    raise OffCycleError(message, where, hint)


def year_problem(cycle: Cycle | None, year: int) -> tuple[str, str] | None:
    """The message and hint when the ruleset's own year is off its cycle (R075); else None."""
    if cycle is None or not year or cycle.evaluates(year):
        return None
    message = _("year {year} is not an evaluation year of the cycle: {cycle}").format(
        year=year, cycle=cycle.text()
    )
    hint = _("make year an evaluation year ({years}), or correct cycle.first").format(
        years=cycle.around(year)
    )
    return message, hint
