"""The 2016 scorecard as the hand-written contenders compute it, read from the loaded ruleset.

The numpy and rules-engine contenders hard-code the scorecard's arithmetic; this module reads
which inputs, polarities, caps and combine rules each indicator has, and refuses (PlanError)
any ruleset shape they do not implement, so a change to rulesets/2016 fails loudly instead of
comparing different arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.ruleset.loader import load_ruleset
from engine.ruleset.model import Ruleset

HERE = Path(__file__).resolve().parent
RULESET = HERE / "national.yaml"
ROOT = HERE.parent
LOWER_CAPAIAN = (
    "IF(target = 0, IF(realisasi <= 0, 100, 0), (2 * target - realisasi) / target * 100)"
)
LABELS = ("TW1", "TW2", "TW3", "TW4", "tahunan")
QUARTER_MONTHS = {f"TW{q}": range(3 * q - 3, 3 * q) for q in range(1, 5)}


class PlanError(Exception):
    """The ruleset no longer has the shape the hand-written contenders implement."""


@dataclass(frozen=True, slots=True)
class IndicatorPlan:
    """One indicator: its level, inputs, combine rules, polarity and limits."""

    id: str
    level: str
    realisasi: str  # a monthly input
    target: str  # a triwulan input
    realisasi_combine: str
    target_combine: str
    lower: bool  # lower is better, scored with LOWER_CAPAIAN
    cap: float | None
    floor: float | None


@dataclass(frozen=True, slots=True)
class Plan:
    """The scorecard: indicators, the two means, the roll-up, the Camat formula, rankings."""

    indicators: tuple[IndicatorPlan, ...]
    lurah: tuple[str, tuple[str, ...]]  # score id, its indicators (plain mean of capaian)
    camat_own: tuple[str, tuple[str, ...]]
    rollup: tuple[str, str]  # score id, the score it rolls up by mean
    camat: tuple[str, str, str]  # score id = first * 50% + second * 50%
    rankings: tuple[tuple[str, str, str], ...]  # ranking id, level, score
    levels: tuple[str, ...]  # bottom-up: kelurahan, kecamatan, kota, provinsi


def load() -> Ruleset:
    """The benchmark ruleset: rulesets/2016 on the national register's four levels."""
    return load_ruleset(RULESET, roots=(ROOT,))


def plan_of(rs: Ruleset) -> Plan:
    """The plan of a loaded ruleset; PlanError when its shape differs from the 2016 one."""
    indicators = tuple(_indicator(rs, i) for i in rs.indicators)
    means = [s for s in rs.scores.values() if s.method == "mean"]
    _expect(len(means) == 2, "two mean scores (Lurah and Camat's own)")
    lurah, own = sorted(means, key=lambda s: s.level != "kelurahan")
    rolled = [s for s in rs.scores.values() if s.rollup is not None]
    _expect(len(rolled) == 1 and rolled[0].rollup is not None, "one rolled-up score")
    roll = rolled[0]
    _expect(roll.formula is not None and roll.formula.text.strip() == lurah.id, "roll-up")
    camat = [s for s in rs.scores.values() if s.level == "kecamatan" and s.method == "formula"]
    _expect(len(camat) == 1 and camat[0].formula is not None, "one Camat formula score")
    formula = f"{own.id} * 50% + {roll.id} * 50%"
    _expect(camat[0].formula.text.strip() == formula, f"nilai_camat = {formula}")  # type: ignore[union-attr]
    rankings = tuple((r.id, str(r.level), r.by) for r in rs.rankings.values())
    return Plan(
        indicators,
        (lurah.id, lurah.indicators),
        (own.id, own.indicators),
        (roll.id, lurah.id),
        (camat[0].id, own.id, roll.id),
        rankings,
        ("kelurahan", "kecamatan", "kota", "provinsi"),
    )


def _indicator(rs: Ruleset, key: str) -> IndicatorPlan:
    ind = rs.indicators[key]
    real = ind.realisasi.text.strip()
    target = ind.target.formula.text.strip() if ind.target and ind.target.formula else ""
    _expect(real in rs.inputs and target in rs.inputs, f"{key}: inputs as plain names")
    _expect(rs.inputs[real].period == "bulan", f"{key}: monthly realisasi")
    _expect(rs.inputs[target].period == "triwulan", f"{key}: triwulan target")
    _expect(ind.combine is None and ind.rollup is None, f"{key}: no combine or roll-up")
    lower = ind.polarity == "lower"
    text = ind.capaian.text.strip() if ind.capaian else None
    _expect(text == (LOWER_CAPAIAN if lower else None), f"{key}: capaian rule")
    return IndicatorPlan(
        key,
        str(ind.level),
        real,
        target,
        rs.inputs[real].combine,
        rs.inputs[target].combine,
        lower,
        None if ind.cap is None else float(ind.cap),
        None if ind.floor is None else float(ind.floor),
    )


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise PlanError(f"the 2016 ruleset changed ({what}); update benchmarks/ contenders")
