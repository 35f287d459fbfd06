"""A CSV file in two encodings (trust sweep, third round): a units file typed as UTF-8 and then
given a line pasted from Word in Windows-1252 was read whole as Windows-1252, so every UTF-8
character became two or three others ("Cipete ’ Utara" as "Cipete â€™ Utara") in every report,
without a word. Such a file is now refused at its first byte that is not UTF-8; a file wholly in
Windows-1252 still reads as written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
UNITS = (
    "unit,name,level,parent\n"
    "KOTA,Kota,kota,\n"
    "KEC1,Kecamatan Cipete \u2019 Utara,kecamatan,KOTA\n"
    "KEL1,Kelurahan Satu,kelurahan,KEC1\n"
    "KEL2,Kelurahan Caf\u00e9,kelurahan,KEC1\n"
)


def _evaluate(units: Path, *lang: str) -> tuple[int, str, str]:
    args = [*lang, "evaluate", str(BASE), str(units), str(BASE / "data.csv")]
    result = run([*args, "--format", "json", "--quiet"])
    return result.exit_code, result.stdout, result.stderr


def _mixed(tmp_path: Path) -> Path:
    lines = UNITS.splitlines(keepends=True)
    path = tmp_path / "units.csv"
    utf8 = "".join(lines[:4]).encode("utf-8")
    path.write_bytes(utf8 + lines[4].encode("cp1252"))
    return path


def test_a_file_in_utf8_and_windows_1252_is_refused_at_the_first_other_byte(
    tmp_path: Path,
) -> None:
    code, stdout, stderr = _evaluate(_mixed(tmp_path))
    assert (code, stdout) == (1, ""), stderr
    assert "Traceback" not in stderr
    assert (
        "units.csv:5:19: error[D341]: the file mixes two encodings: UTF-8 (line 3) and "
        "Windows-1252 (byte 0xe9)"
    ) in stderr
    assert "hint: open the file in a text editor and save it as UTF-8" in stderr


def test_a_file_wholly_in_windows_1252_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(UNITS.encode("cp1252"))
    code, stdout, stderr = _evaluate(path)
    assert code == 0, stderr
    names = {unit["id"]: unit["name"] for unit in json.loads(stdout)["units"]}
    assert names["KEC1"] == "Kecamatan Cipete \u2019 Utara"
    assert names["KEL2"] == "Kelurahan Caf\u00e9"


def test_two_encodings_are_said_in_indonesian(tmp_path: Path) -> None:
    code, _stdout, stderr = _evaluate(_mixed(tmp_path), "--lang", "id")
    assert code == 1
    assert "units.csv:5:19: galat[D341]: berkas mencampur dua pengodean" in stderr
