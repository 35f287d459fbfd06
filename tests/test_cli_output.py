"""Where `evaluate -o` and `template -o` take their format from: the file name, which --format
may repeat but not contradict; each file checked by its real content, not its name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

import cli

ROOT = Path(__file__).parent.parent
SEM = ROOT / "tests" / "engine" / "semantics"
EVALUATE = ("evaluate", str(SEM), str(SEM / "data.yaml"), "--quiet")
TEMPLATE = ("template", str(SEM), "--units", str(SEM / "data.yaml"))
ZIP_SIGNATURE = b"PK\x03\x04"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def _kind(path: Path) -> str:
    """What a file really holds, read from its bytes."""
    data = path.read_bytes()
    if data.startswith(ZIP_SIGNATURE):
        openpyxl.load_workbook(path)  # a workbook, not just any zip
        return "xlsx"
    text = data.decode("utf-8")
    if text.startswith("<!DOCTYPE html>"):
        return "html"
    if text.startswith("# "):
        return "md"
    if text.startswith("{"):
        json.loads(text)
        return "json"
    if text.startswith("jenis,unit,") or text.startswith("unit,period,variable,"):
        return "csv"
    return "unknown"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("laporan.xlsx", "xlsx"),
        ("laporan.html", "html"),
        ("laporan.htm", "html"),
        ("laporan.md", "md"),
        ("laporan.csv", "csv"),
        ("laporan.json", "json"),
        ("LAPORAN.XLSX", "xlsx"),
    ],
)
def test_evaluate_format_follows_the_file_name(tmp_path: Path, name: str, kind: str) -> None:
    out = tmp_path / name
    res = run(*EVALUATE, "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert _kind(out) == kind


def test_agreeing_format_is_accepted(tmp_path: Path) -> None:
    out = tmp_path / "laporan.xlsx"
    assert run(*EVALUATE, "--format", "xlsx", "-o", str(out)).exit_code == 0
    assert _kind(out) == "xlsx"


def test_format_names_a_file_without_a_known_extension(tmp_path: Path) -> None:
    out = tmp_path / "laporan.txt"
    assert run(*EVALUATE, "--format", "json", "-o", str(out)).exit_code == 0
    assert _kind(out) == "json"


def test_contradicting_format_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "laporan.xlsx"
    res = run(*EVALUATE, "--format", "csv", "-o", str(out))
    assert res.exit_code == 2
    assert f"--format csv contradicts the output file '{out}'" in res.stderr
    assert "extension .xlsx means xlsx" in res.stderr
    assert not out.exists()


def test_contradiction_in_indonesian(tmp_path: Path) -> None:
    out = tmp_path / "laporan.xlsx"
    res = run("--lang", "id", *EVALUATE, "--format", "csv", "-o", str(out))
    assert res.exit_code == 2
    assert f"--format csv bertentangan dengan berkas keluaran '{out}'" in res.stderr
    assert "ekstensinya .xlsx berarti xlsx" in res.stderr


def test_unknown_extension_lists_the_known_ones(tmp_path: Path) -> None:
    res = run(*EVALUATE, "-o", str(tmp_path / "laporan.txt"))
    assert res.exit_code == 2
    assert "one of .xlsx, .html, .htm, .md, .csv, .json, .parquet, or give --format" in res.stderr


def test_stdout_keeps_the_default() -> None:
    res = run(*EVALUATE)
    assert res.exit_code == 0
    assert res.stdout.startswith("# "), "the table view, as Markdown when stdout is not a terminal"


def test_table_format_writes_markdown_to_a_md_file(tmp_path: Path) -> None:
    out = tmp_path / "laporan.md"
    assert run(*EVALUATE, "--format", "table", "-o", str(out)).exit_code == 0
    assert _kind(out) == "md"


@pytest.mark.parametrize(("name", "kind"), [("isian.xlsx", "xlsx"), ("isian.csv", "csv")])
def test_template_format_follows_the_file_name(tmp_path: Path, name: str, kind: str) -> None:
    out = tmp_path / name
    res = run(*TEMPLATE, "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert _kind(out) == kind


def test_template_refuses_a_format_it_does_not_write(tmp_path: Path) -> None:
    res = run(*TEMPLATE, "-o", str(tmp_path / "isian.html"))
    assert res.exit_code == 2
    assert "asks for html, which this command does not write; it writes xlsx, csv" in res.stderr
    res = run(*TEMPLATE, "-o", str(tmp_path / "isian.txt"))
    assert res.exit_code == 2 and "one of .xlsx, .csv, or give --format" in res.stderr


def test_template_xlsx_on_stdout_is_refused() -> None:
    res = run(*TEMPLATE)
    assert res.exit_code == 2 and "xlsx output needs -o FILE" in res.stderr


def test_output_onto_an_input_is_still_refused() -> None:
    before = (SEM / "data.yaml").read_bytes()
    res = run(*EVALUATE, "--format", "json", "-o", str(SEM / "data.yaml"))
    assert res.exit_code == 1 and "error[O002]" in res.stderr
    assert (SEM / "data.yaml").read_bytes() == before


# the command line in Indonesian ------------------------------------------------------------------


def test_summary_counts_what_the_json_holds(tmp_path: Path) -> None:
    out = tmp_path / "laporan.json"
    res = run("evaluate", str(SEM), str(SEM / "data.yaml"), "-o", str(out))
    doc = json.loads(out.read_text())
    units, rows = len(doc["units"]), len(doc["indicators"])
    capaian = [r["capaian"] for r in doc["indicators"] if "na" in r["capaian"]]
    na = sum(1 for cap in capaian if cap.get("na_kind") != "no_target")
    assert na > 0 and len(capaian) > na  # some for want of data, some for want of a target
    without = f", {len(capaian) - na} capaian without target"
    assert f"{units} units, {rows} indicator rows, {na} capaian N/A{without}\n" in res.stderr
    res = run("--lang", "id", "evaluate", str(SEM), str(SEM / "data.yaml"), "-o", str(out))
    without = f", {len(capaian) - na} capaian tanpa target"
    assert f"{units} unit, {rows} baris indikator, {na} capaian N/A{without}\n" in res.stderr
    assert f"ditulis: {out}" in res.stderr


def test_clicks_own_texts_in_indonesian() -> None:
    res = run("--lang", "id", "evaluate", "--bogus")
    assert res.exit_code == 2
    assert res.stderr.splitlines()[0].startswith("Penggunaan: ")
    assert "Galat: Opsi '--bogus' tidak dikenal." in res.stderr
    res = run("--lang", "id", "evalute")
    assert "Galat: Perintah 'evalute' tidak dikenal. (mungkin maksud Anda 'evaluate'" in res.stderr


def test_click_language_is_restored_after_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import gettext

    monkeypatch.setenv("LANGUAGE", "fr")
    domain = gettext.textdomain()
    run("--lang", "id", "evaluate", "--bogus")
    assert (os.environ["LANGUAGE"], gettext.textdomain()) == ("fr", domain)
    assert run("evaluate", "--bogus").stderr.splitlines()[-1] == "Error: No such option '--bogus'."


def test_help_in_indonesian_by_default() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PERKIN_LANG", "LANGUAGE")}
    res = subprocess.run(
        [sys.executable, "-m", "cli", "evaluate", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert res.stdout.startswith("Penggunaan: ")
    assert "Menilai DATA (berkas atau folder) menurut RULESET" in res.stdout
    assert "Tampilkan pesan ini lalu keluar." in res.stdout
    assert "Tulis ke berkas ini (secara atomik)." in res.stdout


def test_quiet_says_nothing_on_stderr_when_writing_a_file(tmp_path: Path) -> None:
    out = tmp_path / "laporan.json"
    data = [str(ROOT / "rulesets/2022"), str(ROOT / "examples/2022")]
    args = ["--lang", "id", "evaluate", *data, "-o", str(out)]
    loud = CliRunner().invoke(cli.main, args)
    quiet = CliRunner().invoke(cli.main, [*args, "--quiet"])
    assert loud.exit_code == quiet.exit_code == 0
    assert f"ditulis: {out}" in loud.stderr
    assert quiet.stderr == "" and json.loads(out.read_text(encoding="utf-8"))["units"]
