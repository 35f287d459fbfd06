"""The result's rows are stored column-wise (engine.scoring.columns.Rows); reading them any way —
iterating, indexing, slicing — gives the same rows, and the N/A diagnostics are exactly the rows
whose capaian (or realisasi) is N/A."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsl.values import NaKind
from engine.api import load
from engine.data.read import read_data
from engine.scoring.columns import Rows
from engine.scoring.result import Diagnostic, Result
from engine.scoring.score import score

ROOT = Path(__file__).resolve().parents[2]
SEM = ROOT / "tests/engine/semantics"
CASES = {
    "semantics": (SEM / "ruleset.yaml", [SEM / "data.yaml"]),
    "2024": (ROOT / "rulesets/2024", [ROOT / "examples/2024"]),
    "2016": (ROOT / "rulesets/2016", [ROOT / "examples/2016"]),
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(CASES))
def result(request: pytest.FixtureRequest) -> Result:
    ruleset, data = CASES[request.param]
    return score(load(ruleset), read_data(data))


def test_index_iteration_and_slices_agree(result: Result) -> None:
    for rows in (result.indicators, result.figures, result.scores, result.diagnostics):
        assert isinstance(rows, Rows)
        listed = list(rows)
        assert len(listed) == len(rows)
        assert [rows[i] for i in range(len(rows))] == listed
        if listed:
            assert rows[-1] == listed[-1]
            assert rows[1:4] == tuple(listed[1:4])
        with pytest.raises(IndexError):
            rows[len(rows)]
        assert rows == tuple(listed) and tuple(listed) == rows


def test_na_diagnostics_are_the_na_rows(result: Result) -> None:
    expected = []
    for row in result.indicators:
        missing = row.capaian.reason is not None and row.capaian.kind is not NaKind.NO_TARGET
        fig = row.capaian if missing else row.realisasi
        if fig.reason is not None:
            expected.append(
                Diagnostic(
                    "info", "N001", f"capaian N/A: {fig.reason}", row.unit, row.indicator,
                    row.period,
                )
            )  # fmt: skip
    assert [d for d in result.diagnostics if d.code == "N001"] == expected
    assert expected, "each case has N/A figures"


def test_a_missing_predikat_carries_its_kind(result: Result) -> None:
    """A predikat N/A because its figure is N/A has that figure's kind, in the row and in the
    JSON (predikat_na_kind), so programs need not read the reason's words."""
    rows = [r for r in result.indicators if r.predikat_reason is not None]
    documents = [d for d in result.as_json()["indicators"] if "predikat_na" in d]
    assert len(rows) == len(documents)
    for row, doc in zip(rows, documents, strict=True):
        assert row.predikat_kind is not None
        assert doc["predikat_na_kind"] == row.predikat_kind.value
        if row.predikat_reason == row.capaian.reason:
            assert row.predikat_kind is row.capaian.kind
    assert all(r.predikat_kind is None for r in result.indicators if r.predikat is not None)
