"""`perkin evaluate`'s default view: the summary (PK table of the chosen period, sasaran means,
headline scores, rankings, N/A per kind, what is hidden), its filters and --detail."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cli
from tests.conftest import check_golden

ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def evaluate(year: str, *args: str, lang: str = "en") -> str:
    res = run("--lang", lang, "evaluate", f"rulesets/{year}", f"examples/{year}", "--quiet", *args)
    assert res.exit_code == 0, res.stderr
    return res.stdout


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("year", ["2024", "2022"])
def test_summary_golden(year: str, lang: str) -> None:
    check_golden(f"summary_{year}_{lang}.md", evaluate(year, lang=lang))


def test_summary_2024_is_the_pk_table_of_the_year() -> None:
    text = evaluate("2024", lang="id")
    # a screenful: the PK table, and a comparison row for each of the 12 indicators whose
    # earlier years the history file gives
    assert len(text.splitlines()) <= 66
    # the names printed in the PK, office numbers, Tabel 16's capaian and the sasaran 2 mean
    assert (
        "| 1. Indeks Kepuasan Layanan Kota Administrasi | Nilai | 93,93 | 97,77 | 104,09 "
        "| Sangat Tinggi |" in text
    )
    assert "|  | Rata-rata capaian sasaran |  |  |  | 104,19 | Sangat Tinggi |" in text
    assert text.count("Rata-rata capaian sasaran") == 1  # the other 13 sasaran have one indicator
    assert "| Capaian IKSS per Perangkat Daerah (CSS) | 104,14 |  |" in text
    assert "iklka" not in text and "| S1 |" not in text and "nilai_kinerja_anggaran" not in text
    assert "periode S1–S2, TW1–TW4, B01–B12 — tampilkan dengan --detail" in text


def test_detail_shows_what_the_summary_hides() -> None:
    summary = evaluate("2024")
    detail = evaluate("2024", "--detail")
    for hidden in (
        "| jakarta_pusat | iklka | S1 |",
        "| jakarta_pusat | nilai_kinerja_anggaran | tahunan |",
        "| kec_menteng | ikm | tahunan |",
    ):
        assert hidden not in summary and hidden in detail
    assert detail == evaluate("2024", "--format", "md", "--detail")


def test_md_without_detail_is_the_summary() -> None:
    assert evaluate("2022", "--format", "md") == evaluate("2022")


def test_2022_headline_is_the_ranking() -> None:
    text = evaluate("2022")
    assert "| 1 | Kecamatan Rawalumbu | 86.44 | Peringkat I |  |" in text
    assert (
        "| 6 | Kecamatan Medan Satria | 80.50 | Harapan III | tie for the Tim Penilai to decide |"
        in (text)
    )
    assert "Pelayanan Publik Tingkat Kecamatan" not in text  # 12 PK tables are too many by default
    assert "--level kecamatan" in text


def test_level_shows_a_table_per_unit_of_the_level() -> None:
    text = evaluate("2022", "--level", "kecamatan")
    assert text.count("(kecamatan)\n") == 12
    assert text.count("| 1. Pelayanan Publik Tingkat Kecamatan |") == 12


def test_unit_shows_its_table_and_its_place() -> None:
    text = evaluate("2022", "--unit", "rawalumbu")
    assert "## Kecamatan Rawalumbu (kecamatan)" in text
    # the decree names no sasaran: no empty Sasaran column
    assert "\n| Indicator | Unit of measure | Target | Realisasi | Capaian | Predikat |\n" in text
    na = "N/A (no target for the period)"  # the reason is pelayanan_publik has no target
    assert (
        f"| 1. Pelayanan Publik Tingkat Kecamatan | nilai (0-100) | N/A | 88.40 | {na} |  |" in text
    )
    assert "| Nilai akhir kinerja kecamatan | 86.44 |  |" in text
    assert "| 1 | Kecamatan Rawalumbu | 86.44 | Peringkat I |  |" in text
    assert "Bekasi Selatan" not in text


def test_unit_and_level_show_the_units_below() -> None:
    text = evaluate("2024", "--unit", "kec_menteng", "--level", "kelurahan")
    assert text.count("(kelurahan)\n") == 5  # Cikini, Gondangdia, Kebon Sirih, Menteng, Pegangsaan
    assert "## Cikini (kelurahan)\n\n### Headline scores" in text  # no empty PK table
    assert (
        '| Tabel 31 "Rata-rata" dan "Mutu SKM 2024" per kelurahan | 99.94 | A (Sangat Baik) |'
        in (text)
    )


def test_unknown_level_is_a_usage_error() -> None:
    res = run("evaluate", "rulesets/2024", "examples/2024", "--level", "kelurhan")
    assert res.exit_code == 2
    assert "unknown level 'kelurhan'; did you mean 'kelurahan'?" in res.stderr


def test_other_period_and_its_na_reasons() -> None:
    text = evaluate("2024", "--period", "TW2")
    assert "Period: 2024-TW2" in text
    assert (
        "| 11. Persentase Implementasi Penerapan Manajemen Resiko | % | 40.00 | N/A "
        "| N/A (no data) |  |" in text
    )
    assert "periods B04–B06" in text


def test_every_bundled_ruleset_has_a_short_summary() -> None:
    for year in ("2016", "2020", "2022", "2023", "2024"):
        text = evaluate(year)
        assert len(text.splitlines()) <= 80, year
        assert "show them with --detail" in text, year


def test_terminal_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "400")
    text = evaluate("2024", lang="id")
    assert "Rata-rata capaian sasaran" in text and "104,19" in text
    # 292 + the 6 Renstra figures (renstra.yaml) + 43 capaian of earlier years and the 8 figures
    # naming Bab I's KPA, SAKIP, PMPRB and Tabel 21's Indeks Reformasi Birokrasi (riwayat.yaml)
    # + 3 peer figures (peers.yaml)
    assert "Tersembunyi: 352 figur" in text
    assert "| jakarta_pusat" not in text  # rich tables, not Markdown


def test_show_speaks_indonesian() -> None:
    res = run("--lang", "id", "show", "rulesets/2020", "--format", "md")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[2].startswith(
        "| Sasaran | Indikator | Target TW I | TW II | TW III | TW IV | Tahunan | Satuan "
        "| Sumber data |"
    )
    assert "N/A: tidak ada target pada periode itu;" in res.stdout
    res = run("--lang", "id", "show", "rulesets/2022", "--format", "md")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[2] == "| Sasaran | Indikator | Satuan | Sumber data |"
    assert "Tidak ada indikator yang memiliki target, sehingga tabel ini" in res.stdout
    assert "| Peringkat | Tingkat | Diurutkan menurut | Pemecah nilai sama |" in res.stdout
