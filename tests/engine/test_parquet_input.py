"""Parquet data files: the long CSV's columns, read with the same checks, kinds checked first,
located errors numbered as in the same table written as CSV, and D186 without pyarrow."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import cli
from dsl.errors import PerkinErrors
from engine.data import csv_files
from engine.data.read import read_data

ROOT = Path(__file__).parents[2]
pa = pytest.importorskip("pyarrow", reason="pyarrow is the optional extra 'parquet'")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional extra 'parquet'")
pcsv = pytest.importorskip("pyarrow.csv", reason="pyarrow is the optional extra 'parquet'")


def as_parquet(csv_file: Path, out: Path) -> Path:
    """A CSV file's table as Parquet, every column text (empty cells as empty strings)."""
    names = csv_file.read_text(encoding="utf-8").splitlines()[0].split(",")
    options = pcsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
    )
    target = out / csv_file.with_suffix(".parquet").name
    pq.write_table(pcsv.read_csv(csv_file, convert_options=options), target)
    return target


def write(path: Path, columns: dict[str, Any]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def errors_of(*paths: Path) -> list[str]:
    with pytest.raises(PerkinErrors) as caught:
        read_data(list(paths))
    return [e.render() for e in caught.value.errors]


def evaluate_json(*args: str) -> str:
    done = CliRunner().invoke(cli.main, ["evaluate", *args, "--format", "json"])
    assert done.exit_code == 0, done.output
    return done.stdout


def test_a_long_csv_as_parquet_scores_the_same(tmp_path: Path) -> None:
    for path in sorted((ROOT / "examples" / "2020").glob("*.csv")):  # every data file, as Parquet
        as_parquet(path, tmp_path)
    ruleset = str(ROOT / "rulesets" / "2020")
    from_csv = evaluate_json(ruleset, str(ROOT / "examples" / "2020"))
    assert evaluate_json(ruleset, str(tmp_path)) == from_csv


def test_typed_numbers_and_integer_codes_read_as_stored(tmp_path: Path) -> None:
    path = write(
        tmp_path / "data.parquet",
        {
            "unit": pa.array([3173, 3173, 3174], pa.int64()),
            "period": ["2024-TW1", "2024-TW2", "2024-TW1"],
            "variable": ["ikm", "ikm", "ikm"],
            "value": pa.array([86.75, None, float("nan")], pa.float64()),
        },
    )
    dataset = read_data([path])
    got = [(r.unit, r.period.label if r.period else None, r.value) for r in dataset.records]
    assert got[0] == ("3173", "2024-TW1", 86.75)
    assert [r.value.__class__.__name__ for r in dataset.records[1:]] == ["Missing", "Missing"]
    assert [r.location.label() for r in dataset.records] == [
        f"{path}:2:4",
        f"{path}:3:4",
        f"{path}:4:4",
    ]


def test_office_text_is_read_like_csv_and_errors_are_located(tmp_path: Path) -> None:
    path = write(
        tmp_path / "data.parquet",
        {
            "unit": ["a", "a", "b"],
            "period": ["2024-TW1", "2024-TW2", "2024-TW5"],
            "variable": ["ikm", "ikm", "ikm"],
            "value": ["86,75", "N/A", "1"],
        },
    )
    [rendered] = errors_of(path)
    assert rendered.startswith(f"{path}:4:2: error[D011]: triwulan 5 is out of range")
    path.unlink()
    write(path, {"unit": ["a", "b"], "variable": ["ikm"] * 2, "value": ["86,75", "N/A"]})
    values = [r.value for r in read_data([path]).records]
    assert values[0] == 86.75 and values[1].__class__.__name__ == "Missing"


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        (
            "value",
            pa.array([True, False]),
            "data.parquet:1:4: error[D185]: column 'value' holds bool, which perkin does not "
            "read\nhint: store the values as numbers (double, integer) or as text",
        ),
        (
            "unit",
            pa.array([3173.0, 3174.0]),
            "data.parquet:1:1: error[D185]: column 'unit' holds double, which perkin does not "
            "read\nhint: store the column 'unit' as text (string)",
        ),
        (
            "period",
            pa.array([1, 2], pa.date32()),
            "data.parquet:1:2: error[D185]: column 'period' holds date32[day], which perkin "
            "does not read\nhint: store the column 'period' as text (string)",
        ),
    ],
)
def test_a_column_of_another_kind_is_refused_at_its_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, column: str, values: Any, expected: str
) -> None:
    columns: dict[str, Any] = {
        "unit": ["a", "b"],
        "period": ["2024-TW1", "2024-TW1"],
        "variable": ["ikm", "ikm"],
        "value": [1.0, 2.0],
    }
    columns[column] = values
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "data.parquet", columns)
    assert errors_of(Path("data.parquet")) == [expected]


def test_in_indonesian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    columns = {"unit": ["a"], "period": ["2024-TW1"], "variable": ["ikm"], "value": [True]}
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "data.parquet", columns)
    ruleset = str(ROOT / "rulesets" / "2020")
    done = CliRunner().invoke(cli.main, ["--lang", "id", "evaluate", ruleset, "data.parquet"])
    assert done.exit_code == 1
    assert (
        "data.parquet:1:4: galat[D185]: kolom 'value' berisi bool, yang tidak dibaca perkin\n"
        "saran: simpan nilai sebagai angka (double, integer) atau sebagai teks"
    ) in done.output


def test_not_a_parquet_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("data.parquet").write_text("unit,period,variable,value\n", encoding="utf-8")
    [rendered] = errors_of(Path("data.parquet"))
    assert rendered.startswith("data.parquet: error[D187]: cannot read the file as Parquet (")
    assert rendered.endswith("hint: write the file again with pyarrow, polars, pandas or DuckDB")


def test_no_rows_and_too_many_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    empty = {"unit": pa.array([], pa.string()), "value": pa.array([], pa.float64())}
    write(tmp_path / "empty.parquet", empty)
    assert errors_of(Path("empty.parquet")) == [
        "empty.parquet:1: error[D023]: the file has a header row but no data rows\n"
        "hint: put a header row (unit, period, variable, value) and one row per value"
    ]
    monkeypatch.setattr(csv_files, "MAX_RECORD_CELLS", 7)  # the one limit of CSV and Parquet
    columns = {"unit": ["a", "b"], "period": ["2024"] * 2, "variable": ["x"] * 2, "value": [1, 2]}
    write(tmp_path / "big.parquet", columns)
    assert errors_of(Path("big.parquet")) == [
        "big.parquet: error[D046]: the file has more than 7 cells (rows × columns)\n"
        "hint: split the data into several files, or use wide form (one column per variable)"
    ]


def test_without_pyarrow_a_located_error_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(
        as_parquet(ROOT / "examples" / "2020" / "units.csv", tmp_path), tmp_path / "u.parquet"
    )
    real = importlib.import_module

    def missing(name: str, *args: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", missing)
    monkeypatch.chdir(tmp_path)
    assert errors_of(Path("u.parquet")) == [
        "u.parquet: error[D186]: reading Parquet needs pyarrow, which is not installed\n"
        "hint: install it with: pip install 'perkin[parquet]'"
    ]


def test_wide_files_as_parquet_score_the_same(tmp_path: Path) -> None:
    from benchmarks import generate
    from benchmarks.plan import load
    from engine.scoring.score import score

    csv_files = generate.generate(tmp_path / "csv", generate.SMOKE, seed=7)
    (tmp_path / "pq").mkdir()
    typed = []
    for path in csv_files:
        sep = ";" if path.name == "kelurahan.csv" else ","
        # typed as pyarrow infers: numbers where a column holds only numbers, else text
        only_blank = pcsv.ConvertOptions(null_values=[""], strings_can_be_null=True)
        parse = pcsv.ParseOptions(delimiter=sep)
        table = pcsv.read_csv(path, parse_options=parse, convert_options=only_blank)
        typed.append(tmp_path / "pq" / path.with_suffix(".parquet").name)
        pq.write_table(table, typed[-1])
    rs = load()
    assert score(rs, read_data(typed)).to_json() == score(rs, read_data(csv_files)).to_json()
