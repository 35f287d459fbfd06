"""2020 completeness (issue 16, item 6): the signed PK's two indicators are marked, its five
program budgets are data as printed, and the IKM is aggregated kelurahan → kecamatan → kota."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from engine.ruleset.loader import load_ruleset
from engine.ruleset.sources import DocumentCitation, parse_source, seeds_dir

ROOT = Path(__file__).resolve().parents[2]
RS = load_ruleset(ROOT / "rulesets" / "2020")
SEEDS = seeds_dir()
EXAMPLE = ROOT / "examples" / "2020"


def _cited_documents(source: str | None) -> set[str]:
    citations = parse_source(source or "", RS.documents)
    return {c.doc for c in citations if isinstance(c, DocumentCitation)}


def test_the_two_indicators_of_the_signed_pk_cite_it() -> None:
    # 002:52-54: the PK table holds exactly these two, with annual targets 86 and 100%
    indicators = RS.indicators.values()
    signed = {i.id for i in indicators if "pk_2020" in _cited_documents(i.provenance.source)}
    assert signed == {"ikm", "kualitas_anggaran"}
    assert RS.documents["pk_2020"].kind == "agreement"
    targets = {i: RS.indicators[i].target for i in signed}
    assert {i: t.for_label("tahunan") if t else None for i, t in targets.items()} == {
        "ikm": (True, 86.0),
        "kualitas_anggaran": (True, 100.0),
    }


def test_every_indicator_of_the_rencana_kinerja_is_one_of_twenty() -> None:
    # the other eighteen are in the Rencana Kinerja only (002:86-119)
    assert len(RS.indicators) == 20
    assert "pk_2020" not in _cited_documents(RS.indicators["e_order"].provenance.source)


def _rows(name: str) -> list[dict[str, str]]:
    with (EXAMPLE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.skipif(SEEDS is None, reason="the seed documents (../shared/seeds) are not here")
def test_the_program_budgets_are_those_printed_on_the_pk_page() -> None:
    assert SEEDS is not None
    lines = (SEEDS / "002_5f40e461a794e47d.txt").read_text(encoding="utf-8").splitlines()
    printed = [line.split("\t") for line in lines[56:61]]  # 002:57-61
    names = {r["unit"]: r["name"] for r in _rows("units.csv") if r["level"] == "program"}
    budgets = {r["unit"]: r["value"] for r in _rows("anggaran_program_2020.csv")}
    assert len(names) == len(budgets) == 5
    assert [(n, b) for (_no, n, b, _src) in printed] == [
        (names[unit], budgets[unit]) for unit in budgets
    ]
    assert {src for *_rest, src in printed} == {"APBD Provinsi DKI Jakarta"}


def test_the_ikm_tree_is_eight_kecamatan_of_fifty_six_kelurahan() -> None:
    units = _rows("units.csv")
    kecamatan = {u["unit"] for u in units if u["level"] == "kecamatan"}
    kelurahan = [u for u in units if u["level"] == "kelurahan"]
    assert len(kecamatan) == 8 and len(kelurahan) == 56
    assert {u["parent"] for u in kelurahan} == kecamatan
    surveyed = {r["unit"] for r in _rows("ikm_kelurahan_2020.csv")}
    assert surveyed == {u["unit"] for u in kelurahan}
