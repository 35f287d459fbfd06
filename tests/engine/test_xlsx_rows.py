"""The workbook's rows made column-wise (engine/render/xlsx_book.py Book.rows, xlsx_cells.py)
against what XlsxWriter writes cell by cell, and the Result's blocks against the same rows kept
as objects (two independent paths to the same workbook)."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.api import load
from engine.data.read import read_data
from engine.render.counts import counts
from engine.render.xlsx import to_xlsx
from engine.render.xlsx_book import Book, stored
from engine.scoring.columns import NaBlock, blocks_of
from engine.scoring.result import Result
from engine.scoring.score import score
from tests.engine.xlsx_diff import diff

ROOT = Path(__file__).parents[2]
STYLE = re.compile(rb' s="\d+"')

value = st.none() | st.text(max_size=12) | st.integers(-(10**9), 10**9)
value |= st.floats(allow_nan=False, allow_infinity=False)
value |= st.sampled_from(["_x000D_", " edge ", "a&b<c>", "<r>x</r>", "=1+1", "\u2028", "\ufffe"])
cell = st.tuples(value, st.booleans())  # (value, styled)


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("xl/worksheets/sheet1.xml")


def _book(rows: list[list[tuple[Any, bool]]], fast: bool) -> bytes:
    """A sheet of the rows under a header row: by Book.rows (fast) or by XlsxWriter's own
    write_string and write_number; None and '' are no cell."""
    wb = Book()
    ws = wb.sheet("S", [10, 10, 10])
    text_style, number_style = wb.format(quoted=True), wb.format(number="#,##0.00")
    for column in range(3):
        ws.write_string(0, column, "h", wb.format(header=True))
    if fast:
        columns = [
            [
                ""
                if v is None or v == ""
                else wb.string_cell(v, text_style if styled else None)
                if isinstance(v, str)
                else wb.number_cells([v], number_style if styled else None)[0]
                for v, styled in (row[j] for row in rows)
            ]
            for j in range(3)
        ]
        wb.rows(ws, 1, columns)
    for r, row in enumerate(rows if not fast else [], start=1):
        for c, (v, styled) in enumerate(row):
            if isinstance(v, str) and v:
                ws.write_string(r, c, stored(v), text_style if styled else None)
            elif v is not None and not isinstance(v, str):
                ws.write_number(r, c, v, number_style if styled else None)
    ws.autofilter(0, 0, len(rows), 2)
    return wb.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=3, max_size=3), max_size=8))
def test_rows_are_the_xml_xlsxwriter_writes(rows: list[list[tuple[Any, bool]]]) -> None:
    assume(not any(isinstance(v, str) and v.startswith("<r>") for row in rows for v, _ in row))
    fast, slow = _book(rows, fast=True), _book(rows, fast=False)
    # the same XML but the style numbers (given in the order styles are first used) …
    assert STYLE.sub(b"", _sheet(fast)) == STYLE.sub(b"", _sheet(slow))
    assert diff(io.BytesIO(fast), io.BytesIO(slow)) == []  # … which give the same styles


def test_a_text_like_rich_text_is_escaped() -> None:
    # XlsxWriter writes a text between <r> and </r> as it is, as rich-text XML
    wb = Book()
    ws = wb.sheet("S", [10])
    ws.write_string(0, 0, "h")
    wb.rows(ws, 1, [[wb.string_cell("<r>x</r>", None), wb.string_cell("<r><t>y</t></r>", None)]])
    book = openpyxl.load_workbook(io.BytesIO(wb.close()))
    assert [c.value for c in book["S"]["A"]] == ["h", "<r>x</r>", "<r><t>y</t></r>"]


def _example(year: str) -> tuple[Result, Any]:
    ruleset = load(ROOT / "rulesets" / year)
    return score(ruleset, read_data([ROOT / "examples" / year])), ruleset


def _as_objects(result: Result) -> Result:
    """The result with its rows kept as objects, not column blocks."""
    rows = {f: tuple(getattr(result, f)) for f in ("indicators", "scores", "figures")}
    return dataclasses.replace(result, diagnostics=tuple(result.diagnostics), **rows)


@pytest.mark.parametrize("year", ["2016", "2020", "2022", "2023", "2024"])
def test_blocks_give_the_workbook_and_counts_of_the_rows(year: str) -> None:
    result, ruleset = _example(year)
    assert not isinstance(result.indicators, tuple), "scored rows are column blocks"
    listed = _as_objects(result)
    assert counts(result, ruleset) == counts(listed, ruleset)
    blocks = to_xlsx(result, ruleset)
    assert diff(io.BytesIO(blocks), io.BytesIO(to_xlsx(listed, ruleset))) == []


def test_a_block_split_over_levels_gives_the_workbook_of_the_rows() -> None:
    result, ruleset = _example("2016")
    assert any(isinstance(b, NaBlock) for b in blocks_of(result.diagnostics)), "N001 notes"
    levels = ["a", "b", None]  # each block's units fall on three sheets
    units = tuple(
        dataclasses.replace(u, level=levels[i % len(levels)]) for i, u in enumerate(result.units)
    )
    result = dataclasses.replace(result, units=units)
    blocks = openpyxl.load_workbook(io.BytesIO(to_xlsx(result, ruleset)))
    assert {"Level a", "Level b", "No level"} <= set(blocks.sheetnames)
    rows = io.BytesIO(to_xlsx(_as_objects(result), ruleset))
    assert diff(io.BytesIO(to_xlsx(result, ruleset)), rows) == []
