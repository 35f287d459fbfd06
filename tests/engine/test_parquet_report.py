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


def result_2022() -> Result:
    return score(load(ROOT / "rulesets" / "2022"), read_data([ROOT / "examples" / "2022"]))


def test_many_row_groups_and_dictionaries_of_the_texts_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Small groups (the national register's are 2^18 rows), each text column's dictionary
    the texts its group uses (SMALL: beyond which it is, as for unit ids at scale)."""
    import engine.render.parquet as parquet
    import engine.render.parquet_group as group

    monkeypatch.setattr(parquet, "GROUP_ROWS", 7)
    monkeypatch.setattr(group, "SMALL", 1)
    result = result_2022()
    assert pq.ParquetFile(io.BytesIO(to_parquet(result))).metadata.num_row_groups > 5
    assert_same_as_csv(result)
    assert_same_as_csv(awkward_result())


def test_numbers_state_their_range_in_every_row_group() -> None:
    """The statistics a reader skips row groups by: on the number columns (not the texts)."""
    meta = pq.ParquetFile(io.BytesIO(to_parquet(result_2022()))).metadata
    for g in range(meta.num_row_groups):
        columns = meta.row_group(g)
        stated = {
            columns.column(i).path_in_schema
            for i in range(columns.num_columns)
            if columns.column(i).statistics is not None and columns.column(i).statistics.has_min_max
        }
        assert {"value", "rounded", "decimals"} <= stated
        assert "unit" not in stated


def test_polars_pandas_and_duckdb_read_the_same_rows(tmp_path: Path) -> None:
    out = tmp_path / "hasil.parquet"
    out.write_bytes(to_parquet(awkward_result()))
    rows = pq.read_table(out).to_pylist()
    expected = [tuple(row.values()) for row in rows]

    def same(got: list[tuple[Any, ...]]) -> None:
        assert len(got) == len(expected)
        for mine, theirs in zip(got, expected, strict=True):
            for a, b in zip(mine, theirs, strict=True):
                nothing = a is None or (isinstance(a, float) and math.isnan(a))
                assert (b is None and nothing) or a == b or (a != a and b != b), (mine, theirs)

    pl = pytest.importorskip("polars")
    same([tuple(r.values()) for r in pl.read_parquet(out).to_dicts()])
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(out)
    assert str(frame["unit"].dtype) in ("object", "str", "string")
    same([tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)])
    duckdb = pytest.importorskip("duckdb")
    same(duckdb.sql(f"SELECT * FROM read_parquet('{out}')").fetchall())


PROGRAM = """
import hashlib, sys
from engine.render.parquet import to_parquet
from tests.engine.test_parquet_report import result_2022
data = to_parquet(result_2022())
print(hashlib.sha256(data).hexdigest(), 'pandas' in sys.modules)
"""


def test_written_without_pandas_and_the_same_bytes_whatever_the_hash_seed() -> None:
    """pyarrow's conversion of Python or numpy values imports pandas when it is installed
    (0.4 s): the report is made from buffers instead. Texts are coded in order of first
    appearance, so the file does not depend on the order of a set."""
    import os
    import subprocess
    import sys

    said = set()
    for seed in ("1", "2"):
        env = os.environ | {"PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        said.add(done.stdout)
    assert len(said) == 1
    assert said.pop().split()[1] == "False"
