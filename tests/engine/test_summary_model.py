"""The summary model (engine/render/summary.py) and its HTML section, on the bundled rulesets
and the hostile-names corpus."""

from __future__ import annotations

import dataclasses
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dsl.i18n import set_language
from dsl.values import NaKind
from engine.api import evaluate
from engine.render.html_summary import summary_html
from engine.render.summary import Summary, summarize
from engine.render.summary_text import period_ranges
from engine.ruleset.model import Ruleset
from engine.scoring.result import Result

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "hostile" / "output"


@cache
def scored(year: str) -> tuple[Ruleset, Result]:
    loaded, result, _found = evaluate(
        ROOT / "rulesets" / year, [ROOT / "examples" / year], None, (), False
    )
    return loaded, result


def summary(year: str, level: str | None = None, units: tuple[str, ...] = ()) -> Summary:
    ruleset, result = scored(year)
    return summarize(result, ruleset, level, units)


def test_2024_one_pk_table_with_the_sasaran_2_mean() -> None:
    s = summary("2024")
    assert [t.unit.id for t in s.tables] == ["jakarta_pusat"]
    table = s.tables[0]
    assert len(table.sasaran) == 14
    assert sum(len(b.lines) for b in table.sasaran) == 15
    # Tabel 18: only sasaran 2 has two indicators, (101.50 + 106.88) / 2 = 104.19
    means = [(b.lines[0].no, b.mean) for b in table.sasaran if b.mean is not None]
    assert [(no, m.id, m.value.office_text()) for no, m in means] == [("2", "sasaran_02", "104.19")]
    assert [(n.id, n.value.office_text()) for n in table.scores] == [
        ("capaian_sasaran_strategis", "104.14"),
        # the reported implementation score 88.24 (003:2738), in the kinerja_anggaran bands
        ("kinerja_implementasi", "88.24"),
        # the Inspektorat's SAKIP 2023 evaluation: 25.50 + 25.50 + 12.75 + 22.00 (003:920-925)
        ("nilai_sakip_2023", "85.75"),
    ]


def test_2024_hides_periods_figures_and_lower_units() -> None:
    hidden = summary("2024").hidden
    months = tuple(f"B{m:02d}" for m in range(1, 13))
    assert hidden.periods == ("S1", "S2", "TW1", "TW2", "TW3", "TW4", *months)
    assert hidden.units == 73  # 74 units (units.csv) but the kota
    assert hidden.figures > 0 and hidden.level is None


def test_na_counts_per_kind_come_from_counts() -> None:
    s = summary("2024")
    assert dict(s.na) == s.counts.na_by_kind
    assert NaKind.NO_DATA in dict(s.na)


def test_2016_group_mean_and_the_rankings_of_the_level() -> None:
    s = summary("2016")
    assert [t.unit.id for t in s.tables] == ["kec_cempaka_putih", "kec_johar_baru", "kec_menteng"]
    block = s.tables[0].sasaran[0]
    assert block.text is None and block.mean is not None
    assert block.mean.id == "nilai_camat_sendiri"
    assert [r.id for r in s.rankings] == ["peringkat_camat"]
    assert s.hidden.rankings == (("Peringkat Lurah", "kelurahan"),)


def test_2022_too_many_units_for_a_table_each() -> None:
    s = summary("2022")
    assert s.tables == () and s.recap is None
    assert s.hidden.level == "kecamatan"
    assert s.hidden.units == 1  # the kota; the 12 kecamatan are the level without tables
    places = [(p.rank, p.unit, p.award) for p in s.rankings[0].places[:3]]
    assert places == [
        (1, "Kecamatan Rawalumbu", "Peringkat I"),
        (2, "Kecamatan Bekasi Selatan", "Peringkat II"),
        (3, "Kecamatan Jatiasih", "Peringkat III"),
    ]


def test_without_a_ranking_a_recap_of_scores() -> None:
    ruleset, result = scored("2022")
    s = summarize(result, dataclasses.replace(ruleset, rankings={}))
    assert s.recap is not None and s.rankings == ()
    assert s.recap.titles == ("Nilai akhir kinerja kecamatan",)
    rows = {name: values[0] for name, values in s.recap.rows}
    assert len(rows) == 12
    rawalumbu = rows["Kecamatan Rawalumbu"]
    assert rawalumbu is not None and rawalumbu.value.office_text() == "86.44"


def test_level_and_units_choose_the_tables() -> None:
    assert len(summary("2022", level="kecamatan").tables) == 12
    assert [t.unit.id for t in summary("2022", units=("jatiasih",)).tables] == ["jatiasih"]


@pytest.mark.parametrize(
    ("labels", "text"),
    [
        (("S1", "S2", "TW1", "TW2", "TW3", "TW4"), "S1–S2, TW1–TW4"),
        (("TW1", "TW3", "B01", "B02"), "TW1, TW3, B01–B02"),
        (("B04",), "B04"),
    ],
)
def test_period_ranges(labels: tuple[str, ...], text: str) -> None:
    assert period_ranges(labels) == text


class _Tags(HTMLParser):
    """The elements of an HTML fragment, checking every opened element is closed."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.open.append(tag)
        self.seen.add(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag


def test_html_section_escapes_every_name() -> None:
    loaded, result, _found = evaluate(
        HOSTILE / "ruleset.yaml", [HOSTILE / "data.csv", HOSTILE / "units.yaml"], None, (), False
    )
    html = summary_html(summarize(result, loaded))
    assert "<script>" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tags = _Tags()
    tags.feed(html)
    assert tags.open == [] and tags.seen <= {"section", "h2", "h3", "h4", "p", "table", "thead"} | {
        "tbody",
        "tr",
        "th",
        "td",
        "ul",
        "li",
        "span",
    }


def test_html_section_in_indonesian() -> None:
    set_language("id")
    html = summary_html(summary("2024"))
    assert html.startswith('<section class="summary">') and html.endswith("</section>")
    assert "<th>Indikator</th>" in html and "<td>104,19</td>" in html
    assert '<tr class="group"><th colspan="7">Sasaran Strategis</th></tr>' in html
    assert '<span class="pk pk-st">Sangat Tinggi</span>' in html


ONE_EACH = """\
perkin: 1
id: sasaran_satu
title: Satu indikator per sasaran
year: 2024
levels: {kota: null}
cadence: tahunan
inputs:
  x: {kind: number, level: kota, assumption: t}
  y: {kind: number, level: kota, assumption: t}
indicators:
  a: {name: Indikator A, sasaran: Satu, level: kota, realisasi: x,
      target: {tahunan: 10, assumption: t}, assumption: t}
  b: {name: Indikator B, sasaran: Dua, level: kota, realisasi: y,
      target: {tahunan: 10, assumption: t}, assumption: t}
scores:
  sasaran_1: {method: mean, of: capaian, indicators: [a], level: kota, assumption: t}
  sasaran_2: {method: mean, of: capaian, indicators: [b], level: kota, assumption: t}
"""


def test_a_mean_of_one_indicator_is_left_out_only_when_it_repeats_it(tmp_path: Path) -> None:
    """Sasaran Satu: the mean of a's capaian 80 is 80, the same number: left out. Sasaran Dua:
    b's realisasi is reported N/A, so its capaian is N/A for that reason, and the mean is N/A
    for another ("every indicator is N/A", kind derived): shown, else its reason is in no
    summary view."""
    (tmp_path / "r.yaml").write_text(ONE_EACH, encoding="utf-8")
    (tmp_path / "d.csv").write_text("unit,level,parent,period,x,y\nkota,kota,,2024,8,N/A\n")
    ruleset, result, _found = evaluate(tmp_path / "r.yaml", [tmp_path / "d.csv"], None, (), False)
    blocks = summarize(result, ruleset, None, ()).tables[0].sasaran
    shown = {b.lines[0].name: b.mean for b in blocks}
    assert shown["Indikator A"] is None
    mean = shown["Indikator B"]
    assert mean is not None and mean.id == "sasaran_2"
    assert (mean.value.reason, mean.value.kind) == ("every indicator is N/A", NaKind.DERIVED)
