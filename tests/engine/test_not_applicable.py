"""A part that does not apply is N/A with its reason in every format, never a blank: the target
of an indicator that declares none, and its capaian when it has no capaian formula of its own,
say "<id> has no target" (what explain says), of kind no_target, and are counted under that kind,
not as missing data (the 2022 Tim Penilai scorecard scores realisasi alone)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import cli
from dsl.i18n import set_language
from dsl.values import NaKind
from engine.data.read import read_data
from engine.render import render
from engine.render.counts import counts
from engine.render.tabular import indicator_rows
from engine.ruleset.loader import load_ruleset
from engine.scoring.score import score

ROOT = Path(__file__).parents[2]
INDICATORS_2022 = (
    "pelayanan_publik", "koordinasi", "inovasi", "kompetensi_sdm", "pengelolaan_anggaran",
    "data_pendukung",
)  # fmt: skip

# mutu: no target, no capaian formula; skor: no target, a capaian formula of its own;
# layanan: a target for the year, none declared for TW1 (NA)
RULESET: dict[str, Any] = {
    "id": "tanpa_target", "title": "Tanpa target", "year": 2024,
    "inputs": {"nilai": {"kind": "number", "assumption": "t"}},
    "indicators": {
        "mutu": {"name": "Mutu", "realisasi": "nilai", "assumption": "t"},
        "skor": {"name": "Skor", "realisasi": "nilai", "capaian": "realisasi / 50 * 100",
                 "assumption": "t"},
        "layanan": {"name": "Layanan", "realisasi": "nilai * 2",
                    "target": {"tahunan": 100, "assumption": "t"}, "assumption": "t"},
    },
}  # fmt: skip
DATA = {
    "units": [{"id": "a", "name": "Unit A"}, {"id": "b", "name": "Unit B"}],
    "values": [
        {"unit": "a", "period": "tahunan", "variable": "nilai", "value": 40},
        {"unit": "b", "period": "tahunan", "variable": "nilai", "value": 45.5},
    ],
}


def run(*args: str) -> Any:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


@pytest.fixture
def hand_made(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(RULESET))
    (tmp_path / "d.yaml").write_text(yaml.safe_dump(DATA))
    return tmp_path / "r.yaml", tmp_path / "d.yaml"


def test_2022_csv_json_parquet_state_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ["evaluate", "rulesets/2022", "examples/2022"]
    for lang, says in (("en", "{} has no target"), ("id", "{} tidak memiliki target")):
        text = run("--lang", lang, *args, "--format", "csv").stdout
        rows = [r for r in csv.DictReader(io.StringIO(text)) if r["jenis"] == "indikator"]
        assert len(rows) == 3 * 72
        for r in rows:
            if r["part"] == "realisasi":
                assert (r["rounded"] != "", r["na"], r["na_kind"]) == (True, "", ""), r
            else:
                assert (r["value"], r["rounded"], r["decimals"]) == ("", "", "2"), r
                assert (r["na"], r["na_kind"]) == (says.format(r["name"]), "no_target"), r
        doc = json.loads(run("--lang", lang, *args, "--format", "json").stdout)
        for row in doc["indicators"]:
            for part in ("target", "capaian"):
                assert row[part] == {
                    "value": None, "rounded": None,
                    "na": says.format(row["indicator"]), "na_kind": "no_target",
                }  # fmt: skip
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra is not installed")
    out = tmp_path / "hasil.parquet"
    assert run("--lang", "id", *args, "-o", str(out)).exit_code == 0
    table = pq.read_table(out).to_pylist()
    capaian = [r for r in table if r["jenis"] == "indikator" and r["part"] == "capaian"]
    assert {r["name"] for r in capaian} == set(INDICATORS_2022)
    for r in capaian:
        assert (r["value"], r["rounded"], r["decimals"]) == (None, None, 2)
        assert (r["na"], r["na_kind"]) == (f"{r['name']} tidak memiliki target", "no_target")


def test_explain_and_show_give_the_same_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ["evaluate", "rulesets/2022", "examples/2022", "--format", "csv"]
    rows = csv.DictReader(io.StringIO(run("--lang", "en", *args).stdout))
    reason = next(r["na"] for r in rows if r["name"] == "koordinasi" and r["part"] == "capaian")
    explain = run(
        "--lang", "en", "explain", "rulesets/2022", "examples/2022",
        "--unit", "jatiasih", "--indicator", "koordinasi",
    ).stdout  # fmt: skip
    assert f"target = N/A ({reason})" in explain
    assert f"= N/A ({reason})" in explain.split("capaian =", 1)[1]


def test_a_hand_made_ruleset_without_targets(hand_made: tuple[Path, Path]) -> None:
    ruleset, data = hand_made
    result = score(load_ruleset(ruleset), read_data([data]))
    rows = {(r.unit, r.indicator): r for r in result.indicators if r.period == "tahunan"}
    mutu, skor, layanan = rows["a", "mutu"], rows["a", "skor"], rows["a", "layanan"]
    assert (mutu.target.reason, mutu.target.kind) == ("mutu has no target", NaKind.NO_TARGET)
    assert (mutu.capaian.reason, mutu.capaian.kind) == ("mutu has no target", NaKind.NO_TARGET)
    assert mutu.realisasi.value == 40
    assert (skor.target.reason, skor.target.kind) == ("skor has no target", NaKind.NO_TARGET)
    assert (skor.capaian.value, skor.capaian.reason) == (80.0, None)  # 40 / 50 × 100
    assert (layanan.target.value, layanan.capaian.value) == (100.0, 80.0)  # 40 × 2 / 100 × 100
    # as many rows read one by one as read in order (row(i) and iteration give the same)
    assert [result.indicators[i] for i in range(len(result.indicators))] == list(result.indicators)
    c = counts(result)
    # mutu at 2 units: target and capaian; skor at 2 units: target
    assert (c.capaian_na, c.capaian_no_target) == (0, 2)
    assert c.na_by_kind == {NaKind.NO_TARGET: 6}
    assert not [d for d in result.diagnostics if d.code == "N001"], "no gap to note"


def test_every_format_of_the_hand_made_ruleset(hand_made: tuple[Path, Path]) -> None:
    ruleset, data = hand_made
    result = score(load_ruleset(ruleset), read_data([data]))
    rows = list(csv.DictReader(io.StringIO(str(render(result, "csv")))))
    target = [r for r in rows if r["name"] in ("mutu", "skor") and r["part"] == "target"]
    assert [(r["na"], r["na_kind"]) for r in target] == [
        ("mutu has no target", "no_target"),
        ("mutu has no target", "no_target"),
        ("skor has no target", "no_target"),
        ("skor has no target", "no_target"),
    ]
    detail = [row for row in indicator_rows(result) if row[1] == "mutu"]
    assert [row[3:] for row in detail] == [
        ("N/A", "40.00", "N/A", "", "N/A: mutu has no target"),
        ("N/A", "45.50", "N/A", "", "N/A: mutu has no target"),
    ]
    html = str(render(result, "html"))
    assert "Target, Capaian N/A: mutu has no target" in html
    assert "Target N/A: skor has no target" in html


def test_the_summary_line_tells_no_target_from_missing_data(
    hand_made: tuple[Path, Path],
) -> None:
    ruleset, data = hand_made
    english = run("--lang", "en", "evaluate", str(ruleset), str(data), "--format", "json")
    assert "2 units, 6 indicator rows, 0 capaian N/A, 2 capaian without target\n" in english.stderr
    indonesian = run("--lang", "id", "evaluate", str(ruleset), str(data), "--format", "json")
    line = "2 unit, 6 baris indikator, 0 capaian N/A, 2 capaian tanpa target\n"
    assert line in indonesian.stderr


def test_the_detail_notes_give_each_reason_once(tmp_path: Path) -> None:
    """target N/A for want of a target, realisasi and capaian for want of data: both reasons,
    each once, in both languages."""
    spec = json.loads(json.dumps(RULESET))
    spec["cadence"] = "triwulan"
    spec["inputs"]["nilai"] |= {"period": "triwulan", "combine": "last"}
    spec["indicators"] = {
        "layanan": {"name": "Layanan", "realisasi": "nilai", "combine": "last",
                    "target": {"TW1": "NA", "TW2": 50, "TW3": 50, "TW4": 50, "tahunan": 50,
                               "assumption": "t"}, "assumption": "t"},
    }  # fmt: skip
    values = [{"unit": "a", "period": "TW4", "variable": "nilai", "value": 45}]
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(spec))
    (tmp_path / "d.yaml").write_text(yaml.safe_dump({"units": DATA["units"][:1], "values": values}))
    rs, dataset = load_ruleset(tmp_path / "r.yaml"), read_data([tmp_path / "d.yaml"])
    expected = {
        "en": "N/A: target: target is N/A in TW1; realisasi, capaian: no data for nilai in TW1",
        "id": "N/A: target: target N/A pada TW1; realisasi, capaian: tidak ada data untuk nilai "
        "pada TW1",
    }
    for lang, note in expected.items():
        set_language(lang)
        result = score(rs, dataset)
        tw1 = next(row for row in indicator_rows(result) if row[2] == "TW1")
        assert tw1[3:] == ("N/A", "N/A", "N/A", "", note)
        tw2 = next(row for row in indicator_rows(result) if row[2] == "TW2")
        assert tw2[7] == "N/A: " + note.split("capaian: ")[1].replace("TW1", "TW2")
