"""read_data on Excel workbooks, generated here with openpyxl rather than committed."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dsl.errors import PerkinErrors
from engine.data.cells import Labelled, Missing
from engine.data.read import Dataset, read_data
from tests.conftest import cache_formulas

Rows = list[list[Any]]


def workbook(
    path: Path, sheets: dict[str, Rows], edit: Callable[[Any], None] | None = None
) -> Path:
    """Write a workbook with one sheet per entry, rows from A1; edit may merge cells etc."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if edit is not None:
        edit(book)
    book.save(path)
    return path


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("books")
    workbook(
        folder / "long.xlsx",
        {
            "README": [["Petunjuk pengisian"], ["Isi satu baris per nilai."]],
            "Kosong": [],
            "Data": [
                ["Unit", "Periode", "Variabel", "Nilai", "Item"],
                ["KEL01", "2024-TW1", "ikm", 86.75, None],
                ["KEL01", 2024, "anggaran", 8797819537, None],
                ["KEL01", "TW2", "ikm", "86,75", None],
                [None, None, None, None, None],
                ["KEL02", "2024-TW1", "ikm", "N/A", None],
                ["KEL02", "2024-TW1", "opini", "WTP (3)", None],
                ["KEL02", "2024-TW1", "rpd", "=1+1", 3],
                [3171, "2024-TW1", "ikm", None, None],
            ],
            "Wilayah": [
                ["unit", "nama", "tingkat", "induk", "ikm@TW1"],
                ["KEC01", "Gambir", "kecamatan", None, 88],
                ["KEL01", "Gambir", "kelurahan", "KEC01", None],
                ["KEL02", "Cideng", "kelurahan", "KEC01", "#N/A"],
                [3171, "Kota", "kota", None, None],
            ],
        },
    )
    cache_formulas(folder / "long.xlsx", "2")
    return folder


@pytest.fixture
def long_book(books: Path, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.chdir(books)
    return read_data([Path("long.xlsx")])


def test_long_and_wide_sheets(long_book: Dataset) -> None:
    rows = [
        (r.unit, r.period.label if r.period else None, r.variable, r.item, r.value, r.native)
        for r in long_book.records
    ]
    assert rows == [
        ("KEL01", "2024-TW1", "ikm", None, 86.75, True),
        ("KEL01", "2024", "anggaran", None, 8797819537.0, True),
        ("KEL01", "TW2", "ikm", None, 86.75, False),
        ("KEL02", "2024-TW1", "ikm", None, Missing("na"), False),
        ("KEL02", "2024-TW1", "opini", None, Labelled("WTP", 3.0), False),
        ("KEL02", "2024-TW1", "rpd", "3", 2.0, True),
        ("3171", "2024-TW1", "ikm", None, Missing("blank"), False),
        ("KEC01", "TW1", "ikm", None, 88.0, True),
        ("KEL02", "TW1", "ikm", None, Missing("spreadsheet"), False),
    ]


def test_sheet_locations(long_book: Dataset) -> None:
    labels = [r.location.label() for r in long_book.records]
    assert labels[:3] == ["long.xlsx!Data!D2", "long.xlsx!Data!D3", "long.xlsx!Data!D4"]
    assert labels[-1] == "long.xlsx!Wilayah!E4"
    assert long_book.files == ("long.xlsx",)


def test_units_from_a_wide_sheet(long_book: Dataset) -> None:
    units = [(u.id, u.name, u.level, u.parent, u.location.label()) for u in long_book.units]
    assert units == [
        ("KEC01", "Gambir", "kecamatan", None, "long.xlsx!Wilayah!A2"),
        ("KEL01", "Gambir", "kelurahan", "KEC01", "long.xlsx!Wilayah!A3"),
        ("KEL02", "Cideng", "kelurahan", "KEC01", "long.xlsx!Wilayah!A4"),
        ("3171", "Kota", "kota", None, "long.xlsx!Wilayah!A5"),
    ]


def test_every_sheet_problem_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def merge(book: Any) -> None:
        book["Merged"].merge_cells("A2:A3")
        book["Merged"].merge_cells("D2:E2")

    header = ["unit", "period", "variable", "value"]
    workbook(
        tmp_path / "bad.xlsx",
        {
            "Merged": [header, ["KEL01", "TW1", "ikm", 1], [None, "TW2", "ikm", 2]],
            "Formula": [header, ["KEL01", "TW1", "ikm", "=A1*2"], ["KEL02", "TW1", "ikm", 3]],
            "Cells": [
                [*header, "nilai_x"],
                ["KEL01", dt.date(2024, 1, 1), "ikm", dt.datetime(2024, 3, 1), None],
                ["KEL02", "TW1", "ikm", True, None],
                ["KEL03", "TW1", "ikm", "#DIV/0!", None],
            ],
            "Rekap": [["Ringkasan", "Total"], ["a", 1]],
            "Header": [header],
            "Catatan": [["apa saja"]],
        },
        merge,
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PerkinErrors) as caught:
        read_data([Path("bad.xlsx")])
    found = [f"{e.location.label()} {e.code} {e.message}" for e in caught.value.errors]
    assert found == [
        "bad.xlsx!Merged!A2:A3 D035 merged cells A2:A3",
        "bad.xlsx!Merged!D2:E2 D035 merged cells D2:E2",
        "bad.xlsx!Formula!D2 D036 formula without a cached value",
        "bad.xlsx!Cells!E1 D025 unknown column 'nilai_x'",
        "bad.xlsx!Cells!B2 D010 a date where a period was expected",
        "bad.xlsx!Cells!D2 D003 a date where a number was expected",
        "bad.xlsx!Cells!D3 D004 a true/false value where a number was expected",
        "bad.xlsx!Cells!D4 D002 spreadsheet error #DIV/0! where a value was expected",
        "bad.xlsx!Rekap!A1 D024 no unit column in the header",
        "bad.xlsx!Header D023 the sheet has a header row but no data rows",
    ]
    rekap = caught.value.errors[8]
    assert rekap.hint is not None and "README or Petunjuk" in rekap.hint
    assert "unmerge" in (caught.value.errors[0].hint or "")
    assert "open and save the file in Excel" in (caught.value.errors[2].hint or "")


def test_workbook_without_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook(tmp_path / "readme.xlsx", {"README": [["Petunjuk"]], "Kosong": []})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PerkinErrors) as caught:
        read_data([Path("readme.xlsx")])
    (error,) = caught.value.errors
    assert (error.location.label(), error.code, error.message) == (
        "readme.xlsx",
        "D037",
        "no data in the workbook",
    )


@pytest.mark.parametrize(
    "content", [b"not a zip at all", b"PK\x03\x04broken", b""], ids=["text", "broken", "empty"]
)
def test_damaged_workbook(content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.xlsx").write_bytes(content)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PerkinErrors) as caught:
        read_data([Path("bad.xlsx")])
    (error,) = caught.value.errors
    assert (error.location.label(), error.code) == ("bad.xlsx", "D034")
    assert error.message.startswith("cannot open the file as an Excel workbook (")
    assert error.hint == "open it in Excel and save it again as 'Excel Workbook (.xlsx)'"


def test_zip_that_is_not_a_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PerkinErrors) as caught:
        read_data([Path("bad.xlsx")])
    assert [e.code for e in caught.value.errors] == ["D034"]


def test_folder_mixes_xlsx_and_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook(tmp_path / "b.xlsx", {"Data": [["unit", "variable", "value"], ["KEL01", "x", 1]]})
    (tmp_path / "a.csv").write_text("unit,variable,value\nKEL02,x,2\n")
    (tmp_path / "~$b.xlsx").write_bytes(b"lock file")
    monkeypatch.chdir(tmp_path)
    dataset = read_data([Path(".")])
    assert dataset.files == ("a.csv", "b.xlsx")
    assert [(r.unit, r.value) for r in dataset.every_record()] == [("KEL02", 2.0), ("KEL01", 1.0)]
