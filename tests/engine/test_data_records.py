"""Tables of records inside a unit (issue 12): a survey export, one row per respondent, read
through perkin-data.yaml and aggregated per unit over the answered rows.

The expected means are worked out by hand in each test's comments, never by perkin.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

import cli
from engine.data.read import read_data
from engine.periods import parse_period

RULESET = """\
perkin: 1
id: survei
title: Survei
year: 2024
levels: {kota: null, kelurahan: kota}
cadence: tahunan
inputs:
  u1: {kind: number, min: 1, max: 4, rows: responden, level: kelurahan, assumption: test}
  u2: {kind: number, min: 1, max: 4, rows: responden, level: kelurahan, assumption: test}
  u3: {kind: number, min: 1, max: 4, rows: responden, level: kelurahan, assumption: test}
figures:
  nrr_u1: {level: kelurahan, formula: AVERAGE(u1), assumption: test}
  nrr_u2: {level: kelurahan, formula: AVERAGE(u2), assumption: test}
  nrr_u3: {level: kelurahan, formula: AVERAGE(u3), assumption: test}
  jawaban_u2: {level: kelurahan, formula: COUNT(u2), assumption: test}
indicators:
  ikm:
    name: IKM
    level: kelurahan
    realisasi: AVERAGE(nrr_u1, nrr_u2, nrr_u3) * 25
    target: {tahunan: 80, assumption: test}
    assumption: test
"""
# A survey export as it comes: capital headers, demographic columns, blanks and an N/A.
EXPORT = [
    ["unit", "responden", "U1", "U2", "U3", "umur", "jenis_kelamin"],
    ["KEL1", "R1", "4", "3", "2", "34", "L"],
    ["KEL1", "R2", "3", "", "4", "41", "P"],
    ["KEL1", "R3", "", "N/A", "3", "29", "P"],
    ["KEL1", "R4", "2", "4", "4", "55", "L"],
    ["KEL2", "R1", "1", "2", "3", "50", "L"],
    ["KEL2", "R9", "4", "4", "N/A", "23", "P"],
]
MAPPING = """\
survei.*:
  rows: responden
  rename: {U1: u1, U2: u2, U3: u3}
  ignore: [umur, jenis_kelamin]
  level: kelurahan
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def write_table(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".csv":
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", "utf-8")
    else:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    return path


def survey(
    tmp_path: Path, rows: list[list[str]], mapping: str | None, suffix: str = ".csv"
) -> Path:
    (tmp_path / "ruleset.yaml").write_text(RULESET, "utf-8")
    data = tmp_path / "data"
    data.mkdir()
    write_table(data / f"survei{suffix}", rows)
    if mapping is not None:
        (data / "perkin-data.yaml").write_text(mapping, "utf-8")
    return data


def values(result: Result) -> dict[tuple[str, str, str], float]:
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {(r["unit"], r["name"], r["part"]): float(r["value"]) for r in rows if r["value"]}


def evaluate(tmp_path: Path, data: Path) -> Result:
    ruleset = str(tmp_path / "ruleset.yaml")
    return run("evaluate", ruleset, str(data), "--detail", "--format", "csv")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_survey_means_per_unsur_over_answered_rows(tmp_path: Path, suffix: str) -> None:
    result = evaluate(tmp_path, survey(tmp_path, EXPORT, MAPPING, suffix))
    assert result.exit_code == 0, result.output
    got = values(result)
    # KEL1: u1 = (4+3+2)/3 = 3; u2 = (3+4)/2 = 3.5 (R2 blank, R3 N/A); u3 = (2+4+3+4)/4 = 3.25
    assert got[("KEL1", "nrr_u1", "nilai")] == 3.0
    assert got[("KEL1", "nrr_u2", "nilai")] == 3.5
    assert got[("KEL1", "nrr_u3", "nilai")] == 3.25
    assert got[("KEL1", "jawaban_u2", "nilai")] == 2.0
    assert got[("KEL1", "ikm", "realisasi")] == 81.25  # (3 + 3.5 + 3.25) / 3 × 25
    # KEL2: u1 = (1+4)/2 = 2.5; u2 = (2+4)/2 = 3; u3 = 3 (R9 N/A) → 8.5/3 × 25 = 70.8333…
    assert got[("KEL2", "nrr_u1", "nilai")] == 2.5
    assert got[("KEL2", "nrr_u3", "nilai")] == 3.0
    assert got[("KEL2", "ikm", "realisasi")] == pytest.approx(70.833333333, abs=1e-8)
    assert "columns umur, jenis_kelamin ignored" in result.stderr  # one notice, no error


def test_long_form_rows_give_the_same_means(tmp_path: Path) -> None:
    long = [["unit", "level", "variable", "item", "value"]]
    for unit, row, *answers in (r[:5] for r in EXPORT[1:]):
        long += [[unit, "kelurahan", f"u{n}", row, a] for n, a in enumerate(answers, 1)]
    result = evaluate(tmp_path, survey(tmp_path, long, None))
    assert result.exit_code == 0, result.output
    got = values(result)
    assert (got[("KEL1", "nrr_u2", "nilai")], got[("KEL2", "nrr_u1", "nilai")]) == (3.5, 2.5)
    assert got[("KEL1", "ikm", "realisasi")] == 81.25


def test_explain_counts_the_rows_used_and_skipped(tmp_path: Path) -> None:
    data = survey(tmp_path, EXPORT, MAPPING)
    ruleset = str(tmp_path / "ruleset.yaml")
    result = run("explain", ruleset, str(data), "--unit", "KEL1", "--indicator", "nrr_u2")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    at = lines.index("u2: 2 of 4 rows of responden used, 2 skipped (N/A)")
    assert lines[at + 1] == "R2: no value: the row leaves this column empty"
    assert lines[at + 2].startswith("R3: reported N/A at ") and "survei.csv:4:4" in lines[at + 2]
    assert not any(line.startswith("R9") for line in lines)  # KEL2's row is not KEL1's


def test_completeness_counts_only_the_rows_of_each_unit(tmp_path: Path) -> None:
    data = survey(tmp_path, EXPORT, MAPPING)
    result = run("validate", "--ruleset", str(tmp_path / "ruleset.yaml"), str(data))
    assert result.exit_code == 0, result.output
    # 6 rows × 3 columns = 18 cells; 2 blank (KEL1 R2 u2, R3 u1), 2 N/A (KEL1 R3 u2, KEL2 R9 u3)
    assert "14 of 18 values given, 2 missing, 2 reported N/A" in result.stdout
    assert "data/survei.csv: columns umur, jenis_kelamin ignored" in result.stdout


def test_a_row_key_twice_in_a_unit_is_an_error_at_the_second_row(tmp_path: Path) -> None:
    rows = [*EXPORT, ["KEL1", "R2", "1", "1", "1", "30", "L"]]
    result = evaluate(tmp_path, survey(tmp_path, rows, MAPPING))
    assert result.exit_code == 1
    assert "survei.csv:8:2: error[D040]: row 'R2' of unit 'KEL1' is given twice; first at " in (
        result.stderr
    )
    assert result.stderr.count("error[") == 1  # once for the row, not once per cell


@pytest.mark.parametrize(("suffix", "where"), [(".csv", "survei.csv:1:3"), (".xlsx", "!C1")])
def test_capital_headers_are_one_error_per_column_at_the_header(
    tmp_path: Path, suffix: str, where: str
) -> None:
    mapping = MAPPING.replace("  rename: {U1: u1, U2: u2, U3: u3}\n", "")
    result = evaluate(tmp_path, survey(tmp_path, EXPORT, mapping, suffix))
    assert result.exit_code == 1
    assert f"{where}: error[D103]: unknown variable 'U1' in the column header" in result.stderr
    assert "hint: did you mean 'u1'?" in result.stderr
    assert result.stderr.count("error[D103]") == 3  # U1, U2, U3: once each, not per cell


def test_demographic_columns_without_a_mapping_are_one_error_each(tmp_path: Path) -> None:
    rows = [[c.lower() if c.startswith("U") else c for c in r] for r in EXPORT]
    mapping = "survei.csv:\n  rows: responden\n  level: kelurahan\n"
    result = evaluate(tmp_path, survey(tmp_path, rows, mapping))
    assert result.exit_code == 1
    assert "survei.csv:1:6: error[D103]: unknown variable 'umur' in the column header" in (
        result.stderr
    )
    assert "ignore: in perkin-data.yaml" in result.stderr
    assert result.stderr.count("error[") == 2


def test_mapping_names_are_checked(tmp_path: Path) -> None:
    mapping = MAPPING.replace("umur,", "umurr,") + "lain.csv:\n  level: kota\n  tingkat: x\n"
    result = evaluate(tmp_path, survey(tmp_path, EXPORT, mapping))
    assert result.exit_code == 1
    err = result.stderr
    assert "perkin-data.yaml:4:12: error[D047]: no column 'umurr' in survei.*" in err
    assert "hint: did you mean 'umur'?" in err
    assert "perkin-data.yaml:6:1: error[D047]: 'lain.csv' matches no data file" in err
    assert "perkin-data.yaml:8:3: error[D047]: unknown key 'tingkat'" in err


def test_a_unit_without_a_level_is_an_error_at_its_row(tmp_path: Path) -> None:
    mapping = MAPPING.replace("  level: kelurahan\n", "")
    result = evaluate(tmp_path, survey(tmp_path, EXPORT, mapping))
    assert result.exit_code == 1
    assert "survei.csv:2:3: error[D111]: unit 'KEL1' has no level" in result.stderr
    assert "survei.csv:6:3: error[D111]: unit 'KEL2' has no level" in result.stderr


def test_an_empty_level_cell_is_no_level_not_an_unknown_unit(tmp_path: Path) -> None:
    rows = [
        ["unit", "level", "u1"],
        ["KEL1", "kelurahan", "3"],
        ["KEL2", "", "2"],
    ]
    (tmp_path / "ruleset.yaml").write_text(RULESET.replace("rows: responden, ", ""), "utf-8")
    data = write_table(tmp_path / "data.csv", rows)
    result = run("evaluate", str(tmp_path / "ruleset.yaml"), str(data))
    assert result.exit_code == 1
    assert "data.csv:3:1: error[D111]: unit 'KEL2' has no level" in result.stderr
    assert "D102" not in result.stderr


def test_rows_and_axis_together_are_refused(tmp_path: Path) -> None:
    text = RULESET.replace("rows: responden, level", "rows: responden, axis: x, level", 1)
    (tmp_path / "ruleset.yaml").write_text(text, "utf-8")
    result = run("validate", str(tmp_path / "ruleset.yaml"))
    assert result.exit_code == 1
    assert "ruleset.yaml:8:" in result.stderr and "rows" in result.stderr


def test_messages_in_indonesian(tmp_path: Path) -> None:
    rows = [*EXPORT, ["KEL1", "R2", "1", "1", "1", "30", "L"]]
    data = survey(tmp_path, rows, MAPPING)
    result = run("--lang", "id", "evaluate", str(tmp_path / "ruleset.yaml"), str(data))
    assert result.exit_code == 1
    assert "baris 'R2' unit 'KEL1' diberikan dua kali" in result.stderr


def test_default_period_and_level_fill_the_rows_without_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    rows = [
        ["unit", "period", "level", "u1"],
        ["KEL1", "", "", "3"],
        ["KEL2", "2024-S2", "kota", "2"],
    ]
    write_table(data / "a.csv", rows)
    (data / "perkin-data.yaml").write_text("a.csv: {period: 2024-S1, level: kelurahan}\n", "utf-8")
    dataset = read_data([data])
    periods = {r.unit: r.period for r in dataset.every_record()}
    assert periods == {"KEL1": parse_period("2024-S1"), "KEL2": parse_period("2024-S2")}
    levels = {u.id: u.level for u in dataset.units}
    assert levels == {"KEL1": "kelurahan", "KEL2": "kota"}  # a level written wins
    assert dataset.files == (str(data / "a.csv"),)  # the mapping is not read as data


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_column_renamed_to_unit_makes_the_table_readable(tmp_path: Path, suffix: str) -> None:
    write_table(tmp_path / f"a{suffix}", [["kode_kel", "u1"], ["KEL1", "3"]])
    (tmp_path / "perkin-data.yaml").write_text("a.*: {rename: {Kode_Kel: unit}}\n", "utf-8")
    (record,) = read_data([tmp_path]).every_record()
    assert (record.unit, record.variable, record.value) == ("KEL1", "u1", 3.0)
