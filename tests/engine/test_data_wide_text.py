"""Text inputs in wide files (issue 12): read and scored, never an internal error.

A wide file has no period column, so its values are stored for every period ('*'); a text value
stored so was an internal error (ValueError: could not convert string to float) as soon as a
formula used it. A text cell under a number input is a located error, as in long files.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

import cli

RULESET = """\
perkin: 1
id: wide_text
title: Wide text
year: 2024
levels: {kota: null, opd: kota}
cadence: tahunan
inputs:
  jawab: {kind: text, level: opd, assumption: test}
  skor: {kind: number, level: opd, assumption: test}
indicators:
  skor:
    name: Skor
    level: opd
    realisasi: skor + IF(jawab = "A", 1, 0)
    target: {tahunan: 80, assumption: test}
    assumption: test
"""
ROWS = [["unit", "level", "jawab", "skor"], ["OPD1", "opd", "A", "80"], ["OPD2", "opd", "B", "70"]]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def write_data(folder: Path, suffix: str, rows: list[list[str]]) -> Path:
    path = folder / f"data{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", "utf-8")
        return path
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def realisasi(result: Result) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {r["unit"]: r["value"] for r in rows if r["part"] == "realisasi"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_text_input_in_a_wide_file_is_read(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "ruleset.yaml").write_text(RULESET, "utf-8")
    data = write_data(tmp_path, suffix, ROWS)
    result = run("evaluate", str(tmp_path / "ruleset.yaml"), str(data), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert realisasi(result) == {"OPD1": "81.0", "OPD2": "70.0"}  # 80 + 1 for "A", 70 + 0


@pytest.mark.parametrize(("suffix", "where"), [(".csv", "data.csv:3:4"), (".xlsx", "D3")])
def test_text_under_a_number_input_is_a_located_error(
    tmp_path: Path, suffix: str, where: str
) -> None:
    (tmp_path / "ruleset.yaml").write_text(RULESET, "utf-8")
    rows = [*ROWS[:2], ["OPD2", "opd", "B", "baik"]]
    data = write_data(tmp_path, suffix, rows)
    result = run("evaluate", str(tmp_path / "ruleset.yaml"), str(data), "--format", "csv")
    assert result.exit_code == 1, result.output
    assert "error[D001]" in result.stderr and "'baik'" in result.stderr
    assert where in result.stderr
    assert "internal error" not in result.stderr
