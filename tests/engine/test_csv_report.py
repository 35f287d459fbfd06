"""The CSV report: one tidy table whose every column means one thing in every row."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from engine.api import load
from engine.data.read import read_data
from engine.render.counts import counts
from engine.render.csv_blocks import to_csv
from engine.ruleset.model import Ruleset
from engine.scoring.result import Result
from engine.scoring.score import score

ROOT = Path(__file__).parents[2]
SEMANTICS = ROOT / "tests" / "engine" / "semantics"
HEADER = (
    "jenis,unit,name,period,part,value,rounded,decimals,na,na_kind,predikat,predikat_na,rank,"
    "award,severity,code,note"
)


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load(ROOT / "rulesets" / "2022")


@pytest.fixture(scope="module")
def result(ruleset: Ruleset) -> Result:
    return score(ruleset, read_data([ROOT / "examples" / "2022"]))


def _rows(result: Result) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_csv(result))))


def test_header_is_stable(result: Result) -> None:
    assert to_csv(result).splitlines()[0] == HEADER


def test_ranks_are_under_rank_not_capaian(result: Result) -> None:
    ranks = [r for r in _rows(result) if r["jenis"] == "peringkat"]
    assert ranks and all(r["part"] == "nilai" for r in ranks)
    assert [r["rank"] for r in ranks[:3]] == ["1", "2", "3"]
    assert ranks[0]["award"] == "Peringkat I"
    assert all(r["predikat"] == "" for r in ranks)


def test_each_number_carries_full_and_rounded_value(result: Result) -> None:
    rows = [r for r in _rows(result) if r["jenis"] == "indikator"]
    for row, source in zip(rows[::3], result.indicators, strict=True):
        assert (row["unit"], row["name"], row["period"]) == (
            source.unit,
            source.indicator,
            source.period,
        )
    parts = Counter(r["part"] for r in rows)
    assert parts == {p: len(result.indicators) for p in ("target", "realisasi", "capaian")}
    numbers = [r for r in _rows(result) if r["value"]]
    assert all("," not in r["value"] and "," not in r["rounded"] for r in numbers)
    assert any(r["value"] != r["rounded"] for r in numbers), "the fixture has unrounded values"


def test_na_is_empty_with_reason_and_kind() -> None:
    result = score(load(SEMANTICS / "ruleset.yaml"), read_data([SEMANTICS / "data.yaml"]))
    row = next(
        r
        for r in _rows(result)
        if (r["jenis"], r["name"], r["part"]) == ("nilai", "not_renormalised", "nilai")
    )
    assert (row["value"], row["rounded"]) == ("", "")
    assert row["na"] == "w_three is N/A (w3 reported as N/A in tahunan)"
    assert row["na_kind"] == "reported"


def test_counts_agree_across_csv_json_and_counts(result: Result, ruleset: Ruleset) -> None:
    """The report's counts read back from the CSV and from the JSON are the one counts()."""
    rows = _rows(result)
    doc = json.loads(result.to_json())
    c = counts(result, ruleset)
    jenis = Counter(r["jenis"] for r in rows)
    assert jenis["indikator"] // 3 == len(doc["indicators"]) == c.indicator_rows
    assert jenis["nilai"] == len(doc["scores"]) == c.scores
    assert jenis["figur"] == len(doc["figures"]) == c.figures
    assert jenis["peringkat"] == len(doc["rankings"]) == c.rankings
    capaian_na = [r for r in rows if r["part"] == "capaian" and r["na"]]
    assert len(capaian_na) == sum(1 for r in doc["indicators"] if "na" in r["capaian"])
    no_target = [r for r in capaian_na if r["na_kind"] == "no_target"]
    assert (len(capaian_na) - len(no_target), len(no_target)) == (
        c.capaian_na,
        c.capaian_no_target,
    )
    kinds = Counter(r["na_kind"] or "derived" for r in rows if r["na"])
    assert kinds == {k.value: n for k, n in c.na_by_kind.items()}
