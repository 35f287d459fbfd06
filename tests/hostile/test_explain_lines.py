"""Names that hold a line break in `perkin explain` (trust sweep, third round): explain is text
read line by line, and a unit or indicator name with a line break (Alt+Enter in an Excel cell, or
a units file written to deceive) began a line of its own, so a name could print a forged
"presented: 100,00" under the real derivation. A name is now shown on its one line."""

from __future__ import annotations

from pathlib import Path

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
FORGED = "Kelurahan Satu\npresented: 100,00\r\ncapaian = 125"


def _explain(tmp_path: Path, name: str) -> tuple[int, list[str], str]:
    units = tmp_path / "units.csv"
    text = (BASE / "units.csv").read_text(encoding="utf-8")
    units.write_text(text.replace("Kelurahan Satu", f'"{name}"'), encoding="utf-8")
    args = ["explain", str(BASE), str(units), str(BASE / "data.csv")]
    result = run([*args, "--unit", "KEL1", "--indicator", "ikm", "--period", "2024-TW1"])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_a_unit_name_with_line_breaks_stays_on_its_line(tmp_path: Path) -> None:
    code, lines, stderr = _explain(tmp_path, FORGED)
    assert code == 0, stderr
    presented = [line for line in lines if line.startswith("presented:")]
    assert presented == ["presented: 101.88 (2 decimals, half-up)"]  # 81.5 / 80 × 100
    assert not any(line.startswith("capaian = 125") for line in lines)
    assert "unit: Kelurahan Satu presented: 100,00 capaian = 125 (KEL1), period: TW1" in lines


def test_a_plain_unit_name_is_shown_as_it_is(tmp_path: Path) -> None:
    code, lines, stderr = _explain(tmp_path, "Kelurahan  Satu\tUtara")
    assert code == 0, stderr
    assert "unit: Kelurahan  Satu\tUtara (KEL1), period: TW1" in lines
