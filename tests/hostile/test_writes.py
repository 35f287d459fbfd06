"""Confined reads and safe writes: `extends` stays inside the ruleset tree, `-o` never replaces
an input or a special file, and every failure is a located error (exit 1), never exit 3.

Each test copies tests/hostile/writes/ into a temporary folder and runs perkin there, in-process,
so a failing test cannot overwrite a file of the repository.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cli

HERE = Path(__file__).parent / "writes"
SECRET = "hunter2"


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the corpus as the working folder."""
    shutil.copytree(HERE, tmp_path, dirs_exist_ok=True, symlinks=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: Sequence[str], charset: str = "utf-8") -> Result:
    """perkin with these arguments, in-process."""
    return CliRunner(charset=charset).invoke(cli.main, list(args))


def assert_error(result: Result, code: str, location: str) -> None:
    """Exit 1 with the code at the location, and no traceback or internal error."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert result.exit_code == 1, f"exit {result.exit_code}: {output}"
    assert f"{location}: error[{code}]" in result.stderr, result.stderr
    assert "hint: " in result.stderr, result.stderr


# confined reads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nul_byte", "NUL byte"),
        ("not_yaml", "is not a ruleset file"),
        ("folder", "is not a ruleset file"),
        ("symlink_loop", "symbolic link loop"),
        ("symlink_escape", "outside the ruleset directories"),
        ("symlink_to_notes", "is not a ruleset file"),
        ("fifo_parent", "not a regular file"),
    ],
)
def test_extends_refusal_is_located_and_shows_nothing_of_the_file(
    corpus: Path, case: str, message: str
) -> None:
    hostile = corpus / "rulesets" / "hostile"
    outside = corpus / "outside.yaml"
    outside.write_text(f"db_password: {SECRET}\n")
    (hostile / "loop.yaml").symlink_to("loop.yaml")
    (hostile / "escape.yaml").symlink_to(outside)
    (hostile / "notes.yaml").symlink_to(corpus / "rulesets" / "shared" / "notes.txt")
    os.mkfifo(hostile / "pipe.yaml")
    result = run(["validate", f"rulesets/hostile/{case}.yaml"])
    assert_error(result, "R002", f"rulesets/hostile/{case}.yaml:2:10")
    assert message in result.stderr
    assert SECRET not in result.stderr


def test_a_parent_that_does_not_parse_is_located_without_its_lines() -> None:
    result = run(["validate", "rulesets/hostile/broken_parent.yaml"])
    assert_error(result, "R001", "rulesets/shared/broken.yaml:2:21")
    assert SECRET not in result.stderr


def test_extends_inside_the_tree_still_works() -> None:
    result = run(["validate", "rulesets/2024"])
    assert result.exit_code == 0, result.stderr
    assert "writes_2024" in result.stdout
