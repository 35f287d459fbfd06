"""The language of every text perkin shows a person: gettext catalogues managed with Babel, and
numbers as offices write them.

Source texts are English and are the message ids; the Indonesian catalogue
(`dsl/locale/id/LC_MESSAGES/perkin.po`, compiled to `perkin.mo`) translates them. Indonesian is
the default; English is chosen with `--lang en` or `PERKIN_LANG=en`. The system locale (`LANG`)
is not followed: servers and containers in Indonesian offices mostly run `C` or `en_US`, and a
report's language should not change with the machine it is made on.

How to write a message (docs/translating.md has the workflow):

- `_("unknown level '{level}'").format(level=name)`: named placeholders, formatted after the
  lookup, never an f-string inside `_()` (the extractor cannot see it);
- `ngettext("{n} error", "{n} errors", n).format(n=n)` for counts;
- `N_("…")` marks a text kept in a module-level constant; translate it with `_()` where shown.

The current language is process-wide, chosen once by the command line before any work starts.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "perkin"
LOCALE_DIR = Path(__file__).parent / "locale"
ENV_VAR = "PERKIN_LANG"

_catalogues: dict[str, gettext.NullTranslations] = {}


def _catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; English is the source text itself."""
    if lang not in _catalogues:
        if lang == "en":
            _catalogues[lang] = gettext.NullTranslations()
        else:
            with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as mo:
                _catalogues[lang] = gettext.GNUTranslations(mo)
    return _catalogues[lang]


def language_from(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language a command asks for: `--lang X` or `--lang=X` on its line, else PERKIN_LANG,
    else Indonesian. An unknown value falls back to the default here; the option's own check
    reports it."""
    chosen = environ.get(ENV_VAR, "")
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    chosen = chosen.strip().lower().replace("-", "_").split("_")[0]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


_language = language_from((), os.environ)


def set_language(lang: str) -> None:
    """Make `lang` the language of every text from now on."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; one of {', '.join(LANGUAGES)}")
    _catalogue(lang)
    _language = lang


def language() -> str:
    """The current language code: 'id' or 'en'."""
    return _language


def _(message: str) -> str:
    """The message in the current language."""
    return _catalogue(_language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for a count, in the current language."""
    return _catalogue(_language).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A short message whose meaning depends on where it is shown (a column header, a button)."""
    return _catalogue(_language).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a text for the catalogue without translating it now (module-level constants)."""
    return message


# numbers --------------------------------------------------------------------------------------


def and_more(names: list[str], total: int) -> list[str]:
    """The names shown, then '… and N more' for the others of `total`."""
    if total > len(names):
        return [*names, _("… and {n} more").format(n=total - len(names))]
    return names


def _locale() -> str:
    return "id_ID" if _language == "id" else "en_US"


def number_text(value: float | Decimal | int, decimals: int | None = None) -> str:
    """A number as an office writes it: `1.234.567,89` in Indonesian, `1,234,567.89` in English.

    With `decimals`, exactly that many digits after the separator: the value must already be
    rounded by the declared mode (presentation rounding is the scoring's, not the formatter's;
    a value with more digits is shown in full rather than re-rounded). Without, a full-precision
    value as rounding sees it: SNAP_DIGITS significant digits (85.44800000000001 → 85,448), every
    integer digit kept."""
    from dsl.rounding import SNAP_DIGITS

    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    if decimals is None:
        if isinstance(value, float) and exact.adjusted() < SNAP_DIGITS:
            exact = Decimal(format(value, f".{SNAP_DIGITS}g"))
        pattern = "#,##0." + "#" * SNAP_DIGITS
    else:
        shown = max(decimals, _places(exact))
        if exact.is_finite():
            # a fixed number of places: Python's exact Decimal formatting groups by three as the
            # pattern below does, and the language's own symbols (Babel's) are put in
            group, point = _symbols(_locale())
            return format(exact, f",.{shown}f").translate({44: group, 46: point})
        pattern = "#,##0" + ("." + "0" * shown if shown else "")
    # enough precision for every digit of a large value (1e300 has 301), so Babel's
    # quantisation never overflows the default 28-digit context
    _, digits, exponent = exact.as_tuple()
    needed = len(digits) + abs(exponent if isinstance(exponent, int) else 0) + 16
    with localcontext() as context:
        context.prec = max(context.prec, needed)
        text = _pattern(pattern).apply(exact, _babel_locale(_locale()), decimal_quantization=False)
    return str(text)


@cache
def _pattern(pattern: str) -> NumberPattern:
    """A Babel number pattern, parsed once (Babel parses it again on every format_decimal)."""
    from babel.numbers import parse_pattern  # only views that show numbers pay for Babel

    return parse_pattern(pattern)


@cache
def _babel_locale(name: str) -> Locale:
    """A Babel locale, parsed once."""
    from babel import Locale

    return Locale.parse(name)


@cache
def _symbols(name: str) -> tuple[str, str]:
    """The group and decimal symbols of a locale, as Babel knows them ('.' and ',' in id_ID)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol(name), get_decimal_symbol(name)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def percent_text(value: float | Decimal | int, decimals: int | None = None) -> str:
    """A percentage figure (already in percent): `104,09%`."""
    return number_text(value, decimals) + "%"


def rupiah_text(value: float | Decimal | int, decimals: int = 0) -> str:
    """A Rupiah amount: `Rp 779.977.900.621` (`Rp 779,977,900,621` in English)."""
    return "Rp " + number_text(value, decimals)
