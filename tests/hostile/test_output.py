"""Safe output: hostile names through every format never become a formula, HTML, a link, a table
break or a terminal control sequence (issue 10, item 4).

The corpus tests/hostile/output/ holds a ruleset whose title, indicator names and input
descriptions, and a units file whose ids and names, are formulas (`=HYPERLINK(…)`, `+1+1`,
`@SUM(1)`, `-2+3`), HTML, a `javascript:` link, ANSI escapes and a bidi override.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import cli
from engine.render.markdown import md_text
from engine.safe_text import (
    FORMULA_START,
    QUOTE,
    append_row,
    csv_text,
    formula_like,
    spreadsheet_text,
    terminal_text,
)
from tests.test_bad_inputs import run

HERE = Path(__file__).parent / "output"
RULESET, DATA, UNITS = HERE / "ruleset.yaml", HERE / "data.csv", HERE / "units.yaml"
EVALUATE = ["evaluate", str(RULESET), str(DATA), str(UNITS), "--quiet"]
TEMPLATE = ["template", str(RULESET), "--units", str(UNITS)]
HOSTILE_NAMES = (
    '=HYPERLINK("http://x"&A1,"y")',
    "+1+1 [x](javascript:alert(1))",
    "@SUM(1) <script>alert(1)</script>",
)
TERMINAL_HAZARDS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NUMBERS = ("-2.50", "+3", "-0", "1e-3", "-.5")


# the rule itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "-", "=-2"])
def test_formula_like_text_is_quoted(text: str) -> None:
    assert formula_like(text)
    assert next(csv.reader(io.StringIO(csv_text([[text]])))) == [QUOTE + text]


@pytest.mark.parametrize("text", [*NUMBERS, "Kota", "'=1", " =1", "", "1-2"])
def test_numbers_and_plain_text_stay_as_they_are(text: str) -> None:
    assert not formula_like(text)
    assert next(csv.reader(io.StringIO(csv_text([[text, -2.5]]))), []) == [text, "-2.5"]


SPREADSHEET_TEXT = st.one_of(
    st.builds(lambda start, rest: start + rest, st.sampled_from(sorted(FORMULA_START)), st.text()),
    st.text(),
)


@settings(max_examples=300)
@given(SPREADSHEET_TEXT)
def test_csv_cell_is_text_and_round_trips(text: str) -> None:
    (cell,) = next(csv.reader(io.StringIO(csv_text([[text]]), newline="")))
    assert cell == (QUOTE + text if formula_like(text) else text)
    assert cell[:1] not in FORMULA_START or _number(cell)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@settings(max_examples=60, deadline=None)
@given(st.lists(SPREADSHEET_TEXT, min_size=1, max_size=6))
def test_xlsx_cell_is_text_and_round_trips(tmp_path_factory: Any, texts: list[str]) -> None:
    book = openpyxl.Workbook()
    append_row(book.active, texts)
    path = tmp_path_factory.mktemp("xlsx") / "cells.xlsx"
    book.save(path)
    cells = next(openpyxl.load_workbook(path).active.iter_rows())
    for text, cell in zip(texts, cells, strict=True):
        assert cell.data_type != "f"
        if not text:
            continue
        assert cell.value == _as_read(text)
        assert cell.quotePrefix == formula_like(_as_stored(text))


def _as_stored(text: str) -> str:
    """Text as a workbook stores it: characters XML cannot hold shown as U+FFFD."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)


def _as_read(text: str) -> str:
    """Text as read back: XML reads a carriage return as a newline."""
    return _as_stored(text).replace("\r\n", "\n").replace("\r", "\n")


@given(st.text())
def test_terminal_text_has_no_control_sequence(text: str) -> None:
    assert TERMINAL_HAZARDS.search(terminal_text(text)) is None
    assert not re.search(r"[<>\n\r]|(?<!\\)[\[\]|]", md_text(text))


# the corpus through every format -----------------------------------------------------------


def test_csv_report_writes_no_formula() -> None:
    result = run([*EVALUATE, "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    assert not [c for c in cells if formula_like(c)]
    assert QUOTE + "-2+3" in cells  # the unit id, quoted, and nothing else changed
    assert {c[1:] for c in cells if c.startswith(QUOTE)} == {"-2+3"}


def test_xlsx_report_writes_no_formula(tmp_path: Path) -> None:
    out = tmp_path / "laporan.xlsx"
    result = run([*EVALUATE, "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts = set(_text_cells(out))
    assert {*HOSTILE_NAMES, "-2+3", _as_read(RULESET_TITLE)} <= texts


RULESET_TITLE = yaml.safe_load(RULESET.read_text(encoding="utf-8"))["title"]


def _text_cells(path: Path) -> Iterator[str]:
    """Every text cell of a workbook, after checking none is a formula and every formula-like
    text is shown as text."""
    for sheet in openpyxl.load_workbook(path):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert cell.quotePrefix or not formula_like(cell.value), cell.value
                    yield cell.value


@pytest.mark.parametrize("fmt", ["md", "table"])
def test_markdown_report_is_inert(fmt: str) -> None:
    result = run([*EVALUATE, "--format", fmt])
    assert result.exit_code == 0, result.output
    _assert_inert_markdown(result.stdout)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1))" in result.stdout


def _assert_inert_markdown(text: str) -> None:
    """No HTML, link, control sequence, and every table row has as many cells as its header."""
    assert "<" not in text and "](" not in text.replace("\\](", "")
    assert TERMINAL_HAZARDS.search(text.replace("\n", "")) is None
    assert list(_table_rows(text))


def _table_rows(text: str) -> Iterator[str]:
    """The lines of every Markdown table, after checking each row has as many cells as its
    header."""
    table: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            pipes = {len(re.findall(r"(?<!\\)\|", row)) for row in table}
            assert len(pipes) == 1, table
            yield from table
            table = []


def test_html_report_escapes_every_name() -> None:
    result = run([*EVALUATE, "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "<script>alert" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout
    assert 'href="javascript' not in result.stdout


def test_json_report_keeps_names_exact() -> None:
    result = run([*EVALUATE, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["provenance"]["title"] == RULESET_TITLE
    assert {u["name"] for u in report["units"]} >= {
        HOSTILE_NAMES[0],
        "@SUM(1) <script>alert(1)</script>",
    }


def test_terminal_table_has_no_control_sequence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "1000")  # rich folds nothing
    for args in (EVALUATE, ["show", str(RULESET)], ["show", str(RULESET), "--format", "md"]):
        result = run(args)
        assert result.exit_code == 0, result.output
        assert TERMINAL_HAZARDS.search(result.stdout.replace("\n", "")) is None, args
        assert "=HYPERLINK" in result.stdout and "merah" in result.stdout


def test_show_markdown_is_inert() -> None:
    result = run(["show", str(RULESET), "--formulas", "--sources"])
    assert result.exit_code == 0, result.output
    _assert_inert_markdown(result.stdout)


def test_error_message_has_no_control_sequence() -> None:
    result = run(["evaluate", str(RULESET), str(UNITS), str(HERE / "unknown_unit.yaml")])
    assert result.exit_code == 1
    assert "unknown_unit.yaml:3:87: error[D102]: unknown unit 'KEL9'" in result.stderr
    assert TERMINAL_HAZARDS.search(result.stderr.replace("\n", "")) is None


def test_csv_template_writes_no_formula() -> None:
    result = run([*TEMPLATE, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert not [c for row in rows for c in row.values() if formula_like(c)]
    assert {row["source"] for row in rows} == {"'@SUM(1)", "'\rsistem", ""}
    assert {row["unit"] for row in rows} == {"KEL1", "'-2+3"}


def test_csv_template_reads_back_as_written(tmp_path: Path) -> None:
    """The quote before '-2+3' marks it as text for a spreadsheet; perkin reads the unit back."""
    out = tmp_path / "isian.csv"
    result = run([*TEMPLATE, "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = run(["validate", "--ruleset", str(RULESET), str(UNITS), str(out)])
    assert "unknown unit" not in back.stderr, back.stderr


def test_xlsx_template_writes_no_formula(tmp_path: Path) -> None:
    out = tmp_path / "isian.xlsx"
    result = run([*TEMPLATE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts = set(_text_cells(out))
    assert {*HOSTILE_NAMES, "-2+3", "@SUM(1)", "\nsistem"} <= texts


# generated names through the report and the template ---------------------------------------

# the readers trim and normalise whitespace: generated names are printable ASCII starting = + - @
GENERATED = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from("=+-@"),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E)),
).filter(lambda text: text == text.strip())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(unit=GENERATED, name=GENERATED)
def test_generated_names_are_text_in_every_spreadsheet(
    tmp_path: Path, unit: str, name: str
) -> None:
    assume(unit != "-2+3")
    units = tmp_path / "units.yaml"
    rows = [{"id": "KOTA", "name": name, "level": "kota"}]
    rows += [{"id": "KEC1", "level": "kecamatan", "parent": "KOTA"}]
    rows += [
        {"id": id, "name": name, "level": "kelurahan", "parent": "KEC1"}
        for id in ("KEL1", "-2+3", unit)
    ]
    units.write_text(json.dumps({"units": rows}), encoding="utf-8")
    report = run(["evaluate", str(RULESET), str(DATA), str(units), "--format", "csv", "--quiet"])
    assert report.exit_code == 0, report.output
    cells = [c for row in csv.reader(io.StringIO(report.stdout)) for c in row]
    assert spreadsheet_text(unit) in cells and not [c for c in cells if formula_like(c)]
    for args in (
        ["evaluate", str(RULESET), str(DATA), str(units), "--format", "xlsx", "--quiet"],
        ["template", str(RULESET), "--units", str(units)],
    ):
        out = tmp_path / "out.xlsx"
        result = run([*args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert {unit, name} <= set(_text_cells(out))
