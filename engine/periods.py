"""Periods: the one owner of period kinds, their order, labels, parts and parsing.

Three spellings of a period, each defined once here: the engine label that keys targets, data
and rows (``TW2``, ``S1``, ``B03``, ``tahunan``); the canonical label shown to people
(``2024-TW2``, ``TW2``, ``2024-01``, ``B01``, ``2024``, ``Tahunan``); and the scored-period text
of a result (``2024``, ``2024-TW2``). Imported by every engine package; imports only dsl.

Labels accepted (case-insensitive, with an optional four-digit year before or after, joined by
a space, ``-``, ``_``, ``/`` or ``.``): ``2024``, ``Tahunan``; ``TW1``, ``TW I``, ``Triwulan II``,
``Q3``; ``S1``, ``Semester I``; ``B01``, ``Bulan 1``, month names and abbreviations in
Indonesian and English (``Jan``, ``Januari``, ``Agustus``, ``Aug``); and, after a year, a month
number (``2024-01``). Error codes: D010 unrecognised label, D011 number out of range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import total_ordering
from typing import Literal

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _

PeriodKind = Literal["bulan", "triwulan", "semester", "tahunan"]

KINDS: tuple[PeriodKind, ...] = ("bulan", "triwulan", "semester", "tahunan")  # finest first
_SPAN: dict[PeriodKind, int] = {"bulan": 1, "triwulan": 3, "semester": 6, "tahunan": 12}
_COUNT: dict[PeriodKind, int] = {kind: 12 // span for kind, span in _SPAN.items()}
_ANNUAL_LABEL = "tahunan"  # the engine label of a whole year (target keys, data keys, rows)
_ANNUAL_TITLE = "Tahunan"  # a whole year as shown to people
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
_NUMERAL = {number: numeral.upper() for numeral, number in _ROMAN.items()}
_LONGEST = 40  # no label is longer; skipping longer text keeps the regexes fast
HINT = N_(
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
            message = _("unknown period kind '{kind}'").format(kind=self.kind)
            raise PeriodError(message, hint=_(HINT))
        if not 1 <= self.index <= _COUNT[self.kind]:
            message = _("{kind} {index} is out of range 1–{count}").format(
                kind=self.kind, index=self.index, count=_COUNT[self.kind]
            )
            raise PeriodError(message, hint=_(HINT), code="D011")
        if self.year is not None and not 1000 <= self.year <= 9999:
            message = _("year {year} is not a four-digit year").format(year=self.year)
            raise PeriodError(message, hint=_(HINT), code="D011")

    @property
    def first_month(self) -> int:
        """The number (1–12) of the period's first month."""
        return (self.index - 1) * _SPAN[self.kind] + 1

    @property
    def last_month(self) -> int:
        """The number (1–12) of the period's last month."""
        return self.index * _SPAN[self.kind]

    @classmethod
    def from_label(cls, label: str) -> Period:
        """The yearless period an engine label names: 'TW2', 'S1', 'B03' or 'tahunan'."""
        period = _BY_LABEL.get(label)
        if period is None:
            message = _("'{label}' is not an engine period label").format(label=_shorten(label))
            raise PeriodError(message, hint=_(HINT))
        return period

    @property
    def engine_label(self) -> str:
        """The label the engine keys targets, data and rows by: 'TW2', 'S1', 'B03' or 'tahunan'."""
        return _ANNUAL_LABEL if self.kind == "tahunan" else _own_label(self.kind, self.index, False)

    @property
    def label(self) -> str:
        """The canonical label: 2024-TW2, TW2, 2024-S1, 2024-01, B01, 2024 or Tahunan."""
        own = _own_label(self.kind, self.index, self.year is not None)
        if self.year is None:
            return own
        return f"{self.year}-{own}" if own else str(self.year)

    @property
    def title(self) -> str:
        """The column title in the PK table, year left out: 'TW II', 'S1', 'B03' or 'Tahunan'."""
        if self.kind == "triwulan":
            return f"TW {_NUMERAL[self.index]}"
        return _own_label(self.kind, self.index, False)

    def scored_text(self, year: int) -> str:
        """The text of a scored period, `year` standing in for a missing one: '2024', '2024-TW2'."""
        year = self.year or year
        return str(year) if self.kind == "tahunan" else f"{year}-{self.engine_label}"

    def subperiods(self, cadence: PeriodKind) -> tuple[Period, ...]:
        """The periods of a finer cadence that make up this one, in order; else just this one."""
        if not is_finer(cadence, self.kind):
            return (self,)
        per = _COUNT[cadence] // _COUNT[self.kind]
        start = (self.index - 1) * per + 1
        return tuple(Period(self.year, cadence, i) for i in range(start, start + per))

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
    return "" if with_year else _ANNUAL_TITLE


def is_finer(kind: PeriodKind, than: PeriodKind) -> bool:
    """Whether periods of `kind` are shorter than those of `than` (bulan is finer than tahunan)."""
    return _SPAN[kind] < _SPAN[than]


def finest(kinds: Iterable[PeriodKind], default: PeriodKind = "tahunan") -> PeriodKind:
    """The finest of the kinds; `default` when there are none."""
    return min(kinds, key=_SPAN.__getitem__, default=default)


def sub_labels(label: str, cadence: PeriodKind) -> list[str]:
    """The engine labels of the `cadence` periods inside the one labelled `label`; else [label]."""
    return [p.engine_label for p in Period.from_label(label).subperiods(cadence)]


def scored_label(text: str) -> str:
    """The engine label inside a scored period's text: '2024' → 'tahunan', '2024-TW2' → 'TW2'."""
    rest = text.partition("-")[2]
    return rest or _ANNUAL_LABEL


WHOLE_YEAR = Period(None, "tahunan")
"""The whole year, of no year in particular (engine label 'tahunan')."""

_BY_LABEL = {p.engine_label: p for kind in KINDS for p in WHOLE_YEAR.subperiods(kind)}


def parse_option(text: str, option: str = "--period") -> Period:
    """The period given with a command-line option; an error is located at the option (it was
    '<input>', which names nothing a person can find)."""
    try:
        return parse_period(text)
    except PeriodError as err:
        raise PeriodError(err.message, Location(file=option), err.hint, err.code) from None


def parse_period(text: str) -> Period:
    """The period a label such as 'TW II', '2024-S1' or 'Januari 2024' names."""
    cleaned = " ".join(text.split()).casefold()
    if not cleaned:
        raise PeriodError(_("empty period"), hint=_(HINT))
    year, rest = _split_year(cleaned) if len(cleaned) <= _LONGEST else (None, "")
    period = _parse_rest(rest, year)
    if period is None:
        message = _("unrecognised period '{text}'").format(text=_shorten(text.strip()))
        raise PeriodError(message, hint=_(HINT))
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
    message = _("'{text}' is not a {kind} number").format(text=text.upper(), kind=kind)
    raise PeriodError(message, hint=_(HINT))


def _shorten(text: str, limit: int = 40) -> str:
    """The text cut to a readable length for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
