"""The Parquet report: the CSV report's table, typed — every row and cell the same figure or text
as the CSV (numbers read from their text, empty cells null), and a located error without
pyarrow."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import cli
from engine.api import load
from engine.data.read import read_data
from engine.render import render
from engine.render.csv_blocks import to_csv
from engine.render.parquet import FLOATS, INTEGERS, MissingExtraError, to_parquet
from engine.render.tabular import CSV_HEADER
from engine.safe_text import unquote
from engine.scoring.result import Result
from engine.scoring.score import score
from tests.engine.test_block_writers import awkward_result

ROOT = Path(__file__).parents[2]
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional extra 'parquet'")


def table(result: Result) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(io.BytesIO(to_parquet(result))).to_pylist()
    return rows


def assert_same_as_csv(result: Result) -> None:
    csv_rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    rows = table(result)
    assert len(rows) == len(csv_rows)
    for i, (row, text) in enumerate(zip(rows, csv_rows, strict=True)):
        assert list(row) == list(CSV_HEADER)
        for name in CSV_HEADER:
            cell, got = unquote(text[name]), row[name]
            if name in FLOATS:
                same = (got is None and cell == "") or (
                    got is not None and cell != "" and (float(cell) == got or math.isnan(got))
                )
            elif name in INTEGERS:
                same = got == (int(cell) if cell else None)
            else:
                same = got == (cell or None)
            assert same, (i, name, cell, got)


@pytest.mark.parametrize("year", ["2016", "2022", "2024"])
def test_every_cell_is_the_csv_cell(year: str) -> None:
    assert_same_as_csv(score(load(ROOT / "rulesets" / year), read_data([ROOT / "examples" / year])))


def test_awkward_values_and_texts() -> None:
    assert_same_as_csv(awkward_result())


def test_columns_are_typed() -> None:
    schema = pq.read_schema(io.BytesIO(to_parquet(awkward_result())))
    assert {name: str(schema.field(name).type) for name in ("value", "rank", "unit")} == {
        "value": "double",
        "rank": "int64",
        "unit": "string",
    }


def test_evaluate_writes_parquet_by_extension(tmp_path: Path) -> None:
    out = tmp_path / "hasil.parquet"
    args = ["evaluate", str(ROOT / "rulesets" / "2022"), str(ROOT / "examples" / "2022")]
    result = CliRunner().invoke(cli.main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == len(list(csv.DictReader(io.StringIO(
        str(render(
            score(load(ROOT / "rulesets" / "2022"), read_data([ROOT / "examples" / "2022"])), "csv"
        ))
    ))))  # fmt: skip
    refused = CliRunner().invoke(cli.main, [*args, "--format", "parquet"])
    assert refused.exit_code == 2 and "parquet output needs -o FILE" in refused.output


def test_without_pyarrow_a_located_error_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def missing(name: str, *args: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(MissingExtraError) as caught:
        to_parquet(awkward_result())
    assert caught.value.render() == (
        "--format: error[O003]: writing Parquet needs pyarrow, which is not installed\n"
        "hint: install it with: pip install 'perkin[parquet]'"
    )
