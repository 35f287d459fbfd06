"""HTML and XLSX rendering touch each row a bounded number of times, whatever the unit count
(counted, not timed; benchmarks/render_scale.py measures the time)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

import openpyxl
import pytest

from dsl.i18n import set_language
from engine.data.model import Unit
from engine.render import html, xlsx, xlsx_cells
from engine.render.html import to_html
from engine.render.xlsx import to_xlsx
from engine.ruleset.model import Rounding
from engine.scoring.result import IndicatorRow, Presented, Result, ValueRow

R2 = Rounding(2, "half_up")


class Counted(Sequence[Any]):
    """A sequence that counts how often it is walked through."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows, self.passes = tuple(rows), 0

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: Any) -> Any:
        return self.rows[index]

    def __iter__(self) -> Iterator[Any]:
        self.passes += 1
        return iter(self.rows)


def many_units(n: int) -> Result:
    """n units on two levels, two indicator rows and a score each."""
    units = tuple(
        Unit(f"u{i}", f"Unit {i}", "kota" if i % 2 else "kecamatan", None) for i in range(n)
    )
    fig = Presented(90.0, None, R2)
    rows = [
        IndicatorRow(u.id, ind, "tahunan", fig, fig, fig, "Tinggi", None)
        for u in units
        for ind in ("a", "b")
    ]
    values = [ValueRow(u.id, "nilai", "tahunan", fig, "Tinggi") for u in units]
    return Result("id", "Title", "abc", "def", "0.1.0", "2024", units, Counted(rows), (),
                  Counted(values), (), ())  # fmt: skip


def html_passes(n: int) -> tuple[int, int]:
    result = many_units(n)
    to_html(result)
    assert isinstance(result.indicators, Counted) and isinstance(result.scores, Counted)
    return result.indicators.passes, result.scores.passes


def test_html_walks_the_rows_a_fixed_number_of_times() -> None:
    assert html_passes(40) == html_passes(160)
    assert max(html_passes(160)) <= 3


def cells_made(n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Texts the workbook of n units makes (every text cell goes through sheet_value)."""
    made = [0]
    real = xlsx_cells.sheet_value

    def counted(value: Any) -> Any:
        made[0] += 1
        return real(value)

    monkeypatch.setattr(xlsx_cells, "sheet_value", counted)
    to_xlsx(many_units(n))
    return made[0]


def test_xlsx_makes_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = cells_made(40, monkeypatch), cells_made(160, monkeypatch)
    # 4× the units, 4× the rows: only the 120 new units' ids and names are new texts; the
    # indicators, period, predikat and headers are made once whatever the rows
    assert large - small == 120 * 2


def test_xlsx_splits_a_sheet_at_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 7)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(many_units(10))))
    kota = [ws for ws in book.worksheets if ws.title.startswith("Level kota")]
    assert [ws.title for ws in kota] == ["Level kota", "Level kota (2)"]
    rows = [row for ws in kota for row in ws.iter_rows(min_row=2, values_only=True)]
    assert [ws.max_row for ws in kota] == [8, 4]  # 5 units × 2 indicators: 7 + 3 rows
    assert [r[0] for r in rows] == [f"u{i}" for i in range(1, 10, 2) for _ in range(2)]
    assert all(ws["A1"].value == "Unit" for ws in kota)  # each part has the header
    parts = [ws for ws in book.worksheets if ws.title.startswith("Summary")]  # split too
    summary = {r[0]: r[1] for ws in parts for r in ws.iter_rows(min_row=2, values_only=True)}
    assert summary["Level kota"] == ("10 rows, more than a sheet holds (8): split over 2 sheets"), (
        "the note"
    )


def test_the_split_note_in_indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("id")
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 50)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(many_units(60))))
    summary = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Tingkat kota"] == (
        "60 baris, melebihi daya tampung satu lembar (51): dibagi ke dalam 2 lembar"
    )
    assert "Tingkat kota (2)" in book.sheetnames


def test_html_refuses_a_page_no_browser_can_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_HTML_ROWS", 79)
    to_html(many_units(39))  # 78 indicator rows: a page
    with pytest.raises(html.ReportTooLargeError) as caught:
        to_html(many_units(40))
    assert caught.value.render() == (
        "--format: error[O004]: 80 indicator rows are more than an HTML page can show (79)\n"
        "hint: write it to a file with -o FILE.html (an index and a page per region), or the "
        "whole result as csv, xlsx or parquet"
    )
    set_language("id")
    with pytest.raises(html.ReportTooLargeError) as caught:
        to_html(many_units(40))
    assert "80 baris indikator melebihi" in caught.value.render()
