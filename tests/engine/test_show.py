"""`perkin show`: the ruleset as the PK table, checked against golden files.

Regenerate the golden files after a reviewed change with PERKIN_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from engine.api import load
from engine.render.show import number_text, show_markdown, show_rows, target_columns
from engine.ruleset.model import Rounding

HERE = Path(__file__).parent
FIXTURES = HERE / "render_fixtures"
UPDATE = os.environ.get("PERKIN_UPDATE_GOLDEN") == "1"

GOLDEN = [
    # (ruleset, sources, formulas, golden file)
    (HERE / "semantics" / "ruleset.yaml", True, True, "show_semantics.md"),
    (FIXTURES / "ruleset_old.yaml", False, False, "show_fixture.md"),
    (FIXTURES / "ruleset_old.yaml", True, True, "show_fixture_full.md"),
]


@pytest.mark.parametrize(
    ("ruleset", "sources", "formulas", "golden"), GOLDEN, ids=[g[3] for g in GOLDEN]
)
def test_show_golden(ruleset: Path, sources: bool, formulas: bool, golden: str) -> None:
    actual = show_markdown(load(ruleset), sources, formulas)
    path = FIXTURES / golden
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    diff = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), "golden", "actual", lineterm=""
    )
    assert actual == expected, "\n".join(diff) + "\n(PERKIN_UPDATE_GOLDEN=1 to accept)"


def test_rows_match_header() -> None:
    rs = load(FIXTURES / "ruleset_old.yaml")
    for sources in (False, True):
        for formulas in (False, True):
            title, header, rows = show_rows(rs, sources, formulas)
            assert title.startswith(rs.title)
            assert all(len(row) == len(header) for row in rows)


def test_group_headings_and_sasaran_once() -> None:
    _, header, rows = show_rows(load(FIXTURES / "ruleset_old.yaml"), False, False)
    assert header[:3] == ["Sasaran", "Indicator", "Target TW I"]
    assert [r[0] for r in rows] == [
        "Sasaran Strategis",
        "Meningkatnya kualitas pelayanan publik",
        "",
        "Sasaran Operasional",
        "Meningkatnya akuntabilitas keuangan",
    ]


def test_columns_follow_cadences() -> None:
    labels = [label for label, _ in target_columns(load(FIXTURES / "ruleset_old.yaml"))]
    assert labels == ["TW1", "TW2", "TW3", "TW4", "S1", "S2", "tahunan"]


@pytest.mark.parametrize(
    ("value", "rounding", "percent", "text"),
    [
        (100.0, Rounding(2, "half_up"), False, "100"),
        (86.75, Rounding(2, "half_up"), False, "86.75"),
        (100.0, Rounding(2, "half_up"), True, "100%"),
        (None, Rounding(2, "half_up"), False, "N/A"),
        (97.765, Rounding(2, "half_up"), False, "97.77"),
        (97.769, Rounding(2, "truncate"), False, "97.76"),
        (1250.0, Rounding(0, "half_up"), False, "1250"),
        (0.5, Rounding(1, "half_up"), True, "0.5%"),
    ],
)
def test_number_text(value: float | None, rounding: Rounding, percent: bool, text: str) -> None:
    assert number_text(value, rounding, percent) == text


ROOT = HERE.parents[1]
SAKIP = ROOT / "rulesets" / "standar" / "sakip_permenpanrb_88_2021.yaml"


def test_a_ruleset_without_indicators_shows_its_scores_not_an_empty_pk_table() -> None:
    """The Evaluasi AKIP has five scores over twelve figures and no indicator: `show` lists
    the scores with their formulas and says where the figures are, never an empty table."""
    text = show_markdown(load(SAKIP), sources=False, formulas=False)
    assert "| Sasaran |" not in text
    assert "no indicators, so there is no PK table" in text
    assert "12 figures lie behind them: perkin show --formulas lists them." in text
    row = (
        "| Nilai evaluasi AKIP dan predikat | instansi | nilai_perencanaan + nilai_pengukuran"
        " + nilai_pelaporan + nilai_evaluasi | sakip_predikat |"
    )
    assert row in text
    full = show_markdown(load(SAKIP), sources=True, formulas=True)
    assert "| Figure | Level | Formula | Description | Source |" in full
    assert full.count("\n| nilai_") == 12, "one row per figure"


def test_a_ruleset_without_indicators_or_scores_shows_its_figures(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "perkin: 1\nid: only_figures\ntitle: Only figures\ncadence: tahunan\n"
        "inputs:\n  x: {kind: number, assumption: test}\n"
        "figures:\n  dua_x: {formula: x * 2, description: twice x, assumption: test}\n",
        encoding="utf-8",
    )
    text = show_markdown(load(path), sources=False, formulas=False)
    assert "no indicators and no scores; it computes these figures" in text
    assert "| dua_x |  | x * 2 | twice x |" in text


def test_the_terminal_view_of_a_ruleset_without_indicators(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a terminal the scores come as a table too, in Indonesian by default."""
    from click.testing import CliRunner

    import cli

    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    out = CliRunner().invoke(cli.main, ["--lang", "id", "show", str(SAKIP)])
    assert out.exit_code == 0, out.output
    assert "Nilai evaluasi AKIP" in out.output and "sakip_predikat" in out.output
    assert "tidak memiliki indikator" in out.output
    assert "Sasaran" not in out.output


RULESET_2022 = ROOT / "rulesets" / "2022"


def _yearly(tmp_path: Path, target: str) -> Path:
    """A yearly ruleset with one yearly indicator and the given target mapping."""
    path = tmp_path / "yearly.yaml"
    path.write_text(
        "perkin: 1\nid: yearly\ntitle: Yearly\ncadence: tahunan\n"
        "inputs:\n  x: {kind: number, period: tahunan, assumption: test}\n"
        "indicators:\n  a:\n    name: A\n    realisasi: x\n"
        f"    target: {{{target}, assumption: test}}\n    assumption: test\n",
        encoding="utf-8",
    )
    return path


def test_a_yearly_ruleset_has_no_quarter_columns(tmp_path: Path) -> None:
    """Quarters come only from a quarterly cadence or a quarter's target, never by default."""
    yearly = load(_yearly(tmp_path, "tahunan: 90"))
    assert target_columns(yearly) == (("tahunan", "Tahunan"),)
    _, header, rows = show_rows(yearly, False, False)
    assert header == ["Sasaran", "Indicator", "Target Tahunan", "Unit of measure", "Data source"]
    assert rows == [["", "A", "90", "", ""]]
    with_quarter = load(_yearly(tmp_path, "TW2: 40, tahunan: 90"))
    labels = [label for label, _ in target_columns(with_quarter)]
    assert labels == ["TW1", "TW2", "TW3", "TW4", "tahunan"]


def test_a_ruleset_without_targets_shows_no_target_column() -> None:
    """The 2022 scorecard scores realisasi and has no target: no empty TW or Tahunan column."""
    rs = load(RULESET_2022)
    assert target_columns(rs) == ()
    _, header, rows = show_rows(rs, False, True)
    assert header == [
        "Sasaran",
        "Indicator",
        "Unit of measure",
        "Data source",
        "Realisasi",
        "Capaian",
        "Weight",
        "Roles",
    ]
    assert rows[0][:4] == ["", "1. Pelayanan Publik Tingkat Kecamatan", "nilai (0-100)", ""]
    for sources in (False, True):
        for formulas in (False, True):
            _, header, rows = show_rows(rs, sources, formulas)
            assert "Target source" not in header
            assert all(len(row) == len(header) for row in rows)
    text = show_markdown(rs, False, False)
    assert "Target" not in text and "TW I" not in text
    assert "No indicator has a target, so the table has no target columns." in text


def test_show_prints_the_rankings_under_the_table() -> None:
    text = show_markdown(load(RULESET_2022), sources=False, formulas=False)
    table = text[text.index("## Rankings") :].splitlines()
    assert table[2:5] == [
        "| Ranking | Level | Ranked by | Tie-breakers | Awards | Remaining ties | Source |",
        "|---|---|---|---|---|---|---|",
        "| Peringkat Kinerja Kecamatan Tingkat Kota Bekasi (peringkat) | kecamatan"
        " | nilai_akhir (highest first) | indikator_penunjang (highest first)"
        " | 1: Peringkat I; 2: Peringkat II; 3: Peringkat III; 4: Harapan I; 5: Harapan II;"
        " 6: Harapan III | the units share the place, flagged for the assessors to decide"
        " | 004:99, 004:136-143 |",
    ]
    assert "(assumption: Peringkat I-III are the three best totals" not in text
    cited = show_markdown(load(RULESET_2022), sources=True, formulas=False)
    assert "004:99, 004:136-143 (assumption: Peringkat I-III are the three best totals" in cited


def test_a_ruleset_without_rankings_prints_no_rankings_section() -> None:
    assert "Rankings" not in show_markdown(load(SAKIP), sources=True, formulas=True)


def test_the_terminal_view_prints_the_rankings_in_indonesian(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from click.testing import CliRunner

    import cli

    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")  # one line per field: rich reads the width from it
    out = CliRunner().invoke(cli.main, ["--lang", "id", "show", str(RULESET_2022)])
    assert out.exit_code == 0, out.output
    lines = [" ".join(line.strip("│┃ ").split()) for line in out.output.splitlines()]
    assert "Diurutkan menurut │ nilai_akhir (tertinggi lebih dulu)" in lines
    assert "Pemecah nilai sama │ indikator_penunjang (tertinggi lebih dulu)" in lines
    assert any(line.startswith("Penghargaan │ 1: Peringkat I; 2: Peringkat II;") for line in lines)
    assert (
        "Nilai sama (seri) yang tersisa │ unit-unit tersebut berbagi peringkat yang sama"
        " dan ditandai untuk diputuskan oleh tim penilai"
    ) in lines
    assert "Sumber │ 004:99, 004:136-143" in lines
    assert "TW I" not in out.output and "Target" not in out.output


def test_an_indicator_without_target_shows_no_capaian_formula() -> None:
    """2022 scores realisasi only: its capaian is N/A in every result, so show --formulas must not
    print 'realisasi / target × 100' as if it were computed."""
    _, header, rows = show_rows(load(RULESET_2022), sources=False, formulas=True)
    column = header.index("Capaian")
    cells = {row[column] for row in rows if row[1]}
    # the reason evaluate and explain give (N/A: pelayanan_publik has no target), per indicator
    ids = load(RULESET_2022).indicators
    assert cells == {f"N/A: {i} has no target" for i in ids}
    _, header, rows = show_rows(load(ROOT / "rulesets" / "2024"), sources=False, formulas=True)
    capaian = {row[header.index("Capaian")] for row in rows}
    assert "realisasi / target × 100; predikat: predikat_dki (on capaian)" in capaian
