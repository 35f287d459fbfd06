"""Excel's delimiter line (trust sweep, third round): a CSV file made for Excel may start with
`sep=;`, which tells Excel the delimiter. perkin read that line as the header and said "no unit
column in the header" at 1:1. The line now sets the delimiter, and lines keep their numbers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"


def _evaluate(path: Path) -> tuple[int, str, str]:
    args = ["evaluate", str(BASE), str(BASE / "units.csv"), str(path), "--format", "json"]
    result = run([*args, "--period", "2024-TW1", "--quiet"])
    return result.exit_code, result.stdout, result.stderr


def test_a_sep_line_sets_the_delimiter(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text('sep=;\r\nunit;period;variable;value\r\nKEL1;TW1;ikm;"80,5"\r\n')
    code, stdout, stderr = _evaluate(data)
    assert code == 0, stderr
    rows = json.loads(stdout)["indicators"]
    realisasi = {(r["unit"], r["indicator"]): r["realisasi"].get("value") for r in rows}
    assert realisasi[("KEL1", "ikm")] == 80.5


def test_lines_keep_their_numbers_after_a_sep_line(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("sep=,\nunit,period,variable,value\nKEL1,TW1,ikm,delapan\n")
    code, _stdout, stderr = _evaluate(data)
    assert code == 1
    assert "data.csv:3:4: error[D001]: expected a number, got 'delapan'" in stderr
