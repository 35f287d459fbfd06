"""Comparisons in reports: capaian against the Renstra, last year and the rank among peers in the
summary view and every export, and the HTML trend chart per indicator; none of it in the report
of a ruleset without a Renstra, peers or earlier years."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import openpyxl
from click.testing import CliRunner, Result

import cli
from engine.api import evaluate

ROOT = Path(__file__).resolve().parents[2]
RULESET, DATA = ROOT / "rulesets" / "2024", ROOT / "examples" / "2024"
OLD_RULESET, OLD_DATA = ROOT / "rulesets" / "2023", ROOT / "examples" / "2023"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def _section(markdown: str, heading: str) -> list[str]:
    """The table lines under a Markdown heading."""
    lines = markdown.splitlines()
    start = lines.index(heading) + 2
    end = lines.index("", start)
    return lines[start:end]


def test_the_summary_compares_with_the_renstra_last_year_and_the_peers() -> None:
    """IKLKA 97.77 against the Renstra 87.3 (Tabel 22, 003:1723), the 2023 realisasi 93.93
    (Tabel 21, 003:1711; 97.77 − 93.93 = 3.84) and the five peers of Tabel 23 (first of six)."""
    res = run("evaluate", str(RULESET), str(DATA), "--format", "md")
    assert res.exit_code == 0, res.stderr
    table = _section(res.stdout, "### Comparisons")
    assert table[0] == (
        "| Indicator | Realisasi | Capaian | Renstra target | Capaian against the Renstra "
        "| Realisasi last year | Change | Rank among peers |"
    )
    assert table[2] == (
        "| Indeks Kepuasan Layanan Kota Administrasi | 97.77 | 104.09 | 87.30 | 112.00 "
        "| 93.93 (2023) | +3.84 | 1 of 6 |"
    )
    # P3DN: no Renstra target nor peers; 2023 realisasi 97.11 (Tabel 54, 003:2614), 92.44 − 97.11
    p3dn = next(line for line in table if line.startswith("| Persentase realisasi belanja"))
    assert p3dn.endswith("| 92.44 | 115.55 |  |  | 97.11 (2023) | -4.67 |  |")


def test_the_peer_ranking_in_the_html_report_names_the_peers() -> None:
    """Tabel 40 (003:2131) ranked: the summary shows Jakarta Pusat's place (1 of 6), the HTML
    report the whole ranking, peers by name."""
    html = run("evaluate", str(RULESET), str(DATA), "--format", "html").stdout
    heading = "Ranking: Indeks Efektivitas Koordinasi Kota Administrasi among the peers"
    section = html[html.index(heading) : html.index("</section>", html.index(heading))]
    places = re.findall(r"<title>(\d)\. ([^<]*)</title>", section)  # the ranking chart
    values = re.findall(r'paint-order="stroke">([^<]*)</text>', section)
    assert list(zip(places, values, strict=True)) == [
        (("1", "Kota Administrasi Jakarta Pusat"), "96.57"),
        (("2", "Kota Administrasi Jakarta Utara"), "96.38"),
        (("3", "Kota Administrasi Jakarta Barat"), "95.81"),
        (("4", "Kota Administrasi Jakarta Timur"), "95.42"),
        (("5", "Kota Administrasi Jakarta Selatan"), "94.42"),
        (("6", "Kabupaten Administrasi Kepulauan Seribu"), "90.71"),
    ]
    assert "<td>Kabupaten Administrasi Kepulauan Seribu</td>" in section


def test_the_comparisons_in_indonesian() -> None:
    res = run("--lang", "id", "evaluate", str(RULESET), str(DATA), "--format", "md")
    table = _section(res.stdout, "### Perbandingan")
    assert table[0] == (
        "| Indikator | Realisasi | Capaian | Target Renstra | Capaian terhadap Renstra "
        "| Realisasi tahun lalu | Perubahan | Peringkat di antara pembanding |"
    )
    assert table[2].endswith(
        "| 97,77 | 104,09 | 87,30 | 112,00 | 93,93 (2023) | +3,84 | 1 dari 6 |"
    )


def test_no_comparison_in_the_report_of_a_ruleset_without_them() -> None:
    res = run("evaluate", str(OLD_RULESET), str(OLD_DATA), "--format", "md")
    assert res.exit_code == 0, res.stderr
    assert "Comparisons" not in res.stdout
    document = json.loads(
        run("evaluate", str(OLD_RULESET), str(OLD_DATA), "--format", "json").stdout
    )
    assert "comparisons" not in document
    rows = csv.DictReader(io.StringIO(run("evaluate", str(OLD_RULESET), str(OLD_DATA),
                                          "--format", "csv").stdout))  # fmt: skip
    assert "riwayat" not in {row["jenis"] for row in rows}
    html = run("evaluate", str(OLD_RULESET), str(OLD_DATA), "--format", "html").stdout
    assert 'class="trends"' not in html


def test_only_the_columns_a_ruleset_has(tmp_path: Path) -> None:
    """A ruleset with peers but no Renstra and no earlier year: the rank column alone."""
    from tests.engine.test_peers import _small

    data = _small(tmp_path)
    res = run("evaluate", str(tmp_path / "kecil.yaml"), str(data), "--format", "md",
              "--level", "kecamatan")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    table = _section(res.stdout, "### Comparisons")
    assert table[0] == "| Indicator | Realisasi | Capaian | Rank among peers |"
    assert table[2] == "| IKM kecamatan | 80.00 | 88.89 | 3 of 3 |"


def test_the_json_report_holds_the_earlier_years() -> None:
    out = run("evaluate", str(RULESET), str(DATA), "--format", "json").stdout
    document = json.loads(out)
    schema = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    ikm = [
        (r["period"], r["rounded"])
        for r in document["comparisons"]["earlier_years"]
        if r["name"] == "ikm_kec_kel"
    ]  # Tabel 26-27 (003:1786, 003:1795)
    assert ikm == [("2018", 82.26), ("2019", 83.58), ("2020", 87.42), ("2021", 91.63),
                   ("2022", 95.05), ("2023", 97.52)]  # fmt: skip
    _, result, _ = evaluate(RULESET, [DATA], None, (), False)
    assert out == result.to_json()  # the block writer and the row writer agree


def test_the_csv_report_holds_the_earlier_years() -> None:
    out = run("evaluate", str(RULESET), str(DATA), "--format", "csv").stdout
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["jenis"] == "riwayat"]
    first = rows[0]
    assert (first["unit"], first["name"], first["period"], first["part"], first["rounded"]) == (
        "jakarta_pusat", "iklka", "2023", "realisasi", "93.93",  # Tabel 21, 003:1711
    )  # fmt: skip
    years: dict[str, list[str]] = {}
    for row in rows:
        years.setdefault(row["name"], []).append(row["period"])
    # every earlier year of the history file, indicators in ruleset order: Tabel 21, 26-27, 38,
    # 49, 54-66 and Bab I (tl_bpk 2018-2022)
    assert years == {
        "iklka": ["2023"],
        "ikm_kec_kel": ["2018", "2019", "2020", "2021", "2022", "2023"],
        "ek": ["2023"],
        "komunikasi_publik": ["2020", "2021", "2022", "2023"],
        "p3dn_tkdn": ["2023"],
        "kompetensi_40jp": ["2023"],
        "manajemen_pengetahuan": ["2023"],
        "manajemen_risiko": ["2023"],
        "nka_implementasi": ["2023"],
        "tl_arahan_gubernur": ["2020", "2021", "2022", "2023"],
        "pengaduan_masyarakat": ["2020", "2021", "2022", "2023"],
        "tl_bpk": ["2018", "2019", "2020", "2021", "2022", "2023"],
    }


def test_the_workbook_has_a_comparison_sheet(tmp_path: Path) -> None:
    target = tmp_path / "hasil.xlsx"
    assert run("evaluate", str(RULESET), str(DATA), "-o", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target)["Comparisons"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Unit", "Indicator", "Realisasi")
    assert rows[1] == (
        "Kota Administrasi Jakarta Pusat", "Indeks Kepuasan Layanan Kota Administrasi",
        97.77, 104.09, 87.3, 112.0, "2023", 93.93, 3.84, 1, 6,
    )  # fmt: skip


def test_the_html_trend_charts_are_well_formed_svg() -> None:
    html = run("evaluate", str(RULESET), str(DATA), "--format", "html").stdout
    section = re.search(r'<section class="trends">.*?</section>', html, re.S)
    assert section is not None
    svgs = re.findall(r"<svg .*?</svg>", section.group(0), re.S)
    assert len(svgs) == 12  # every indicator with an earlier year in the history file
    charts = [ET.fromstring(svg) for svg in svgs]
    for chart in charts:
        assert chart.tag == "svg" and chart.find("polyline") is not None
        assert not chart.findall(".//script") and "href" not in ET.tostring(chart, "unicode")
    ikm = charts[1]  # Tabel 26-27: 2018-2023, and 2024
    assert len(ikm.find("polyline").get("points", "").split()) == 7  # type: ignore[union-attr]
    texts = [t.text for t in ikm.findall("text")]
    assert [t for t in texts if t and t.isdigit()] == [str(y) for y in range(2018, 2025)]
    assert "98.98" in texts and "82.26" in texts
    assert "<script" not in html
