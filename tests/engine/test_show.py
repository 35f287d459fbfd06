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
