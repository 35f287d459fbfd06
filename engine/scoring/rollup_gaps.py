"""Children a roll-up leaves out for want of a value: which they are, per parent, and `gaps: na`.

A child N/A by design (reported N/A, not chosen, not scored, no target, the ruleset's own NA) is
rightly left out of its parent's value. A child N/A for a gap (no data, not validated where the
ruleset excludes such values, or no value by arithmetic, such as a capaian over a target of 0)
is left out too under `gaps: skip` (the default), and every
parent value that left one out is noted (N006, engine/scoring/gap_notes.py); under `gaps: na`
the parent is N/A. Either way a parent left with no value at all because of a gap is N/A of kind
NO_DATA, so the gap carries on up the chain of levels and through combined periods.
Everything here is numpy over units; the only loop runs over the affected parents of `gaps: na`,
whose reasons name their children.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dsl.i18n import and_more, ngettext
from dsl.values import NaKind, reason_code, reason_kind
from engine.scoring.vectors import Vec, distinct_reasons

# an N/A for lack of data or of a value arithmetic can give, not by design
GAP_KINDS = (NaKind.NO_DATA, NaKind.NOT_VALIDATED, NaKind.ARITHMETIC)
SHOWN_CHILDREN = 3  # children named in a note or reason, then "and N more"


def gap_mask(codes: np.ndarray) -> np.ndarray:
    """Boolean mask of the units N/A for a gap (the kind checked once per distinct reason; a
    level above a `gaps: na` roll-up has a reason per parent, so one pass over the units)."""
    gaps = [code for code in distinct_reasons(codes) if reason_kind(code) in GAP_KINDS]
    return np.isin(codes, gaps) if gaps else np.zeros(len(codes), dtype=bool)


@dataclass(frozen=True, slots=True)
class Gaps:
    """One roll-up step's parents that have a child missing for a gap, in unit order."""

    parents: np.ndarray  # int64: unit indices of those parents
    counted: np.ndarray  # per parent: children with a value
    children: np.ndarray  # per parent: every child
    missing: np.ndarray  # per parent: children N/A for a gap
    shown: np.ndarray  # (parents, SHOWN_CHILDREN) the first gap children, -1 where fewer

    def __len__(self) -> int:
        return len(self.parents)

    def take(self, rows: np.ndarray) -> Gaps:
        """The parents at those rows only."""
        return Gaps(
            self.parents[rows],
            self.counted[rows],
            self.children[rows],
            self.missing[rows],
            self.shown[rows],
        )


class Tree(Protocol):
    """The units as a roll-up sees them (the Evaluator is one)."""

    parents: np.ndarray  # int64: each unit's parent index, -1 for none
    ids: tuple[str, ...]

    def at_level(self, level: str | None) -> np.ndarray:
        """Boolean mask of the units at a level."""
        ...


def find_gaps(tree: Tree, codes: np.ndarray, child_level: str, parent_level: str) -> Gaps:
    """The parents of one roll-up step that have a child N/A for a gap, with their counts and
    first gap children; `codes` are the values' N/A codes before the step."""
    n, parent_of = len(codes), tree.parents
    is_child = tree.at_level(child_level) & (parent_of >= 0)
    gap = is_child & gap_mask(codes)
    missing = np.bincount(parent_of[gap], minlength=n)
    parents = np.flatnonzero(tree.at_level(parent_level) & (missing > 0))
    children = np.bincount(parent_of[is_child], minlength=n)
    counted = np.bincount(parent_of[is_child & (codes == 0)], minlength=n)
    shown = np.full((len(parents), SHOWN_CHILDREN), -1, dtype=np.int64)
    kids = np.flatnonzero(gap)
    if len(parents):
        kids = kids[np.argsort(parent_of[kids], kind="stable")]  # by parent, in unit order
        owner = parent_of[kids]
        starts = np.searchsorted(owner, parents)
        for j in range(SHOWN_CHILDREN):  # a loop over positions, not units
            at = np.minimum(starts + j, len(kids) - 1)
            here = (starts + j < len(kids)) & (owner[at] == parents)
            shown[here, j] = kids[at[here]]
    return Gaps(parents, counted[parents], children[parents], missing[parents], shown)


def settle(tree: Tree, before: Vec, after: Vec, levels: tuple[str, str], mode: str) -> Vec:
    """A roll-up step's result (`after`, from the children's values `before`) with its gaps
    settled: under `na` every parent with a child missing for a gap is N/A, under `skip` only
    those left with no value; N/A of kind NO_DATA, 'k of n kelurahan have no value (…)'."""
    gaps = find_gaps(tree, before.codes, *levels)
    hit = np.ones(len(gaps), dtype=bool) if mode == "na" else gaps.counted == 0
    if not hit.any():
        return after
    codes = after.codes.copy()
    values = after.values.astype(np.float64).copy()
    for row in np.flatnonzero(hit).tolist():  # the affected parents only
        k, n = int(gaps.missing[row]), int(gaps.children[row])
        reason = ngettext(
            "{k} of {n} {level} has no value ({children})",
            "{k} of {n} {level} have no value ({children})",
            k,
        )
        names = ", ".join(and_more([tree.ids[c] for c in gaps.shown[row].tolist() if c >= 0], k))
        text = reason.format(k=k, n=n, level=levels[0], children=names)
        codes[gaps.parents[row]] = reason_code(text, NaKind.NO_DATA)
    values[codes != 0] = np.nan
    return Vec(values, codes)
