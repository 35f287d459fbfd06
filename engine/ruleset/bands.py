"""A band of a band table (predikat, mutu, kinerja anggaran): its label and edges, and how it
is read from the ruleset document."""

from __future__ import annotations

from dataclasses import dataclass

from dsl.i18n import _
from engine.ruleset.yamlpos import PosDict


@dataclass(frozen=True, slots=True)
class Band:
    """One band of a band table: a label and its edges."""

    label: str
    lower: float | None
    lower_inclusive: bool
    upper: float | None
    upper_inclusive: bool
    score: float | None

    def contains(self, x: float) -> bool:
        """Whether x falls in this band."""
        if self.lower is not None and (
            x < self.lower or (x == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (x > self.upper or (x == self.upper and not self.upper_inclusive))
        )

    def describe(self) -> str:
        """The band's interval in words, e.g. '> 90' or '> 75 and ≤ 90'."""
        parts = []
        if self.lower is not None:
            parts.append(f"{'≥' if self.lower_inclusive else '>'} {self.lower:g}")
        if self.upper is not None:
            parts.append(f"{'≤' if self.upper_inclusive else '<'} {self.upper:g}")
        return _(" and ").join(parts) or _("any value")


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
