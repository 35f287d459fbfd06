"""No input makes perkin recurse without bound or take quadratic time in its size.

Timings are compared as ratios between a small and a 16× larger input (linear work gives ~16,
quadratic ~256), never as absolute seconds, so the tests hold on a slow machine. They are the
CPU time of this process, best of five, so other processes competing for the cores (a loaded CI
machine, parallel jobs) do not inflate one side of the ratio.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from dsl import NumberType, Scope, compile_formula
from engine.data.cells import CellError, parse_cell
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.collector import collector_paused

SCOPE = Scope(names={"x": NumberType(), "y": NumberType()}, tables={})
LINEAR = 40  # allowed ratio for 16× the input: linear plus noise, well below quadratic


def seconds(work: Callable[[], object], repeat: int = 5) -> float:
    """The best of a few CPU times of work() in this process, with the cyclic garbage collector
    paused: its full collections scan every object alive in the process, which in a whole test
    run includes other tests' fixtures, and would make a reading of many records look
    superlinear (CI measured 42 and 47 for what is 17 in a fresh process)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        with collector_paused():
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
    return best


def ratio(make: Callable[[int], Callable[[], object]], small: int) -> float:
    """Time of make(16 × small)() over time of make(small)()."""
    return seconds(make(16 * small)) / max(seconds(make(small)), 1e-4)


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "+".join(["x"] * n),
        lambda n: "AVERAGE(" + ", ".join(["x * 2"] * n) + ")",
        lambda n: "IF(x > y, " + " - ".join(["y"] * n) + ", MAX(" + ", ".join(["x"] * n) + "))",
    ],
    ids=["sum", "average", "if"],
)
def test_formula_compile_time_is_linear_in_size(shape: Callable[[int], str]) -> None:
    assert ratio(lambda n: lambda: compile_formula(shape(n), SCOPE), 1000) < LINEAR


@pytest.mark.parametrize(
    "text", ["(" * 20000 + "x" + ")" * 20000, "-" * 20000 + "1", "NOT " * 9000 + "1"]
)
def test_deep_nesting_is_a_clean_error(text: str) -> None:
    result = CliRunner().invoke(cli.main, ["calc", "--var", "x=1", "--", text])
    assert result.exit_code == 1 and "error[F006]" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_cell_parsing_is_linear_in_cell_length() -> None:
    def parse(n: int) -> Callable[[], object]:
        texts = ["1 " * n + "x", "1." * n, "(" * n + "3)", "9" * n, "1.234," * n]

        def work() -> None:
            for text in texts:
                with contextlib.suppress(CellError):
                    parse_cell(text, kind="count")

        return work

    assert ratio(parse, 2000) < LINEAR


def _ruleset(folder: Path, count: int) -> Path:
    """A ruleset with `count` indicators."""
    lines = ["perkin: 1", "id: long", "title: Long", "cadence: tahunan"]
    lines += ["inputs:", "  x: {kind: number, assumption: test}", "indicators:"]
    for i in range(count):
        lines += [f"  i{i}:", f"    name: Indicator {i}", f"    realisasi: x * {i} + 1"]
        lines += ["    target: {tahunan: 10, assumption: test}", "    assumption: test"]
    path = folder / f"long{count}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_long_rulesets_load_in_linear_time(tmp_path: Path) -> None:
    small, large = _ruleset(tmp_path, 100), _ruleset(tmp_path, 1600)
    assert seconds(lambda: load_ruleset(large), 1) / seconds(lambda: load_ruleset(small)) < LINEAR


def _chain(folder: Path, count: int) -> Path:
    """A ruleset at the end of `count` extends links."""
    for i in range(count):
        parent = f"extends: r{i + 1}.yaml\n" if i < count - 1 else ""
        (folder / f"r{i}.yaml").write_text(f"perkin: 1\n{parent}id: r{i}\ntitle: R{i}\n")
    return folder / "r0.yaml"


def test_a_deep_extends_chain_loads(tmp_path: Path) -> None:
    assert load_ruleset(_chain(tmp_path, 60)).id == "r0"


def test_a_very_deep_extends_chain_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.main, ["validate", str(_chain(tmp_path, 1500))])
    assert result.exit_code == 1 and "error[R002]" in result.stderr


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
@pytest.mark.parametrize("depth", [65, 3000])
def test_deeply_nested_yaml_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: str, depth: int
) -> None:
    from engine.ruleset import yamlpos

    if loader == "pure-python":  # the composer PyYAML falls back to without libyaml recurses
        monkeypatch.setattr(yamlpos, "SAFE_LOADER", yamlpos.BoundedSafeLoader)
    path = tmp_path / "nested.yaml"
    text = "perkin: 1\nid: n\ntitle: N\nlegal_basis: " + "[" * depth + "]" * depth + "\n"
    path.write_text(text)
    result = CliRunner().invoke(cli.main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert f"{path}:4" in result.stderr and "error[R001]" in result.stderr


def test_nesting_within_the_bound_loads(tmp_path: Path) -> None:
    from engine.ruleset.yamlpos import MAX_DEPTH, load_yaml

    path = tmp_path / "ok.yaml"
    path.write_text("a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n")
    data, _ = load_yaml(path)
    for _ in range(MAX_DEPTH - 1):
        data = data[0] if isinstance(data, list) else data["a"]
    assert data == [1] or data == 1


def _wide(folder: Path, rows: int) -> list[Path]:
    """A units file and a wide file of `rows` kelurahan with a few values each."""
    units = ["unit,level,parent", "KOTA,kota,", "KEC,kecamatan,KOTA"]
    units += [f"KEL{i},kelurahan,KEC" for i in range(rows)]
    data = ["unit,aduan@TW1,ikm@TW1,serapan@TW1"]
    data += [f'KEL{i},{i % 17},"{i % 100},5",{i % 7}' for i in range(rows)]
    (folder / "units.csv").write_text("\n".join(units) + "\n")
    (folder / f"data{rows}.csv").write_text("\n".join(data) + "\n")
    return [folder / "units.csv", folder / f"data{rows}.csv"]


@pytest.mark.parametrize("columnar", [False, True], ids=["by_record", "columnar"])
def test_reading_is_linear_in_rows(tmp_path: Path, columnar: bool) -> None:
    def make(rows: int) -> Callable[[], object]:
        folder = tmp_path / str(rows)
        folder.mkdir()
        paths = _wide(folder, rows)
        return lambda: read_data(paths, columnar=columnar)

    # 1,000 and 16,000 rows: the smaller read takes ≈ 40 ms, not 10, so that noise in it
    # weighs less
    assert ratio(make, 1000) < LINEAR
