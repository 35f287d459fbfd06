"""Borrowed tables (issue 16, item 1): a table cited only to another instrument's seed warns
(R080) unless it says in an assumption where it comes from and why; the ruleset still loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from engine.ruleset.borrowed import borrowed_table_warnings
from engine.ruleset.loader import load_ruleset

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"

RULESET = """\
id: dipinjam
year: 2023
legal_basis:
  - {{text: Instruksi Walikota e-0005 Tahun 2023, source: "001:5-11"}}
inputs:
  x: {{kind: number, period: tahunan, source: "001:86"}}
tables:
  skala:
    kind: bands
    bands:
      - {{label: Tinggi, above: 75}}
      - {{label: Rendah, at_most: 75}}
    source: "{source}"{assumption}
indicators:
  ikm:
    name: Indeks Kepuasan Masyarakat
    realisasi: x
    target: {{tahunan: 88.5, source: "001:86"}}
    {predikat}
    source: "001:86"
"""


def _write(
    tmp_path: Path,
    source: str = "003:1503-1513",
    assumption: str = "",
    predikat: str = "predikat: skala",
) -> Path:
    text = RULESET.format(source=source, assumption=assumption, predikat=predikat)
    path = tmp_path / "ruleset.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _validate(path: Path, *lang: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, [*lang, "validate", str(path)], catch_exceptions=False)
    return res.exit_code, res.stdout


def test_a_table_cited_only_to_another_seed_warns_where_it_is_defined(tmp_path: Path) -> None:
    path = _write(tmp_path)
    status, out = _validate(path)
    assert status == 0
    assert out.splitlines()[1:] == [
        f"{path}:9:5: warning[R080]: table 'skala', used by indicator 'ikm', is cited only to "
        "seed 003, not to this ruleset's seed 001, and states no assumption",
        "  at tables.skala",
        "        kind: bands",
        "        ^",
        "hint: add an assumption: to the table saying from which instrument it is borrowed and "
        "why it applies here (for example, that this seed prints no scale of its own)",
    ]


def test_the_warning_in_indonesian(tmp_path: Path) -> None:
    status, out = _validate(_write(tmp_path), "--lang", "id")
    assert status == 0
    assert ": peringatan[R080]: tabel 'skala', dipakai oleh indikator 'ikm', hanya " in out
    assert "bersumber dari seed 003, bukan dari seed ruleset ini 001" in out
    assert "saran: tambahkan assumption: pada tabel" in out


def test_an_assumption_says_why_and_silences_it(tmp_path: Path) -> None:
    why = "\n    assumption: 001 prints no scale; the 2024 LKIP's (003:1503) is assumed"
    assert borrowed_table_warnings(load_ruleset(_write(tmp_path, assumption=why))) == []


@pytest.mark.parametrize(
    "source",
    ["001:97", "003:1503, 001:97"],
    ids=["own seed", "own seed among others"],
)
def test_a_table_cited_to_the_ruleset_s_own_seed_is_not_borrowed(
    tmp_path: Path, source: str
) -> None:
    assert borrowed_table_warnings(load_ruleset(_write(tmp_path, source=source))) == []


def test_an_unused_borrowed_table_does_not_warn(tmp_path: Path) -> None:
    rs = load_ruleset(_write(tmp_path, predikat=""))
    assert rs.seeds == ("001",)
    assert borrowed_table_warnings(rs) == []


def test_a_ruleset_whose_legal_basis_cites_no_seed_is_not_checked(tmp_path: Path) -> None:
    path = _write(tmp_path)
    basis = 'legal_basis:\n  - {text: Instruksi Walikota e-0005 Tahun 2023, source: "001:5-11"}\n'
    path.write_text(path.read_text().replace(basis, ""))
    rs = load_ruleset(path)
    assert rs.seeds == () and borrowed_table_warnings(rs) == []


@pytest.mark.parametrize("year", ["2016", "2020", "2022", "2023", "2024"])
def test_no_bundled_ruleset_borrows_a_table_without_saying_so(year: str) -> None:
    assert [w.render() for w in borrowed_table_warnings(load_ruleset(RULESETS / year))] == []


@pytest.mark.parametrize(
    ("year", "table"),
    [("2016", "predikat_dki"), ("2020", "predikat_dki"), ("2023", "predikat_dki")],
)
def test_the_bundled_borrowed_tables_say_from_where(year: str, table: str) -> None:
    rs = load_ruleset(RULESETS / year)
    assumption = rs.tables[table].provenance.assumption or ""
    assert year in assumption and "003:1503" in assumption
