"""A value a ruleset section reads from a declared input (`of: input`, with `item:` for a series):
the rule the peers' comparisons apply to the input a peer's own value is carried in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.ruleset.yamlpos import Mark, PosDict

# what is wrong and where: (mark, YAML path, message, hint); the caller makes its own error class
Problem = tuple[Mark, str, str, str]


def input_ref_problems(
    of: str,
    of_at: tuple[Mark, str],
    items: Sequence[tuple[Any, Mark, str]],
    inputs: PosDict,
    unknown_hint: str,
) -> Iterator[Problem]:
    """The input must be declared; a single value takes no item, a series one of its items.
    `items` are the items given, each with the mark and path an error about it is shown at."""
    spec = inputs.get(of)
    if not isinstance(spec, dict):
        message = _("unknown input '{name}'").format(name=of)
        yield of_at[0], of_at[1], message, did_you_mean(of, inputs) or unknown_hint
        return
    known = [str(i) for i in spec.get("items") or ()]
    series = spec.get("axis") is not None
    for item, mark, path in items:
        if not series and item is not None:
            message = _("'{input}' is a single value, but an item '{item}' was given")
            yield mark, path, message.format(input=of, item=item), _("drop 'item'")
        elif series and str(item) not in known:
            message = _("'{input}' is a series: give one of its items").format(input=of)
            suggestion = did_you_mean(str(item), known) if item is not None else None
            hint = suggestion or _("items: {items}").format(items=", ".join(known))
            yield mark, path, message, hint
