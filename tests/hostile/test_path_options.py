"""A path option that names something perkin cannot use (a folder where a file belongs) is said
by perkin, not by click: one located error with a code and a hint, exit 1, in the language of the
run, the same whether the path was given or is the default (`perkin.db`). Each test copies the
small base corpus into a temporary folder and runs there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest

import cli
from tests.hostile.test_writes import assert_error
from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
EVALUATE = ["evaluate", "ruleset.yaml", "units.csv", "data.csv", "--quiet"]


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "arsip").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        [*EVALUATE, "--format", "csv", "--save", "--store", "arsip"],
        ["history", "--store", "arsip"],
        ["history", "--store", "arsip", "--export", "x.csv"],
    ],
)
def test_a_folder_given_as_the_store_is_h311(args: list[str]) -> None:
    result = run(args)
    assert_error(result, "H311", "arsip")
    assert "the results store is a folder" in result.stderr
    assert "hint: give --store the name of a file, such as arsip/perkin.db" in result.stderr
    assert result.stdout == ""
    assert not Path("x.csv").exists()


def test_a_folder_given_as_the_store_reads_as_the_default_one(corpus: Path) -> None:
    """The same words for `--store perkin.db` and for the default perkin.db being a folder."""
    (corpus / "perkin.db").mkdir()
    given = run([*EVALUATE, "--format", "csv", "--save", "--store", "perkin.db"])
    default = run([*EVALUATE, "--format", "csv", "--save"])
    assert given.exit_code == default.exit_code == 1
    assert given.stderr == default.stderr
    assert run(["history", "--store", "perkin.db"]).stderr == run(["history"]).stderr


def test_a_folder_given_as_the_store_is_said_in_indonesian() -> None:
    result = run(["--lang", "id", "history", "--store", "arsip"])
    assert result.exit_code == 1
    assert "arsip: galat[H311]: basis data hasil adalah sebuah folder" in result.stderr
    assert "saran: " in result.stderr
    assert "Penggunaan:" not in result.stderr


def test_a_folder_as_the_export_is_said_at_export(corpus: Path) -> None:
    assert run([*EVALUATE, "--format", "csv", "--save"]).exit_code == 0
    result = run(["history", "--export", "arsip"])
    assert_error(result, "O002", "--export")
    assert "'arsip' is a folder, not a regular file" in result.stderr
    assert list((corpus / "arsip").iterdir()) == []


@pytest.mark.parametrize("target", ["arsip", "arsip.json"])
def test_a_folder_as_the_output_is_o002_before_scoring(corpus: Path, target: str) -> None:
    """Whatever its name says of a format, a folder is no file to write (said first, exit 1)."""
    (corpus / "arsip.json").mkdir()
    result = run([*EVALUATE, "-o", target])
    assert_error(result, "O002", "-o")
    assert f"'{target}' is a folder, not a regular file" in result.stderr


DATA = ["units.csv", "data.csv"]


@pytest.mark.parametrize(
    "args",
    [
        [*EVALUATE, "--format", "csv"],
        ["explain", "ruleset.yaml", *DATA, "--unit", "KEL1", "--indicator", "ikm"],
        ["validate", *DATA, "--ruleset", "ruleset.yaml"],
        ["diff", "ruleset.yaml", "ruleset.yaml", "--data", "units.csv", "--data", "data.csv"],
    ],
)
def test_a_folder_as_history_is_d181(args: list[str]) -> None:
    result = run([*args, "--history", "arsip"])
    assert_error(result, "D181", "arsip")
    assert "is a folder, not a history file or results store" in result.stderr


def test_click_judges_no_path() -> None:
    """Every path parameter leaves the judging to perkin (click would say exit 2, unlocated),
    but --seeds, whose folder the engine would otherwise look for elsewhere."""
    for command in cli.main.commands.values():
        for param in command.params:
            if not isinstance(param.type, click.Path) or param.name == "seeds":
                continue
            assert param.type is cli.PATH, f"perkin {command.name} {param.name}"


def test_a_folder_as_history_is_said_in_indonesian() -> None:
    result = run(["--lang", "id", *EVALUATE, "--format", "csv", "--history", "arsip"])
    assert result.exit_code == 1
    assert "arsip: galat[D181]: arsip adalah sebuah folder, bukan berkas riwayat" in result.stderr


@pytest.mark.parametrize("option", [["--store", "arsip"], ["--store", "x.db"], ["--replace"]])
def test_a_store_option_without_save_is_a_usage_error(option: list[str]) -> None:
    """Without --save nothing is stored: --store and --replace would do nothing, in silence."""
    result = run([*EVALUATE, "--format", "csv", *option])
    assert result.exit_code == 2
    assert f"{option[0]} goes with --save, which records the scored period" in result.stderr
    assert result.stdout == "" and not Path("x.db").exists()


def test_a_store_option_without_save_in_indonesian() -> None:
    result = run(["--lang", "id", *EVALUATE, "--format", "csv", "--store", "x.db"])
    assert result.exit_code == 2
    assert "--store digunakan bersama --save" in result.stderr
