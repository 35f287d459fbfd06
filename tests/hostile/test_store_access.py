"""A results store perkin may not write or may not use now (trust sweep, second round): a
read-only store file or folder, a folder that does not exist, a folder named like the store, a
store another program holds locked. Each is a located error with a hint (exit 1), found before
the report is written, and the store is left as it was.

Read-only is made with chmod and, when the tests run as root (whom modes do not stop), with
`chattr +i` as well. Each test copies the small base corpus into a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.history import store
from tests.hostile.test_writes import assert_error
from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
EVALUATE = ["evaluate", "ruleset.yaml", "units.csv", "data.csv", "--quiet"]


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Paths appended to the list are made read-only for the test and writable after it."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o755 if path.is_dir() else 0o644)


def make_read_only(paths: list[Path], path: Path) -> None:
    paths.append(path)
    path.chmod(0o555 if path.is_dir() else 0o444)
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"as root, {path} cannot be made read-only here (chattr +i failed)")


def saved_store(corpus: Path) -> bytes:
    assert run([*EVALUATE, "--format", "csv", "--save"]).exit_code == 0
    return (corpus / "perkin.db").read_bytes()


def test_a_read_only_store_is_found_before_the_report_is_written(
    corpus: Path, read_only: list[Path]
) -> None:
    before = saved_store(corpus)
    make_read_only(read_only, corpus / "perkin.db")
    result = run([*EVALUATE, "-o", "report.json", "--save", "--replace"])
    assert_error(result, "H311", "perkin.db")
    assert "the results store cannot be written" in result.stderr
    assert not (corpus / "report.json").exists()
    assert (corpus / "perkin.db").read_bytes() == before


def test_a_read_only_store_can_still_be_listed(corpus: Path, read_only: list[Path]) -> None:
    saved_store(corpus)
    make_read_only(read_only, corpus / "perkin.db")
    result = run(["history"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("bad_inputs_base  2024")


def test_a_store_in_a_read_only_folder_is_found_before_the_report_is_written(
    corpus: Path, read_only: list[Path]
) -> None:
    (corpus / "arsip").mkdir()
    make_read_only(read_only, corpus / "arsip")
    result = run([*EVALUATE, "-o", "report.json", "--save", "--store", "arsip/perkin.db"])
    assert_error(result, "H311", "arsip/perkin.db")
    assert "folder" in result.stderr
    assert not (corpus / "report.json").exists()
    assert list((corpus / "arsip").iterdir()) == []


def test_a_store_whose_folder_is_read_only_is_found_before_the_report_is_written(
    corpus: Path, read_only: list[Path]
) -> None:
    """SQLite writes its journal beside the store: a writable file in a read-only folder
    cannot be saved into either."""
    (corpus / "arsip").mkdir()
    store_args = ["--save", "--store", "arsip/perkin.db"]
    assert run([*EVALUATE, "--format", "csv", *store_args]).exit_code == 0
    make_read_only(read_only, corpus / "arsip")
    assert_error(run([*EVALUATE, "-o", "report.json", *store_args]), "H311", "arsip/perkin.db")
    assert not (corpus / "report.json").exists()


def test_a_store_in_a_missing_folder_is_found_before_the_report_is_written(corpus: Path) -> None:
    result = run([*EVALUATE, "-o", "report.json", "--save", "--store", "arsip/2024/perkin.db"])
    assert_error(result, "H311", "arsip/2024/perkin.db")
    assert "the folder arsip/2024 does not exist" in result.stderr
    assert not (corpus / "report.json").exists()
    assert not (corpus / "arsip").exists()


def test_a_folder_named_like_the_default_store_is_refused(corpus: Path) -> None:
    (corpus / "perkin.db").mkdir()
    result = run([*EVALUATE, "-o", "report.json", "--save"])
    assert_error(result, "H311", "perkin.db")
    assert "is a folder" in result.stderr
    assert not (corpus / "report.json").exists()
    assert_error(run(["history"]), "H311", "perkin.db")


@pytest.fixture
def locked(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """The saved store held by another program's exclusive transaction; perkin waits briefly."""
    saved_store(corpus)
    monkeypatch.setattr(store, "WAIT_SECONDS", 0.2)
    other = sqlite3.connect(corpus / "perkin.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_locked_store_is_found_before_the_report_is_written(
    corpus: Path, locked: sqlite3.Connection
) -> None:
    result = run([*EVALUATE, "-o", "report.json", "--save", "--replace"])
    assert_error(result, "H310", "perkin.db")
    assert "in use by another program" in result.stderr
    assert "database is locked" not in result.stderr
    assert not (corpus / "report.json").exists()


def test_listing_a_locked_store_says_it_is_in_use(locked: sqlite3.Connection) -> None:
    for args in (["history"], ["history", "--export", "x.csv"]):
        assert_error(run(args), "H310", "perkin.db")
    assert not Path("x.csv").exists()


def test_a_locked_store_is_said_in_indonesian(locked: sqlite3.Connection) -> None:
    result = run(["--lang", "id", "history"])
    assert result.exit_code == 1
    assert "perkin.db: galat[H310]: basis data hasil sedang dipakai program lain" in result.stderr
    assert "saran: " in result.stderr


def test_a_missing_folder_is_said_in_indonesian() -> None:
    result = run(["--lang", "id", *EVALUATE, "--format", "csv", "--save", "--store", "a/p.db"])
    assert result.exit_code == 1
    assert "a/p.db: galat[H311]: folder a tidak ada" in result.stderr
    assert result.stdout == ""


def test_a_locked_store_read_as_history_says_it_is_in_use(locked: sqlite3.Connection) -> None:
    result = run([*EVALUATE, "--format", "csv", "--history", "perkin.db"])
    assert_error(result, "H310", "perkin.db")
    assert result.stdout == ""


def test_a_save_the_store_would_refuse_leaves_the_earlier_report(corpus: Path) -> None:
    """Other figures under a stored ruleset and period (the data changed) without --replace:
    refused before the report is written, so the report on disk still matches the store."""
    assert run([*EVALUATE, "-o", "report.json", "--save"]).exit_code == 0
    before = (corpus / "report.json").read_bytes()
    data = (corpus / "data.csv").read_text(encoding="utf-8")
    (corpus / "data.csv").write_text(data.replace("KEL1,9,", "KEL1,8,"), encoding="utf-8")
    result = run([*EVALUATE, "-o", "report.json", "--save"])
    assert_error(result, "H021", "perkin.db")
    assert (corpus / "report.json").read_bytes() == before
    result = run([*EVALUATE, "-o", "report.json", "--save", "--replace"])
    assert result.exit_code == 0, result.stderr
    assert (corpus / "report.json").read_bytes() != before


def test_an_unchanged_save_still_writes_the_report(corpus: Path) -> None:
    assert run([*EVALUATE, "-o", "report.json", "--save"]).exit_code == 0
    (corpus / "report.json").unlink()
    assert run([*EVALUATE, "-o", "report.json", "--save"]).exit_code == 0
    assert (corpus / "report.json").exists()


def test_a_run_an_older_perkin_saved_is_left_to_the_save(corpus: Path) -> None:
    """A digest an older perkin computed (over its JSON) cannot be compared before the store is
    migrated: the early check leaves it, and the save compares the figures (unchanged here)."""
    assert run([*EVALUATE, "--format", "csv", "--save"]).exit_code == 0
    with sqlite3.connect(corpus / "perkin.db") as db:
        db.execute("UPDATE runs SET result_sha256 = 'e3b0c44298fc1c149afbf4c8996fb924'")
    result = run(["evaluate", "ruleset.yaml", "units.csv", "data.csv", "-o", "r.json", "--save"])
    assert result.exit_code == 0, result.stderr
    assert "unchanged: bad_inputs_base 2024 in perkin.db" in result.stderr
