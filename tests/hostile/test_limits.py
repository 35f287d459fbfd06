"""Bounded resources (issue 10, item 6): every input over a limit of dsl.limits, and every file that
is not a regular file, is a located error (exit 1) within seconds and bounded memory; long and
repeated errors are printed in bounded form.

Denial-of-service cases run perkin in a subprocess under a memory cap (RLIMIT_AS) and a generous
timeout, so that a regression fails instead of hanging or swapping; small inputs are committed in
tests/hostile/limits/, large ones are generated in tmp_path (sparse where they can be).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.limits import (
    EXCERPT_CHARS,
    MAX_ALIKE,
    MAX_DATA_BYTES,
    MAX_ERRORS,
    MAX_MESSAGE_CHARS,
    MAX_YAML_DATA_BYTES,
)
from engine.ruleset.yamlpos import load_yaml
from tests.test_bad_inputs import run

HERE = Path(__file__).parent / "limits"
BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
RULESET = str(BASE / "ruleset.yaml")
MEMORY = 1 << 30  # bytes of address space a capped run may use: less than twice a 500 MB line
TIMEOUT = 60  # seconds; the cases take about one


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def capped(*args: str) -> subprocess.CompletedProcess[str]:
    """perkin with these arguments in a subprocess with capped memory and time."""
    command = [sys.executable, "-c", "import cli; cli.main()", *args]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_cap_memory,
        env=env,
        check=False,
    )


def assert_refused(result: subprocess.CompletedProcess[str], code: str, where: str) -> None:
    """Exit 1 with the code at the location (a file name, then :line, optionally :column), no
    traceback, and no line echoing a whole input."""
    assert result.returncode == 1, result.stderr[-2000:]
    located = rf"(^|/){re.escape(where)}(:\d+)?: error\[{code}\]"
    assert re.search(located, result.stderr, re.MULTILINE), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert max(map(len, result.stderr.splitlines())) < 2 * MAX_MESSAGE_CHARS


# rulesets -----------------------------------------------------------------------------------


def test_an_alias_bomb_is_refused() -> None:
    path = HERE / "alias_bomb.yaml"
    assert_refused(capped("validate", str(path)), "R045", f"{path.name}:5")


def test_a_wide_anchor_aliased_many_times_is_refused(tmp_path: Path) -> None:
    items = "[" + ", ".join(str(i) for i in range(10_000)) + "]"
    path = tmp_path / "wide.yaml"
    uses = ", ".join(["*b"] * 10_000)
    path.write_text(f"perkin: 1\nid: w\ntitle: W\nbase: &b {items}\nuse: [{uses}]\n")
    assert_refused(capped("validate", str(path)), "R045", f"{path.name}:4")


def test_a_merge_key_with_a_scalar_is_located() -> None:
    path = HERE / "merge_scalar.yaml"
    result = run(["validate", str(path)])
    assert (
        result.exit_code == 1
        and "merge_scalar.yaml:5:14: error[R001]: cannot merge" in result.stderr
    )


def test_a_huge_ruleset_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(100 << 20)  # sparse: no disk used, nothing to read
    result = capped("validate", str(path))
    assert_refused(result, "R045", path.name)
    assert "split into files joined with extends" in result.stderr  # a ruleset, not data
    assert "split the data" not in result.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_ruleset_that_is_not_a_regular_file_is_refused(tmp_path: Path, target: str) -> None:
    path = tmp_path / "r.yaml"
    os.mkfifo(path) if target == "fifo" else path.symlink_to(target)
    assert_refused(capped("validate", str(path)), "R001", path.name)


def test_a_ruleset_folder_given_as_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.mkdir()
    with pytest.raises(PerkinError) as caught:
        load_yaml(path)
    assert caught.value.code == "R001" and caught.value.location.file == str(path)


# CSV ----------------------------------------------------------------------------------------


def test_a_million_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("unit," + ",".join(f"v{i}" for i in range(1_000_000)) + "\nK,1\n")
    assert_refused(capped("validate", "--ruleset", RULESET, str(path)), "D046", f"{path.name}:1")


def test_too_many_fields_in_a_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fields.csv"
    path.write_text("unit,x\nK," + ",".join(["1"] * 20_000) + "\n")
    assert_refused(capped("validate", "--ruleset", RULESET, str(path)), "D046", f"{path.name}:2")


def test_blank_lines_under_a_wide_header_allocate_nothing(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    header = "unit," + ",".join(f"aduan[{i}]@TW1" for i in range(9_999))
    row = "K," + ",".join(["1"] * 9_999)
    path.write_text(header + "\n" * 1_000_000 + "\n".join([row] * 600) + "\n")
    # 1,000,600 lines × 10,000 columns would be 90 GB of arrays; the header and 500 rows are
    # over the cells a file read record by record may have
    assert_refused(
        capped("validate", "--ruleset", RULESET, str(path)), "D046", f"{path.name}:1000500"
    )


def test_a_500_mb_line_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    with path.open("wb") as handle:
        handle.write(b"unit,aduan@TW1\nKEL1,")
        handle.truncate(500 << 20)  # sparse NULs: the check stops after the first chunk
    assert_refused(capped("validate", "--ruleset", RULESET, str(path)), "D046", f"{path.name}:2")


@pytest.mark.parametrize(
    ("suffix", "limit"), [(".csv", MAX_DATA_BYTES), (".json", MAX_YAML_DATA_BYTES)]
)
def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, suffix: str, limit: int
) -> None:
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as handle:
        handle.truncate(limit + 1)
    assert_refused(capped("validate", "--ruleset", RULESET, str(path)), "D046", path.name)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_data_file_that_is_not_a_regular_file_is_refused(tmp_path: Path, target: str) -> None:
    path = tmp_path / "data.csv"
    if target == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(target)
    assert_refused(capped("validate", "--ruleset", RULESET, str(path)), "D020", path.name)


# workbooks ----------------------------------------------------------------------------------


def _workbook(path: Path, sheet_xml: bytes | None = None) -> Path:
    """A one-sheet workbook; its sheet's XML replaced by sheet_xml when given."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["unit", "period", "variable", "value"])
    sheet.append(["KEL1", "2024-TW1", "aduan", 7777777])
    book.save(path)
    if sheet_xml is None:
        return path
    plain = path.with_suffix(".plain")
    path.rename(plain)
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else data)
    return path


@pytest.mark.parametrize("size", [3 << 20, 201 << 20], ids=["ratio", "size"])
def test_a_zip_bomb_workbook_is_refused(tmp_path: Path, size: int) -> None:
    path = _workbook(tmp_path / "bomb.xlsx", b" " * size)
    assert_refused(capped("validate", "--ruleset", RULESET, str(path)), "D046", path.name)


@pytest.mark.parametrize("limit", ["MAX_XLSX_ROWS", "MAX_XLSX_CELLS"])
def test_a_sheet_over_the_rows_or_cells_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, limit, 5 if limit == "MAX_XLSX_CELLS" else 1)
    path = _workbook(tmp_path / "rows.xlsx")
    result = run(["validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1 and f"{path}!Data!A2: error[D046]" in result.stderr


def test_a_400_digit_number_is_located(tmp_path: Path) -> None:
    path = tmp_path / "digits.xlsx"
    _workbook(path)
    plain = tmp_path / "plain.xlsx"
    path.rename(plain)
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename).replace(b"<v>7777777</v>", b"<v>" + b"9" * 400 + b"</v>")
            new.writestr(item, data)
    result = run(["validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1 and f"{path}!Data!D2: error[D005]" in result.stderr


# error output -------------------------------------------------------------------------------


def _repeated(count: int) -> list[PerkinError]:
    message = "period 2024 is outside the ruleset year 2025"
    return [PerkinError(message, Location("d.csv", n, 2), None, "D011") for n in range(1, count)]


def test_repeated_errors_are_grouped() -> None:
    text = PerkinErrors(_repeated(273)).render()
    assert text.count("error[D011]") == MAX_ALIKE + 1  # the shown ones and the summary
    assert f"… and {272 - MAX_ALIKE} more like this (error[D011])" in text
    assert text.endswith("272 errors")


def test_a_repeated_data_error_is_grouped_in_the_output(tmp_path: Path) -> None:
    path = tmp_path / "typos.csv"
    rows = "".join(f"KEL1,2024-TW1,aduan{n},1\n" for n in range(300))
    path.write_text("unit,period,variable,value\n" + rows)
    result = run(["validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1 and result.stderr.count("error[D103]") == MAX_ALIKE + 1
    assert f"… and {300 - MAX_ALIKE} more like this (error[D103])" in result.stderr


def test_at_most_max_errors_are_printed() -> None:
    errors = [PerkinError(f"problem {n}", None, None, f"D0{n % 90 + 10}") for n in range(500)]
    text = PerkinErrors(errors).render()
    assert text.count(": error[") == MAX_ERRORS
    assert f"… and {500 - MAX_ERRORS} more errors not shown" in text


def test_a_long_line_is_shown_by_excerpt() -> None:
    line = "x" * 10_000_000
    error = PerkinError("y" * 5_000_000, Location("f.yaml", 1, 5000, 5003, line), "h", "R001")
    first, source, caret, _ = error.render().splitlines()
    assert len(first) < MAX_MESSAGE_CHARS + 50 and first.endswith("…")
    assert source == "    …" + "x" * EXCERPT_CHARS + "…"
    assert caret.index("^") == len("    …") + EXCERPT_CHARS // 4 and caret.endswith("^^^")
