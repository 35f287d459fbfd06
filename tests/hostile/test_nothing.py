"""Outputs with nothing in them (trust sweep): a report, a template, a diff or a list of documents
that would be empty is a located message, not a blank file or a silent exit 0.

Each test writes its small inputs into a temporary folder and runs perkin there, in-process.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
INPUTS_ONLY = (
    "perkin: 1\nid: inputs_only\ntitle: Inputs only\nyear: 2024\n"
    "inputs:\n  aduan: {kind: count, assumption: test}\n"
)
NOTHING = "perkin: 1\nid: nothing\ntitle: Nothing\nyear: 2024\n"


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base corpus and the small rulesets, in the working folder."""
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "inputs_only.yaml").write_text(INPUTS_ONLY)
    (tmp_path / "nothing.yaml").write_text(NOTHING)
    (tmp_path / "aduan.csv").write_text("unit,aduan@2024\nKEL1,3\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_a_ruleset_with_nothing_to_report_is_refused(corpus: Path, fmt: str) -> None:
    result = run(["evaluate", "inputs_only.yaml", "aduan.csv", "--format", fmt, "-o", f"r.{fmt}"])
    assert result.exit_code == 1, result.stderr
    assert "inputs_only.yaml: error[R300]: the ruleset has no indicators" in result.stderr
    assert "\nhint: " in result.stderr
    assert not (corpus / f"r.{fmt}").exists()


def test_a_ruleset_of_figures_only_is_still_evaluated(corpus: Path) -> None:
    text = INPUTS_ONLY + "figures:\n  total: {formula: aduan * 2, assumption: test}\n"
    (corpus / "figures.yaml").write_text(text)
    result = run(["evaluate", "figures.yaml", "aduan.csv", "--format", "csv", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert "\nfigur,KEL1,total,tahunan,nilai,6.0," in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_template_with_no_inputs_is_refused(corpus: Path, fmt: str) -> None:
    result = run(["template", "nothing.yaml", "--format", fmt, "-o", f"t.{fmt}"])
    assert result.exit_code == 1, result.stderr
    assert "nothing.yaml: error[R301]: the ruleset has no inputs" in result.stderr
    assert not (corpus / f"t.{fmt}").exists()


def test_a_diff_of_a_ruleset_with_itself_says_nothing_changed(corpus: Path) -> None:
    result = run(["diff", "ruleset.yaml", "ruleset.yaml"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "no differences between ruleset.yaml and ruleset.yaml" in result.stderr
    with_data = run(
        ["diff", "ruleset.yaml", "ruleset.yaml", "--data", "units.csv", "--data", "data.csv"]
    )
    assert with_data.exit_code == 0, with_data.stderr
    assert "and the data scores the same" in with_data.stderr


def test_a_diff_that_finds_changes_says_no_more(corpus: Path) -> None:
    (corpus / "new.yaml").write_text(
        (corpus / "ruleset.yaml").read_text().replace("TW1: 10, TW2: 10", "TW1: 12, TW2: 10")
    )
    result = run(["diff", "ruleset.yaml", "new.yaml"])
    assert result.exit_code == 0, result.stderr
    assert "~ indicator aduan_selesai: target TW1 10 → 12" in result.stdout
    assert "no differences" not in result.stderr


def test_cite_says_a_ruleset_declares_no_documents(corpus: Path) -> None:
    result = run(["cite", "--ruleset", "ruleset.yaml"])
    assert result.exit_code == 0, result.stderr
    assert "ruleset.yaml: the ruleset declares no source documents" in result.stderr


def test_nothing_to_report_is_said_in_indonesian(corpus: Path) -> None:
    result = run(["--lang", "id", "evaluate", "inputs_only.yaml", "aduan.csv", "--quiet"])
    assert result.exit_code == 1
    assert "inputs_only.yaml: galat[R300]: ruleset ini tidak memiliki indikator" in result.stderr
    same = run(["--lang", "id", "diff", "ruleset.yaml", "ruleset.yaml"])
    assert "tidak ada perbedaan antara ruleset.yaml dan ruleset.yaml" in same.stderr
