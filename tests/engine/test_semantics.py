"""Issue-3 semantics: a fixture ruleset scored, compared with hand-computed expectations."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.api import load
from engine.data.read import read_data
from engine.ruleset.cascade import cascade_table
from engine.scoring.result import Presented, Result
from engine.scoring.score import score

HERE = Path(__file__).parent / "semantics"
EXPECT = yaml.safe_load((HERE / "expect.yaml").read_text())


@pytest.fixture(scope="module")
def result() -> Result:
    return score(load(HERE / "ruleset.yaml"), read_data([HERE / "data.yaml"]))


def _check_figure(fig: Presented, case: dict[str, Any]) -> None:
    if "value" in case:
        assert fig.value is not None, f"N/A ({fig.reason}), expected {case['value']}"
        assert math.isclose(fig.value, case["value"], rel_tol=1e-9), (
            f"{fig.value} != {case['value']}"
        )
    if "shown" in case:
        assert fig.text() == case["shown"]
    if "na" in case:
        assert fig.value is None and case["na"] in (fig.reason or ""), (
            f"value {fig.value}, reason {fig.reason}"
        )


def _id(case: dict[str, Any]) -> str:
    return "-".join(str(case.get(k, "")) for k in ("unit", "indicator", "name", "period", "field"))


@pytest.mark.parametrize("case", EXPECT["indicators"], ids=_id)
def test_indicator(result: Result, case: dict[str, Any]) -> None:
    rows = [
        r
        for r in result.indicators
        if (r.unit, r.indicator, r.period) == (case["unit"], case["indicator"], case["period"])
    ]
    assert len(rows) == 1, f"{len(rows)} rows for {_id(case)}"
    _check_figure(getattr(rows[0], case["field"]), case)
    if "predikat" in case:
        assert rows[0].predikat == case["predikat"]


@pytest.mark.parametrize("case", EXPECT["scores"], ids=_id)
def test_score(result: Result, case: dict[str, Any]) -> None:
    rows = [
        r
        for r in result.scores
        if (r.unit, r.name, r.period) == (case["unit"], case["name"], case["period"])
    ]
    assert len(rows) == 1
    _check_figure(rows[0].value, case)


@pytest.mark.parametrize("case", EXPECT["rankings"], ids=lambda c: f"{c['ranking']}-{c['unit']}")
def test_ranking(result: Result, case: dict[str, Any]) -> None:
    row = next(r for r in result.rankings if (r.ranking, r.unit) == (case["ranking"], case["unit"]))
    assert (row.rank, row.award) == (case["rank"], case["award"])
    if "note" in case:
        assert case["note"] in (row.note or "")
    else:
        assert row.note is None


def test_cascade_two_roles_carry_one_indicator() -> None:
    table = cascade_table(load(HERE / "ruleset.yaml"))
    for role, indicators in EXPECT["cascade"].items():
        assert table[role] == indicators


def test_capaian_that_overflows_is_na_not_infinity() -> None:
    """realisasi / target × 100 beyond the float range is N/A ('number too large'), as a formula
    would give; never inf in a report."""
    import numpy as np

    from dsl.values import reason_text
    from engine.scoring.evaluate import _default_capaian
    from engine.scoring.vectors import Vec

    def vec(*values: float) -> Vec:
        return Vec(np.array(values), np.zeros(len(values), dtype=np.int32))

    for polarity in ("higher", "lower"):
        cap = _default_capaian(vec(1e307, 50.0), vec(1e-10, 100.0), polarity)
        assert np.isnan(cap.values[0]) and reason_text(int(cap.codes[0])) == "number too large"
        assert cap.codes[1] == 0 and math.isfinite(cap.values[1])
