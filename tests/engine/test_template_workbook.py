"""The input workbook as an office fills it in: choices on the key columns, value cells typed by
their input's kind, one row per reporting period; read back with openpyxl."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dsl.i18n import set_language
from engine.api import load
from engine.data.read import read_data
from engine.data.template import HEADER, make_template

HERE = Path(__file__).parent
SEMANTICS = HERE / "semantics"
KINDS = HERE.parent / "hostile" / "kinds" / "ruleset.yaml"


def _workbook(ruleset: Path, units: Path | None = None) -> Any:
    dataset = read_data([units]) if units is not None else None
    payload = make_template(load(ruleset), "xlsx", dataset)
    assert isinstance(payload, bytes)
    return openpyxl.load_workbook(io.BytesIO(payload))


def _column(ws: Any, name: str) -> list[Any]:
    index = HEADER.index(name) + 1
    return [row[0] for row in ws.iter_rows(min_row=2, min_col=index, max_col=index)]


def test_key_columns_offer_the_rulesets_choices() -> None:
    wb = _workbook(SEMANTICS / "ruleset.yaml", SEMANTICS / "data.yaml")
    data, choices = wb["Data"], wb["Choices (instructions)"]
    assert choices.sheet_state == "hidden"
    lists = {
        str(v.sqref): v.formula1 for v in data.data_validations.dataValidation if v.type == "list"
    }
    rows = data.max_row
    assert set(lists) == {f"A2:A{rows}", f"B2:B{rows}", f"C2:C{rows}"}
    for key, column in (("unit", "A"), ("period", "B"), ("variable", "C")):
        source = lists[f"{column}2:{column}{rows}"]
        sheet, cells = source.rsplit("!", 1)
        assert sheet == "'Choices (instructions)'"
        offered = [c.value for row in choices[cells.replace("$", "")] for c in row]
        assert offered == list(dict.fromkeys(c.value for c in _column(data, key)))


def test_no_unit_list_for_the_placeholder() -> None:
    data = _workbook(SEMANTICS / "ruleset.yaml")["Data"]
    lists = [str(v.sqref) for v in data.data_validations.dataValidation if v.type == "list"]
    assert not any(ref.startswith("A") for ref in lists)
    assert {c.value for c in _column(data, "unit")} == {"UNIT_ID"}


def test_value_cells_are_typed_by_kind() -> None:
    data = _workbook(KINDS)["Data"]
    formats = {
        variable.value: value.number_format
        for variable, value in zip(_column(data, "variable"), _column(data, "value"), strict=True)
    }
    assert formats["anggaran"] == '"Rp "#,##0'
    assert formats["aduan"] == "#,##0"
    assert formats["catatan"] == "@"
    assert formats["skor"] == "General"
    (number,) = [v for v in data.data_validations.dataValidation if v.type == "custom"]
    assert number.errorStyle == "warning", "a warning: '86,75' typed as text is still read"
    text_rows = [c.row for c in _column(data, "variable") if c.value == "catatan"]
    assert text_rows and not any(f"E{r}" in number.sqref for r in text_rows)
    numeric_rows = [c.row for c in _column(data, "variable") if c.value != "catatan"]
    assert all(f"E{r}" in number.sqref for r in numeric_rows)


def test_one_row_per_quarter_for_a_quarterly_input() -> None:
    data = _workbook(SEMANTICS / "ruleset.yaml", SEMANTICS / "data.yaml")["Data"]
    periods = [
        p.value
        for p, v, u in zip(
            _column(data, "period"), _column(data, "variable"), _column(data, "unit"), strict=True
        )
        if (v.value, u.value) == ("aduan_selesai", "kota")
    ]
    assert periods == ["2024-TW1", "2024-TW2", "2024-TW3", "2024-TW4"]


def test_labels_in_indonesian() -> None:
    set_language("id")
    wb = _workbook(SEMANTICS / "ruleset.yaml", SEMANTICS / "data.yaml")
    assert wb.sheetnames == ["Petunjuk", "Data", "Unit", "Pilihan (petunjuk)"]
    assert wb["Petunjuk"]["A1"].value == "Petunjuk pengisian"
    notes = {c.value for c in _column(wb["Data"], "note")}
    assert any("jenis percent (poin persen: 95 atau 95%)" in n for n in notes)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_reader_skips_the_sheets_for_people(lang: str, tmp_path: Path) -> None:
    set_language(lang)
    wb = _workbook(SEMANTICS / "ruleset.yaml", SEMANTICS / "data.yaml")
    path = tmp_path / "isian.xlsx"
    wb.save(path)
    dataset = read_data([path])
    assert dataset.units, "the Unit sheet is read"
