"""A cell value as written in Indonesian offices: decimal commas, thousands dots, N/A, WTP (3).

Rules, in order:

- ``None``, an empty or blank string → ``Missing("blank")``; ``kind="text"`` →
  ``TextValue`` for anything else (even ``N/A``).
- ``N/A``, ``n/a``, ``NA``, ``n.a.``, ``-``, ``--``, ``—``, ``–`` → ``Missing``; ``#N/A`` →
  ``Missing("spreadsheet")``; other spreadsheet errors (``#DIV/0!``) → ``CellError``.
- Python ``int``/``float`` pass through; ``bool``, dates and times are rejected.
- Numbers: an optional sign, ``Rp``/``IDR`` prefix, ``,-`` or ``%`` suffix. A ``%`` sign is
  read by kind: a ``percent`` input holds points (``92%`` → 92), no kind (formula values, ``calc
  --var``) gives the fraction (``40,5 %`` → 0.405), and any other kind refuses it (D109).
- Separators: with both ``.`` and ``,`` the last one is the decimal mark (``1.234,5``,
  ``1,234.5``); one kind repeated is thousands (``8.797.819.537``, ``8,797,819,537``); groups
  of three separated by spaces are thousands (``1 000 000``).
- A single separator followed by exactly three digits after one to three digits (``1.234``,
  ``1,234``) is ambiguous: thousands when ``kind`` is ``currency`` or ``count``; for ``number``
  and ``percent`` the comma is the decimal mark (``1,234`` → 1.234) and the dot is refused
  (D109); with no kind it is a decimal mark. Any other single separator is a decimal mark
  (``86,75``, ``86.75``). docs/data-cells.md states these rules as one table.
- ``WTP (3)``, ``A (82)``, ``(3)`` → ``Labelled``; ``(5)`` is never a negative number.
- Anything else is ``TextValue`` when ``kind`` is ``None`` and a ``CellError`` for a numeric kind.

Error codes D001–D005 and D109: see dsl/error_codes.toml (docs/errors.md).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from dsl.errors import PerkinError
from dsl.i18n import N_, _
from engine.safe_text import unquote

THOUSANDS_KINDS = frozenset({"currency", "count"})  # '1.234' is 1234
DECIMAL_KINDS = frozenset({"number", "percent"})  # '1,234' is 1.234; '1.234' is refused

MissingKind = Literal["na", "dash", "blank", "spreadsheet", "nan"]
_MISSING: dict[str, MissingKind] = {
    "n/a": "na",
    "na": "na",
    "n.a.": "na",
    "n.a": "na",
    "-": "dash",
    "--": "dash",
    "—": "dash",
    "–": "dash",
    "#n/a": "spreadsheet",
}
_REASONS: dict[MissingKind, str] = {
    "na": N_("N/A"),
    "dash": N_("dash (no value)"),
    "blank": N_("empty cell"),
    "spreadsheet": N_("#N/A in spreadsheet"),
    "nan": N_("NaN"),
}
_EXCEL_ERROR = re.compile(
    r"#(?:DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!"
    r"|UNKNOWN!|GETTING_DATA)",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)\s*(?P<cur>rp\.?|idr)?\s*(?P<sign2>[+-]?)"
    r"(?P<body>[0-9., ]*[0-9])\s*(?P<suffix>%|,-|,--)?",
    re.IGNORECASE,
)
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")
_SPACED = re.compile(r"(?P<int>[0-9]{1,3}(?: [0-9]{3})+)(?:[.,](?P<frac>[0-9]+))?")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " "})
_NUMBER_HINT = N_("write a number such as 86,75, 1.234.567 or 40%, or N/A when there is no value")


@dataclass(frozen=True, slots=True)
class TextValue:
    """A value that is not a number, such as the audit opinion 'WTP'."""

    text: str


@dataclass(frozen=True, slots=True)
class Labelled:
    """A label with the number it is scored on, as in 'WTP (3)', 'A (82)' or '(3)'."""

    label: str
    number: float


@dataclass(frozen=True, slots=True)
class Missing:
    """No value (N/A, a dash, an empty cell, #N/A), which is never zero; the kind says which
    (behaviour depends on it), the reason says it to a person in the current language."""

    kind: MissingKind

    @property
    def reason(self) -> str:
        return _(_REASONS[self.kind])


CellValue = float | TextValue | Labelled | Missing


def is_blank(value: CellValue) -> bool:
    """Whether a cell held nothing (an N/A or a dash says there is no value; a blank does not)."""
    return isinstance(value, Missing) and value.kind == "blank"


class CellError(PerkinError):
    """A cell that cannot be read as the value it should hold; callers attach the location."""

    code = "D001"


def parse_cell(raw: object, *, kind: str | None = None) -> CellValue:
    """The value of one cell; see the module docstring for the rules."""
    if isinstance(raw, str):
        return _parse_string(raw, kind)
    return _parse_native(raw, kind)


def excel_percent(raw: object, number_format: str) -> object:
    """A numeric Excel cell shown as a percentage (format '0%') as the text it shows ('92%').

    The cell then reads as its Indonesian CSV export would: 92 for a percent input, an error for
    a number input, 0.92 without a kind. Other cells are returned unchanged.
    """
    if "%" not in number_format or isinstance(raw, bool) or not isinstance(raw, int | float):
        return raw
    if not math.isfinite(raw):
        return raw
    shown = format((Decimal(repr(raw)) * 100).normalize(), "f")
    return shown.replace(".", ",") + "%"  # a decimal comma: never read as thousands


def raw_text(raw: object) -> str:
    """The text of a cell as a person would read it (3.0 shows as '3', None as '')."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e16:
        return str(int(raw))
    if isinstance(raw, dt.date | dt.time):
        return raw.isoformat()
    return str(raw)


def normalise_text(text: str) -> str:
    """The text with non-breaking spaces made plain, a Unicode minus made '-', stripped, and
    the quote that marks formula-like text as text taken off (engine.safe_text)."""
    return unquote(text.translate(_SPACES).replace("\u2212", "-").strip())


def _parse_native(raw: object, kind: str | None) -> CellValue:
    """A value openpyxl, YAML or JSON already typed."""
    if raw is None:
        return Missing("blank")
    if kind == "text":
        return TextValue(raw_text(raw))
    if isinstance(raw, bool):
        message = _("a true/false value where a number was expected")
        raise CellError(message, None, _(_NUMBER_HINT), "D004")
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        hint = _("format the cell as a number (Format Cells → Number), not as a date")
        raise CellError(_("a date where a number was expected"), None, hint, "D003")
    if isinstance(raw, int) and raw.bit_length() > 1023:  # float() would overflow
        raw = math.inf
    if isinstance(raw, numbers.Real | Decimal):
        return _native_number(float(raw))
    message = _("unsupported cell value of type {type}").format(type=type(raw).__name__)
    raise CellError(message, None, _("give a number or a text"), "D005")


def _native_number(value: float) -> CellValue:
    """A float, with NaN as missing and infinities rejected."""
    if math.isnan(value):
        return Missing("nan")
    return _finite(value)


def _finite(value: float) -> float:
    """The value, or a CellError when it overflowed to infinity."""
    if math.isinf(value):
        raise CellError(_("a number too large to use"), None, _(_NUMBER_HINT), "D005")
    return value


def _parse_string(raw: str, kind: str | None) -> CellValue:
    """A cell given as text."""
    text = normalise_text(raw)
    if not text:
        return Missing("blank")
    if kind == "text":
        return TextValue(text)
    missing = _MISSING.get(text.casefold())
    if missing is not None:
        return Missing(missing)
    if _EXCEL_ERROR.fullmatch(text):
        hint = _("fix the formula in the spreadsheet, or write N/A where there is no value")
        message = _("spreadsheet error {error} where a value was expected")
        raise CellError(message.format(error=text.upper()), None, hint, "D002")
    return _parse_content(text, kind)


def _parse_content(text: str, kind: str | None) -> CellValue:
    """A number, a labelled number, or text (an error when kind asks for a number)."""
    number = _parse_number(text, kind)
    parsed = _parse_labelled(text, kind) if number is None else number
    if parsed is not None:
        return parsed
    if kind is None:
        return TextValue(text)
    message = _("expected a number, got '{text}'").format(text=_shorten(text))
    raise CellError(message, None, _(_NUMBER_HINT), "D001")


def _parse_labelled(text: str, kind: str | None) -> Labelled | None:
    """'WTP (3)' as Labelled('WTP', 3.0); None when the text has no trailing number in brackets."""
    if not text.endswith(")") or "(" not in text:
        return None
    start = text.rfind("(")
    label, inner = text[:start].strip(), text[start + 1 : -1].strip()
    if "(" in label or ")" in label or ")" in inner:
        return None
    number = _parse_number(inner, kind)
    if number is None:
        return None
    return Labelled(label, number)


def _parse_number(text: str, kind: str | None) -> float | None:
    """A number with its sign, currency and percent; None when the text is not a number."""
    if _SCIENTIFIC.fullmatch(text):
        return _finite(float(text))
    match = _NUMBER.fullmatch(text)
    if match is None or (match["sign"] and match["sign2"]):
        return None
    money = bool(match["cur"]) or match["suffix"] in (",-", ",--")
    value = _read_digits(match["body"], "currency" if money else kind)  # 'Rp' settles '1.234'
    if value is None:
        return None
    sign = -1.0 if "-" in (match["sign"] + match["sign2"]) else 1.0
    if match["suffix"] == "%":
        value = _percent(value, text, kind)
    return _finite(sign * value)


def _percent(value: float, text: str, kind: str | None) -> float:
    """A number written with '%': points for a percent input, a fraction without a kind."""
    if kind == "percent":
        return value
    if kind is None:
        return value / 100
    shown = text.replace("%", "").strip()
    raise CellError(
        _("'{text}' has a % sign, but the input is a {kind}").format(
            text=_shorten(text), kind=kind
        ),
        None,
        _("write {number} without the % sign, or declare the input kind: percent").format(
            number=_shorten(shown)
        ),
        "D109",
    )


def _read_digits(body: str, kind: str | None) -> float | None:
    """The unsigned number written with some mix of thousands and decimal separators."""
    if " " in body:
        return _spaced(body)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        return _mixed(body)
    if dots + commas == 0:
        return float(body)
    separator = "." if dots else ","
    if dots + commas > 1:
        return _grouped(body, separator)
    return _single(body, separator, kind)


def _spaced(body: str) -> float | None:
    """'1 000 000' or '1 000,5': groups of three separated by single spaces."""
    match = _SPACED.fullmatch(body)
    if match is None:
        return None
    whole = match["int"].replace(" ", "")
    return float(f"{whole}.{match['frac'] or 0}")


def _mixed(body: str) -> float | None:
    """'1.234,5' or '1,234.5': the last separator is the decimal mark."""
    last = max(body.rfind("."), body.rfind(","))
    whole, fraction = body[:last], body[last + 1 :]
    thousands = "," if body[last] == "." else "."
    if body[last] in whole or not fraction or not _is_grouped(whole, thousands):
        return None
    return float(f"{whole.replace(thousands, '')}.{fraction}")


def _grouped(body: str, separator: str) -> float | None:
    """'8.797.819.537': thousands separators only."""
    if not _is_grouped(body, separator):
        return None
    return float(body.replace(separator, ""))


def _is_grouped(body: str, separator: str) -> bool:
    """Whether the separator splits the body into 1-3 digits, then groups of exactly three."""
    first, *rest = body.split(separator)
    return bool(rest) and 1 <= len(first) <= 3 and all(len(group) == 3 for group in rest)


def _single(body: str, separator: str, kind: str | None) -> float | None:
    """One separator: a decimal mark, unless ambiguous (see the module docstring)."""
    whole, fraction = body.split(separator)
    if not fraction:
        return None
    decimal = float(f"{whole or 0}.{fraction}")
    if len(fraction) != 3 or not 1 <= len(whole) <= 3 or whole.startswith("0"):
        return decimal
    if kind in THOUSANDS_KINDS:
        return float(whole + fraction)
    if kind in DECIMAL_KINDS and separator == ".":
        raise CellError(
            _("'{text}' is ambiguous: a thousands dot or a decimal point").format(text=body),
            None,
            _(
                "write {decimal} if the dot is a decimal point, "
                "or {thousands} if it separates thousands"
            ).format(decimal=f"{whole},{fraction}", thousands=whole + fraction),
            "D109",
        )
    return decimal


def _shorten(text: str, limit: int = 40) -> str:
    """The text cut to a readable length for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
