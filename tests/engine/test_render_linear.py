"""HTML and XLSX rendering touch each row a bounded number of times, whatever the unit count
(counted, not timed; benchmarks/render_scale.py measures the time)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from engine.data.model import Unit
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


def test_xlsx_looks_up_sheet_size_a_fixed_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"max_row": 0}
    max_row = Worksheet.max_row

    def counted(ws: Worksheet) -> int:
        calls["max_row"] += 1
        return int(max_row.fget(ws))  # type: ignore[attr-defined]  # a property's getter

    monkeypatch.setattr(Worksheet, "max_row", property(counted))
    counts = []
    for n in (40, 160):
        calls["max_row"] = 0
        to_xlsx(many_units(n))
        counts.append(calls["max_row"])
    assert counts[0] == counts[1]
