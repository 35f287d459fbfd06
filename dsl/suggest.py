"""The one "did you mean" of perkin: the known name closest to a misspelt one."""

from __future__ import annotations

import difflib
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
    """The hint "did you mean 'x'?" naming the option closest to `word`, or None."""
    found = closest(word, options)
    return None if found is None else _("did you mean '{name}'?").format(name=found)
