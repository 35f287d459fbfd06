"""The break-it campaign: broken rulesets, formulas and data through the CLI, never a traceback.

Each case of tests/bad_inputs/expected.yaml runs through `perkin validate` or `perkin evaluate`
and must exit 1 with its code at its location (or exit 0 when it only looks broken). Property
tests throw arbitrary formulas and cells at the CLI. The CSV cases are also read with the
columnar tokenizer off (every cell a record), which must report exactly the same errors.
Safety: YAML tags are not executed, spreadsheet formulas are read as cached values, HTML output
escapes user text.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cli
from dsl.diagnostics import MAX_LENGTH
from dsl.errors import PerkinErrors
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from tests.conftest import cache_formulas

HERE = Path(__file__).parent / "bad_inputs"
BASE = HERE / "base"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "expected.yaml").read_text("utf-8"))


def run(args: Sequence[str]) -> Result:
    """perkin with these arguments, in-process."""
    return CliRunner().invoke(cli.main, list(args))


def command(case: dict[str, Any]) -> list[str]:
    """The CLI arguments of a case."""
    if "validate" in case:
        return ["validate", case["validate"]]
    paths = [str(BASE) if p == "{base}" else p for p in case["evaluate"]]
    return ["evaluate", *paths, "--format", "json", "--quiet"]


# generated inputs ------------------------------------------------------------------------------


def formula_ruleset(formula: str) -> str:
    """A one-indicator ruleset whose realisasi formula starts at line 9, column 16."""
    return (
        "perkin: 1\nid: generated\ntitle: Generated\ncadence: tahunan\n"
        "inputs:\n  x: {kind: number, assumption: test}\nindicators:\n  i:\n"
        f"    realisasi: {formula}\n    name: Generated\n"
        "    target: {tahunan: 10, assumption: test}\n    assumption: test\n"
    )


def workbook(path: Path, rows: list[list[Any]], edit: Callable[[Any], None] | None = None) -> None:
    """A workbook with one sheet 'Data' holding the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    if edit is not None:
        edit(sheet)
    book.save(path)


HEADER = ["unit", "aduan@TW1", "ikm@TW1"]


def _chain(folder: Path) -> None:
    (folder / "chain").mkdir()
    count = 1500
    for i in range(count):
        parent = f"extends: r{i + 1}.yaml\n" if i < count - 1 else ""
        text = f"perkin: 1\n{parent}id: r{i}\ntitle: R{i}\n"
        (folder / "chain" / f"r{i}.yaml").write_text(text)


GENERATORS: dict[str, Callable[[Path], None]] = {
    "binary_ruleset": lambda d: (d / "garbage.yaml").write_bytes(bytes(range(256)) * 8),
    "binary_csv": lambda d: (d / "garbage.csv").write_bytes(bytes(range(256)) * 8),
    "huge_formula": lambda d: (d / "huge.yaml").write_text(
        formula_ruleset("+".join(["x"] * (MAX_LENGTH // 2 + 1)))
    ),
    "deep_formula": lambda d: (d / "deep.yaml").write_text(
        formula_ruleset("(" * 5000 + "x" + ")" * 5000)
    ),
    "deep_yaml": lambda d: (d / "nested.yaml").write_text(
        "perkin: 1\nid: nested\ntitle: Nested\nlegal_basis: " + "[" * 3000 + "]" * 3000 + "\n"
    ),
    "nested_yaml": lambda d: (d / "nested100.yaml").write_text(
        "perkin: 1\nid: nested\ntitle: Nested\nlegal_basis: " + "[" * 100 + "]" * 100 + "\n"
    ),
    "long_extends": _chain,
    "xlsx_merged": lambda d: workbook(
        d / "merged.xlsx",
        [HEADER, ["KEL1", 9, 80], ["KEL2", None, 81]],
        lambda sheet: sheet.merge_cells("B2:B3"),
    ),
    "xlsx_formula": lambda d: workbook(
        d / "formula.xlsx", [HEADER, ["KEL1", 9, 80], ["KEL2", "=1+1", 81]]
    ),
    "xlsx_error": lambda d: workbook(d / "errors.xlsx", [HEADER, ["KEL1", "#DIV/0!", 80]]),
    "xlsx_date": lambda d: workbook(d / "dates.xlsx", [HEADER, ["KEL1", 9, dt.date(2024, 1, 5)]]),
}


# the corpus ------------------------------------------------------------------------------------


def _params() -> list[Any]:
    marks = {
        name: [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        for name, case in CASES.items()
    }
    return [pytest.param(name, id=name, marks=marks[name]) for name in CASES]


@pytest.fixture
def at_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], dict[str, Any]]:
    """Move into the folder a case's paths are relative to, writing generated inputs first."""

    def enter(name: str) -> dict[str, Any]:
        case = CASES[name]
        if "generate" in case:
            GENERATORS[case["generate"]](tmp_path)
            monkeypatch.chdir(tmp_path)
        else:
            monkeypatch.chdir(HERE)
        return case

    return enter


def test_every_corpus_file_has_a_case() -> None:
    named = " ".join(str(v) for case in CASES.values() for v in case.values())
    files = [p for p in (HERE / "rulesets").rglob("*.yaml")] + list((HERE / "data").iterdir())
    missing = [p.name for p in files if p.relative_to(HERE).parts[1] not in named]
    assert not missing, f"corpus files without an expected.yaml case: {missing}"


def clip(text: str) -> str:
    """Text short enough for an assertion message (a huge formula is echoed back)."""
    return text if len(text) < 1500 else f"{text[:700]} … {text[-700:]}"


@pytest.mark.parametrize("name", _params())
def test_case(name: str, at_case: Callable[[str], dict[str, Any]]) -> None:
    case = at_case(name)
    result = run(command(case))
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, clip(output)
    if case.get("works"):
        assert result.exit_code == 0, clip(result.stderr)
        return
    assert result.exit_code == 1, f"exit {result.exit_code}: {clip(output)}"
    assert f"{case['location']}" in result.stderr, clip(result.stderr)
    assert f"error[{case['code']}]" in result.stderr, clip(result.stderr)


def _csv_cases() -> list[str]:
    return [
        name
        for name, case in CASES.items()
        if "evaluate" in case and all(p.endswith((".csv", "base")) for p in case["evaluate"])
    ]


@pytest.mark.parametrize("name", _csv_cases())
def test_fast_path_reports_the_same(name: str, at_case: Callable[[str], dict[str, Any]]) -> None:
    case = at_case(name)
    ruleset, *data = [BASE if p in ("base", "{base}") else Path(p) for p in case["evaluate"]]
    assert problems(read_data, ruleset, data) == problems(by_record, ruleset, data)


def by_record(paths: Sequence[Path]) -> Any:
    """The data read with the columnar tokenizer off: the reference it is held equal to."""
    return read_data(paths, columnar=False)


def problems(reader: Callable[[Sequence[Path]], Any], ruleset: Path, data: list[Path]) -> str:
    """Every error of reading and binding the data, rendered; '' when there is none."""
    try:
        bound = bind(load_ruleset(ruleset), reader(data))
    except PerkinErrors as err:
        return err.render()
    return f"ok {bound.input_hash}"


# property tests ----------------------------------------------------------------------------------

FUNCTIONS = ["IF", "IFNA", "ISNA", "SWITCH", "MIN", "MAX", "SUM", "AVERAGE", "COUNT", "GEOMEAN"]
FUNCTIONS += ["SUMPRODUCT", "ABS", "ROUND", "TRUNC", "CLAMP", "AND", "OR", "NOPE"]
OPERATORS = ["+", "-", "*", "/", "^", "=", "<>", "<", ">=", "&", "AND"]
FORMULA_TEXT = st.lists(
    st.sampled_from([*"xy0123456789.,%+-*/^()<>=!&|\"' ;:[]", "IF", "NA", "AND", "SUM"]),
    max_size=40,
).map("".join)
FORMULA_TREE = st.recursive(
    st.sampled_from(["x", "y", "z", "0", "1", "2.5", "50%", "NA", '"WTP"', "TRUE", "1e400"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(FUNCTIONS), st.lists(inner, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        inner.map(lambda e: f"-{e}"),
    ),
    max_leaves=12,
)
CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["86,75", "1.234", "1.234,5", "N/A", "-", "WTP (3)", "40%", "Rp 5.000,-", "1e999"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_clean(result: Result) -> None:
    """Exit 0, or exit 1 with perkin's own error; never a traceback or an internal error."""
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1), f"exit {result.exit_code}: {clip(output)}"
    assert "Traceback" not in output and "internal error" not in output, clip(output)
    if result.exit_code == 1:
        assert "error[" in result.stderr, clip(result.stderr)


@SETTINGS
@given(st.one_of(FORMULA_TEXT, FORMULA_TREE), CELLS, CELLS)
@example("x", ":;", "")  # found by this test: text in a series was an internal error (exit 3)
def test_any_formula_through_calc(formula: str, x: str, y: str) -> None:
    assert_clean(run(["calc", "--var", f"x={x}", "--var", f"y={y}", "--", formula]))


@SETTINGS
@given(st.lists(CELLS, min_size=3, max_size=3))
def test_any_cells_through_evaluate(
    tmp_path_factory: pytest.TempPathFactory, cells: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("cells")
    rows = [["unit", "aduan@TW1", "ikm@TW1", "serapan@TW1"], ["KEL1", *cells]]
    data = folder / "data.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    assert_clean(run(["evaluate", str(BASE), str(BASE / "units.csv"), str(data), "--quiet"]))
    assert problems(read_data, BASE, [data]) == problems(by_record, BASE, [data])


# safety ----------------------------------------------------------------------------------------


def test_yaml_python_tags_are_never_executed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    for tagged in (
        f"!!python/object/apply:os.system [touch {marker}]",
        "!!python/name:os.system x",
    ):
        (tmp_path / "r.yaml").write_text(
            f"perkin: 1\nid: tagged\ntitle: T\nlegal_basis: {tagged}\n"
        )
        result = run(["validate", "r.yaml"])
        assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert not marker.exists()


def test_spreadsheet_formulas_are_read_as_cached_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    workbook(tmp_path / "cached.xlsx", [HEADER, ["KEL1", "=1+1", 80]])
    cache_formulas(tmp_path / "cached.xlsx", "7")  # Excel said 7; evaluating =1+1 would say 2
    units = str(BASE / "units.csv")
    result = run(["evaluate", str(BASE), units, "cached.xlsx", "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.stderr
    rows = yaml.safe_load(result.stdout)["indicators"]
    aduan = [r for r in rows if (r["indicator"], r["period"]) == ("aduan_selesai", "TW1")]
    assert aduan[0]["realisasi"]["value"] == 7


def test_html_output_escapes_user_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (Path(cli.__file__).parent / "engine" / "render" / "html.py").exists():
        pytest.skip("engine/render/html.py does not exist yet")
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BASE, tmp_path / "base")
    ruleset = tmp_path / "base" / "ruleset.yaml"
    text = ruleset.read_text().replace(
        "title: Bad-input corpus base", "title: <script>alert(1)</script>"
    )
    ruleset.write_text(text.replace("name: Aduan selesai", 'name: Aduan <b>selesai</b> & "x"'))
    units = (
        (tmp_path / "base" / "units.csv")
        .read_text()
        .replace("Kelurahan Satu", "<img src=x onerror=alert(2)>")
    )
    (tmp_path / "base" / "units.csv").write_text(units)
    result = run(
        ["evaluate", "base", "base/units.csv", "base/data.csv", "--format", "html", "--quiet"]
    )
    assert result.exit_code == 0, result.stderr
    assert "<script>alert" not in result.stdout and "<img src=x" not in result.stdout
    assert "&lt;script&gt;" in result.stdout and "<b>selesai" not in result.stdout
