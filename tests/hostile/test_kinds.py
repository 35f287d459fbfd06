"""Input kinds, plausible ranges, finite ruleset numbers, unit levels and formula digits.

Each case of tests/hostile/kinds/cases.yaml runs through the CLI in-process and must give its
exit status, error code and location. A property holds every cell string to a plain reference
reader of the accepted forms (docs/data-cells.md): it reads as the number a person means for the
input's kind, or it is a located error.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.data.cells import CellError, Labelled, Missing, parse_cell
from tests.test_bad_inputs import assert_clean, run

HERE = Path(__file__).parent / "kinds"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "cases.yaml").read_text("utf-8"))


def _args(case: dict[str, Any], folder: Path) -> list[str]:
    """The CLI arguments of a case run in its folder."""
    if "calc" in case:
        return ["calc", "--var", "x=1", "--", case["calc"]]
    if "validate" in case:
        return ["validate", case["validate"]]
    data = [p.replace("{dir}", str(HERE)) for p in case["evaluate"]]
    units = [str(HERE / "units.csv")] if case.get("units", True) else []
    return ["evaluate", str(HERE), *units, *data, "--format", "json", "--quiet"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    for file, text in (case.get("files") or {}).items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run(_args(case, tmp_path))
    assert_clean(result)
    assert result.exit_code == case["exit"], result.stderr
    if case["exit"]:
        assert f"{case['at']}: error[{case['code']}]" in result.stderr, result.stderr
        assert "\nhint: " in result.stderr


def test_good_data_reads_each_kind_as_meant(tmp_path: Path) -> None:
    result = run(
        ["validate", "--ruleset", str(HERE), str(HERE / "units.csv"), str(HERE / "good.csv")]
    )
    assert result.exit_code == 0, result.stderr
    out = run(
        [
            "explain",
            str(HERE),
            str(HERE / "units.csv"),
            str(HERE / "good.csv"),
            "--unit",
            "KEL1",
            "--indicator",
            "serapan",
        ]
    )
    assert out.exit_code == 0 and "92" in out.stdout


def test_excel_percent_cell_reads_as_its_csv_export(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit", "serapan", "skor"])
    sheet.append(["KEL1", 0.92, 86.75])
    sheet["B2"].number_format = "0%"
    book.save(tmp_path / "data.xlsx")
    (tmp_path / "data.csv").write_text('unit,serapan,skor\nKEL1,92%,"86,75"\n', encoding="utf-8")
    units = str(HERE / "units.csv")
    reports = [
        run(["evaluate", str(HERE), units, str(tmp_path / name), "--format", "json", "--quiet"])
        for name in ("data.xlsx", "data.csv")
    ]
    assert [r.exit_code for r in reports] == [0, 0], reports[0].stderr + reports[1].stderr
    strip = re.compile(r'"(input_hash|generated|data_files|files)":[^\n]*\n')
    assert strip.sub("", reports[0].stdout) == strip.sub("", reports[1].stdout)


def test_excel_percent_cell_for_a_number_input_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["unit", "skor"])
    sheet.append(["KEL1", 0.92])
    sheet["B2"].number_format = "0.00%"
    book.save(tmp_path / "data.xlsx")
    result = run(
        ["validate", "--ruleset", str(HERE), str(HERE / "units.csv"), str(tmp_path / "data.xlsx")]
    )
    assert result.exit_code == 1
    assert "data.xlsx!Data!B2: error[D109]" in result.stderr


# property: any cell string reads as a person means it for the kind, or is a located error ----

KINDS = ("number", "percent", "count", "currency")
_PLAIN = re.compile(r"(?P<sign>-?)(?P<body>[0-9][0-9.,]*)(?P<pct>%?)")


def reference(text: str, kind: str) -> float | None:
    """What a person means by a plain number cell for a kind; None when perkin must refuse it.

    Only the forms of the table in docs/data-cells.md for digits, '.', ',', a sign and '%'.
    """
    match = _PLAIN.fullmatch(text)
    assert match is not None
    body, pct = match["body"], bool(match["pct"])
    if pct and kind != "percent":
        return None
    value = _reference_digits(body, kind)
    if value is None:
        return None
    return -value if match["sign"] else value


def _reference_digits(body: str, kind: str) -> float | None:
    marks = [c for c in body if c in ".,"]
    if not marks:
        return float(body)
    if body[-1] in ".," or ".." in body or ",," in body or ".," in body or ",." in body:
        return None
    if len(set(marks)) == 2:
        decimal = body[max(body.rfind("."), body.rfind(","))]
        whole, frac = body.rsplit(decimal, 1)
        thousands = "," if decimal == "." else "."
        if decimal in whole:
            return None
        return (
            float(whole.replace(thousands, "") + "." + frac) if _groups(whole, thousands) else None
        )
    mark = marks[0]
    if len(marks) > 1:
        return float(body.replace(mark, "")) if _groups(body, mark) else None
    whole, frac = body.split(mark)
    if len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        if kind in ("count", "currency"):
            return float(whole + frac)
        if mark == ".":
            return None  # a thousands dot or a decimal point: refused
    return float(f"{whole or 0}.{frac}")


def _groups(text: str, mark: str) -> bool:
    first, *rest = text.split(mark)
    return bool(rest) and 1 <= len(first) <= 3 and all(len(g) == 3 for g in rest)


PLAIN_CELLS = st.from_regex(r"-?[0-9]{1,4}([.,][0-9]{1,4}){0,3}%?", fullmatch=True)


@settings(max_examples=500, deadline=None)
@given(PLAIN_CELLS, st.sampled_from(KINDS))
def test_a_plain_cell_reads_as_meant_or_is_refused(text: str, kind: str) -> None:
    expected = reference(text, kind)
    try:
        got = parse_cell(text, kind=kind)
    except CellError as exc:
        assert expected is None, f"{text!r} as {kind}: refused ({exc.message}), means {expected}"
        assert exc.hint
        return
    assert expected is not None, f"{text!r} as {kind}: read as {got}, should be refused"
    assert got == pytest.approx(expected, rel=1e-12), f"{text!r} as {kind}"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.sampled_from(KINDS))
def test_any_cell_is_a_number_no_value_or_an_error(text: str, kind: str) -> None:
    try:
        got = parse_cell(text, kind=kind)
    except CellError as exc:
        assert exc.code.startswith("D") and exc.hint
        return
    assert isinstance(got, float | Labelled | Missing)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["92%", "1.234", "1,234", "86,75", "90", "-1", "N/A", "x"]),
        min_size=6,
        max_size=6,
    )
)
def test_any_wide_row_is_read_or_located(
    tmp_path_factory: pytest.TempPathFactory, cells: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("kinds")
    shutil.copy(HERE / "units.csv", folder / "units.csv")
    header = "unit,skor,serapan,aduan,anggaran,u1,catatan"
    row = ",".join(f'"{c}"' for c in cells)
    (folder / "data.csv").write_text(f"{header}\nKEL1,{row}\n", encoding="utf-8")
    result = run(
        ["evaluate", str(HERE), str(folder / "units.csv"), str(folder / "data.csv"), "--quiet"]
    )
    assert_clean(result)
    if result.exit_code:
        assert re.search(r"data\.csv:2:\d+: error\[D\d+\]", result.stderr), result.stderr
