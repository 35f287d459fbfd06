"""The audit sees earlier-year cells: the values a history file gives PREV and HISTORY are
printed input cells, with their file and line, that an alternative can correct.

The case is the replay of the earlier years of the LKIP 2024 (tests/replay/2024_riwayat.yaml)
with the capaian of pengaduan masyarakat 2021 printed 99.89 instead of 99.99 wherever it is
printed. Expected values are worked by hand from examples/2024/riwayat/riwayat_2018_2023.csv,
whose rows give the 2021 target 100 and realisasi 99.99 (the lines are looked up in the file,
which another change may reorder).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from dsl.errors import Location
from engine.history.audit import Audit, audit_file
from engine.history.cases import load_case
from engine.history.conflicts import Conflict
from engine.history.derivations import Deriver, Part
from engine.history.diagnosis import Correction
from engine.history.earlier_cells import (
    earlier_label,
    earlier_of,
    file_cells,
    history_key,
    with_values,
)
from engine.history.network import Network, build_network
from engine.history.replay import Recomputation
from engine.periods import KINDS, WHOLE_YEAR
from engine.scoring.history_values import Earlier, History

ROOT = Path(__file__).resolve().parents[2]
RIWAYAT = ROOT / "tests" / "replay" / "2024_riwayat.yaml"
HISTORY_FILE = "examples/2024/riwayat/riwayat_2018_2023.csv"
FIGURE = "capaian_pengaduan_masyarakat_2021"
UNIT = "jakarta_pusat"
REALISASI_2021 = (UNIT, "pengaduan_masyarakat.realisasi", None, "2021")
TARGET_2021 = (UNIT, "pengaduan_masyarakat.target", None, "2021")


def csv_line(row: str) -> int:
    """The line of the history file that holds a row (unit;period;name;value;)."""
    lines = (ROOT / HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if line.startswith(row)]
    assert len(found) == 1, f"{row} is on {len(found)} lines of {HISTORY_FILE}"
    return found[0]


REALISASI_LINE = csv_line("jakarta_pusat;2021;pengaduan_masyarakat.realisasi;99.99;")
TARGET_LINE = csv_line("jakarta_pusat;2021;pengaduan_masyarakat.target;100;")
# a cell is named with its place and the row's keterangan, where the report printed it
REALISASI_AT = f'{ROOT}/{HISTORY_FILE}:{REALISASI_LINE}; Tabel 62, 003:2806 (printed "99.99%")'
TARGET_AT = f'{ROOT}/{HISTORY_FILE}:{TARGET_LINE}; Tabel 62, 003:2806 (printed "100%")'


def slipped_case(tmp_path: Path) -> Path:
    """The replay with every printing of the 2021 capaian (99.99) printed 99.89."""
    text = RIWAYAT.read_text(encoding="utf-8").replace("../../", str(ROOT) + "/")
    for printed in ('"99.99', '"99,99'):
        text = text.replace(f"{FIGURE}, printed: {printed}", f"{FIGURE}, printed: {printed[:4]}89")
    assert text.count(f'{FIGURE}, printed: "99.89') == 3
    assert text.count(f'{FIGURE}, printed: "99,89%') == 1
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    return case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return slipped_case(tmp_path_factory.mktemp("slip"))


@pytest.fixture(scope="module")
def audit(case: Path) -> Audit:
    return audit_file(case)


def conflict_of(audit: Audit) -> Conflict:
    """The one conflict of the slipped figure."""
    found = [c for c in audit.conflicts if any(ch.pub.name == FIGURE for ch in c.checks)]
    assert len(found) == 1
    return found[0]


def test_the_slipped_figure_and_each_history_cell_are_alternatives(audit: Audit) -> None:
    conflict = conflict_of(audit)
    singles = [d.fixes[0] for d in conflict.alternatives if len(d.fixes) == 1]
    by_cell = {f.cell.pubs[0].name if f.cell.pubs else f.cell.key: f for f in singles}
    assert set(by_cell) == {FIGURE, REALISASI_2021, TARGET_2021}
    # the figure itself: 99.99 / 100 × 100 = 99.99, printed 99.89 (one digit changed)
    figure = by_cell[FIGURE]
    assert figure.value == pytest.approx(99.99) and figure.kind is Correction.DIGIT_SLIP
    # the realisasi r: r / 100 × 100 prints 99.89 for r in [99.885, 99.895); 99.89 is one digit
    # away from the printed 99.99
    realisasi = by_cell[REALISASI_2021]
    assert realisasi.value == pytest.approx(99.89) and realisasi.kind is Correction.DIGIT_SLIP
    assert realisasi.low == pytest.approx(99.885) and realisasi.high == pytest.approx(99.895)
    # the target t: 99.99 / t × 100 prints 99.89 for t in (99.99 / 0.99895, 99.99 / 0.99885] =
    # (100.09510, 100.10512]; 100.1 gives 99.99 / 100.1 × 100 = 99.8901
    target = by_cell[TARGET_2021]
    assert target.value == pytest.approx(100.1) and target.kind is Correction.ARBITRARY
    assert target.low == pytest.approx(100.09510, abs=1e-4)
    assert target.high == pytest.approx(100.10512, abs=1e-4)
    assert conflict.alternatives[0].fixes[0].cell.pubs, "the printed figure is ranked first"


def test_a_history_cell_is_named_by_its_file_and_line(audit: Audit) -> None:
    text = "\n".join(audit.lines())
    assert (
        f"pengaduan_masyarakat.realisasi of jakarta_pusat in 2021 ({REALISASI_AT})"
        " printed 99.99 would be 99.89 (any value from 99.885 to 99.895; digit slip)"
    ) in text
    assert (
        f"pengaduan_masyarakat.target of jakarta_pusat in 2021 ({TARGET_AT})"
        " printed 100 would be 100.1 (any value from 100.0951 to 100.1051; unexplained change)"
    ) in text


def test_the_arithmetic_names_the_earlier_years_read(audit: Audit) -> None:
    finding = next(f for f in audit.findings if f.check.pub.name == FIGURE)
    assert finding.arithmetic == (
        "HISTORY(pengaduan_masyarakat.realisasi, 2021) / HISTORY(pengaduan_masyarakat.target, 2021)"
        " * 100 with pengaduan_masyarakat.realisasi in 2021 = 99.99,"
        " pengaduan_masyarakat.target in 2021 = 100 → 99.99"
    )


def test_history_cells_in_indonesian(case: Path) -> None:
    """With --lang id the cell, the value it would need and the earlier years read are said in
    Indonesian, with the decimal comma."""
    res = CliRunner().invoke(cli.main, ["--lang", "id", "audit", str(case)])
    assert res.exit_code == 0, res.output
    assert (
        f"pengaduan_masyarakat.realisasi untuk jakarta_pusat pada 2021 ({REALISASI_AT})"
        " tercetak 99,99 seharusnya 99,89 (nilai berapa pun dari 99,885 sampai 99,895;"
        " salah ketik satu digit)"
    ) in res.output
    assert (
        "* 100 dengan pengaduan_masyarakat.realisasi tahun 2021 = 99,99;"
        " pengaduan_masyarakat.target tahun 2021 = 100 → 99,99"
    ) in res.output


@pytest.fixture(scope="module")
def network() -> Network:
    case = load_case(RIWAYAT)
    rec = Recomputation.of(case)
    return build_network(case, rec, [rec.check(p) for p in case.published])


@pytest.mark.parametrize(
    "label", [p.engine_label for kind in KINDS for p in WHOLE_YEAR.subperiods(kind)]
)
def test_every_period_label_of_this_year_differs_from_an_earlier_years(label: str) -> None:
    assert earlier_of(label) is None
    assert earlier_of(earlier_label(label, 2021)) == (2021, label)


def test_earlier_years_are_filed_apart_from_this_year(network: Network) -> None:
    derive: Deriver = network.derive
    this_year = Part("pengaduan_masyarakat.realisasi", UNIT, "tahunan", None)
    earlier = Part("pengaduan_masyarakat.realisasi", UNIT, "tahunan", None, 2021)
    assert derive.key(earlier) == REALISASI_2021
    assert derive.key(this_year)[3] == "tahunan"
    assert history_key(REALISASI_2021) == (UNIT, "pengaduan_masyarakat.realisasi", 2021, "tahunan")
    assert history_key(derive.key(this_year)) is None
    cell = network.inputs[REALISASI_2021]
    assert cell.number == 99.99 and cell.decimals == 2
    assert cell.name(UNIT).endswith(f"in 2021 ({REALISASI_AT})")


def test_prev_reads_the_year_before_as_parts(network: Network) -> None:
    """capaian_pengaduan_masyarakat_2023 = PREV(realisasi) / PREV(target) * 100 in 2024."""
    pub = next(p for p in network.case.published if p.name == "capaian_pengaduan_masyarakat_2023")
    (derivation,) = network.derive.derivations(pub)
    assert [(p.node, p.year) for p in derivation.parts] == [
        ("pengaduan_masyarakat.realisasi", 2023),
        ("pengaduan_masyarakat.target", 2023),
    ]
    relation = next(r for r in network.relations if r.output.pubs[0] is pub)
    assert {c.key[3] for c in relation.leaves} == {"2023"}


def test_a_seeded_evaluator_reads_a_corrected_history_cell(network: Network) -> None:
    pub = next(p for p in network.case.published if p.name == FIGURE)
    ev = network.seeded({REALISASI_2021: 99.5})
    assert network.rec.recompute(pub, ev).value == pytest.approx(99.5)  # 99.5 / 100 × 100
    assert network.rec.recompute(pub).value == pytest.approx(99.99)  # the engine's own is kept
    before = network.rec.history.get(UNIT, "pengaduan_masyarakat.realisasi", 2021, "tahunan")
    assert before is not None and before.value == 99.99


def test_a_results_store_value_is_no_printed_cell() -> None:
    stored = Earlier(97.0, "perkin.db: pk 2023 (ruleset sha256 …)")
    assert list(file_cells(History({(UNIT, "x", 2023, "tahunan"): stored}))) == []
    cell = Earlier(98.5, "riwayat.csv:2:4", location=Location("riwayat.csv", 2, 4), text="98.50")
    history = History({(UNIT, "y", 2023, "TW2"): cell})
    assert list(file_cells(history)) == [((UNIT, "y", None, "2023-TW2"), cell)]
    changed = with_values(history, {(UNIT, "y", 2023, "TW2"): 97.25})
    assert changed.get(UNIT, "y", 2023, "TW2") == Earlier(
        97.25, "riwayat.csv:2:4", location=Location("riwayat.csv", 2, 4), text="98.50"
    )
    assert history.get(UNIT, "y", 2023, "TW2") is cell


GROWTH_RULESET = """\
perkin: 1
id: pk_tumbuh
title: Growth over the year before, audited
year: 2024
levels: {kota: null}
cadence: tahunan
rounding: {decimals: 2, mode: half_up}
history: {file: riwayat/riwayat.csv}
inputs:
  ikm: {kind: number, level: kota, assumption: test}
indicators:
  layanan:
    name: Layanan
    level: kota
    realisasi: ikm
    target: {tahunan: 80, assumption: test}
    assumption: test
figures:
  tumbuh: {level: kota, formula: GROWTH(ikm), assumption: test}
  arah: {level: kota, formula: "TREND(ikm, 3)", assumption: test}
  kini: {level: kota, formula: "HISTORY(ikm, 2024)", assumption: test}
  nanti: {level: kota, formula: "HISTORY(ikm, 2025)", assumption: test}
"""
GROWTH_CASE = """\
ruleset: ruleset.yaml
data: data
period: "2024"
defaults: {unit: kota}
published:
  - {figure: tumbuh, printed: "12.00", source: "900:1"}
"""


def test_a_growth_is_solved_for_the_year_before_and_this_year(tmp_path: Path) -> None:
    """GROWTH(ikm) = (88 - 80) / 80 × 100 = 10.00, printed 12.00. This year's ikm x prints it
    for (x - 80) / 80 × 100 in [11.995, 12.005): x in [89.596, 89.604). Last year's p for
    (88 - p) / p × 100 in that range: 88 / p in [1.11995, 1.12005), p in (78.5679, 78.5749];
    p is in a denominator, so the answer of the first straight line is solved again."""
    (tmp_path / "ruleset.yaml").write_text(GROWTH_RULESET, encoding="utf-8")
    (tmp_path / "data" / "riwayat").mkdir(parents=True)
    (tmp_path / "data" / "ikm.csv").write_text(
        "unit,level,parent,period,ikm\nkota,kota,,2024,88\n", encoding="utf-8"
    )
    (tmp_path / "data" / "riwayat" / "riwayat.csv").write_text(
        "unit;period;name;value;keterangan\nkota;2023;ikm;80;LKIP 2023\n"
        "kota;2022;ikm;75;LKIP 2022\n",
        encoding="utf-8",
    )
    (tmp_path / "case.yaml").write_text(GROWTH_CASE, encoding="utf-8")
    found = audit_file(tmp_path / "case.yaml")
    (conflict,) = found.conflicts
    fixes = {
        d.fixes[0].cell.key[3]: d.fixes[0]
        for d in conflict.alternatives
        if d.fixes[0].cell.is_input
    }
    assert set(fixes) == {"tahunan", "2023"}
    this_year, last_year = fixes["tahunan"], fixes["2023"]
    assert this_year.value == pytest.approx(89.6)
    assert (this_year.low, this_year.high) == (pytest.approx(89.596), pytest.approx(89.604))
    assert last_year.value == pytest.approx(78.57)
    assert last_year.low == pytest.approx(78.56792, abs=1e-4)
    assert last_year.high == pytest.approx(78.57494, abs=1e-4)
    assert f"ikm of kota in 2023 ({tmp_path}/data/riwayat/riwayat.csv:2; LKIP 2023)" in "\n".join(
        found.lines()
    )
    case = load_case(tmp_path / "case.yaml")
    rec = Recomputation.of(case)
    derive = Deriver(rec)
    arah = derive.derivations(Part("arah", "kota", "tahunan", None))
    assert [(p.node, p.year) for p in arah[0].parts] == [
        ("ikm", None),
        ("ikm", 2022),
        ("ikm", 2023),
    ]
    # the year scored itself is this year's value; a later year is N/A and no part
    kini = derive.derivations(Part("kini", "kota", "tahunan", None))
    assert [(p.node, p.year) for p in kini[0].parts] == [("ikm", None)]
    assert derive.derivations(Part("nanti", "kota", "tahunan", None)) == []
