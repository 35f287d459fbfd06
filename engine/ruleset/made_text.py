"""A text perkin writes into a ruleset itself (a peer ranking's title, a Renstra figure's
description): kept as its source message and fields, and put in the current language each time
it is shown, so that a ruleset loaded in one language reads in the language of the report."""

from __future__ import annotations

from dataclasses import dataclass

from dsl.i18n import _


@dataclass(frozen=True, slots=True)
class MadeText:
    """A message marked with N_() and the values of its placeholders; str() shows it."""

    message: str
    fields: tuple[tuple[str, str | MadeText], ...] = ()

    def __str__(self) -> str:
        return _(self.message).format(**{k: str(v) for k, v in self.fields})


def made_text(message: str, **fields: str | MadeText) -> MadeText:
    """The text of `message` (marked with N_()) with these placeholders, shown when read."""
    return MadeText(message, tuple(fields.items()))


def kept_text(value: object) -> str | MadeText:
    """A document's text as the model keeps it: a made text as is, anything else as a string."""
    return value if isinstance(value, MadeText) else str(value)
