"""A ruleset's `history:` declaration: where earlier years' results come from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dsl.errors import Location


@dataclass(frozen=True, slots=True)
class HistorySource:
    """A history file (a path relative to the data folder) and/or a results store (a path
    relative to the working folder), with the place they are declared."""

    file: str | None
    store: str | None
    source: str | None
    location: Location


def history_of(data: Any, locate: Callable[[Any, str], Location]) -> HistorySource | None:
    """The history declaration of a checked document, if it has one."""
    body = data.get("history")
    if not body:
        return None
    file, store, source = (body.get(k) for k in ("file", "store", "source"))
    return HistorySource(
        None if file is None else str(file),
        None if store is None else str(store),
        None if source is None else str(source),
        locate(body, "history"),
    )
