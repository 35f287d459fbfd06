"""Names a person reads are the right ones: two indicators, scores or rankings that read the same
carry their ids in every view (engine/ruleset/names.py), in the language of the view."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from dsl.i18n import set_language
from engine.api import evaluate
from engine.render.html import ranking_section
from engine.render.show import show_markdown
from engine.render.show_scores import score_rows
from engine.render.summary import summarize
from engine.render.summary_text import summary_markdown
from engine.ruleset.loader import load_ruleset
from engine.ruleset.names import ShownNames

ROOT = Path(__file__).resolve().parents[2]

RULESET = """\
id: dua_nama
title: Dua nama
year: 2024
levels: {kota: null, kecamatan: kota}
inputs:
  ikm: {kind: number, level: [kota, kecamatan], period: tahunan, assumption: t}
  ek: {kind: number, level: kecamatan, period: tahunan, assumption: t}
indicators:
  ikm_kota:
    name: Indeks Kepuasan Masyarakat
    level: kota
    realisasi: ikm
    target: {tahunan: 80, assumption: t}
    assumption: t
  ikm_kecamatan:
    name: "indeks kepuasan  masyarakat"
    level: kecamatan
    realisasi: ikm
    target: {tahunan: 80, assumption: t}
    assumption: t
  ek_kecamatan:
    name: Indeks Efektivitas Koordinasi
    level: kecamatan
    realisasi: ek
    target: {tahunan: 85, assumption: t}
    assumption: t
scores:
  nilai_a:
    title: Nilai Kinerja
    level: kecamatan
    method: mean
    of: capaian
    indicators: [ikm_kecamatan]
    assumption: t
  nilai_b:
    title: Nilai Kinerja
    level: kecamatan
    method: mean
    of: capaian
    indicators: [ikm_kecamatan, ek_kecamatan]
    assumption: t
rankings:
  peringkat_a:
    title: Peringkat Kecamatan
    level: kecamatan
    by: nilai_a
    tie_breakers: [{by: nilai_b, order: desc}]
    assumption: t
  peringkat_b: {title: Peringkat Kecamatan, level: kecamatan, by: nilai_b, assumption: t}
"""
UNITS = "unit;name;level;parent\nkota_x;Kota X;kota;\nkec_a;Kecamatan A;kecamatan;kota_x\n"
UNITS += "kec_b;Kecamatan B;kecamatan;kota_x\n"
DATA = "unit;period;ikm;ek\nkota_x;2024;84;\nkec_a;2024;82;90\nkec_b;2024;78;80\n"


@pytest.fixture
def twins(tmp_path: Path) -> Path:
    """A ruleset whose indicators (at two levels, spaced and cased differently), scores and
    rankings come in pairs of one name, with its units and data."""
    (tmp_path / "ruleset.yaml").write_text(RULESET, encoding="utf-8")
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "data.csv").write_text(DATA, encoding="utf-8")
    return tmp_path


def test_names_two_share_carry_their_ids(twins: Path) -> None:
    names = ShownNames.of(load_ruleset(twins / "ruleset.yaml"))
    assert names.indicators == {
        "ikm_kota": "Indeks Kepuasan Masyarakat (ikm_kota)",
        "ikm_kecamatan": "indeks kepuasan  masyarakat (ikm_kecamatan)",
        "ek_kecamatan": "Indeks Efektivitas Koordinasi",  # its own name: as written
    }
    assert names.scores == {
        "nilai_a": "Nilai Kinerja (nilai_a)",
        "nilai_b": "Nilai Kinerja (nilai_b)",
    }
    assert names.rankings == {
        "peringkat_a": "Peringkat Kecamatan (peringkat_a)",
        "peringkat_b": "Peringkat Kecamatan (peringkat_b)",
    }
    # a part is known by its indicator's name; an input by its id
    assert names.title_of("ikm_kota.capaian") == "Indeks Kepuasan Masyarakat (ikm_kota)"
    assert names.title_of("ek") == "ek"


def test_summary_tells_the_twins_apart(twins: Path) -> None:
    ruleset, result, _found = evaluate(
        twins / "ruleset.yaml", [twins / "units.csv", twins / "data.csv"], None, (), False
    )
    text = summary_markdown(summarize(result, ruleset, "kecamatan"))
    assert "| indeks kepuasan  masyarakat (ikm_kecamatan) |  | 80.00 | 82.00 | 102.50 |  |" in text
    assert "| Nilai Kinerja (nilai_b) |  |  |  | 104.19 |  |" in text  # the group's mean
    assert "| Nilai Kinerja (nilai_a) | 102.50 |  |" in text  # a headline score
    assert "## Peringkat Kecamatan (peringkat_a)" in text
    assert "| Rank | Unit | Nilai Kinerja (nilai_b) | Award | Note |" in text
    at_kota = summary_markdown(summarize(result, ruleset))
    assert "| Indeks Kepuasan Masyarakat (ikm_kota) |  | 80.00 | 84.00 | 105.00 |  |" in at_kota
    assert "Peringkat Kecamatan (peringkat_b) (kecamatan)" in at_kota  # the hidden ranking


def test_html_ranking_and_show_tell_the_twins_apart(twins: Path) -> None:
    ruleset, result, _found = evaluate(
        twins / "ruleset.yaml", [twins / "units.csv", twins / "data.csv"], None, (), False
    )
    assert "<h2>Ranking: Peringkat Kecamatan (peringkat_b)</h2>" in ranking_section(
        result, ruleset, "peringkat_b"
    )
    assert [row[0] for row in score_rows(ruleset, False, False)[0][1]] == [
        "Nilai Kinerja (nilai_a)",
        "Nilai Kinerja (nilai_b)",
    ]
    shown = show_markdown(ruleset, False, False)
    assert "| indeks kepuasan  masyarakat (ikm_kecamatan) |" in shown
    assert "| Indeks Kepuasan Masyarakat (ikm_kota) |" in shown


def test_2023_prints_iklka_twice_and_every_view_tells_which() -> None:
    """2023 prints 'Indeks Kepuasan Layanan Kota Administrasi' for the Kecamatan (001:78) and for
    the Kota (001:81), at one level."""
    args = ["evaluate", "rulesets/2023", "examples/2023", "--quiet"]
    for lang in ("en", "id"):
        for fmt in ("md", "html"):
            res = CliRunner().invoke(
                cli.main, ["--lang", lang, *args, "--format", fmt], catch_exceptions=False
            )
            assert res.exit_code == 0, res.stderr
            for twin in ("iklka_kecamatan", "iklka_kota"):
                assert f"Indeks Kepuasan Layanan Kota Administrasi ({twin})" in res.stdout
            assert "Indeks Kepuasan Layanan Kota Administrasi |" not in res.stdout
    shown = CliRunner().invoke(cli.main, ["show", "rulesets/2023", "--format", "md"])
    assert "| 1.2. Indeks Kepuasan Layanan Kota Administrasi (iklka_kota) |" in shown.stdout


def test_names_are_in_the_language_of_the_view() -> None:
    set_language("id")
    ruleset = load_ruleset(ROOT / "rulesets" / "2024")
    set_language("en")
    among = "Indeks Kepuasan Layanan Kota Administrasi among the peers"
    assert ShownNames.of(ruleset).ranking("peringkat_iklka") == among


def test_a_tie_note_names_the_twin_scores(twins: Path) -> None:
    (twins / "data.csv").write_text(
        "unit;period;ikm;ek\nkota_x;2024;84;\nkec_a;2024;80;80\nkec_b;2024;80;90\n", "utf-8"
    )
    _ruleset, result, _found = evaluate(
        twins / "ruleset.yaml", [twins / "units.csv", twins / "data.csv"], None, (), False
    )
    notes = [(r.unit, r.note) for r in result.rankings if r.ranking == "peringkat_a"]
    assert notes == [
        ("kec_b", None),
        (
            "kec_a",
            "tied with Kecamatan B on Nilai Kinerja (nilai_a); "
            "separated by Nilai Kinerja (nilai_b)",
        ),
    ]
