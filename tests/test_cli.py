"""The perkin command line: exit status, stdout and stderr of every command, errors included."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner, Result

import cli
from tests.conftest import check_golden

ROOT = Path(__file__).parent.parent
SEM = ROOT / "tests" / "engine" / "semantics"
SEM_DATA = "tests/engine/semantics/data.yaml"  # as typed: provenance shows the path given


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # locations in messages are relative to the working directory


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


# calc -----------------------------------------------------------------------------------------


def test_calc_budget_quality_formula() -> None:
    # The issue text expects 0.992, but 0.95 × 0.4 + 0.12 × 0.1 + 1.0 × 0.5 = 0.38 + 0.012 + 0.5
    # = 0.892; the arithmetic decides.
    formula = "penyerapan * 40% + IF(output >= 100%, efisiensi, 0) * 10% + output * 50%"
    values = ["--var", "penyerapan=95%", "--var", "efisiensi=12%", "--var", "output=100%"]
    res = run("calc", formula, *values)
    assert res.exit_code == 0
    assert abs(float(res.stdout) - 0.892) < 1e-9


def test_calc_average_skips_na() -> None:
    res = run("calc", "AVERAGE(1, NA, 3)")
    assert (res.exit_code, res.stdout) == (0, "2\n")


def test_calc_json_na_is_null() -> None:
    res = run("calc", "1 + NA", "--json")
    assert (res.exit_code, json.loads(res.stdout)) == (0, {"value": None})


def test_calc_division_by_zero_reason_on_stderr() -> None:
    res = run("calc", "x / 0", "--var", "x=5", "--json")
    assert json.loads(res.stdout) == {"value": None}
    assert "division by zero" in res.stderr


def test_calc_indonesian_cells() -> None:
    assert run("calc", "a + b", "--var", "a=86,75", "--var", "b=1.234,5").stdout == "1321.25\n"
    assert run("calc", "SUM(s)", "--var", "s=1;2;N/A").stdout == "3\n"
    assert run("calc", 'IF(o = "WTP", 3, 0)', "--var", "o=WTP").stdout == "3\n"


def test_calc_syntax_error_has_column_and_caret() -> None:
    res = run("calc", "IF(a > 1, 2", "--var", "a=2")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[:3] == [
        "<formula>:1:12: error[F001]: unexpected end of formula",
        "    IF(a > 1, 2",
        "               ^",
    ]
    assert "Traceback" not in res.stderr


def test_calc_explain_prints_the_tree() -> None:
    res = run("calc", "(a + b) / 2", "--var", "a=98,98", "--var", "b=96,55", "--explain")
    assert res.exit_code == 0
    assert "a + b = 98.98 + 96.55 = 195.53" in res.stdout


def test_calc_bad_var() -> None:
    res = run("calc", "x", "--var", "x")
    assert res.exit_code == 1 and "is not NAME=VALUE" in res.stderr


# validate / show ---------------------------------------------------------------------------------


def test_validate_all_bundled_rulesets() -> None:
    res = run("validate", "rulesets")
    assert res.exit_code == 0, res.stderr
    assert all(line.startswith("ok  ") for line in res.stdout.splitlines())


def test_validate_reads_a_folder_of_instruments_and_skips_shared() -> None:
    listed = [line.split()[1] for line in run("validate", "rulesets").stdout.splitlines()]
    assert "rulesets/standar/ikm_permenpanrb_14_2017.yaml" in listed
    assert not any(name.startswith("rulesets/shared/") for name in listed)
    res = run("validate", "rulesets/standar")
    assert res.exit_code == 0, res.stderr
    assert [line.split()[1] for line in res.stdout.splitlines()] == [
        "rulesets/standar/ikm_permenpanrb_14_2017.yaml",
        "rulesets/standar/sakip_permenpanrb_88_2021.yaml",
    ]


def test_validate_reports_every_problem_with_its_place() -> None:
    res = run(
        "validate",
        "tests/rulesets/invalid/band_gap.yaml",
        "tests/rulesets/invalid/unknown_key.yaml",
    )
    assert res.exit_code == 1
    assert "tests/rulesets/invalid/band_gap.yaml:5:5: error[R038]" in res.stderr
    assert (
        "tests/rulesets/invalid/unknown_key.yaml:7:5: error[R010]: unknown key 'taget'"
        in res.stderr
    )
    assert "hint: did you mean 'target'?" in res.stderr


def test_validate_data_against_ruleset() -> None:
    res = run("validate", "--ruleset", str(SEM), str(SEM / "data.yaml"))
    assert res.exit_code == 0 and res.stdout.startswith("ok  ")


def test_validate_data_unknown_variable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,variable,value\nkota,2024,aduan_seelsai,5\n")
    res = run("validate", "--ruleset", str(SEM), str(SEM / "data.yaml"), str(bad))
    assert res.exit_code == 1
    assert "bad.csv:2" in res.stderr and "unknown variable 'aduan_seelsai'" in res.stderr
    assert "did you mean 'aduan_selesai'?" in res.stderr


def test_validate_missing_path() -> None:
    res = run("validate", "rulesets/1999")
    assert res.exit_code == 1 and "does not exist" in res.stderr


def test_show_golden() -> None:
    res = run("show", "rulesets/2022", "--format", "md", "--sources")
    assert res.exit_code == 0
    check_golden("show_2022.md", res.stdout)


# evaluate / explain ------------------------------------------------------------------------------


def test_evaluate_md_detail_golden() -> None:
    """Every row, as before the summary became the default view."""
    args = ("rulesets/2022", "examples/2022", "--format", "md", "--detail", "--quiet")
    res = run("evaluate", *args)
    assert res.exit_code == 0, res.stderr
    check_golden("evaluate_2022.md", res.stdout)


def test_evaluate_json_matches_result_schema() -> None:
    res = run("evaluate", str(SEM), str(SEM / "data.yaml"), "--format", "json", "--quiet")
    schema = json.loads((ROOT / "schemas" / "result.schema.json").read_text())
    jsonschema.validate(json.loads(res.stdout), schema)


def test_evaluate_json_is_byte_identical() -> None:
    first = run("evaluate", str(SEM), str(SEM / "data.yaml"), "--format", "json", "--quiet").stdout
    assert (
        first
        == run("evaluate", str(SEM), str(SEM / "data.yaml"), "--format", "json", "--quiet").stdout
    )


def test_evaluate_period_and_unit() -> None:
    where = ["--period", "2024-TW2", "--unit", "kota"]
    res = run("evaluate", str(SEM), str(SEM / "data.yaml"), *where, "--format", "csv", "--quiet")
    rows = res.stdout.splitlines()
    assert res.exit_code == 0
    assert "indikator,kota,incremental,TW2,capaian,80.0,80.00,2,,,Tinggi,,,,,," in rows
    assert not any(",tahunan," in r for r in rows if not r.startswith("catatan,"))


def test_evaluate_bad_period() -> None:
    res = run("evaluate", str(SEM), str(SEM / "data.yaml"), "--period", "2023-TW2")
    assert res.exit_code == 1 and "outside the ruleset year 2024" in res.stderr


def test_evaluate_unknown_unit() -> None:
    res = run("evaluate", str(SEM), str(SEM / "data.yaml"), "--unit", "kec_x")
    assert res.exit_code == 1 and "unknown unit 'kec_x'" in res.stderr


def test_evaluate_xlsx_and_html(tmp_path: Path) -> None:
    xlsx, html = tmp_path / "r.xlsx", tmp_path / "r.html"
    assert (
        run("--lang", "id", "evaluate", "rulesets/2022", "examples/2022", "-o", str(xlsx)).exit_code
        == 0
    )
    assert {"Ringkasan", "Diagnostik"} <= set(openpyxl.load_workbook(xlsx).sheetnames)
    assert (
        run(
            "evaluate", "rulesets/2022", "examples/2022", "--format", "html", "-o", str(html)
        ).exit_code
        == 0
    )
    text = html.read_text()
    assert "<svg" in text and "http://" not in text and "https://" not in text


def test_evaluate_xlsx_needs_output() -> None:
    res = run("evaluate", "rulesets/2022", "examples/2022", "--format", "xlsx")
    assert res.exit_code == 2 and "needs -o FILE" in res.stderr


def test_failed_write_keeps_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "laporan.md"
    out.write_text("previous report\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    res = run("evaluate", str(SEM), str(SEM / "data.yaml"), "--format", "md", "-o", str(out))
    assert res.exit_code == 1 and "No space left on device" in res.stderr
    assert out.read_text() == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.md"]


def test_report_gets_the_mode_of_a_new_file(tmp_path: Path) -> None:
    """The temporary file behind the atomic write is private; the report is not."""
    umask = os.umask(0o022)
    try:
        out = tmp_path / "laporan.md"
        res = run("evaluate", str(SEM), str(SEM / "data.yaml"), "--format", "md", "-o", str(out))
        assert res.exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)  # a file that is replaced keeps its mode
        run("evaluate", str(SEM), str(SEM / "data.yaml"), "--format", "md", "-o", str(out))
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_explain_golden() -> None:
    res = run("explain", str(SEM), SEM_DATA, "--unit", "kota", "--indicator", "incremental")
    assert res.exit_code == 0
    check_golden("explain_incremental.txt", res.stdout)


def test_explain_unknown_indicator() -> None:
    res = run(
        "explain", str(SEM), str(SEM / "data.yaml"), "--unit", "kota", "--indicator", "incremantal"
    )
    assert res.exit_code == 1 and "did you mean 'incremental'?" in res.stderr


# template / diff / usage / internal errors -------------------------------------------------------


def test_template_csv(tmp_path: Path) -> None:
    out = tmp_path / "isian.csv"
    res = run(
        "template", str(SEM), "--units", str(SEM / "data.yaml"), "--format", "csv", "-o", str(out)
    )
    assert res.exit_code == 0
    assert out.read_text().startswith("unit,period,variable,item,value,note")


def test_diff_lists_changes() -> None:
    fx = ROOT / "tests" / "engine" / "render_fixtures"
    res = run("diff", str(fx / "ruleset_old.yaml"), str(fx / "ruleset_new.yaml"))
    assert res.exit_code == 0 and "~ indicator ikm: weight 30 → 35" in res.stdout


def test_usage_error_is_exit_2() -> None:
    res = run("evaluate")
    assert res.exit_code == 2


def test_internal_error_is_exit_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.api

    def boom(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.api, "evaluate", boom)
    res = run("evaluate", str(SEM), str(SEM / "data.yaml"))
    assert res.exit_code == 3 and "internal error: RuntimeError: boom" in res.stderr
    assert "Traceback" not in res.stderr
    res = run("--traceback", "evaluate", str(SEM), str(SEM / "data.yaml"))
    assert "Traceback" in res.stderr


def test_a_closed_pipe_is_not_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """`perkin diff A B | head` closes stdout early: a quiet stop (141, as SIGPIPE), no 'bug'."""

    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli.click, "echo", closed)
    res = CliRunner().invoke(cli.main, ["diff", "rulesets/2023", "rulesets/2024"])
    assert res.exit_code == 141
    assert res.stderr == ""


def test_help_documents_exit_status() -> None:
    res = run("--help")
    assert "Exit status: 0 ok; 1 invalid ruleset, data or formula; 2 usage error" in res.stdout


def test_rendered_error_golden() -> None:
    res = run("validate", "tests/rulesets/invalid/formula_block_line2.yaml")
    assert res.exit_code == 1
    check_golden("error_formula_block_line2.txt", res.stderr)


@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "seeds").is_dir(), reason="seed documents not beside the checkout"
)
def test_cite_prints_the_seed_line() -> None:
    res = run("cite", "003:1507")
    assert (
        res.exit_code == 0 and res.stdout.startswith("003:1507: ") and "Sangat Tinggi" in res.stdout
    )


def test_cite_outside_the_document() -> None:
    res = run("cite", "002:99999", "--seeds", str(ROOT.parent / "shared" / "seeds"))
    assert res.exit_code in (1, 2)


# replay / audit -------------------------------------------------------------------------------


def test_replay_every_case_file() -> None:
    res = run(
        "replay", *sorted(f"tests/replay/{p.name}" for p in (ROOT / "tests/replay").glob("*.yaml"))
    )
    assert res.exit_code == 0, res.stdout
    assert res.stderr == ""
    summaries = [line for line in res.stdout.splitlines() if not line.startswith("003:")]
    assert summaries == [
        "tests/replay/2016_scorecard.yaml: 55 published figures: 55 reproduce, 0 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/2020_jakbar_pk.yaml: 38 published figures: 38 reproduce, 0 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/2022_bekasi.yaml: 33 published figures: 33 reproduce, 0 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/2023_jakbar_cascade.yaml: 30 published figures: 30 reproduce, 0 known "
        "wrong (perkin gives the correct value), 0 mismatches",
        "tests/replay/2024_lkip_jakpus.yaml: 356 published figures: 303 reproduce, 53 known "
        "wrong (perkin gives the correct value), 0 mismatches",
        "tests/replay/2024_peers.yaml: 27 published figures: 25 reproduce, 2 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/2024_renstra.yaml: 18 published figures: 18 reproduce, 0 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/2024_riwayat.yaml: 74 published figures: 73 reproduce, 1 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/2024_sakip.yaml: 2 published figures: 2 reproduce, 0 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/standar_ikm.yaml: 39 published figures: 39 reproduce, 0 known wrong "
        "(perkin gives the correct value), 0 mismatches",
        "tests/replay/standar_sakip.yaml: 53 published figures: 53 reproduce, 0 known wrong "
        "(perkin gives the correct value), 0 mismatches",
    ]
    # the known-wrong lines: 52 of 2024_lkip_jakpus, 1 of 2024_riwayat, 2 of 2024_peers
    assert sum(line.startswith("003:") for line in res.stdout.splitlines()) == 53 + 1 + 2


def test_replay_mismatch_is_one_line_and_exit_1(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        f"ruleset: {ROOT}/rulesets/2024\ndata: {ROOT}/examples/2024\nperiod: '2024'\n"
        "defaults: {unit: jakarta_pusat}\n"
        'published:\n  - {score: sasaran_05, printed: "100.5", source: "003:1578"}\n',
        encoding="utf-8",
    )
    res = run("replay", str(case))
    assert res.exit_code == 1
    assert res.stderr == ""
    assert res.stdout.splitlines()[0] == (
        "003:1578 sasaran_05 value 2024: published 100.5, computed 100.0 (full precision 100)"
    )


def test_replay_case_error_is_located(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "ruleset: nowhere\npublished:\n  - {indicator: x, printed: 1}\n", encoding="utf-8"
    )
    res = run("replay", str(case))
    assert res.exit_code == 1
    assert f"{case}:1:" in res.stderr and "error[" in res.stderr
    assert "Traceback" not in res.stderr


def test_audit_lists_what_does_not_reproduce() -> None:
    res = run("audit", "tests/replay/2024_lkip_jakpus.yaml")
    assert res.exit_code == 0 and res.stderr == ""
    lines = res.stdout.splitlines()
    assert lines[0] == (
        "audit of tests/replay/2024_lkip_jakpus.yaml: 356 published figures, 53 do not reproduce, "
        "in 13 conflicts"
    )
    assert "    cause: wrong average: the mean of its printed parts is (101.5 + 106.86)/2" in (
        "\n".join(lines)
    )


def test_audit_missing_file() -> None:
    res = run("audit", "tests/replay/no_such_case.yaml")
    assert res.exit_code == 1
    assert "tests/replay/no_such_case.yaml" in res.stderr and "Traceback" not in res.stderr
