"""Small values read from a ruleset document: a band of a band table, an optional number."""

from __future__ import annotations

from typing import Any

from engine.ruleset.model import Band
from engine.ruleset.yamlpos import PosDict


def band_of(b: PosDict) -> Band:
    """A band from its YAML: above/at_least the lower edge, below/at_most the upper."""
    lower = b.get("above", b.get("at_least"))
    upper = b.get("below", b.get("at_most"))
    return Band(
        label=str(b["label"]),
        lower=float(lower) if lower is not None else None,
        lower_inclusive="at_least" in b,
        upper=float(upper) if upper is not None else None,
        upper_inclusive="at_most" in b,
        score=float(b["score"]) if "score" in b else None,
    )


def optional_float(value: Any) -> float | None:
    """A number from the document as a float, None when absent."""
    return None if value is None else float(value)
