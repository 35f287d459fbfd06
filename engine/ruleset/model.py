"""The immutable ruleset model: what a loaded, checked ruleset says."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from dsl import Program
from dsl.errors import Location
from dsl.i18n import _, number_text
from engine.periods import WHOLE_YEAR, PeriodKind
from engine.ruleset.bands import Band
from engine.ruleset.cycle import Cycle
from engine.ruleset.history import HistorySource
from engine.ruleset.made_text import MadeText
from engine.ruleset.peers import Comparisons
from engine.ruleset.renstra import RenstraTarget, TargetCheck
from engine.ruleset.selection import Selection
from engine.ruleset.shares import Shares
from engine.ruleset.sources import SourceDocument
from engine.ruleset.validation import ValidationRule

RoundingMode = Literal["half_up", "truncate"]
Combine = Literal["sum", "last", "mean", "max", "min", "first"]
Polarity = Literal["higher", "lower"]
RollupMethod = Literal["mean", "sum", "min", "max", "weighted_mean"]

FIGURES = ("target", "realisasi", "capaian", "score")
Part = Literal["realisasi", "target", "capaian"]
PARTS: tuple[Part, ...] = ("realisasi", "target", "capaian")


class NodeKind(Enum):
    """What a name in a ruleset refers to."""

    INPUT = "input"
    FIGURE = "figure"
    PART = "part"  # realisasi, target or capaian of an indicator
    SCORE = "score"


@dataclass(frozen=True, slots=True)
class Ref:
    """A typed reference to a ruleset node; `name` is how formulas write it ('iklka.capaian').

    Built with `Ruleset.ref(name)` or `Ref.part_of(indicator, part)`: the one place where a
    part's name is put together and taken apart.
    """

    kind: NodeKind
    id: str
    part: Part | None = None

    @property
    def name(self) -> str:
        """The name formulas use: the id, or 'indicator.part'."""
        return self.id if self.part is None else f"{self.id}.{self.part}"

    @staticmethod
    def part_of(indicator: str, part: Part) -> Ref:
        """The reference to one part of an indicator."""
        return Ref(NodeKind.PART, indicator, part)

    @staticmethod
    def split(name: str) -> tuple[str, Part] | None:
        """(indicator id, part) when the name has the form 'indicator.part', else None."""
        base, dot, part = name.rpartition(".")
        for known in PARTS:
            if dot and part == known:
                return base, known
        return None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a number comes from: a seed citation, or an assumption with its reason."""

    source: str | None = None
    assumption: str | None = None

    def text(self) -> str:
        """A one-line citation for people."""
        if self.source and self.assumption:
            return _("{source} (assumption: {reason})").format(
                source=self.source, reason=self.assumption
            )
        return self.source or _("assumption: {reason}").format(reason=self.assumption)


@dataclass(frozen=True, slots=True)
class Rounding:
    """Presentation rounding: decimals and mode."""

    decimals: int = 2
    mode: RoundingMode = "half_up"


@dataclass(frozen=True, slots=True)
class Formula:
    """A compiled formula with its text and where it sits in the ruleset."""

    text: str
    program: Program
    location: Location


@dataclass(frozen=True, slots=True)
class Input:
    """An input variable read from realisation data."""

    id: str
    kind: Literal["number", "percent", "count", "currency", "text"]
    level: str | None
    period: PeriodKind
    combine: Combine
    axis: str | None
    items: tuple[str, ...] | None
    description: str
    system: str | None
    provenance: Provenance
    location: Location
    min: float | None = None  # plausible range, in the unit the value is held (percent: points)
    max: float | None = None
    rows: bool = False  # a column of a table of records: its axis names the rows of each unit
    levels: tuple[str, ...] = ()  # `level: [a, b]`: reported by units of several levels

    def reported_at(self) -> tuple[str, ...] | None:
        """The levels whose units report the input; None for every level."""
        return self.levels or ((self.level,) if self.level is not None else None)

    def at(self, level: str | None) -> bool:
        """Whether a unit of this level reports the input (every unit, for one of no level)."""
        names = self.reported_at()
        return names is None or level in names

    def level_text(self) -> str | None:
        """The level or levels it is reported at, as written; None for every level."""
        return ", ".join(self.levels) if self.levels else self.level

    def outside(self, value: float) -> bool:
        """Whether a value lies outside the input's plausible range."""
        return (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        )

    def range_text(self) -> str:
        """The plausible range in words, e.g. 'from 1 to 4' or 'at most 100'."""
        low, high = self.min, self.max
        if low is not None and high is not None:
            return _("from {low} to {high}").format(low=number_text(low), high=number_text(high))
        if low is not None:
            return _("at least {low}").format(low=number_text(low))
        return _("at most {high}").format(high=number_text(high or 0))


@dataclass(frozen=True, slots=True)
class TableDef:
    """A lookup table (key → value) or a band table (number → label)."""

    id: str
    kind: Literal["lookup", "bands"]
    entries: tuple[tuple[str, float | str], ...]
    bands: tuple[Band, ...]
    on: Literal["value", "rounded"]
    provenance: Provenance
    location: Location


@dataclass(frozen=True, slots=True)
class Figure:
    """A named intermediate formula, computed per unit and period."""

    id: str
    formula: Formula | None
    level: str | None
    rollup: Rollup | None
    combine: Combine | None
    cadence: PeriodKind | None
    description: str | MadeText  # MadeText: written by perkin (Renstra, peers)
    rounding: Rounding
    provenance: Provenance
    location: Location
    kind: Literal["number", "text"] = "number"  # text: a label (band, letter), reported as text


@dataclass(frozen=True, slots=True)
class Rollup:
    """How a figure of a parent unit derives from its child units."""

    method: RollupMethod
    weight: str | None  # a figure or input name for weighted_mean
    gaps: Literal["skip", "na"] = "skip"  # a child with no data or no value: left out, or N/A


TARGET_KINDS: tuple[PeriodKind, ...] = ("triwulan", "semester", "tahunan")  # no monthly targets


def target_labels(cadence: PeriodKind | None = None) -> list[str]:
    """The labels a target is keyed by; given a cadence, those its indicators must declare."""
    kinds = [k for k in TARGET_KINDS if cadence is None or k in (cadence, "tahunan")]
    return [p.engine_label for kind in kinds for p in WHOLE_YEAR.subperiods(kind)]


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """Targets per period label ('TW1', 'S2', 'tahunan'); None marks a period with no target."""

    values: tuple[tuple[str, float | None], ...]
    formula: Formula | None
    provenance: Provenance
    location: Location

    def for_label(self, label: str) -> tuple[bool, float | None]:
        """(declared, value) for a period label."""
        for key, value in self.values:
            if key == label:
                return True, value
        return False, None


@dataclass(frozen=True, slots=True)
class Weight:
    """An indicator's weight, in percent points, with its provenance."""

    value: float
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator: realisasi, targets, capaian, predikat, weight and cascade."""

    id: str
    no: str | None
    name: str
    group: str | None
    sasaran: str | None
    satuan: str | None
    system: str | None
    level: str | None
    polarity: Polarity
    realisasi: Formula
    target: TargetSpec | None
    combine: Combine | None
    cadence: PeriodKind
    capaian: Formula | None
    cap: float | None
    floor: float | None
    predikat: str | None
    predikat_on: Literal["capaian", "realisasi"]
    weight: Weight | None
    roles: tuple[str, ...]
    rollup: Rollup | None
    rounding: dict[str, Rounding] = field(hash=False, compare=False)
    provenance: Provenance = field(default_factory=Provenance)
    location: Location = field(default_factory=Location)
    diturunkan: tuple[str, ...] = ()  # roles deriving it into program indicators (D), not carrying
    cascade_location: Location = field(default_factory=Location)  # its roles: (or the indicator)


@dataclass(frozen=True, slots=True)
class UnitsRequired:
    """The units of one level that the data must hold: how many, which, or both."""

    level: str
    count: int | None
    units: tuple[str, ...]
    provenance: Provenance
    location: Location


@dataclass(frozen=True, slots=True)
class Role:
    """A cascade role (Walikota, Asisten, Kepala Bagian, Kasubbag …)."""

    id: str
    title: str
    parent: str | None
    holder: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class Score:
    """A score above indicators for the units of one level."""

    id: str
    title: str
    level: str | None
    method: Literal["weighted_sum", "weighted_mean", "mean", "mean_of_groups", "formula", "rollup"]
    of: Part
    indicators: tuple[str, ...]
    formula: Formula | None
    rollup: Rollup | None
    renormalize: bool
    cap: float | None
    predikat: str | None
    weights_total: float | None
    cadence: PeriodKind | None
    rounding: Rounding
    provenance: Provenance
    location: Location


@dataclass(frozen=True, slots=True)
class Ranking:
    """A ranking of units by a score, with tie-breakers and award labels."""

    id: str
    title: str | MadeText  # MadeText: a peer ranking's, written by perkin
    level: str | None
    by: str
    descending: bool
    tie_breakers: tuple[tuple[str, bool], ...]
    awards: tuple[str, ...]
    unresolved: Literal["share", "flag"]
    provenance: Provenance
    location: Location


@dataclass(frozen=True, slots=True)
class Ruleset:
    """A loaded, checked ruleset: immutable, load once and score many datasets."""

    id: str
    title: str
    jurisdiction: str
    instrument: str
    year: int
    effective: tuple[str, str] | None
    legal_basis: tuple[str, ...]
    files: tuple[str, ...]
    content_hash: str
    levels: tuple[str, ...]
    cadence: PeriodKind
    rounding: Rounding
    inputs: dict[str, Input] = field(hash=False, compare=False)
    tables: dict[str, TableDef] = field(hash=False, compare=False)
    figures: dict[str, Figure] = field(hash=False, compare=False)
    indicators: dict[str, Indicator] = field(hash=False, compare=False)
    roles: dict[str, Role] = field(hash=False, compare=False)
    scores: dict[str, Score] = field(hash=False, compare=False)
    rankings: dict[str, Ranking] = field(hash=False, compare=False)
    assumptions: tuple[tuple[str, str], ...] = ()  # (yaml path, reason)
    level_parents: dict[str, str | None] = field(default_factory=dict, hash=False, compare=False)
    cascade_required: bool = False
    cascade_top: str | None = None
    required_units: dict[str, UnitsRequired] = field(
        default_factory=dict, hash=False, compare=False
    )
    documents: dict[str, SourceDocument] = field(default_factory=dict, hash=False, compare=False)
    renstra: dict[str, RenstraTarget] = field(default_factory=dict, hash=False, compare=False)
    target_check: TargetCheck | None = None
    cycle: Cycle | None = None
    validation: ValidationRule | None = None  # who validates which level's values
    selection: Selection | None = None  # indicators each unit chooses by giving a target
    history: HistorySource | None = None
    comparisons: Comparisons = field(default_factory=Comparisons)  # peers
    seeds: tuple[str, ...] = ()  # the seed documents its legal_basis cites (loader, borrowed.py)
    shares: dict[str, Shares] = field(default_factory=dict, hash=False, compare=False)

    @property
    def scored_levels(self) -> tuple[str, ...] | None:
        """The levels whose units a report shows as scored units (an indicator, a score or a
        ranking is set at them), in hierarchy order; None when one is set at every level (no
        `level:`), so every unit is scored. Units of other levels (budget lines, programs,
        outputs) only feed figures."""
        used = [
            *(i.level for i in self.indicators.values()),
            *(s.level for s in self.scores.values()),
            *(r.level for r in self.rankings.values()),
        ]
        if not self.levels or None in used:
            return None
        return tuple(level for level in self.levels if level in used)

    def title_of(self, name: str) -> str:
        """How a person knows a score, an indicator or an indicator's part: the score's title or
        the indicator's name as printed; an input's or figure's id, which is all they have."""
        score = self.scores.get(name)
        if score is not None:
            return score.title or name
        indicator = self.indicators.get(name.split(".", 1)[0])
        return indicator.name or name if indicator is not None else name

    def ref(self, name: str) -> Ref | None:
        """The node a name refers to: an input, a figure, a score or an indicator's part."""
        if name in self.inputs:
            return Ref(NodeKind.INPUT, name)
        if name in self.figures:
            return Ref(NodeKind.FIGURE, name)
        if name in self.scores:
            return Ref(NodeKind.SCORE, name)
        split = Ref.split(name)
        if split is not None and split[0] in self.indicators:
            return Ref.part_of(*split)
        return None
