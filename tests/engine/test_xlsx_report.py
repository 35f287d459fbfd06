"""The XLSX report as offices want it: numbers with thousands separators, Rupiah where the ruleset
says so, N/A as an empty cell with its reason beside it, the counts every view states."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dsl.i18n import set_language
from dsl.values import NaKind
from engine.api import load
from engine.data.read import read_data
from engine.render.counts import counts
from engine.render.xlsx import to_xlsx
from engine.ruleset.model import Ruleset
from engine.ruleset.money import rupiah_names
from engine.scoring.result import Result
from engine.scoring.score import score

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load(ROOT / "rulesets" / "2024")


@pytest.fixture(scope="module")
def result(ruleset: Ruleset) -> Result:
    return score(ruleset, read_data([ROOT / "examples" / "2024"]))


def _workbook(result: Result, ruleset: Ruleset) -> Any:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(result, ruleset)))


def _table(ws: Any) -> list[dict[str, Any]]:
    """A sheet's rows as {header: cell}."""
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def test_rupiah_is_what_the_ruleset_marks(ruleset: Ruleset) -> None:
    money = rupiah_names(ruleset).figures
    # figures that are an input of kind currency by name, rolled up or not
    assert {"anggaran_belanja", "realisasi_belanja", "anggaran_program"} <= money
    # a percentage computed from Rupiah amounts is not an amount
    assert not {"penyerapan_belanja", "penyerapan_anggaran", "efisiensi"} & money


def test_rupiah_indicator_by_satuan() -> None:
    lurah = load(ROOT / "rulesets" / "2016")
    marked = [i.id for i in lurah.indicators.values() if (i.satuan or "") == "Rp"]
    assert marked == ["pbb"] and set(marked) <= rupiah_names(lurah).indicators
    result = score(lurah, read_data([ROOT / "examples" / "2016"]))
    rows = _table(_workbook(result, lurah)["Level kelurahan"])
    pbb = next(r for r in rows if r["Indicator"].value == "pbb" and r["Target"].value)
    assert pbb["Target"].number_format == pbb["Realisasi"].number_format == '"Rp "#,##0'
    assert pbb["Capaian (%)"].number_format == "#,##0.00", "a capaian is a percentage"


def test_number_formats(result: Result, ruleset: Ruleset) -> None:
    rows = _table(_workbook(result, ruleset)["Scores"])
    formats = {r["Name"].value: r["Value"].number_format for r in rows if r["Value"].value}
    assert formats["anggaran_belanja"] == '"Rp "#,##0'
    assert formats["penyerapan_anggaran"] == "#,##0.00"
    assert formats["jumlah_indikator_output"] == "#,##0"


def test_na_is_an_empty_cell_with_its_reason(result: Result, ruleset: Ruleset) -> None:
    wb = _workbook(result, ruleset)
    numbers = {
        "Level kota": ("Target", "Realisasi", "Capaian (%)"),
        "Scores": ("Value",),
    }
    empty = 0
    for sheet, columns in numbers.items():
        for row in _table(wb[sheet]):
            for column in columns:
                value = row[column].value
                assert value is None or isinstance(value, int | float), (sheet, column, value)
                if value is None:
                    empty += 1
                    assert "N/A: " in row["Remarks"].value
    assert empty, "the 2024 example has N/A numbers"


def test_summary_counts_agree_with_json_and_counts(result: Result, ruleset: Ruleset) -> None:
    summary = {
        row[0]: row[1]
        for row in _workbook(result, ruleset)["Summary"].iter_rows(min_row=2, values_only=True)
    }
    doc = json.loads(result.to_json())
    c = counts(result, ruleset)
    assert summary["units"] == len(doc["units"]) == c.units
    assert summary["indicator rows"] == len(doc["indicators"]) == c.indicator_rows
    assert summary["scores"] == len(doc["scores"]) == c.scores
    assert summary["figures"] == len(doc["figures"]) == c.figures
    capaian = [r["capaian"] for r in doc["indicators"] if "na" in r["capaian"]]
    no_target = sum(1 for cap in capaian if cap.get("na_kind") == "no_target")
    assert summary["capaian N/A"] == len(capaian) - no_target == c.capaian_na
    assert summary["capaian without target"] == no_target == c.capaian_no_target
    numbers = [r[p] for r in doc["indicators"] for p in ("target", "realisasi", "capaian")]
    numbers += [*doc["scores"], *doc["figures"], *(r["value"] for r in doc["rankings"])]
    kinds = Counter(n.get("na_kind", "derived") for n in numbers if "na" in n)
    assert summary["N/A: no data"] == kinds["no_data"] == c.na_by_kind[NaKind.NO_DATA]
    assert summary["N/A: follows from another N/A"] == kinds["derived"]


def test_labels_in_indonesian(result: Result, ruleset: Ruleset) -> None:
    set_language("id")
    wb = _workbook(result, ruleset)
    assert wb.sheetnames == [
        "Ringkasan", "Tingkat kota", "Nilai", "Peringkat", "Perbandingan", "Diagnostik",
    ]  # fmt: skip
    assert [c.value for c in wb["Nilai"][1]] == [
        "Unit", "Nama unit", "Nama", "Jenis", "Periode", "Nilai", "Predikat", "Keterangan",
    ]  # fmt: skip
    summary = [row[0] for row in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)]
    assert {"Judul", "unit", "baris indikator", "N/A: tidak ada data"} <= set(summary)
