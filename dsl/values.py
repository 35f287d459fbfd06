"""Runtime values of one unit: numbers, text, booleans, series, and NA with its reason."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from enum import Enum
from typing import TypeAlias

import numpy as np

from dsl.i18n import N_, _, ngettext


class NaKind(Enum):
    """Why a value is N/A, as the engine acts on it; the reason beside it says it to people.

    Behaviour is decided by the kind, never by the wording of the reason: a sub-period reported
    N/A is skipped when periods are combined, a slot with no data falls back to the data given
    for every period, and everything else is N/A for the reason it states. A value whose every
    part (sub-period combined, child rolled up) was reported N/A is reported N/A itself, so the
    order of combining and rolling up does not matter (engine.scoring.vectors.reported_throughout).
    """

    NO_DATA = "no_data"  # the data has no value for it: a gap, never read as zero
    REPORTED = "reported"  # the office wrote N/A or '-': no measurement, by design
    NOT_SCORED = "not_scored"  # outside the levels or periods the ruleset scores it for
    NO_TARGET = "no_target"  # the ruleset declares no target for the period
    DERIVED = "derived"  # it follows from an N/A input
    RULE = "rule"  # the ruleset's own NA or NA("reason"): N/A by the instrument's rule
    NOT_VALIDATED = "not_validated"  # not validated at cadence; the ruleset excludes such values
    NOT_CHOSEN = "not_chosen"  # the unit did not choose the indicator (ruleset selection:)
    ARITHMETIC = "arithmetic"  # arithmetic has no value: division by zero, overflow, not real


@dataclass(frozen=True, slots=True)
class NA:
    """A missing value together with the reason why it is missing, and its kind."""

    reason: str
    kind: NaKind = NaKind.DERIVED

    def __str__(self) -> str:
        return f"NA ({self.reason})"


Element: TypeAlias = float | str | NA  # a series holds numbers, or texts (letter answers)
Num: TypeAlias = float | NA  # a number or NA, as arithmetic sees an element
Series: TypeAlias = tuple[Element, ...]
Scalar: TypeAlias = float | str | bool | NA | Series

# The reasons the formula language gives, in English (the catalogue's message ids): make an NA
# of one with `na()` or `na_code()`, which say it in the current language.
NA_LITERAL = N_("NA in formula")
DIVISION_BY_ZERO = N_("division by zero")
ALL_NA = N_("all values are N/A")
NO_DATA_VALUE = N_("every value from the data is N/A; the constants alone are not a figure")
TEXT_IN_ARITHMETIC = N_("text used in arithmetic")
TEXT_AS_CONDITION = N_("text used as a condition")
TEXT_VS_NUMBER = N_("text compared with a number")
NOT_REAL = N_("result is not a real number")
TOO_LARGE = N_("number too large")
NO_CASE = N_("no SWITCH case matched")
NO_MATCH = N_("no value matches the criterion")
GEOMEAN_POSITIVE = N_("GEOMEAN needs positive numbers")
BAD_DECIMALS = N_("number of decimals must be between -15 and 15")
MISSING = N_("missing value")

# The reasons that say arithmetic has no value for the numbers it was given (a target of 0, say):
# not N/A by design, so a roll-up that leaves such a child out says so (engine.scoring.rollup_gaps).
_ARITHMETIC = frozenset({DIVISION_BY_ZERO, NOT_REAL, TOO_LARGE, GEOMEAN_POSITIVE})

# Reasons are interned process-wide so columns can hold small integer codes (0 = not NA)
# and be combined without remapping; the set of distinct reasons stays small in practice.
_REASON_TEXTS: list[str] = [""]
_REASON_KINDS: list[NaKind] = [NaKind.DERIVED]
_REASON_CODES: dict[tuple[str, NaKind], int] = {}
_REASON_LOCK = threading.Lock()


def reason_code(reason: str, kind: NaKind = NaKind.DERIVED) -> int:
    """The code of a reason of a kind, interning it on first use (codes start at 1)."""
    key = (reason, kind)
    code = _REASON_CODES.get(key)
    if code is None:
        with _REASON_LOCK:
            code = _REASON_CODES.get(key)
            if code is None:
                code = len(_REASON_TEXTS)
                _REASON_TEXTS.append(reason)
                _REASON_KINDS.append(kind)
                _REASON_CODES[key] = code
    return code


def catalogue_kind(reason: str) -> NaKind:
    """The kind of one of the catalogue reasons above: arithmetic for those of `_ARITHMETIC`,
    else derived (it follows from an N/A input or an operand of the wrong type)."""
    return NaKind.ARITHMETIC if reason in _ARITHMETIC else NaKind.DERIVED


def na(reason: str, kind: NaKind | None = None) -> NA:
    """An NA whose reason is one of the catalogue reasons above, in the current language, of
    the reason's own kind unless one is given."""
    return NA(_(reason), kind or catalogue_kind(reason))


def na_code(reason: str, kind: NaKind | None = None) -> int:
    """The interned code of a catalogue reason in the current language (see `na`)."""
    return reason_code(_(reason), kind or catalogue_kind(reason))


def reason_text(code: int) -> str:
    """The reason string of a code."""
    return _REASON_TEXTS[int(code)]


def reason_kind(code: int) -> NaKind:
    """The kind of N/A a code stands for."""
    return _REASON_KINDS[int(code)]


def normalize(value: object) -> Scalar:
    """A value in canonical form: ints become floats, NaN and infinities become NA."""
    if isinstance(value, NA | str | bool):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.floating | np.integer):
        return _number(float(value))
    if isinstance(value, tuple | list):
        return tuple(_element(v) for v in value)
    raise TypeError(f"not a formula value: {value!r}")


def _number(x: float) -> float | NA:
    """A float, or NA if it is not finite."""
    if math.isnan(x):
        return na(MISSING)
    return x if math.isfinite(x) else na(TOO_LARGE)


def _element(value: object) -> Element:
    """One series element in canonical form."""
    v = normalize(value)
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, float | str | NA):
        return v
    raise TypeError(f"a series holds numbers or texts, not {value!r}")


def format_number(x: float) -> str:
    """A number as a person would write it: up to 12 significant digits, no trailing zeros."""
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return format(x, ".12g")


def format_value(value: Scalar, limit: int = 12) -> str:
    """A value as shown in explanations: TRUE, "text", NA (reason), [1, 2, …]."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, NA):
        return str(value)
    shown = [format_value(v) for v in value[:limit]]
    count = len(value)
    more = ""
    if count > limit:
        more = ngettext(", … ({n} value)", ", … ({n} values)", count).format(n=count)
    return "[" + ", ".join(shown) + more + "]"
