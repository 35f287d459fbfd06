"""A header row repeated below the data (two exports pasted into one file, trust sweep): one
located error at that line (D304), not "unknown unit 'unit'" once per cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
WIDE = "unit,aduan@TW1,ikm@TW1\nKEL1,5,80\n{header}\nKEL2,6,81\n"
LONG = "unit,period,variable,value\nKEL1,2024-TW1,aduan,5\n{header}\nKEL2,2024-TW1,aduan,6\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("text", [WIDE, LONG], ids=["wide", "long"])
def test_a_repeated_header_is_one_located_error(tmp_path: Path, text: str, newline: str) -> None:
    header = text.split("\n", 1)[0]
    path = tmp_path / "data.csv"
    path.write_bytes(text.format(header=header).replace("\n", newline).encode("utf-8"))
    result = run(["validate", "--ruleset", str(BASE), str(BASE / "units.csv"), str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("error[") == 1, result.stderr
    assert (
        f"{path}:3:1: error[D304]: line 3 repeats the header row: two tables pasted into one file?"
    ) in result.stderr


def test_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(WIDE.format(header="unit,aduan@TW1,ikm@TW1"), encoding="utf-8")
    args = ["--lang", "id", "validate", "--ruleset", str(BASE), str(BASE / "units.csv")]
    result = run([*args, str(path)])
    assert f"{path}:3:1: galat[D304]: baris 3 mengulang baris judul kolom" in result.stderr


def test_a_header_word_in_a_data_row_is_no_repeat(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("unit,aduan@TW1\nKEL1,5\nKEL2,6\n", encoding="utf-8")
    result = run(["validate", "--ruleset", str(BASE), str(BASE / "units.csv"), str(path)])
    assert result.exit_code == 0, result.stderr
