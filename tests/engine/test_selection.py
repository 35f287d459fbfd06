"""Indicators a unit chooses by giving their target (`selection:`, 2016: each Lurah sets targets
by priority, 000:112): an indicator a unit did not choose is N/A "not chosen", its values are not
expected of that unit (never counted missing, never zero), values given anyway are named, and a
selection that could never be seen in data is a located error (R100).

The small ruleset below has two kelurahan indicators in the selection and one kecamatan
indicator that reads the same input outside it; the expected counts are worked out by hand in the
comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from dsl.errors import PerkinErrors
from dsl.values import NaKind
from engine.data.binding import bind
from engine.data.completeness import completeness
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.score import score

ROOT = Path(__file__).parent.parent.parent

RULESET = """\
perkin: 1
id: chosen
title: Chosen
year: 2016
levels: {kota: null, kecamatan: kota, kelurahan: kecamatan}
cadence: triwulan
inputs:
  aduan: {kind: count, level: [kecamatan, kelurahan], period: triwulan, assumption: t}
  aduan_target: {kind: count, level: [kecamatan, kelurahan], period: triwulan, assumption: t}
  taman: {kind: count, level: kelurahan, period: triwulan, assumption: t}
  taman_target: {kind: count, level: kelurahan, period: triwulan, assumption: t}
indicators:
  aduan:
    name: Aduan selesai
    level: kelurahan
    realisasi: aduan
    target: {formula: aduan_target, assumption: test}
    assumption: test
  taman:
    name: Taman
    level: kelurahan
    realisasi: taman
    target: {formula: taman_target, assumption: test}
    assumption: test
  aduan_kec:
    name: Aduan selesai kecamatan
    level: kecamatan
    realisasi: aduan
    target: {formula: aduan_target, assumption: test}
    assumption: test
selection:
  indicators: [aduan, taman]
  source: "000:112"
"""

UNITS = """\
unit,name,level,parent
KOTA,Kota,kota,
KEC1,Kecamatan Satu,kecamatan,KOTA
KEL1,Kelurahan Satu,kelurahan,KEC1
KEL2,Kelurahan Dua,kelurahan,KEC1
"""

# KEL1 chose both (targets in TW1); KEL2 chose aduan only (no taman target in any quarter) but
# still writes one taman value; KEC1 has its own aduan (read outside the selection).
DATA = """\
unit,period,aduan,aduan_target,taman,taman_target
KEL1,2016-TW1,3,4,5,6
KEL1,2016-TW2,,4,,6
KEL2,2016-TW1,2,4,7,
KEL2,2016-TW2,,4,,
KEC1,2016-TW1,9,10,,
"""


def _folder(tmp_path: Path, ruleset: str = RULESET) -> tuple[Path, Path]:
    (tmp_path / "r.yaml").write_text(ruleset, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.csv").write_text(UNITS, encoding="utf-8")
    (data / "realisasi.csv").write_text(DATA, encoding="utf-8")
    return tmp_path / "r.yaml", data


def test_an_indicator_not_chosen_is_na_not_chosen_and_not_expected(tmp_path: Path) -> None:
    path, data = _folder(tmp_path)
    rs = load_ruleset(path)
    dataset = read_data([data])
    bound = bind(rs, dataset)
    result = score(rs, dataset)
    rows = {(r.unit, r.indicator, r.period): r for r in result.indicators}
    taman = rows[("KEL2", "taman", "TW1")]
    assert taman.capaian.kind is NaKind.NOT_CHOSEN
    assert taman.capaian.reason == "taman not chosen by the unit: no target for 2016"
    # KEL1 chose taman: its TW2 gap stays a gap of data
    assert rows[("KEL1", "taman", "TW2")].capaian.kind is NaKind.NO_DATA
    # KEL2 chose aduan: scored, 2 / 4 × 100
    assert rows[("KEL2", "aduan", "TW1")].capaian.value == 50.0

    found = {c.input: c for c in completeness(rs, bound).inputs}
    # taman at kelurahan, TW1-TW4 (4 cells): KEL1 only, since KEL2 did not choose it → 4 expected,
    # 1 given (TW1); taman_target: KEL1's TW1 and TW2
    assert (found["taman"].expected, found["taman"].given) == (4, 1)
    assert (found["taman_target"].expected, found["taman_target"].given) == (4, 2)
    # aduan: both kelurahan chose it, and KEC1 reads it outside the selection → 3 units × 4
    assert (found["aduan"].expected, found["aduan"].given) == (12, 3)


def test_values_given_for_an_indicator_not_chosen_are_named(tmp_path: Path) -> None:
    path, data = _folder(tmp_path)
    rs = load_ruleset(path)
    found = completeness(rs, bind(rs, read_data([data])))
    assert found.unchosen == (
        "taman: not chosen by 1 unit (KEL2), no target for the year; "
        "its values are not expected of it",
        "taman: 1 unit gives values but no target of taman (KEL2); "
        "not chosen, so they are not scored",
    )
    assert found.unchosen_indicators == 1
    assert "  taman: not chosen by 1 unit (KEL2)" in "\n".join(found.summary())


def test_evaluate_says_so_in_one_line_in_indonesian(tmp_path: Path) -> None:
    path, data = _folder(tmp_path)
    out = CliRunner().invoke(cli.main, ["--lang", "id", "evaluate", str(path), str(data)])
    assert out.exit_code == 0, out.output
    assert "1 indikator tidak dipilih oleh sebagian unit" in out.output
    assert "indikator tidak dipilih oleh unit" in out.output  # the N/A kind in the summary


@pytest.mark.parametrize(
    ("listed", "message", "hint"),
    [
        ("[aduan, tamann]", "unknown indicator 'tamann'", "did you mean 'taman'?"),
        ("[aduan, konstan]", "indicator 'konstan' has no target read from the data", "{formula:"),
    ],
)
def test_a_selection_that_no_data_could_show_is_a_located_error(
    tmp_path: Path, listed: str, message: str, hint: str
) -> None:
    text = RULESET.replace("indicators: [aduan, taman]", f"indicators: {listed}")
    text = text.replace(
        "selection:",
        "  konstan:\n    name: Konstan\n    level: kelurahan\n    realisasi: taman\n"
        "    target: {tahunan: 5, assumption: test}\n    assumption: test\nselection:",
    )
    path, _data = _folder(tmp_path, text)
    with pytest.raises(PerkinErrors) as caught:
        load_ruleset(path)
    (err,) = [e for e in caught.value.errors if e.code == "R100"]
    assert err.message == message
    assert hint in (err.hint or "")
    assert err.location.file is not None and err.location.file.endswith("r.yaml")
    assert err.location.line == text.splitlines().index("selection:") + 2


def test_the_2016_example_counts_only_chosen_variables() -> None:
    """examples/2016: kjp has a target (kjp_target) only for tanah_tinggi in target.csv, so kjp is
    expected of that kelurahan alone: 12 months; before `selection:` 144 (12 kelurahan)."""
    rs = load_ruleset(ROOT / "rulesets" / "2016")
    dataset = read_data([ROOT / "examples" / "2016"])
    found = {c.input: c for c in completeness(rs, bind(rs, dataset)).inputs}
    assert found["kjp"].expected == 12
    expected = found["kjp"].state != -1  # NO_CELL: not expected of the unit
    assert [u for u, row in zip(found["kjp"].units, expected, strict=True) if row.any()] == [
        "tanah_tinggi"
    ]
    assert found["pbb"].expected == 144  # the tax office sets every kelurahan's target: not chosen
