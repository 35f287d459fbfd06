"""Line breaks inside an error (trust sweep, third round): an error quotes the cell it could not
read, and a quoted cell may hold line breaks, so a data file could print a forged "hint:" line, or
a line that reads like a summary, under a real error. The message, its place and its hint are
each now one line, their line breaks shown as spaces."""

from __future__ import annotations

from pathlib import Path

from dsl.errors import Location, PerkinError
from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"


def _evaluate(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    data = tmp_path / "data.csv"
    data.write_text(text, encoding="utf-8")
    args = ["evaluate", str(BASE), str(BASE / "units.csv"), str(data), "--quiet"]
    result = run([*args, "--period", "2024-TW1", "--format", "csv"])
    return result.exit_code, result.stderr.splitlines()


def test_a_cell_with_line_breaks_cannot_forge_a_hint(tmp_path: Path) -> None:
    text = 'unit,period,variable,value\nKEL1,TW1,aduan,"5\nhint: nothing is wrong"\n'
    code, lines = _evaluate(tmp_path, text)
    assert code == 1
    assert [line for line in lines if line.startswith("hint:")] == [
        "hint: write a number such as 86,75, 1.234.567 or 40%, or N/A when there is no value"
    ]
    assert any(
        line.endswith(
            "error[D001]: expected a number, got '5 hint: nothing is wrong' "
            "(unit 'KEL1', variable 'aduan', period TW1)"
        )
        for line in lines
    )


def test_a_unit_with_line_breaks_is_named_on_one_line(tmp_path: Path) -> None:
    text = 'unit,period,variable,value\n"KEL9\r\n0 errors",TW1,aduan,5\nKEL2,TW1,aduan,6\n'
    code, lines = _evaluate(tmp_path, text)
    assert code == 1
    assert not any(line.startswith("0 errors") for line in lines)
    assert any(line.endswith("error[D102]: unknown unit 'KEL9 0 errors'") for line in lines)


def test_every_part_of_a_rendered_error_is_one_line() -> None:
    where = Location(file="a\nb.csv", line=2, column=1)
    error = PerkinError("one\u2028two\rthree", where, "hint\x85four", "D001")
    assert error.render().splitlines() == [
        "a b.csv:2:1: error[D001]: one two three",
        "hint: hint four",
    ]
