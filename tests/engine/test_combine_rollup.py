"""A figure and an indicator that combine periods over a roll-up follow one rule of N/A kinds.

The case of rulesets/2020 (seed 002): the IKM is surveyed per kelurahan, reported N/A in the
quarters it is not measured, and rolled up kelurahan → kecamatan → kota. The figure combines
each kelurahan's quarters, then rolls up; an indicator whose realisasi is that figure rolls up
each quarter, then combines. A quarter in which every kelurahan reported N/A must be a
reported-N/A quarter of the kecamatan and the kota too, skipped by `combine: last`, or the
indicator's year is N/A while the figure's is a number (it was: "TW1: no kecamatan values to
roll up"). Every expected value below is computed by hand from the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dsl.i18n import set_language
from dsl.values import NaKind, reason_kind
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.evaluate import Evaluator
from engine.scoring.score import score

UNITS = [
    {"id": "kota", "level": "kota"},
    {"id": "kec", "level": "kecamatan", "parent": "kota"},
    {"id": "kel_1", "level": "kelurahan", "parent": "kec"},
    {"id": "kel_2", "level": "kelurahan", "parent": "kec"},
]
# TW1 and TW3 reported N/A at both kelurahan; TW2 and TW4 measured
IKM = {"kel_1": ["N/A", "70", "N/A", "80"], "kel_2": ["N/A", "72", "N/A", "91"]}
RULESET: dict[str, Any] = {
    "id": "combine_rollup", "year": 2020, "cadence": "triwulan",
    "levels": {"kota": None, "kecamatan": "kota", "kelurahan": "kecamatan"},
    "inputs": {
        "ikm_kel": {"kind": "number", "level": "kelurahan", "period": "triwulan",
                    "combine": "last", "assumption": "t"},
    },
    "figures": {
        "agregat": {"level": "kelurahan", "formula": "ikm_kel", "rollup": "mean",
                    "cadence": "triwulan", "combine": "last", "assumption": "t"},
    },
    "indicators": {
        "ikm": {"name": "IKM", "level": "kota", "realisasi": "agregat", "combine": "last",
                "target": {"TW1": "NA", "TW2": "NA", "TW3": "NA", "TW4": 86, "tahunan": 86,
                           "assumption": "t"},
                "assumption": "t"},
    },
}  # fmt: skip


def _evaluator(tmp_path: Path, ikm: dict[str, list[str | None]]) -> tuple[Evaluator, Any]:
    values = [
        {"unit": unit, "period": f"TW{q}", "variable": "ikm_kel", "value": value}
        for unit, quarters in ikm.items()
        for q, value in enumerate(quarters, start=1)
        if value is not None
    ]
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(RULESET))
    (tmp_path / "d.yaml").write_text(yaml.safe_dump({"units": UNITS, "values": values}))
    rs = load_ruleset(tmp_path / "r.yaml")
    dataset = read_data([tmp_path / "d.yaml"])
    return Evaluator(rs, bind(rs, dataset)), score(rs, dataset)


def _at(ev: Evaluator, name: str, label: str, unit: str) -> Any:
    return ev.get(name, label).at(ev.bound.index[unit])


def _reason(ev: Evaluator, name: str, label: str, unit: str) -> str | None:
    return ev.get(name, label).reason(ev.bound.index[unit])


def _kind(ev: Evaluator, name: str, label: str, unit: str) -> NaKind:
    return reason_kind(int(ev.get(name, label).codes[ev.bound.index[unit]]))


def test_indicator_and_figure_give_the_same_year(tmp_path: Path) -> None:
    """last of each kelurahan = TW4: (80 + 91) / 2 = 85.5 at kec, and the kota's one kecamatan;
    the indicator: TW4 at the kota = 85.5, TW1 and TW3 skipped, last = 85.5 (was N/A)."""
    ev, result = _evaluator(tmp_path, IKM)
    assert _at(ev, "agregat", "tahunan", "kec") == 85.5
    assert _at(ev, "agregat", "tahunan", "kota") == 85.5
    assert _at(ev, "ikm.realisasi", "tahunan", "kota") == 85.5
    row = next(r for r in result.indicators if (r.unit, r.period) == ("kota", "tahunan"))
    assert row.realisasi.value == 85.5
    assert row.capaian.value == 85.5 / 86 * 100


def test_a_quarter_every_child_reported_na_is_reported_na(tmp_path: Path) -> None:
    ev, _ = _evaluator(tmp_path, IKM)
    kec, kota = _reason(ev, "agregat", "TW1", "kec"), _reason(ev, "agregat", "TW1", "kota")
    assert (kec, kota) == ("every kelurahan reported as N/A", "every kecamatan reported as N/A")
    assert _kind(ev, "agregat", "TW1", "kec") is NaKind.REPORTED
    assert _kind(ev, "ikm.realisasi", "TW1", "kota") is NaKind.REPORTED


def test_a_gap_among_the_children_is_not_skipped(tmp_path: Path) -> None:
    """kel_2 has no TW1 cell at all: the kecamatan's TW1 is a gap, not reported N/A, and the
    indicator's year stays N/A with the reason, never a silent skip. With kel_1 reported N/A,
    the kecamatan has no value, for lack of data (kind NO_DATA, rollup_gaps.settle), and so has
    the kota in turn."""
    ev, _ = _evaluator(tmp_path, {**IKM, "kel_2": [None, "72", "N/A", "91"]})
    assert _kind(ev, "agregat", "TW1", "kec") is NaKind.NO_DATA
    assert _reason(ev, "agregat", "TW1", "kec") == "1 of 2 kelurahan has no value (kel_2)"
    assert _at(ev, "ikm.realisasi", "tahunan", "kota") is None
    reason = _reason(ev, "ikm.realisasi", "tahunan", "kota")
    assert reason == "TW1: 1 of 1 kecamatan has no value (kec)"


def test_a_kelurahan_with_a_value_is_rolled_up(tmp_path: Path) -> None:
    """One kelurahan measured in TW1, the other reported N/A: the kecamatan has kel_1's value."""
    ev, _ = _evaluator(tmp_path, {**IKM, "kel_1": ["77", "70", "N/A", "80"]})
    assert _at(ev, "agregat", "TW1", "kota") == 77.0


def test_the_reason_in_indonesian(tmp_path: Path) -> None:
    set_language("id")
    ev, _ = _evaluator(tmp_path, IKM)
    assert _reason(ev, "agregat", "TW1", "kec") == "setiap kelurahan dilaporkan N/A"
