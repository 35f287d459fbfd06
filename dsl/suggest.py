"""The one "did you mean" of perkin: the known name closest to a misspelt one."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from dsl.i18n import _

# The least difflib similarity ratio (0–1) at which a name counts as close; 0.6 is difflib's
# own default, which every helper perkin had before this module used.
CUTOFF = 0.6


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option closest to `word`, or None when none is close.

    An option equal to `word` but for case wins; otherwise options are compared case-folded
    and the most similar one at or above CUTOFF is returned, as spelt in `options`. The answer
    does not depend on the options' order.
    """
    folded: dict[str, str] = {}
    for option in sorted(set(options)):
        folded.setdefault(option.casefold(), option)
    key = word.casefold()
    if key in folded:
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=CUTOFF)
    return folded[close[0]] if close else None


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """The hint "did you mean 'x'?" naming the option closest to `word`, or None; it names the
    invisible character (a zero-width space, a soft hyphen) that is all that tells them apart."""
    found = closest(word, options)
    if found is None:
        return None
    hidden = [char for char in word if _invisible(char)]
    visible = "".join(char for char in word if not _invisible(char))
    if hidden and visible.casefold() == found.casefold():
        return _(
            "did you mean '{name}'? The text holds the invisible character {code} ({character}), "
            "copied with it"
        ).format(
            name=found,
            code=f"U+{ord(hidden[0]):04X}",
            character=unicodedata.name(hidden[0], "?").lower(),
        )
    return _("did you mean '{name}'?").format(name=found)


def _invisible(char: str) -> bool:
    """Whether a character shows as nothing: a format character (zero-width space, soft hyphen,
    byte-order mark, word joiner)."""
    return unicodedata.category(char) == "Cf"
