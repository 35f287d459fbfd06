"""`perkin diff` across years: the data read as of each ruleset's year, and the year each
ruleset reads as the previous one (PREV, GROWTH, TREND) from its history, each said in a note."""

from __future__ import annotations

from dsl.i18n import _
from engine.data.model import Dataset
from engine.data.years import data_years, dataset_in_year, in_year
from engine.periods import parse_option
from engine.ruleset.model import Ruleset
from engine.scoring.history_values import History, reads_previous


def in_ruleset_year(
    rs: Ruleset, label: str, dataset: Dataset, period: str | None, notes: list[str]
) -> tuple[Dataset, str | None]:
    """The data and the period to score under a ruleset: read as of the ruleset's year when
    every period of the data names one other year (noted); as they are otherwise."""
    years = data_years(dataset)
    if not rs.year or not years or rs.year in years:
        return dataset, period
    if len(years) > 1:
        notes.append(_note(label, "years").format(years=_years(years), year=rs.year, id=rs.id))
        return dataset, period
    (year,) = years
    notes.append(_note(label, "year").format(data=year, year=rs.year, id=rs.id))
    if rs.cycle is not None and not rs.cycle.evaluates(year):
        notes.append(_off_cycle_note(label).format(data=year, id=rs.id, cycle=rs.cycle.text()))
    if period is not None:
        period = str(in_year(parse_option(period), year, rs.year))
    return dataset_in_year(dataset, year, rs.year), period


def _note(label: str, kind: str) -> str:
    """The note on the data's year under the old or the new ruleset, translated."""
    if kind == "years":
        if label == "old":
            return _(
                "note: the data names the years {years}, none of them the old ruleset {id}'s "
                "year {year}: read as it is"
            )
        return _(
            "note: the data names the years {years}, none of them the new ruleset {id}'s "
            "year {year}: read as it is"
        )
    if label == "old":
        return _("note: data {data} scored as {year} under the old ruleset {id}")
    return _("note: data {data} scored as {year} under the new ruleset {id}")


def _off_cycle_note(label: str) -> str:
    """The note that the data's year is not one the old or the new ruleset evaluates."""
    if label == "old":
        return _("note: {data} is not an evaluation year of the old ruleset {id} ({cycle})")
    return _("note: {data} is not an evaluation year of the new ruleset {id} ({cycle})")


def _years(years: frozenset[int]) -> str:
    """Years in order, as a list for a sentence."""
    return ", ".join(str(y) for y in sorted(years))


def previous_notes(rs: Ruleset, label: str, history: History) -> list[str]:
    """The year the old or the new ruleset reads as the previous one and where from: its
    history's sources, the declared ones not found, or none given (then what it reads is N/A,
    with that reason, never zero); nothing for a ruleset that reads no year counted back."""
    if not rs.year or not reads_previous(rs):
        return []
    said = {"id": rs.id, "year": rs.year - 1}
    notes = []
    if history.sources:
        sources = ", ".join(history.sources)
        notes.append(_previous_note(label, "read").format(sources=sources, **said))
    if history.missing:
        missing = ", ".join(history.missing)
        notes.append(_previous_note(label, "missing").format(missing=missing, **said))
    if not history.sources and not history.missing:
        notes.append(_previous_note(label, "none").format(**said))
    return notes


def _previous_note(label: str, kind: str) -> str:
    """The note on the previous year of the old or the new ruleset, translated."""
    if kind == "read":
        if label == "old":
            return _("note: the old ruleset {id} reads {year} as the previous year from {sources}")
        return _("note: the new ruleset {id} reads {year} as the previous year from {sources}")
    if kind == "missing":
        if label == "old":
            return _(
                "note: the old ruleset {id} reads {year} as the previous year, but its history "
                "{missing} was not found: what it would give is N/A"
            )
        return _(
            "note: the new ruleset {id} reads {year} as the previous year, but its history "
            "{missing} was not found: what it would give is N/A"
        )
    if label == "old":
        return _(
            "note: the old ruleset {id} reads {year} as the previous year, but no history was "
            "given: what it reads is N/A"
        )
    return _(
        "note: the new ruleset {id} reads {year} as the previous year, but no history was "
        "given: what it reads is N/A"
    )
