"""HTML and XLSX reports, and the documented JSON form: offline, escaped, typed, schema-valid."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest

from dsl.i18n import set_language
from engine.api import load
from engine.data.model import Unit
from engine.data.read import read_data
from engine.render import render
from engine.render.charts import TONE_COLOURS, tone_of
from engine.render.html import main_label, to_html
from engine.render.xlsx import number_format, sheet_title, to_xlsx
from engine.ruleset.model import Rounding, Ruleset
from engine.scoring.result import (
    Diagnostic,
    IndicatorRow,
    Presented,
    RankRow,
    Result,
    ValueRow,
)
from engine.scoring.score import score

HERE = Path(__file__).parent
FIXTURES = HERE / "render_fixtures"
SEMANTICS = HERE / "semantics"
SCHEMA = json.loads((HERE.parents[1] / "schemas" / "result.schema.json").read_text())
EVIL = "<script>alert('x')</script>"
R2 = Rounding(2, "half_up")


class _Collector(HTMLParser):
    """Tags and attributes seen while parsing, to check what a browser would load or run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def fixture_ruleset() -> Ruleset:
    return load(FIXTURES / "ruleset_old.yaml")


@pytest.fixture(scope="module")
def fixture_result(fixture_ruleset: Ruleset) -> Result:
    return score(fixture_ruleset, read_data([FIXTURES / "data.yaml"]))


@pytest.fixture(scope="module")
def semantics_result() -> Result:
    return score(load(SEMANTICS / "ruleset.yaml"), read_data([SEMANTICS / "data.yaml"]))


def _fig(value: float | None, reason: str | None = None) -> Presented:
    return Presented(value, reason, R2)


def tiny_result(level: str | None = "kota") -> Result:
    """A hand-made result whose every user text is hostile."""
    unit = Unit("u&1", f"Unit {EVIL} & Co", level, None)
    row = IndicatorRow(
        unit.id,
        EVIL,
        "tahunan",
        _fig(100),
        _fig(None, f"no data {EVIL}"),
        _fig(None, "realisasi is N/A"),
        None,
        "capaian is N/A",
    )
    good = IndicatorRow(
        unit.id, "ok", "tahunan", _fig(100), _fig(95.5), _fig(95.5), "Sangat Tinggi", None
    )
    value = ValueRow(unit.id, f"nilai {EVIL}", "tahunan", _fig(80.123), "Tinggi")
    rank = RankRow(f"rank {EVIL}", unit.id, 1, EVIL, _fig(80.123), (None, 2.0), None)
    diag = Diagnostic("info", "N001", f"capaian N/A: {EVIL}", unit.id, EVIL, "tahunan")
    return Result(
        f"id {EVIL}",
        f"Title {EVIL}",
        "abc",
        "def",
        "0.1.0",
        "2024",
        (unit,),
        (row, good),
        (),
        (value,),
        (rank,),
        (diag,),
    )


# html ----------------------------------------------------------------------------------------


def test_html_is_self_contained(fixture_result: Result, fixture_ruleset: Ruleset) -> None:
    page = to_html(fixture_result, fixture_ruleset)
    parsed = _parse(page)
    for needle in ("http://", "https://", "src=", "@import", "url(", "<link", "<script"):
        assert needle not in page.casefold(), f"the report refers outside itself: {needle}"
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert parsed.tags.count("svg") >= 2, "a capaian chart per unit and a ranking chart"


def test_html_shows_provenance_and_labels(fixture_result: Result, fixture_ruleset: Ruleset) -> None:
    page = to_html(fixture_result, fixture_ruleset)
    for text in (
        fixture_result.ruleset_id,
        fixture_result.ruleset_hash,
        fixture_result.input_hash,
        fixture_result.perkin_version,
        "<th>Indicator</th>",
        "<th>Target</th>",
        "<th>Realisasi</th>",
        "<th>Capaian (%)</th>",
        "<th>Predikat</th>",
        "<th>Notes</th>",
        "Persentase aduan selesai",
        "@media print",
        "100%",
    ):
        assert text in page, f"missing {text!r}"
    assert 'class="pk pk-st">Sangat Tinggi' in page
    assert '<html lang="en">' in page


def test_html_labels_in_indonesian(fixture_result: Result, fixture_ruleset: Ruleset) -> None:
    set_language("id")
    page = to_html(fixture_result, fixture_ruleset)
    assert '<html lang="id">' in page
    for text in ("<th>Indikator</th>", "<th>Keterangan</th>", "<th>Periode</th>", "Kartu kinerja"):
        assert text in page, f"missing {text!r}"
    for english in ("<th>Indicator</th>", "<th>Notes</th>", "Scorecard", "Diagnostics"):
        assert english not in page, f"English left in the Indonesian report: {english!r}"


def test_html_shows_every_na_reason(semantics_result: Result) -> None:
    page = to_html(semantics_result)
    text = "".join(_parse(page).text)
    reasons = {
        f.reason
        for r in semantics_result.indicators
        for f in (r.target, r.realisasi, r.capaian)
        if f.reason
    }
    assert reasons, "the fixture has N/A figures"
    for reason in reasons:
        assert reason in text, f"N/A reason not shown: {reason}"


def test_html_derivation_has_full_precision(semantics_result: Result) -> None:
    page = to_html(semantics_result)
    assert "<details>" in page
    # third_decimal's realisasi is 121.3875, shown 121.39 (two decimals, half up)
    assert "<code>121.3875</code> → 121.39 (rounded half up to 2 decimals)" in page
    set_language("id")
    page = to_html(semantics_result)
    assert "<code>121,3875</code> → 121,39 (dibulatkan ke 2 desimal, setengah ke atas)" in page


def test_html_escapes_user_text() -> None:
    page = to_html(tiny_result())
    parsed = _parse(page)
    assert "<script" not in page
    assert "script" not in parsed.tags
    assert "&lt;script&gt;" in page
    assert EVIL in "".join(parsed.text), "the hostile name is shown as text"


def test_render_dispatch(fixture_result: Result) -> None:
    assert isinstance(render(fixture_result, "html"), str)
    assert isinstance(render(fixture_result, "xlsx"), bytes)


@pytest.mark.parametrize(
    ("label", "tone"),
    [
        ("Sangat Tinggi", "st"),
        ("Tinggi", "t"),
        ("Sedang", "s"),
        ("Rendah", "r"),
        ("Sangat Rendah", "sr"),
        ("A (Sangat Baik)", "st"),
        ("B (Baik)", "t"),
        ("C (Kurang Baik)", "r"),
        ("D (Tidak Baik)", "sr"),
        ("Peringkat I", "x"),
        ("WTP", "x"),
    ],
)
def test_predikat_tone(label: str, tone: str) -> None:
    assert tone_of(label) == tone


@pytest.mark.parametrize(
    ("period", "label"), [("2024", "tahunan"), ("2024-TW2", "TW2"), ("2024-S1", "S1")]
)
def test_main_label(period: str, label: str) -> None:
    assert main_label(period) == label


# xlsx ----------------------------------------------------------------------------------------


def _workbook(result: Result, ruleset: Ruleset | None = None) -> Any:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(result, ruleset)))


def test_xlsx_sheets_and_frozen_headers(fixture_result: Result, fixture_ruleset: Ruleset) -> None:
    wb = _workbook(fixture_result, fixture_ruleset)
    assert wb.sheetnames == ["Summary", "Level kecamatan", "Scores", "Rankings", "Diagnostics"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", f"{ws.title}: header not frozen"
        assert ws["A1"].font.bold, f"{ws.title}: header not bold"


def test_xlsx_levels_in_unit_order(semantics_result: Result) -> None:
    wb = _workbook(semantics_result)
    levels = [name for name in wb.sheetnames if name.startswith("Level ")]
    assert levels == ["Level kota", "Level kecamatan", "Level kelurahan"]


def test_xlsx_numbers_are_numbers(fixture_result: Result) -> None:
    ws = _workbook(fixture_result)["Level kecamatan"]
    header = [c.value for c in ws[1]]
    cap, pred = header.index("Capaian (%)") + 1, header.index("Predikat") + 1
    remarks = header.index("Remarks") + 1
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(fixture_result.indicators)
    for row, source in zip(rows, fixture_result.indicators, strict=True):
        cell = row[cap - 1]
        if source.capaian.rounded is None:
            assert cell.value is None, "an N/A is an empty cell"
            # each reason once, after the parts it applies to ('Realisasi, Capaian (%) N/A: …')
            said = re.escape(str(source.capaian.reason))
            assert re.search(rf"Capaian \(%\)[^;:]* N/A: {said}", row[remarks - 1].value)
        else:
            assert cell.value == source.capaian.rounded and cell.number_format == "#,##0.00"
        if source.predikat:
            assert row[pred - 1].fill.fgColor.rgb == "FF" + TONE_COLOURS[tone_of(source.predikat)]


def test_xlsx_summary_and_diagnostics(fixture_result: Result) -> None:
    wb = _workbook(fixture_result)
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Ruleset"] == fixture_result.ruleset_id
    n001 = sum(1 for d in fixture_result.diagnostics if d.code == "N001")
    assert summary["capaian N/A"] == n001  # a capaian without target is not missing: no N001
    messages = [row[6] for row in wb["Diagnostics"].iter_rows(min_row=2, values_only=True)]
    reasons = {
        f.reason
        for r in fixture_result.indicators
        for f in (r.target, r.realisasi, r.capaian)
        if f.reason
    }
    assert reasons <= set(messages)


def test_xlsx_single_sheet_without_levels() -> None:
    wb = _workbook(tiny_result(level=None))
    assert wb.sheetnames == ["Summary", "Indicators", "Scores", "Rankings", "Diagnostics"]
    assert wb["Indicators"]["C2"].value == EVIL, "user text is stored as text, untouched"


@pytest.mark.parametrize(
    ("decimals", "fmt"), [(0, "#,##0"), (1, "#,##0.0"), (2, "#,##0.00"), (-1, "#,##0")]
)
def test_number_format(decimals: int, fmt: str) -> None:
    assert number_format(decimals) == fmt


def test_sheet_title_is_legal() -> None:
    assert sheet_title("Level a/b:c" + "x" * 40) == ("Level a_b_c" + "x" * 40)[:31]


# json schema ---------------------------------------------------------------------------------


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("which", ["semantics", "fixture", "tiny"])
def test_result_json_matches_schema(
    which: str, semantics_result: Result, fixture_result: Result
) -> None:
    result = {"semantics": semantics_result, "fixture": fixture_result, "tiny": tiny_result()}[
        which
    ]
    document = json.loads(result.to_json())
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
