"""Period labels: years, semesters, triwulans and months, as offices write them.

Accepted (case-insensitive, with an optional four-digit year before or after, joined by a space,
``-``, ``_``, ``/`` or ``.``): ``2024``, ``Tahunan``; ``TW1``, ``TW I``, ``Triwulan II``,
``Q3``; ``S1``, ``Semester I``; ``B01``, ``Bulan 1``, month names and abbreviations in
Indonesian and English (``Jan``, ``Januari``, ``Agustus``, ``Aug``); and, after a year, a month
number (``2024-01``). Error codes: D010 unrecognised label, D011 number out of range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Literal

from dsl.errors import PerkinError

PeriodKind = Literal["bulan", "triwulan", "semester", "tahunan"]

_SPAN: dict[PeriodKind, int] = {"bulan": 1, "triwulan": 3, "semester": 6, "tahunan": 12}
_COUNT: dict[PeriodKind, int] = {"bulan": 12, "triwulan": 4, "semester": 2, "tahunan": 1}
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "januari january jan",
            "februari pebruari february feb peb",
            "maret march mar",
            "april apr",
            "mei may",
            "juni june jun",
            "juli july jul",
            "agustus august agu agt ags aug",
            "september sep sept",
            "oktober october okt oct",
            "november nopember nov nop",
            "desember december des dec",
        ],
        start=1,
    )
    for name in names.split()
}
_ANNUAL = frozenset({"tahunan", "tahun", "annual", "yearly", "year"})
_PREFIXES: dict[PeriodKind, str] = {
    "triwulan": r"tw|triwulan|trw|q|quarter|kuartal",
    "semester": r"s|sem|semester|h",
    "bulan": r"b|bulan|m|month",
}
_NUMBERED = {
    kind: re.compile(rf"(?:{prefix})[ .-]?([0-9]{{1,2}}|[ivx]{{1,4}})")
    for kind, prefix in _PREFIXES.items()
}
_YEAR_FIRST = re.compile(r"([0-9]{4})(?:[ _/.-]+(.*)|(?=[a-z])(.*))?")
_YEAR_LAST = re.compile(r"(.*?[^ _/.-])[ _/.-]+([0-9]{4})")
_LONGEST = 40  # no label is longer; skipping longer text keeps the regexes fast
HINT = (
    "write a period as 2024, Tahunan, TW1, TW I, Triwulan II, Q3, S1, Semester I, B01, "
    "Bulan 1, Jan, Januari, or with a year: 2024-TW2, 2024-Q2, 2024-S1, 2024-01"
)


class PeriodError(PerkinError):
    """A period label perkin cannot read."""

    code = "D010"


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A month, triwulan, semester or year, optionally of a given year; ordered by end then span."""

    year: int | None
    kind: PeriodKind
    index: int = 1

    def __post_init__(self) -> None:
        if self.kind not in _SPAN:
            raise PeriodError(f"unknown period kind '{self.kind}'", hint=HINT)
        if not 1 <= self.index <= _COUNT[self.kind]:
            message = f"{self.kind} {self.index} is out of range 1–{_COUNT[self.kind]}"
            raise PeriodError(message, hint=HINT, code="D011")
        if self.year is not None and not 1000 <= self.year <= 9999:
            raise PeriodError(f"year {self.year} is not a four-digit year", hint=HINT, code="D011")

    @property
    def first_month(self) -> int:
        """The number (1–12) of the period's first month."""
        return (self.index - 1) * _SPAN[self.kind] + 1

    @property
    def last_month(self) -> int:
        """The number (1–12) of the period's last month."""
        return self.index * _SPAN[self.kind]

    @property
    def label(self) -> str:
        """The canonical label: 2024-TW2, TW2, 2024-S1, 2024-01, B01, 2024 or Tahunan."""
        own = _own_label(self.kind, self.index, self.year is not None)
        if self.year is None:
            return own
        return f"{self.year}-{own}" if own else str(self.year)

    def contains(self, other: Period) -> bool:
        """Whether other lies within this period (a missing year matches any year)."""
        if self.year is not None and other.year is not None and self.year != other.year:
            return False
        return self.first_month <= other.first_month and other.last_month <= self.last_month

    def _key(self) -> tuple[int, int, int, int]:
        return (self.year is not None, self.year or 0, self.last_month, _SPAN[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return self.label


def _own_label(kind: PeriodKind, index: int, with_year: bool) -> str:
    """The label's part after the year."""
    if kind == "triwulan":
        return f"TW{index}"
    if kind == "semester":
        return f"S{index}"
    if kind == "bulan":
        return f"{index:02d}" if with_year else f"B{index:02d}"
    return "" if with_year else "Tahunan"


def parse_period(text: str) -> Period:
    """The period a label such as 'TW II', '2024-S1' or 'Januari 2024' names."""
    cleaned = " ".join(text.split()).casefold()
    if not cleaned:
        raise PeriodError("empty period", hint=HINT)
    year, rest = _split_year(cleaned) if len(cleaned) <= _LONGEST else (None, "")
    period = _parse_rest(rest, year)
    if period is None:
        raise PeriodError(f"unrecognised period '{_shorten(text.strip())}'", hint=HINT)
    return period


def month_number(name: str) -> int | None:
    """The month (1–12) an Indonesian or English month name or abbreviation names, else None."""
    return _MONTHS.get(name.strip().casefold().rstrip("."))


def _split_year(text: str) -> tuple[int | None, str]:
    """A leading or trailing four-digit year and the rest of the label."""
    first = _YEAR_FIRST.fullmatch(text)
    if first is not None:
        return int(first[1]), first[2] or first[3] or ""
    last = _YEAR_LAST.fullmatch(text)
    if last is not None:
        return int(last[2]), last[1]
    return None, text


def _parse_rest(rest: str, year: int | None) -> Period | None:
    """The period named by the label without its year; None when not recognised."""
    if not rest:
        return Period(year, "tahunan") if year is not None else None
    if rest in _ANNUAL:
        return Period(year, "tahunan")
    month = month_number(rest)
    if month is not None:
        return Period(year, "bulan", month)
    if year is not None and re.fullmatch(r"[0-9]{1,2}", rest):
        return Period(year, "bulan", int(rest))
    return _parse_numbered(rest, year)


def _parse_numbered(rest: str, year: int | None) -> Period | None:
    """'TW II', 'S1', 'Bulan 3' and the like."""
    for kind, pattern in _NUMBERED.items():
        match = pattern.fullmatch(rest)
        if match is not None:
            return Period(year, kind, _number(match[1], kind))
    return None


def _number(text: str, kind: PeriodKind) -> int:
    """The integer a digit string or a Roman numeral names."""
    if text.isdigit():
        return int(text)
    if text in _ROMAN:
        return _ROMAN[text]
    raise PeriodError(f"'{text.upper()}' is not a {kind} number", hint=HINT)


def _shorten(text: str, limit: int = 40) -> str:
    """The text cut to a readable length for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
