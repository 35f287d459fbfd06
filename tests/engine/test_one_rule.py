"""Rules that were written in two to four places (issue 9), each pinned by hand-computed cases.

Each test fails on the old code or on a one-line mutation that the rest of the suite let
survive: banding the raw instead of the presented value, a score's predikat ignoring
`on: rounded`, `--unit` without the units below it, a score at the coarsest cadence, snapping
at 15 instead of 12 significant digits, a roll-up ignoring its weights, a score's cap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from dsl.errors import PerkinErrors
from dsl.rounding import apply_rounding
from dsl.values import NaKind, reason_code, reason_kind, reason_text
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.ruleset.model import NodeKind, Ref
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Result
from engine.scoring.score import score
from engine.scoring.vectors import Vec, combine, relabel
from tests.engine.oracle import Oracle

UNITS = [
    {"id": "kota", "level": "kota"},
    {"id": "kec", "level": "kecamatan", "parent": "kota"},
    {"id": "kel_1", "level": "kelurahan", "parent": "kec"},
    {"id": "kel_2", "level": "kelurahan", "parent": "kec"},
]
# IKM konversi bands as in rulesets/shared/dki.yaml (003:1831-1834)
IKM_BANDS = [
    {"label": "C", "at_least": 65, "at_most": 76.60},
    {"label": "B", "above": 76.60, "at_most": 88.30},
]


def _ruleset(on: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "one_rule", "year": 2024, "cadence": "triwulan",
        "levels": {"kota": None, "kecamatan": "kota", "kelurahan": "kecamatan"},
        "inputs": {
            "x": {"kind": "number", "period": "triwulan", "combine": "mean", "assumption": "t"},
            "w": {"kind": "number", "period": "triwulan", "combine": "last", "assumption": "t"},
        },
        "tables": {"ikm": {"kind": "bands", "on": on, "bands": IKM_BANDS, "assumption": "t"}},
        "indicators": {
            "i": {
                "name": "IKM", "level": "kelurahan", "realisasi": "x", "predikat": "ikm",
                "target": {"TW1": 100, "TW2": 100, "TW3": 100, "TW4": 100, "tahunan": 100,
                           "assumption": "t"},
                "weight": {"value": 100, "assumption": "t"}, "assumption": "t",
                **extra.get("indicator", {}),
            }
        },
        "scores": {
            "s": {"method": "mean", "of": "realisasi", "indicators": ["i"], "level": "kelurahan",
                  "predikat": "ikm", "assumption": "t", **extra.get("score", {})}
        },
    }  # fmt: skip


def _score(
    tmp_path: Path, rs: dict[str, Any], x: dict[str, float], w: dict[str, float] | None = None,
    units: tuple[str, ...] = (),
) -> tuple[Result, Oracle]:  # fmt: skip
    values = [
        {"unit": unit, "period": f"TW{q}", "variable": "x", "value": value}
        for unit, value in x.items()
        for q in range(1, 5)
    ]
    values += [
        {"unit": unit, "period": f"TW{q}", "variable": "w", "value": value}
        for unit, value in (w or {}).items()
        for q in range(1, 5)
    ]
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(rs))
    (tmp_path / "d.yaml").write_text(yaml.safe_dump({"units": UNITS, "values": values}))
    ruleset = load_ruleset(tmp_path / "r.yaml")
    dataset = read_data([tmp_path / "d.yaml"])
    oracle = Oracle(Evaluator(ruleset, bind(ruleset, dataset)))
    return score(ruleset, dataset, units=units), oracle


def _indicator(result: Result, unit: str, period: str = "tahunan") -> Any:
    return next(r for r in result.indicators if (r.unit, r.period) == (unit, period))


def _score_row(result: Result, unit: str, period: str = "tahunan") -> Any:
    return next(r for r in result.scores if (r.unit, r.period) == (unit, period))


@pytest.mark.parametrize(("on", "band"), [("rounded", "C"), ("value", "B")])
def test_indicator_and_score_band_the_same_way(tmp_path: Path, on: str, band: str) -> None:
    """76.6025, shown 76.60, is C when the table bands the presented value, B on the value."""
    result, _ = _score(tmp_path, _ruleset(on), {"kel_1": 76.6025, "kel_2": 90})
    assert _indicator(result, "kel_1").capaian.text() == "76.60"
    assert _indicator(result, "kel_1").predikat == band
    assert _score_row(result, "kel_1").value.text() == "76.60"
    assert _score_row(result, "kel_1").predikat == band


def test_weighted_mean_rollup_weighs(tmp_path: Path) -> None:
    """kel_1 40 (weight 1) and kel_2 80 (weight 3): (40 + 240)/4 = 70, not the plain mean 60."""
    rollup = {"rollup": {"method": "weighted_mean", "weight": "w"}}
    rs = _ruleset("value", indicator=rollup, score=rollup)
    result, oracle = _score(tmp_path, rs, {"kel_1": 40, "kel_2": 80}, {"kel_1": 1, "kel_2": 3})
    assert _indicator(result, "kec").realisasi.value == pytest.approx(70.0)
    assert _score_row(result, "kec").value.value == pytest.approx(70.0)
    assert oracle.get("s", "tahunan", oracle.ev.bound.index["kec"]) == pytest.approx(70.0)


def test_rollup_with_a_missing_weight_is_na_with_a_reason(tmp_path: Path) -> None:
    rs = _ruleset("value", indicator={"rollup": {"method": "weighted_mean", "weight": "w"}})
    result, _ = _score(tmp_path, rs, {"kel_1": 40, "kel_2": 80}, {"kel_1": 1})
    row = _indicator(result, "kec")
    assert row.realisasi.value is None
    assert "weight" in (row.realisasi.reason or "")


def test_score_cap(tmp_path: Path) -> None:
    """A score of 112 capped at 100 is 100 on both paths."""
    result, oracle = _score(tmp_path, _ruleset("value", score={"cap": 100}), {"kel_1": 112})
    assert _score_row(result, "kel_1").value.value == 100.0
    assert oracle.get("s", "tahunan", oracle.ev.bound.index["kel_1"]) == 100.0


def test_unit_brings_the_units_below_it(tmp_path: Path) -> None:
    result, _ = _score(tmp_path, _ruleset("value"), {"kel_1": 80, "kel_2": 90}, units=("kec",))
    assert [u.id for u in result.units] == ["kec", "kel_1", "kel_2"]


def test_score_is_reported_at_the_finest_cadence_of_its_indicators(tmp_path: Path) -> None:
    """One indicator per triwulan, one per year: the score has a value every triwulan."""
    rs = _ruleset("value", score={"indicators": ["i", "yearly"]})
    yearly = {**rs["indicators"]["i"], "name": "yearly", "cadence": "tahunan"}
    yearly["target"] = {"tahunan": 100, "assumption": "t"}
    rs["indicators"]["yearly"] = yearly
    result, _ = _score(tmp_path, rs, {"kel_1": 80})
    periods = [r.period for r in result.scores if r.unit == "kel_1"]
    assert periods == ["TW1", "TW2", "TW3", "TW4", "tahunan"]


def test_rounding_snaps_at_twelve_significant_digits() -> None:
    """1.0049999999999 has 14 significant digits: snapped to 12 it is 1.00500000000, which a
    person rounds to 1.01; snapped to 15 it would stay below the half and give 1.00."""
    assert apply_rounding(1.0049999999999, 2, "half_up") == 1.01
    assert apply_rounding(1.00499999999, 2, "half_up") == 1.0  # 12 digits: nothing to snap


def test_combining_skips_by_kind_not_by_wording() -> None:
    """A sub-period reported N/A is skipped; one whose reason merely says the words is a gap."""
    reported = Vec(
        np.array([np.nan]), np.array([reason_code("x reported as N/A", NaKind.REPORTED)])
    )
    worded = Vec(np.array([np.nan]), np.array([reason_code("y reported as N/A in TW1")]))
    value = Vec(np.array([80.0]), np.array([0]))
    assert combine([reported, value], "mean", ["TW1", "TW2"]).at(0) == 80.0
    gap = combine([worded, value], "mean", ["TW1", "TW2"])
    assert gap.at(0) is None and reason_kind(int(gap.codes[0])) is NaKind.DERIVED


def test_rewording_a_reason_keeps_its_kind() -> None:
    codes = np.array([reason_code("no data for x in TW1", NaKind.NO_DATA)], dtype=np.int32)
    out = relabel(codes, np.array([True]), lambda reason: f"TW1: {reason}")
    assert reason_text(int(out[0])) == "TW1: no data for x in TW1"
    assert reason_kind(int(out[0])) is NaKind.NO_DATA


def test_a_name_resolves_to_one_typed_reference(tmp_path: Path) -> None:
    _, oracle = _score(tmp_path, _ruleset("value"), {"kel_1": 80})
    rs = oracle.rs
    assert rs.ref("x") == Ref(NodeKind.INPUT, "x")
    assert rs.ref("s") == Ref(NodeKind.SCORE, "s")
    assert rs.ref("i.capaian") == Ref.part_of("i", "capaian")
    assert Ref.part_of("i", "capaian").name == "i.capaian"
    assert rs.ref("i.score") is None and rs.ref("nope.realisasi") is None and rs.ref("i") is None


def test_a_score_of_an_unknown_part_is_refused(tmp_path: Path) -> None:
    """`of: score` was accepted and made every score N/A ('unknown name'): now a schema error."""
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(_ruleset("value", score={"of": "score"})))
    with pytest.raises(PerkinErrors) as err:
        load_ruleset(tmp_path / "r.yaml")
    assert "score" in str(err.value)
