"""Values without a period (trust sweep): for an input summed per triwulan (`aduan`, combine:
sum), a value that names no period was bound for every period at once (a column `aduan` of 5
gave 5 in each triwulan and 5 for the year: quarters summing to 20 beside a year of 5). It is
now a located error (D303). An input reported once a year, or a level whose year is its last
triwulan (`ikm`, combine: last), still takes a value without a period: the same in every
period, and its year agrees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
YEARLY = (
    "perkin: 1\nid: yearly\ntitle: Yearly\nyear: 2024\n"
    "inputs:\n  penduduk: {kind: count, period: tahunan, assumption: test}\n"
    "figures:\n  jiwa: {formula: penduduk, assumption: test}\n"
)


def validate(tmp_path: Path, text: str, *lang: str) -> tuple[int, str]:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    result = run([*lang, "validate", "--ruleset", str(BASE), str(BASE / "units.csv"), str(path)])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("unit,aduan\nKEL1,5\nKEL2,6\n", "data.csv:1:2"),  # a wide column: once, at its header
        ("unit,ikm@TW1,aduan\nKEL1,80,5\n", "data.csv:1:3"),
        ("unit,period,variable,value\nKEL1,2024-TW1,aduan,1\nKEL1,,aduan,5\n", "data.csv:3:4"),
    ],
    ids=["wide", "wide_beside_a_period", "long_empty_period"],
)
def test_a_value_without_a_period_is_located(tmp_path: Path, text: str, where: str) -> None:
    code, stderr = validate(tmp_path, text)
    assert code == 1, stderr
    assert f"{where}: error[D303]: " in stderr
    assert stderr.count("error[D303]") == 1
    assert (
        "'aduan' is summed over its triwulan periods into the year, but its value here names "
        "no period: a value for each triwulan or for the whole year?"
    ) in stderr
    assert "a column such as " in stderr


def test_an_empty_column_without_a_period_is_no_problem(tmp_path: Path) -> None:
    code, stderr = validate(tmp_path, "unit,aduan@TW1,ikm\nKEL1,5,\n")
    assert code == 0, stderr


def test_a_yearly_input_takes_a_value_without_a_period(tmp_path: Path) -> None:
    (tmp_path / "yearly.yaml").write_text(YEARLY)
    (tmp_path / "data.csv").write_text("unit,penduduk\nKEL1,1.500\n")
    result = run(
        [
            "evaluate",
            str(tmp_path / "yearly.yaml"),
            str(tmp_path / "data.csv"),
            "--quiet",
            "--format",
            "csv",
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert "\nfigur,KEL1,jiwa,tahunan,nilai,1500.0," in result.stdout


def test_a_value_without_a_period_is_said_in_indonesian(tmp_path: Path) -> None:
    code, stderr = validate(tmp_path, "unit,aduan\nKEL1,5\n", "--lang", "id")
    assert code == 1
    assert "data.csv:1:2: galat[D303]: 'aduan' dijumlahkan" in stderr


def test_a_level_without_a_period_is_the_same_in_every_period(tmp_path: Path) -> None:
    """ikm (combine: last) of 80 for every period: 80 in each triwulan and for the year."""
    code, stderr = validate(tmp_path, "unit,ikm\nKEL1,80\n")
    assert code == 0, stderr
    args = ["evaluate", str(BASE), str(BASE / "units.csv"), str(tmp_path / "data.csv")]
    result = run([*args, "--quiet", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = [r for r in result.stdout.splitlines() if r.startswith("indikator,KEL1,ikm,")]
    realisasi = {r.split(",")[3]: r.split(",")[5] for r in rows if ",realisasi," in r}
    assert realisasi == dict.fromkeys(["TW1", "TW2", "TW3", "TW4", "tahunan"], "80.0")
