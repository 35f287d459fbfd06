"""The report workbook as XlsxWriter writes it: the layout openpyxl's write-only writer gave it
(widths stored as given, header frozen, every column filtered, header and predikat styled), legal
sheet names whatever the levels are called, and a comparison helper that finds each kind of
difference (tests/engine/xlsx_diff.py compared the old and new workbooks of the examples)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from engine.api import load
from engine.data.read import read_data
from engine.render.xlsx import sheet_title, to_xlsx
from engine.render.xlsx_book import MAX_CELL_CHARS, stored, unique_title
from engine.scoring.score import score
from tests.engine.test_render_linear import many_units
from tests.engine.xlsx_diff import describe, diff

ROOT = Path(__file__).parents[2]


def _example(year: str) -> bytes:
    ruleset = load(ROOT / "rulesets" / year)
    return to_xlsx(score(ruleset, read_data([ROOT / "examples" / year])), ruleset)


@pytest.fixture(scope="module")
def workbook_2022() -> bytes:
    return _example("2022")


def test_every_sheet_has_a_frozen_header_and_a_filter(workbook_2022: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook_2022))
    assert book.sheetnames[0] == "Summary" and "Diagnostics" in book.sheetnames
    for ws in book.worksheets:
        last = openpyxl.utils.get_column_letter(ws.max_column)
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title
        header = ws[1]
        assert all(c.font.b and c.fill.fgColor.rgb == "FFDDE3EA" for c in header), ws.title
        assert all(c.alignment.vertical == "top" and c.alignment.wrap_text for c in header)


def test_widths_are_stored_as_given(workbook_2022: bytes) -> None:
    # XlsxWriter adds 5/7 of a character of padding unless told the width without it
    widths = [v for k, v in describe(io.BytesIO(workbook_2022)).items() if k.endswith("width")]
    assert widths and all(w == int(w) and 8 <= w <= 60 for w in widths), widths


def test_predikat_is_coloured_and_nothing_else_in_its_row() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_example("2024")))
    coloured = 0
    for ws in book.worksheets:
        header = [c.value for c in ws[1]]
        at = header.index("Predikat") if "Predikat" in header else -1
        for row in ws.iter_rows(min_row=2):
            assert all(c.fill.fill_type is None for i, c in enumerate(row) if i != at)
            if at >= 0 and row[at].value:
                assert row[at].fill.fill_type == "solid" and row[at].font.b, ws.title
                coloured += 1
    assert coloured > 0


def test_sheet_names_are_legal_whatever_the_levels_are_called() -> None:
    result = many_units(8)
    levels = ["x'", "A" * 40 + "1", "A" * 40 + "2", "a" * 40 + "3", "\U0001f600" * 30]
    units = tuple(
        dataclasses.replace(u, level=levels[i % len(levels)]) for i, u in enumerate(result.units)
    )
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(dataclasses.replace(result, units=units))))
    assert book.sheetnames == [
        "Summary", "Level x_", "Level " + "A" * 25, "Level " + "A" * 24 + "1",
        "Level " + "a" * 24 + "2", "Level " + "\U0001f600" * 12, "Scores", "Diagnostics",
    ]  # fmt: skip


def test_titles() -> None:
    assert sheet_title("'a'") == "_a_" and sheet_title("'") == "_"
    assert sheet_title("\U0001f600" * 16) == "\U0001f600" * 15  # 30 UTF-16 units, not 32
    assert unique_title("Nilai", {"nilai", "nilai1"}) == "Nilai2"
    assert unique_title("B" * 31, {"b" * 31}) == "B" * 30 + "1"


def test_the_diff_finds_each_kind_of_difference(workbook_2022: bytes, tmp_path: Path) -> None:
    book: Any = openpyxl.load_workbook(io.BytesIO(workbook_2022))
    ws = book["Scores"]
    ws["A2"].value = "other"
    ws["F2"].number_format = "0.000"
    ws["B3"].quotePrefix = True
    ws["C3"].font = openpyxl.styles.Font(italic=True)
    ws.column_dimensions["A"].width = 33
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = "A1:B2"
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    found = diff(io.BytesIO(workbook_2022), changed)
    assert [line.split(":")[0] for line in found] == [
        "Scores!A2", "Scores!A", "Scores!B3", "Scores!C3", "Scores!F2", "Scores", "Scores",
    ], found  # fmt: skip
    assert diff(io.BytesIO(workbook_2022), io.BytesIO(workbook_2022)) == []


def test_stored_text() -> None:
    assert stored("a\r\nb\rc") == "a\nb\nc"  # as XML reads back what openpyxl wrote
    assert stored("x" * 32_767) == "x" * 32_767 and MAX_CELL_CHARS == 32_767
    assert stored("x" * 40_000) == "x" * 32_766 + "\u2026"  # cut, and it shows


def test_parts_are_compressed_at_the_chosen_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """XlsxWriter makes its ZipFile by the name zipfile.ZipFile in xlsxwriter.workbook; the
    writer binds that name to one with COMPRESS_LEVEL while it writes, and restores it."""
    import zipfile

    import xlsxwriter.workbook

    from engine.render.xlsx_book import COMPRESS_LEVEL

    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
    levels: list[int | None] = []

    class Spy(zipfile.ZipFile):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            levels.append(kwargs.get("compresslevel"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", Spy)
    workbook = _example("2022")
    assert levels == [COMPRESS_LEVEL] and COMPRESS_LEVEL != 6
    assert xlsxwriter.workbook.ZipFile is Spy
    assert openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames
