"""Folders given for data or case files (trust sweep): an entry that looks like a data or case file
but is a pipe, a device or a broken or looping link is refused where it is, not passed over in
silence (the folder would be scored without it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
CASE = (
    "title: T\nruleset: ../ruleset.yaml\ndata: [../units.csv, ../data.csv]\nperiod: '2024-TW1'\n"
    "defaults: {unit: KEL1}\npublished:\n"
    "  - {indicator: aduan_selesai, field: realisasi, printed: '9', assumption: test}\n"
)
ENTRIES = {
    "fifo": lambda p: os.mkfifo(p),
    "device": lambda p: p.symlink_to("/dev/zero"),
    "broken_link": lambda p: p.symlink_to(p.with_name("nowhere")),
    "link_loop": lambda p: p.symlink_to(p),
}


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_a_data_folder_entry_that_is_no_file_is_refused(corpus: Path, entry: str) -> None:
    folder = corpus / "data"
    folder.mkdir()
    for name in ("units.csv", "data.csv"):
        shutil.copy(corpus / name, folder / name)
    ENTRIES[entry](folder / "tw2.csv")
    result = run(["validate", "--ruleset", "ruleset.yaml", "data"])
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "data/tw2.csv: error[D020]: cannot read the file" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_a_case_folder_entry_that_is_no_file_is_refused(corpus: Path, entry: str) -> None:
    folder = corpus / "cases"
    folder.mkdir()
    (folder / "a.yaml").write_text(CASE)
    ENTRIES[entry](folder / "b.yaml")
    result = run(["replay", "cases"])
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "cases/b.yaml: error[R001]: cannot read the file" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_folder_of_regular_files_is_still_read(corpus: Path) -> None:
    folder = corpus / "cases"
    folder.mkdir()
    (folder / "a.yaml").write_text(CASE)
    (folder / "sub.yaml").mkdir()  # a folder is not a case file, whatever its name
    result = run(["replay", "cases"])
    assert result.exit_code == 0, result.stderr
    assert "1 published figure: 1 reproduce" in result.stdout


def test_a_file_named_twice_is_read_once_and_said(tmp_path: Path) -> None:
    """`perkin evaluate rs data/ data/anggaran.csv` (the folder holds it) and `./x.csv x.csv`
    name one file twice: read once (no duplicate values), and the summary says so."""
    from click.testing import CliRunner

    import cli

    root = Path(__file__).parents[2]
    folder = root / "examples" / "2024"
    again = folder / "anggaran.csv"
    args = ["evaluate", str(root / "rulesets" / "2024"), str(folder), str(again)]
    result = CliRunner().invoke(cli.main, [*args, "--format", "csv", "-o", str(tmp_path / "a.csv")])
    assert result.exit_code == 0, result.output
    assert f"{again}: the same file as {again}, named again; read once" in result.stderr
    once = CliRunner().invoke(
        cli.main, [*args[:3], "--format", "csv", "-o", str(tmp_path / "b.csv"), "--quiet"]
    )
    assert once.exit_code == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    result = CliRunner().invoke(
        cli.main, ["--lang", "id", *args, "--format", "csv", "-o", str(tmp_path / "c.csv")]
    )
    assert "berkas yang sama dengan" in result.stderr
