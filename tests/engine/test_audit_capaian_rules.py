"""The audit shows an indicator's capaian and target as the engine computes them: the rule of
its polarity (lower is better: (2 × target − realisasi)/target × 100), its own capaian formula,
its cap, and a target written as a formula over the data (engine/history/derivations.py).

By hand, with x = 8, y = 60, t = 25: turun (lower is better, target 10) (2·10 − 8)/10·100 =
120; batas (target 50, cap 100) 60/50·100 = 120, capped to 100; sendiri (its own formula,
target 40) 60/40·90 = 135; dicapai (target t × 2) 50. Each is printed otherwise, so each is a
finding whose arithmetic line must name the rule the engine used."""

from __future__ import annotations

from pathlib import Path

from engine.history.audit import audit_file
from engine.history.cases import load_case
from engine.history.derivations import Deriver, Part
from engine.history.replay import Recomputation

RULESET = """\
perkin: 1
id: pk_capaian
title: Capaian rules in the audit
year: 2024
levels: {kota: null}
cadence: tahunan
rounding: {decimals: 2, mode: half_up}
inputs:
  x: {kind: number, level: kota, assumption: test}
  y: {kind: number, level: kota, assumption: test}
  t: {kind: number, level: kota, assumption: test}
indicators:
  turun:
    name: Makin rendah makin baik
    level: kota
    polarity: lower
    realisasi: x
    target: {tahunan: 10, assumption: test}
    assumption: test
  batas:
    name: Dibatasi
    level: kota
    realisasi: y
    target: {tahunan: 50, assumption: test}
    cap: 100
    assumption: test
  sendiri:
    name: Rumus sendiri
    level: kota
    realisasi: y
    target: {tahunan: 40, assumption: test}
    capaian: realisasi / target * 90
    assumption: test
  dicapai:
    name: Target dari data
    level: kota
    realisasi: y
    target: {formula: t * 2, assumption: test}
    assumption: test
"""
CASE = """\
ruleset: ruleset.yaml
data: data
period: "2024"
defaults: {unit: kota}
published:
  - {indicator: turun, field: capaian, printed: "80.00", source: "900:1"}
  - {indicator: batas, field: capaian, printed: "120.00", source: "900:2"}
  - {indicator: sendiri, field: capaian, printed: "150.00", source: "900:3"}
  - {indicator: dicapai, field: target, printed: "25", source: "900:4"}
"""


def _case(tmp_path: Path) -> Path:
    (tmp_path / "ruleset.yaml").write_text(RULESET, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "d.csv").write_text(
        "unit,level,parent,period,x,y,t\nkota,kota,,2024,8,60,25\n", encoding="utf-8"
    )
    (tmp_path / "case.yaml").write_text(CASE, encoding="utf-8")
    return tmp_path / "case.yaml"


def test_each_arithmetic_line_names_the_rule_the_engine_used(tmp_path: Path) -> None:
    lines = audit_file(_case(tmp_path)).lines()
    arithmetic = [line.strip() for line in lines if line.strip().startswith("arithmetic:")]
    assert arithmetic == [
        "arithmetic: (2 * target - realisasi) / target * 100 with turun.realisasi = 8, "
        "turun.target = 10 → 120",
        "arithmetic: MIN(realisasi / target * 100, 100) with batas.realisasi = 60, "
        "batas.target = 50 → 100",
        "arithmetic: realisasi / target * 90 with sendiri.realisasi = 60, sendiri.target = 40 "
        "→ 135",
        "arithmetic: t * 2 with t = 25 → 50",
    ]


def test_a_target_formula_is_a_derivation_over_its_input(tmp_path: Path) -> None:
    derive = Deriver(Recomputation.of(load_case(_case(tmp_path))))
    (target,) = derive.derivations(Part("dicapai.target", "kota", "tahunan", None))
    assert (target.how, target.text, [p.node for p in target.parts]) == ("formula", "t * 2", ["t"])
    (capaian,) = derive.derivations(Part("sendiri.capaian", "kota", "tahunan", None))
    assert [p.node for p in capaian.parts] == ["sendiri.realisasi", "sendiri.target"]


def test_a_capaian_printed_without_its_cap_is_a_limit_left_out(tmp_path: Path) -> None:
    """batas: 60/50 × 100 = 120 printed where the cap makes it 100; the other three findings
    have no limit to leave out."""
    found = {f.check.pub.source: f for f in audit_file(_case(tmp_path)).findings}
    kinds = {source: [c.kind.value for c in f.causes] for source, f in found.items()}
    assert kinds == {
        "900:1": ["unexplained"],
        "900:2": ["limit_left_out"],
        "900:3": ["unexplained"],
        "900:4": ["unexplained"],
    }
    assert found["900:2"].causes[0].text() == (
        "limit left out: the report left out the capaian's limit (at most 100): without it the "
        "capaian is 120 → 120.00; with it, 100.00"
    )
