"""Loading rulesets and reading data speak Indonesian by default: exact texts through the CLI
with --lang id (the rest of the suite reads the English source texts)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

import cli
from dsl.i18n import set_language
from engine.data.bind import ABSENT, NA_REPORTED, PRESENT
from engine.data.cells import Missing, parse_cell
from engine.data.completeness import Completeness, InputCount

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "bad_inputs"
INVALID = "tests/rulesets/invalid"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--lang", "id", *args], catch_exceptions=False)


def test_unknown_level_suggests_the_level_in_indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("validate", f"{INVALID}/unknown_level.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{INVALID}/unknown_level.yaml:5:6: galat[R031]: variabel 'x' memakai tingkat 'kelurahn' "
        "yang tidak dikenal\n"
        "  pada inputs.x\n"
        "      x: {kind: number, level: kelurahn, assumption: test}\n"
        "         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "saran: mungkin maksud Anda 'kelurahan'?\n"
        "\n"
        "1 galat\n"
    )


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "unknown_key.yaml",
            [
                f"{INVALID}/unknown_key.yaml:7:5: galat[R010]: kunci 'taget' tidak dikenal",
                "saran: mungkin maksud Anda 'target'?",
            ],
        ),
        (
            "wrong_type.yaml",
            [
                f"{INVALID}/wrong_type.yaml:2:7: galat[R010]: year seharusnya bilangan bulat, "
                "ditemukan 'dua ribu dua puluh'",
            ],
        ),
        (
            "missing_source.yaml",
            [
                f"{INVALID}/missing_source.yaml:5:5: galat[R010]: indicators.ikm tidak memiliki "
                "'source' maupun 'assumption'",
                'saran: kutip baris dokumen sumber (source: "003:1522") atau nyatakan asumsi '
                "beserta alasannya",
            ],
        ),
    ],
)
def test_schema_errors_are_indonesian_sentences(
    name: str, lines: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = run("validate", f"{INVALID}/{name}")
    assert result.exit_code == 1
    shown = result.stderr.splitlines()
    for line in lines:
        assert line in shown, result.stderr


def _evaluate(data: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(BAD)
    result = run("evaluate", "base", "base/units.csv", data)
    assert result.exit_code == 1
    return result.stderr.splitlines()


def test_a_cell_that_is_not_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _evaluate("data/text_in_number.csv", monkeypatch)
    assert shown[:2] == [
        "data/text_in_number.csv:2:2: galat[D001]: seharusnya angka, ditemukan 'banyak' "
        "(unit 'KEL1', variabel 'aduan', periode TW1)",
        "saran: tulis angka seperti 86,75, 1.234.567, atau 40%, atau N/A jika tidak ada nilai",
    ]
    assert shown[-1] == "2 galat"


def test_a_duplicate_value(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _evaluate("data/units_twice.csv", monkeypatch)
    assert shown[:2] == [
        "data/units_twice.csv:4:2: galat[D040]: nilai ganda untuk unit 'KEL1', variabel 'aduan', "
        "periode TW1; pertama kali pada data/units_twice.csv:2:2",
        "saran: pertahankan salah satunya (berkas yang belakangan tidak menggantikan berkas "
        "sebelumnya)",
    ]


def test_an_ambiguous_thousands_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = tmp_path / "dot.csv"
    data.write_text("unit,period,variable,value\nKEL1,TW1,ikm,1.234\n", encoding="utf-8")
    shown = _evaluate(str(data), monkeypatch)
    assert shown[:2] == [
        f"{data}:2:4: galat[D109]: '1.234' bermakna ganda: titik pemisah ribuan atau titik "
        "desimal (unit 'KEL1', variabel 'ikm', periode TW1)",
        "saran: tulis 1,234 jika titik itu adalah titik desimal, atau 1234 jika titik itu "
        "pemisah ribuan",
    ]


def test_a_period_out_of_range(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = tmp_path / "tw5.csv"
    data.write_text("unit,period,variable,value\nKEL1,TW5,ikm,2\n", encoding="utf-8")
    shown = _evaluate(str(data), monkeypatch)
    assert shown[0] == f"{data}:2:2: galat[D011]: triwulan 5 di luar rentang 1–4"


def test_missing_values_say_why_in_the_chosen_language() -> None:
    blank, dash = parse_cell(""), parse_cell("-")
    assert blank == Missing("blank") and dash == Missing("dash")
    assert (blank.reason, dash.reason) == ("empty cell", "dash (no value)")
    set_language("id")
    assert (blank.reason, dash.reason) == ("sel kosong", "tanda strip (tidak ada nilai)")


def test_completeness_counts_in_both_languages() -> None:
    absent, present, na = ABSENT, PRESENT, NA_REPORTED
    state = np.array([[absent, absent], [present, na], [absent, present]], dtype=np.int8)
    ikm = InputCount("ikm", ("KEL1", "KEL2", "KEL3"), ("TW1", "TW2"), state)
    found = Completeness((ikm,))
    assert found.headline() == "2 of 6 values given, 3 missing, 1 reported N/A"
    assert ikm.line() == "ikm: 3 of 6 missing, 1 reported N/A (KEL1 all 2; KEL3 TW1)"
    set_language("id")
    assert found.headline() == "2 dari 6 nilai diberikan, 3 kosong, 1 dilaporkan N/A"
    assert ikm.line() == "ikm: 3 dari 6 kosong, 1 dilaporkan N/A (KEL1 seluruhnya 2; KEL3 TW1)"


def test_one_value_is_singular_in_english() -> None:
    one = InputCount("ikm", ("KEL1",), ("tahunan",), np.array([[PRESENT]], dtype=np.int8))
    assert Completeness((one,)).headline() == "1 of 1 value given, 0 missing, 0 reported N/A"
