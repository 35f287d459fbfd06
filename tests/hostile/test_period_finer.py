"""A value for a period shorter than its input's (trust sweep, third round): an input reported per
triwulan is read at its triwulan or, combined, at a longer period, never at a month, so a value
written for March (`2024-03`, `B03`, `Maret`) was bound and then never read: TW1 said "no data"
while the office had given a number. Likewise a quarter's value for a yearly input. Such a value
is now an error at its cell that names the input's period."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
KINDS = Path(__file__).parent / "kinds"


def _evaluate(ruleset: Path, units: Path, data: Path, *lang: str) -> tuple[int, str, str]:
    args = [*lang, "evaluate", str(ruleset), str(units), str(data), "--format", "csv"]
    result = run([*args, "--quiet"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("period", ["2024-03", "B03", "Maret", "03/2024"])
def test_a_month_for_an_input_reported_per_triwulan_is_located(tmp_path: Path, period: str) -> None:
    data = tmp_path / "data.csv"
    data.write_text(f"unit,period,variable,value\nKEL1,TW1,ikm,80\nKEL1,{period},aduan,5\n")
    code, stdout, stderr = _evaluate(BASE, BASE / "units.csv", data)
    assert (code, stdout) == (1, ""), stderr
    assert "Traceback" not in stderr
    assert (
        "data.csv:3:4: error[D342]: 'aduan' is reported per triwulan (period: triwulan), so "
        "its value for B03 would never be read"
    ) in stderr
    assert "hint: give the value of the triwulan, or declare aduan with period: bulan" in stderr


def test_a_month_in_a_wide_column_is_located(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("unit,aduan@TW1,aduan@B02\nKEL1,5,6\nKEL2,7,8\n")
    code, _stdout, stderr = _evaluate(BASE, BASE / "units.csv", data)
    assert code == 1, stderr
    assert "data.csv:2:3: error[D342]: 'aduan' is reported per triwulan" in stderr
    assert "data.csv:3:3: error[D342]" in stderr


def test_a_quarter_for_a_yearly_input_is_located(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("unit,period,variable,value\nKEL1,TW2,skor,81\nKEL1,2024,serapan,50\n")
    code, _stdout, stderr = _evaluate(KINDS / "ruleset.yaml", KINDS / "units.csv", data)
    assert code == 1, stderr
    assert (
        "data.csv:2:4: error[D342]: 'skor' is reported per tahunan (period: tahunan), so its "
        "value for TW2 would never be read"
    ) in stderr


def test_a_value_for_the_input_period_or_a_longer_one_is_read(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("unit,period,variable,value\nKEL1,TW1,aduan,5\nKEL1,2024,aduan,50\n")
    code, stdout, stderr = _evaluate(BASE, BASE / "units.csv", data)
    assert code == 0, stderr
    assert "indikator,KEL1,aduan_selesai,TW1,realisasi,5.0," in stdout
    assert "indikator,KEL1,aduan_selesai,tahunan,realisasi,50.0," in stdout


def test_a_month_for_a_quarterly_input_is_said_in_indonesian(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("unit,period,variable,value\nKEL1,2024-03,aduan,5\n")
    code, _stdout, stderr = _evaluate(BASE, BASE / "units.csv", data, "--lang", "id")
    assert code == 1
    assert "data.csv:2:4: galat[D342]: 'aduan' dilaporkan per triwulan (period: triwulan)" in stderr


def test_a_month_is_read_when_an_indicator_is_reported_per_bulan(tmp_path: Path) -> None:
    monthly = (
        "  aduan_bulanan:\n    name: Aduan per bulan\n    level: kelurahan\n    cadence: bulan\n"
        "    realisasi: aduan\n    target: {formula: '5', assumption: test}\n"
        "    assumption: test\n"
    )
    ruleset = tmp_path / "ruleset.yaml"
    text = (BASE / "ruleset.yaml").read_text(encoding="utf-8")
    ruleset.write_text(text.replace("indicators:\n", "indicators:\n" + monthly, 1), "utf-8")
    data = tmp_path / "data.csv"
    data.write_text("unit,period,variable,value\nKEL1,B03,aduan,4\nKEL1,TW1,aduan,9\n")
    code, stdout, stderr = _evaluate(ruleset, BASE / "units.csv", data)
    assert code == 0, stderr
    assert "indikator,KEL1,aduan_bulanan,B03,realisasi,4.0," in stdout
    assert "indikator,KEL1,aduan_selesai,TW1,realisasi,9.0," in stdout
