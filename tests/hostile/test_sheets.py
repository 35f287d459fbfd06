"""Hidden parts of a data workbook (trust sweep): a hidden sheet, row or column holding values could
mean "count it" or "the office set it aside"; perkin says where it is instead of guessing either.

The workbooks are made with openpyxl in a temporary folder and read against the small base corpus
(tests/bad_inputs/base).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
HEADER = ["unit", "aduan@TW1", "ikm@TW1"]


def book(path: Path, edit: Callable[[Any], None]) -> Path:
    """A workbook whose sheet 'Data' holds two rows of values, then edited."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    for row in (HEADER, ["KEL1", 9, 80], ["KEL2", 12, 70]):
        sheet.append(row)
    edit(workbook)
    workbook.save(path)
    return path


def validate(path: Path, *lang: str) -> Result:
    units = str(BASE / "units.csv")
    return run([*lang, "validate", "--ruleset", str(BASE), units, str(path)])


def assert_located(result: Result, where: str) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert result.exit_code == 1, output
    assert f"{where}: error[D300]" in result.stderr, result.stderr
    assert "\nhint: " in result.stderr, result.stderr


def _hidden_sheet(workbook: Any) -> None:
    extra = workbook.create_sheet("Koreksi")
    extra.append(["unit", "aduan@TW2"])
    extra.append(["KEL1", 5])
    extra.sheet_state = "hidden"


def _very_hidden_sheet(workbook: Any) -> None:
    _hidden_sheet(workbook)
    workbook["Koreksi"].sheet_state = "veryHidden"


def _hidden_row(workbook: Any) -> None:
    workbook["Data"].row_dimensions[3].hidden = True


def _hidden_column(workbook: Any) -> None:
    workbook["Data"].column_dimensions["C"].hidden = True


@pytest.mark.parametrize(
    ("edit", "where", "said"),
    [
        (_hidden_sheet, "!Koreksi", "the sheet is hidden"),
        (_very_hidden_sheet, "!Koreksi", "the sheet is hidden"),
        (_hidden_row, "!Data!A3", "row 3 is hidden"),
        (_hidden_column, "!Data!C1", "column C is hidden"),
    ],
    ids=["sheet", "very_hidden_sheet", "row", "column"],
)
def test_hidden_values_are_located_not_counted(
    tmp_path: Path, edit: Callable[[Any], None], where: str, said: str
) -> None:
    path = book(tmp_path / "data.xlsx", edit)
    result = validate(path)
    assert_located(result, f"{path}{where}")
    assert said in result.stderr


def test_hidden_rows_in_a_run_are_one_message(tmp_path: Path) -> None:
    def hide(workbook: Any) -> None:
        sheet = workbook["Data"]
        for n in range(3, 7):
            sheet.append([f"KEL{n}", 1, 1])  # a filter hid four rows at once
        for n in range(3, 7):
            sheet.row_dimensions[n].hidden = True

    path = book(tmp_path / "data.xlsx", hide)
    result = validate(path)
    assert_located(result, f"{path}!Data!A3")
    assert "rows 3–6 are hidden" in result.stderr
    assert result.stderr.count("error[D300]") == 1


def test_hidden_empty_rows_and_columns_are_no_problem(tmp_path: Path) -> None:
    def hide(workbook: Any) -> None:
        sheet = workbook["Data"]
        sheet.row_dimensions[10].hidden = True
        sheet.column_dimensions["H"].hidden = True

    result = validate(book(tmp_path / "data.xlsx", hide))
    assert result.exit_code == 0, result.stderr


def test_a_hidden_sheet_without_data_is_no_problem(tmp_path: Path) -> None:
    def hide(workbook: Any) -> None:
        notes = workbook.create_sheet("Catatan")
        notes.append(["disusun oleh Bagian Perencanaan"])
        notes.sheet_state = "hidden"

    result = validate(book(tmp_path / "data.xlsx", hide))
    assert result.exit_code == 0, result.stderr


def test_the_template_workbook_reads_back_with_its_hidden_choices(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    made = run(["template", str(BASE), "--units", str(BASE / "units.csv"), "-o", str(path)])
    assert made.exit_code == 0, made.stderr
    assert any(s.sheet_state == "hidden" for s in openpyxl.load_workbook(path).worksheets)
    result = validate(path)
    assert "D300" not in result.stderr, result.stderr


def test_a_hidden_sheet_is_said_in_indonesian(tmp_path: Path) -> None:
    path = book(tmp_path / "data.xlsx", _hidden_sheet)
    result = validate(path, "--lang", "id")
    assert result.exit_code == 1
    assert f"{path}!Koreksi: galat[D300]: lembar ini disembunyikan" in result.stderr
