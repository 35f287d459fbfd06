"""Diagnostics of chosen codes (engine.scoring.noted) are those a full read of the rows gives, and
a block of one code is not made into rows when its code is not wanted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from engine import api
from engine.scoring.columns import NaBlock, Rows, TieBlock
from engine.scoring.noted import count_of, diagnostics_of, row_code

ROOT = Path(__file__).parent.parent.parent
YEARS = ("2016", "2020", "2022", "2023", "2024")
WANTED = ({"N003", "N004", "N007"}, {"N001"}, {"N002", "N006"}, {"N020"}, set())


@pytest.fixture(scope="module", params=YEARS)
def diagnostics(request: pytest.FixtureRequest) -> Rows[Any]:
    year = str(request.param)
    _ruleset, result, _found = api.evaluate(
        ROOT / "rulesets" / year, [ROOT / "examples" / year], None, ()
    )
    assert isinstance(result.diagnostics, Rows)
    return result.diagnostics


def test_a_block_of_one_code_has_only_rows_of_that_code(diagnostics: Rows[Any]) -> None:
    for block in diagnostics.blocks:
        code = row_code(block)
        if code is not None:
            assert {d.code for d in block} == {code}


@pytest.mark.parametrize("wanted", WANTED, ids=lambda w: "+".join(sorted(w)) or "none")
def test_the_diagnostics_of_codes_are_those_read_in_full(
    diagnostics: Rows[Any], wanted: set[str]
) -> None:
    assert list(diagnostics_of(diagnostics, wanted.__contains__)) == [
        d for d in diagnostics if d.code in wanted
    ]


def test_counts_are_those_read_in_full(diagnostics: Rows[Any]) -> None:
    full = Counter(d.code for d in diagnostics)
    for code in (*full, "N999"):
        assert count_of(diagnostics, code) == full[code]


def test_the_codes_of_blocks_are_met_in_the_examples() -> None:
    """The examples hold blocks of each kind but N006 (test_rollup_gaps.py has those), so the
    tests above check something."""
    seen = set()
    for year in YEARS:
        _ruleset, result, _found = api.evaluate(
            ROOT / "rulesets" / year, [ROOT / "examples" / year], None, ()
        )
        assert isinstance(result.diagnostics, Rows)
        seen |= {row_code(b) for b in result.diagnostics.blocks if len(b)}
    assert {"N001", "N002", None} <= seen


def test_a_block_of_another_code_is_not_made_into_rows(
    diagnostics: Rows[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unmade(self: object, i: int) -> None:
        raise AssertionError("a row of a block whose code is not wanted was made")

    monkeypatch.setattr(NaBlock, "row", unmade)
    monkeypatch.setattr(TieBlock, "row", unmade)
    list(diagnostics_of(diagnostics, {"N003", "N004", "N007", "N006"}.__contains__))
    count_of(diagnostics, "N001")
    count_of(diagnostics, "N002")
