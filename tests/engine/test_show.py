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
