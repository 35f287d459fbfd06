"""Input templates: generated, filled in as an office would, read back and scored without errors."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from dsl.errors import Location
from engine.api import load
from engine.data.read import Dataset, read_data
from engine.data.template import HEADER, PLACEHOLDER_UNIT, items_of, make_template, template_rows
from engine.periods import parse_period
from engine.ruleset.model import Input, Provenance, Ruleset
from engine.scoring.score import score

SEMANTICS = Path(__file__).parent / "semantics"


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load(SEMANTICS / "ruleset.yaml")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return read_data([SEMANTICS / "data.yaml"])


def _fill(n: int) -> str:
    """The value typed into the n-th row: Indonesian decimals, now and then N/A."""
    return "N/A" if n % 7 == 3 else f"{80 + n % 20},5"


def _units_csv(dataset: Dataset) -> str:
    """The unit hierarchy as a units CSV, which a CSV template leaves to its own file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("unit", "name", "level", "parent"))
    writer.writerows((u.id, u.name, u.level, u.parent) for u in dataset.units)
    return out.getvalue()


def test_csv_round_trip(ruleset: Ruleset, dataset: Dataset, tmp_path: Path) -> None:
    text = make_template(ruleset, "csv", dataset)
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADER
    value = HEADER.index("value")
    for n, row in enumerate(rows[1:]):
        assert row[value] == "", "the template leaves every value blank"
        row[value] = _fill(n)
    filled = tmp_path / "isian.csv"
    with filled.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    (tmp_path / "unit.csv").write_text(_units_csv(dataset), encoding="utf-8")
    _score_all(ruleset, read_data([filled, tmp_path / "unit.csv"]), len(rows) - 1)


def test_xlsx_round_trip(ruleset: Ruleset, dataset: Dataset, tmp_path: Path) -> None:
    payload = make_template(ruleset, "xlsx", dataset)
    assert isinstance(payload, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(payload))
    assert wb.sheetnames == ["Instructions", "Data", "Unit", "Choices (instructions)"]
    data = wb["Data"]
    assert data.freeze_panes == "A2"
    assert tuple(c.value for c in data[1]) == HEADER
    column = HEADER.index("value") + 1
    for n, row in enumerate(data.iter_rows(min_row=2, min_col=column, max_col=column)):
        row[0].value = 80.25 + n if n % 5 else "N/A"
    filled = tmp_path / "isian.xlsx"
    wb.save(filled)
    _score_all(ruleset, read_data([filled]), data.max_row - 1)


def _score_all(ruleset: Ruleset, dataset: Dataset, expected: int) -> None:
    """Every template row came back as a value, and the year and each triwulan score."""
    assert dataset.value_count == expected
    for period in (None, "2024-TW1", "2024-S2"):
        result = score(ruleset, dataset, period)
        assert result.indicators, f"nothing scored for {period}"
    result = score(ruleset, dataset)
    assert any(r.capaian.value is not None for r in result.indicators)


def test_every_input_unit_and_period(ruleset: Ruleset, dataset: Dataset) -> None:
    rows = list(template_rows(ruleset, dataset, None))
    assert {r.variable for r in rows} == set(ruleset.inputs)
    quarterly = [r for r in rows if r.variable == "aduan_selesai"]
    assert [r.period for r in quarterly] == ["2024-TW1", "2024-TW2", "2024-TW3", "2024-TW4"]
    assert {r.unit for r in rows if r.variable == "skor_kelurahan"} == {
        "kel_a1",
        "kel_a2",
        "kel_b1",
    }
    for row in rows:
        assert parse_period(row.period).year == 2024


def test_period_limits_the_rows(ruleset: Ruleset, dataset: Dataset) -> None:
    rows = list(template_rows(ruleset, dataset, "2024-S1"))
    assert {r.period for r in rows if r.variable == "ikm"} == {"2024-TW1", "2024-TW2"}
    assert {r.period for r in rows if r.variable == "nilai"} == {"2024"}, "annual inputs stay"


def test_placeholder_unit_without_data(ruleset: Ruleset) -> None:
    rows = list(template_rows(ruleset, None, None))
    assert {r.unit for r in rows} == {PLACEHOLDER_UNIT}


def test_series_items() -> None:
    listed = Input(
        "rpd",
        "currency",
        "kota",
        "bulan",
        "sum",
        "bulan",
        ("1", "2"),
        "Rencana",
        "SIPD",
        Provenance(assumption="test"),
        Location(),
    )
    assert items_of(listed) == ["1", "2"]
    assert items_of(replace(listed, items=None)) == ["ITEM"]
    assert items_of(replace(listed, axis=None, items=None)) == [""]


def test_monthly_series_rows(ruleset: Ruleset) -> None:
    spec = Input(
        "rpd",
        "currency",
        None,
        "bulan",
        "sum",
        "program",
        ("p1", "p2"),
        "Rencana",
        "SIPD",
        Provenance(assumption="test"),
        Location(),
    )
    inputs = {"rpd": spec}
    rows = list(template_rows(replace(ruleset, inputs=inputs), None, None))
    assert len(rows) == 24
    assert rows[0].period == "2024-01" and rows[-1].period == "2024-12"
    assert {r.item for r in rows} == {"p1", "p2"}
    assert "Rencana" in rows[0].note and rows[0].source == "SIPD"
