"""The results store as a careless office and an attacker meet it (trust sweep): an SQLite file
that is someone else's database, a report written over a store, a store that cannot be used found
before anything is written, and a store with nothing in it said so.

Each test copies the small base corpus (tests/bad_inputs/base) into a temporary folder and runs
perkin there, in-process.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.hostile.test_writes import assert_error
from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
EVALUATE = ["evaluate", "ruleset.yaml", "units.csv", "data.csv", "--quiet"]


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the base corpus as the working folder."""
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def foreign_database(path: Path) -> bytes:
    """An SQLite database of another program (user_version 0, its own table); its bytes."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE pegawai (nip TEXT, nama TEXT)")
        db.execute("INSERT INTO pegawai VALUES ('19800101', 'Siti')")
    return path.read_bytes()


def tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]


def test_saving_into_another_programs_database_is_refused(corpus: Path) -> None:
    before = foreign_database(corpus / "kepegawaian.db")
    result = run([*EVALUATE, "--format", "json", "--save", "--store", "kepegawaian.db"])
    assert_error(result, "H300", "kepegawaian.db")
    assert "not a perkin results store" in result.stderr
    assert (corpus / "kepegawaian.db").read_bytes() == before
    assert tables(corpus / "kepegawaian.db") == ["pegawai"]


def test_listing_another_programs_database_is_refused(corpus: Path) -> None:
    foreign_database(corpus / "kepegawaian.db")
    for args in (["--store", "kepegawaian.db"], ["--store", "kepegawaian.db", "--export", "x.csv"]):
        assert_error(run(["history", *args]), "H300", "kepegawaian.db")
    assert not (corpus / "x.csv").exists()


def test_an_unusable_store_is_found_before_the_report_is_written(corpus: Path) -> None:
    (corpus / "perkin.db").write_text("not a database\n")
    result = run([*EVALUATE, "-o", "report.json", "--save"])
    assert_error(result, "H020", "perkin.db")
    assert not (corpus / "report.json").exists()
    assert result.stdout == ""


def test_a_store_of_a_newer_perkin_is_found_before_the_report_is_written(corpus: Path) -> None:
    assert run([*EVALUATE, "--format", "csv", "--save"]).exit_code == 0
    with sqlite3.connect(corpus / "perkin.db") as db:
        db.execute("PRAGMA user_version = 99")
    result = run([*EVALUATE, "-o", "report.csv", "--save"])
    assert_error(result, "H020", "perkin.db")
    assert "schema version 99" in result.stderr
    assert not (corpus / "report.csv").exists()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_report_over_a_results_store_is_refused(corpus: Path, fmt: str) -> None:
    assert run([*EVALUATE, "--format", "csv", "--save"]).exit_code == 0
    before = (corpus / "perkin.db").read_bytes()
    result = run([*EVALUATE, "--format", fmt, "-o", "perkin.db"])
    assert_error(result, "O300", "-o")
    assert "SQLite database" in result.stderr
    assert (corpus / "perkin.db").read_bytes() == before


def test_an_export_over_a_foreign_database_is_refused(corpus: Path) -> None:
    assert run([*EVALUATE, "--format", "csv", "--save"]).exit_code == 0
    before = foreign_database(corpus / "kepegawaian.db")
    assert_error(run(["history", "--export", "kepegawaian.db"]), "O300", "--export")
    assert (corpus / "kepegawaian.db").read_bytes() == before


def test_a_report_over_an_ordinary_file_is_still_written(corpus: Path) -> None:
    (corpus / "report.json").write_text("old report\n")
    assert run([*EVALUATE, "--format", "json", "-o", "report.json"]).exit_code == 0
    assert (corpus / "report.json").read_text().startswith("{")


def test_an_empty_store_says_it_holds_nothing(corpus: Path) -> None:
    (corpus / "perkin.db").touch()  # an empty file is an empty SQLite database
    result = run(["history"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "perkin.db: the results store holds no scored period" in result.stderr


def test_an_empty_store_says_so_in_indonesian(corpus: Path) -> None:
    (corpus / "perkin.db").touch()
    result = run(["--lang", "id", "history"])
    assert result.exit_code == 0, result.stderr
    assert "perkin.db: basis data hasil belum memuat periode yang dinilai" in result.stderr


def test_a_foreign_database_is_refused_in_indonesian(corpus: Path) -> None:
    foreign_database(corpus / "kepegawaian.db")
    result = run(["--lang", "id", "history", "--store", "kepegawaian.db"])
    assert result.exit_code == 1
    assert "kepegawaian.db: galat[H300]" in result.stderr
    assert "bukan basis data hasil perkin" in result.stderr


@pytest.mark.parametrize("target", ["riwayat.csv", "link.json"])
def test_a_report_over_the_history_file_it_read_is_refused(corpus: Path, target: str) -> None:
    (corpus / "riwayat.csv").write_text("unit,period,name,value\nKEL1,2023,ikm.realisasi,80\n")
    (corpus / "link.json").hardlink_to(corpus / "riwayat.csv")
    before = (corpus / "riwayat.csv").read_bytes()
    fmt = target.rsplit(".", 1)[1]
    args = [*EVALUATE, "--history", "riwayat.csv", "--format", fmt, "-o", target]
    assert_error(run(args), "O002", "-o")
    assert (corpus / "riwayat.csv").read_bytes() == before


def test_checking_the_store_early_writes_nothing_into_an_empty_input(corpus: Path) -> None:
    (corpus / "empty.csv").touch()  # an empty file is an empty SQLite database, and no data
    result = run([*EVALUATE[:2], "empty.csv", "--save", "--store", "empty.csv"])
    assert result.exit_code == 1, result.stderr
    assert (corpus / "empty.csv").read_bytes() == b""
