"""What the HTML reports of the example years show: scored units as sections, other levels as
tables, numbers as offices write them, no empty chart, no legend without predikat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from dsl.i18n import set_language
from engine.render.charts import capaian_chart, fit_lines, rank_chart, text_width
from engine.ruleset.model import Rounding
from engine.scoring.result import Presented
from engine.scoring.score import perkin_version

ROOT = Path(__file__).resolve().parents[2]
R2 = Rounding(2, "half_up")


def report(year: str, lang: str = "id") -> str:
    """The documented command's HTML report, in Indonesian unless told."""
    ruleset, data = ROOT / "rulesets" / year, ROOT / "examples" / year
    args = ["--lang", lang, "evaluate", str(ruleset), str(data), "--format", "html", "--quiet"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    out = {year: report(year) for year in ("2020", "2022", "2024")}
    set_language("en")
    return out


def sections(page: str, css: str) -> list[str]:
    """The <section> elements whose class list holds `css`, as text."""
    return re.findall(rf'<section class="[^"]*\b{css}\b[^"]*"[^>]*>.*?</section>', page, re.S)


def test_2024_only_scored_units_have_sections(pages: dict[str, str]) -> None:
    page = pages["2024"]
    units = sections(page, "unit")
    assert len(units) == 1 and "<h2>Kota Administrasi Jakarta Pusat</h2>" in units[0]
    assert "<h2>Unit yang dinilai: Tingkat kelurahan</h2>" in page
    others = page[page.index('id="others"') :]
    for name in ("Belanja Modal", "Program Pengelolaan Kecamatan", "Asisten Pemerintahan"):
        assert f"<h2>{name}</h2>" not in page, f"{name} has a page of its own"
        assert name in others, f"{name} is missing from the other units"
    for level in ("Tingkat program", "Tingkat belanja", "Tingkat rincian belanja"):
        assert f"<h3>{level}</h3>" in others


def test_2024_counts_come_from_the_counts_module(pages: dict[str, str]) -> None:
    page = pages["2024"]
    for line in ("<b>74</b> unit<", "<b>45</b> unit yang dinilai", "<b>61</b> baris indikator"):
        assert line in page, line


def test_2024_numbers_as_offices_write_them(pages: dict[str, str]) -> None:
    page = pages["2024"]
    own = re.sub(r"<dt>Sumber</dt><dd>.*?</dd>", "", page)  # the ruleset's citations as written
    text = re.sub(r"<[^>]+>", " ", own.split("<body>", 1)[1]).replace(perkin_version(), "")
    assert "104,09" in text and "779.977.900.621" in text
    assert not re.search(r"\d\.\d{1,2}\b|\d\.\d{4,}", text), "a number written the English way"
    assert "half_up" not in text and "desimal, setengah ke atas" in text
    assert '<p class="legend">Predikat: <span class="pk pk-st">Sangat Tinggi</span>' in page


def test_2022_without_targets_shows_no_red_na(pages: dict[str, str]) -> None:
    page = pages["2022"]
    assert 'class="na gap' not in page, "no target is no gap in the data"
    # the target and capaian do not apply: left out of each scorecard, the reason in each row
    notes = '<span class="reason">Target, Capaian N/A: pelayanan_publik tidak memiliki target'
    assert page.count(notes) == 12
    left_out = (
        "Tidak ditampilkan karena tidak ada baris yang memilikinya: Target, Capaian (%), Predikat."
    )
    assert page.count(left_out) == 12, "each kecamatan's scorecard says what it leaves out"
    assert "<th>Target</th>" not in page
    assert 'class="legend"' not in page, "a predikat legend for a ruleset without predikat"
    assert page.count("<svg") == 1, "only the ranking chart: no capaian to chart"
    assert "<b>0</b> capaian N/A" in page
    assert "<b>72</b> capaian tanpa target" in page


def test_na_marked_by_kind(pages: dict[str, str]) -> None:
    page = pages["2024"]  # no data for some TW realisasi; no target declared for S1 and S2
    assert '<span class="na gap">N/A</span>' in page, "a gap in the data stands out"
    assert '<span class="na">N/A</span>' in page, "an N/A by design is plain"


def test_report_language_follows_the_option() -> None:
    english = report("2022", "en")
    assert '<html lang="en">' in english and "<th>Indicator</th>" in english
    assert "<th>Indikator</th>" not in english


# charts ---------------------------------------------------------------------------------------


def test_fit_lines_wraps_then_ends_with_an_ellipsis() -> None:
    words = "Persentase Implementasi Pengembangan Kompetensi PNS Pemerintah Provinsi DKI Jakarta"
    lines = fit_lines(words, 150)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(text_width(line) <= 150 for line in lines)
    assert fit_lines("Nilai kualitas data SDI", 300) == ["Nilai kualitas data SDI"]


def test_a_word_longer_than_the_width_is_cut() -> None:
    (line,) = fit_lines("Pertanggungjawaban", 40, lines=1)
    assert line.endswith("…") and text_width(line) <= 40


def test_no_chart_without_a_value() -> None:
    na = Presented(None, "no data", R2)
    assert capaian_chart([("a", na, None), ("b", na, None)]) == ""
    assert rank_chart([("Unit A", None, na)]) == ""
    shown = capaian_chart([("a", Presented(104.09, None, R2), "Sangat Tinggi"), ("b", na, None)])
    assert shown.startswith("<svg") and "104.09" in shown and "<title>b</title>" in shown
