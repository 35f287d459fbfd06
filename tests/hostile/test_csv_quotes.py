"""Quotes in CSV (trust sweep, third round): a quoted value never closed made every later line
part of it, so the rows below it vanished into one note without a word; a quote inside a
quoted value that was not doubled was read with the quote dropped; a value longer than the csv
module's field limit (128 K characters) was an internal error. Each is now a located error or,
for the long value, read as written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
HEADER = "unit,period,variable,value,note\n"


def _evaluate(path: Path, *lang: str) -> tuple[int, str, str]:
    args = [*lang, "evaluate", str(BASE), str(BASE / "units.csv"), str(path)]
    result = run([*args, "--period", "2024-TW1", "--format", "json", "--quiet"])
    return result.exit_code, result.stdout, result.stderr


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quote_never_closed_is_located_not_read_as_one_long_note(tmp_path: Path) -> None:
    text = HEADER + 'KEL1,TW1,aduan,5,"dicek\nKEL2,TW1,aduan,7,ok\nKEL1,TW1,ikm,80,\n'
    code, stdout, stderr = _evaluate(_write(tmp_path, text))
    assert (code, stdout) == (1, ""), stderr
    assert "Traceback" not in stderr
    assert "data.csv:2:5: error[D340]: a quoted value starts on line 2 and is never closed" in (
        stderr
    )
    assert 'hint: end the value with a quote ("), or delete the quote that opens it' in stderr


def test_a_quote_never_closed_in_a_units_file_is_located(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    text = (BASE / "units.csv").read_text(encoding="utf-8")
    units.write_text(text.replace("Kecamatan Satu", '"Kecamatan Satu'), encoding="utf-8")
    result = run(["evaluate", str(BASE), str(units), str(BASE / "data.csv"), "--quiet"])
    assert result.exit_code == 1, result.stdout
    assert "units.csv:3:2: error[D340]: a quoted value starts on line 3" in result.stderr


def test_a_quote_inside_a_quoted_value_not_doubled_is_located(tmp_path: Path) -> None:
    text = HEADER + 'KEL1,TW1,aduan,5,"kata "baik" dari camat"\nKEL2,TW1,aduan,7,ok\n'
    code, _stdout, stderr = _evaluate(_write(tmp_path, text))
    assert code == 1 and "Traceback" not in stderr
    assert "data.csv:2:5: error[D340]: a quote inside a quoted value is not doubled" in stderr
    assert 'hint: write a quote inside a quoted value twice (""), as Excel does' in stderr


def test_doubled_quotes_and_a_note_over_lines_still_read(tmp_path: Path) -> None:
    text = HEADER + 'KEL1,TW1,aduan,5,"kata ""baik""\ndari camat"\nKEL2,TW1,aduan,7,ok\n'
    code, stdout, stderr = _evaluate(_write(tmp_path, text))
    assert code == 0, stderr
    rows = json.loads(stdout)["indicators"]
    realisasi = {(r["unit"], r["indicator"]): r["realisasi"]["value"] for r in rows}
    assert realisasi[("KEL1", "aduan_selesai")] == 5
    assert realisasi[("KEL2", "aduan_selesai")] == 7


def test_a_note_longer_than_the_csv_field_limit_is_read(tmp_path: Path) -> None:
    note = "x" * 200_000  # the csv module's default limit is 131,072 characters
    text = HEADER + f'KEL1,TW1,aduan,5,"{note}"\nKEL2,TW1,aduan,7,ok\n'
    code, stdout, stderr = _evaluate(_write(tmp_path, text))
    assert code == 0, stderr
    assert "internal error" not in stderr
    rows = json.loads(stdout)["indicators"]
    assert {r["unit"] for r in rows if r["indicator"] == "aduan_selesai"} >= {"KEL1", "KEL2"}


def test_a_long_quoted_value_in_a_wide_file_is_read(tmp_path: Path) -> None:
    name = "Kelurahan " + "x" * 200_000
    units = tmp_path / "units.csv"
    units.write_text(
        (BASE / "units.csv").read_text(encoding="utf-8").replace("Kelurahan Dua", f'"{name}"'),
        encoding="utf-8",
    )
    result = run(["evaluate", str(BASE), str(units), str(BASE / "data.csv"), "--quiet"])
    assert result.exit_code == 0, result.stderr


def test_a_quote_never_closed_is_said_in_indonesian(tmp_path: Path) -> None:
    text = HEADER + 'KEL1,TW1,aduan,5,"dicek\nKEL2,TW1,aduan,7,ok\n'
    code, _stdout, stderr = _evaluate(_write(tmp_path, text), "--lang", "id")
    assert code == 1
    assert "data.csv:2:5: galat[D340]: nilai bertanda kutip yang dimulai pada baris 2 " in stderr
    assert "tidak pernah ditutup" in stderr
