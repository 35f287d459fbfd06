"""The immutable scoring result and its documented, deterministic JSON form.

The rows of a result are kept column-wise (engine.scoring.columns): a block per indicator (or
figure, score) and period, and a row object is made only when it is read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple

from dsl.i18n import N_, _, number_text
from dsl.rounding import apply_rounding
from dsl.values import NaKind
from engine.data.model import Unit
from engine.data.validation_check import UnitValidation
from engine.ruleset.cycle import Cycle
from engine.ruleset.model import Rounding

RESULT_FORMAT = 1

# how a rounding mode reads for people (the ruleset's word is half_up or truncate)
ROUNDING_MODES = {"half_up": N_("half-up"), "truncate": N_("truncate")}


def mode_text(mode: str) -> str:
    """A rounding mode in the current language: 'half-up', 'pembulatan setengah ke atas'."""
    return _(ROUNDING_MODES[mode])


# how a polarity reads for people (the ruleset's word is higher or lower)
POLARITIES = {"higher": N_("higher is better"), "lower": N_("lower is better")}


def polarity_text(polarity: str) -> str:
    """A polarity in the current language: 'higher is better', 'makin tinggi makin baik'."""
    return _(POLARITIES[polarity])


def default_capaian_text(polarity: str) -> str:
    """The capaian rule of an indicator that declares none: 'default: higher is better'."""
    return _("default: {polarity}").format(polarity=polarity_text(polarity))


# The row types are NamedTuples: immutable like frozen dataclasses, and made three times faster,
# which counts when a national result is read row by row (7.8M rows, four objects each).


class Presented(NamedTuple):
    """A number as presented: its full value and presentation rounding, or N/A with the reason.

    Not to be confused with a ruleset's Figure (engine.ruleset.model), a named formula whose
    values are reported under "figures"."""

    value: float | None
    reason: str | None
    rounding: Rounding
    # the presented value when already rounded column-wise (PresentedColumn); not part of equality
    shown: float | None = None
    # why it is N/A, as the engine acts on it (NO_DATA, REPORTED …); None when a number
    kind: NaKind | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Presented) and self[:3] == other[:3]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:3])

    def __repr__(self) -> str:
        return (
            f"Presented(value={self.value!r}, reason={self.reason!r}, rounding={self.rounding!r})"
        )

    @property
    def rounded(self) -> float | None:
        """The value as presented (declared decimals and mode)."""
        if self.value is None:
            return None
        if self.shown is not None:
            return self.shown
        return apply_rounding(self.value, self.rounding.decimals, self.rounding.mode)

    def applies(self) -> bool:
        """Whether there is a figure here at all: a number, or an N/A other than no target."""
        return self.value is not None or self.kind is not NaKind.NO_TARGET

    def text(self) -> str:
        """The presented text for machines (CSV, JSON): '97.77' or 'N/A'."""
        rounded = self.rounded
        if rounded is None:
            return "N/A" if self.reason is not None else "—"
        return fixed_text(rounded, self.rounding.decimals)

    def office_text(self) -> str:
        """The presented text for people (table, HTML, Markdown), as offices write numbers in
        the current language: '1.234,57' in Indonesian, 'N/A' or '—'."""
        rounded = self.rounded
        if rounded is None:
            return "N/A" if self.reason is not None else "—"
        return number_text(rounded, self.rounding.decimals)

    def as_json(self) -> dict[str, Any]:
        """{"value": full precision, "rounded": presented, "na": reason}."""
        out: dict[str, Any] = {"value": _num(self.value), "rounded": _num(self.rounded)}
        if self.reason is not None:
            out["na"] = self.reason
            if self.kind is not None:
                out["na_kind"] = self.kind.value
        return out


# the reason of a part that does not apply: the indicator declares no target, so neither its
# target nor (without a capaian formula of its own) its capaian exists
NO_TARGET = N_("{id} has no target")


def no_target_reason(indicator: str) -> str:
    """Why a part of `indicator` does not apply, in the current language (the evaluator's N/A,
    explain and every report say the same)."""
    return _(NO_TARGET).format(id=indicator)


def not_applicable(indicator: str) -> Presented:
    """A part of `indicator` that does not apply, as presented: N/A with the reason, of kind
    no_target: not missing data, and never a blank."""
    return Presented(None, no_target_reason(indicator), Rounding(), None, NaKind.NO_TARGET)


def fixed_text(rounded: float, decimals: int) -> str:
    """A presented value's text for machines: exactly `decimals` places, dot decimals ('97.77')."""
    return f"{rounded:.{decimals}f}"


class IndicatorRow(NamedTuple):
    """Target, realisasi, capaian and predikat of one indicator for one unit and period."""

    unit: str
    indicator: str
    period: str
    target: Presented
    realisasi: Presented
    capaian: Presented
    predikat: str | None
    predikat_reason: str | None
    # why the predikat is N/A, as the engine acts on it; None when there is a label (or no table)
    predikat_kind: NaKind | None = None


class ValueRow(NamedTuple):
    """A figure or score of one unit in one period."""

    unit: str
    name: str
    period: str
    value: Presented
    predikat: str | None = None


class Tie(Enum):
    """How a unit's tie on the ranked value ended (the note beside it says it to people)."""

    SEPARATED = "separated"  # a tie-breaker put it above or below the unit it tied with
    SHARED = "shared"  # it survives every tie-breaker and shares the rank
    UNDECIDED = "undecided"  # it survives every tie-breaker; the Tim Penilai decides


@dataclass(frozen=True, slots=True)
class RankRow:
    """A unit's place in a ranking."""

    ranking: str
    unit: str
    rank: int | None
    award: str | None
    value: Presented
    tie_breakers: tuple[float | None, ...]
    note: str | None
    tie: Tie | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the evaluator noticed: every N/A, unresolved ties, rolled-up gaps."""

    severity: str
    code: str
    message: str
    unit: str | None = None
    name: str | None = None
    period: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """Everything `score` produces, in a stable order."""

    ruleset_id: str
    ruleset_title: str
    ruleset_hash: str
    input_hash: str
    perkin_version: str
    period: str
    units: tuple[Unit, ...]
    indicators: Sequence[IndicatorRow]
    figures: Sequence[ValueRow]
    scores: Sequence[ValueRow]
    rankings: Sequence[RankRow]
    diagnostics: Sequence[Diagnostic]
    cycle: Cycle | None = None  # the years the instrument is evaluated in, when not every year
    validation: tuple[UnitValidation, ...] = ()  # per unit, with a ruleset's validation:

    def period_text(self) -> str:
        """The scored period for people, with the evaluation cycle when there is one."""
        if self.cycle is None:
            return self.period
        text = _("{period}, evaluated {cycle}")
        return text.format(period=self.period, cycle=self.cycle.text())

    # realisasi of earlier years (engine/scoring/comparisons.py; name: the indicator, period: the
    # year); empty for a ruleset that declares none
    earlier: Sequence[ValueRow] = ()

    def as_json(self) -> dict[str, Any]:
        """The documented JSON form (schemas/result.schema.json)."""
        return {
            **self.as_json_head(),
            "indicators": [indicator_json(r) for r in self.indicators],
            "figures": [value_json(r) for r in self.figures],
            "scores": [value_json(r) for r in self.scores],
            "rankings": [rank_json(r) for r in self.rankings],
            "diagnostics": [diagnostic_json(d) for d in self.diagnostics],
            **comparisons_json(self),
        }

    def as_json_head(self) -> dict[str, Any]:
        """The JSON form's members other than the lists of rows: format, provenance, units."""
        validation = {"validation": [_validation_json(v) for v in self.validation]}
        return {
            **(validation if self.validation else {}),
            "format": RESULT_FORMAT,
            "provenance": {
                "ruleset": self.ruleset_id,
                "title": self.ruleset_title,
                "ruleset_sha256": self.ruleset_hash,
                "input_sha256": self.input_hash,
                "perkin": self.perkin_version,
                "period": self.period,
                **({"cycle": self.cycle.as_json()} if self.cycle else {}),
            },
            "units": [_unit_json(u) for u in self.units],
        }

    def to_json(self) -> str:
        """Byte-identical JSON text for identical inputs."""
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _num(x: float | None) -> float | None:
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    return float(x)


def _validation_json(v: UnitValidation) -> dict[str, Any]:
    return {
        "unit": v.unit,
        "validator": v.role,
        "state": v.state.value,
        "values": v.values,
        "validated": v.validated,
    }


def _unit_json(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "level": u.level, "parent": u.parent}


def indicator_json(r: IndicatorRow) -> dict[str, Any]:
    """An indicator row's JSON object."""
    out = {
        "unit": r.unit,
        "indicator": r.indicator,
        "period": r.period,
        "target": r.target.as_json(),
        "realisasi": r.realisasi.as_json(),
        "capaian": r.capaian.as_json(),
        "predikat": r.predikat,
    }
    if r.predikat_reason:
        out["predikat_na"] = r.predikat_reason
        if r.predikat_kind is not None:
            out["predikat_na_kind"] = r.predikat_kind.value
    return out


def value_json(r: ValueRow) -> dict[str, Any]:
    """A figure's or score's JSON object."""
    out = {"unit": r.unit, "name": r.name, "period": r.period, **r.value.as_json()}
    if r.predikat is not None:
        out["predikat"] = r.predikat
    return out


def rank_json(r: RankRow) -> dict[str, Any]:
    """A ranked unit's JSON object."""
    return {
        "ranking": r.ranking,
        "unit": r.unit,
        "rank": r.rank,
        "award": r.award,
        "value": r.value.as_json(),
        "tie_breakers": [_num(t) for t in r.tie_breakers],
        "note": r.note,
        "tie": r.tie.value if r.tie is not None else None,
    }


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    """A diagnostic's JSON object (its absent parts left out)."""
    return {
        k: v
        for k, v in (
            ("severity", d.severity),
            ("code", d.code),
            ("message", d.message),
            ("unit", d.unit),
            ("name", d.name),
            ("period", d.period),
        )
        if v is not None
    }


def comparisons_json(result: Result) -> dict[str, Any]:
    """{"comparisons": {"earlier_years": [...]}} when the result has realisasi of earlier years,
    else nothing: a report of a ruleset without them keeps its form."""
    if not result.earlier:
        return {}
    return {"comparisons": {"earlier_years": [value_json(r) for r in result.earlier]}}
