"""A stored result reads back as a fresh one: the target and capaian of an indicator without
target, which an older perkin stored as bare NULLs (no reason, no na_kind column before schema
3), read as N/A with the reason '{id} has no target' of kind no_target, as a store the current
perkin wrote holds them, in the history PREV reads, in explain and in the export.

Expected texts by hand from the messages of engine/scoring/result.py (NO_TARGET) and
history_values.py (a value N/A in an earlier year).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from engine.api import evaluate
from engine.history.store import save

RULESET = """\
perkin: 1
id: t{year}
title: T {year}
year: {year}
levels: {{kota: null, kecamatan: kota}}
cadence: tahunan
inputs:
  ikm: {{kind: number, level: kecamatan, assumption: test}}
indicators:
  layanan:
    name: Layanan
    level: kecamatan
    realisasi: ikm
    assumption: test
"""
FIGURES = """\
figures:
  target_lalu: {level: kecamatan, formula: PREV(layanan.target), assumption: test}
  capaian_lalu: {level: kecamatan, formula: PREV(layanan.capaian), assumption: test}
"""
DATA = "unit,level,parent,period,ikm\nkota,kota,,{year},\ngambir,kecamatan,kota,{year},81\n"


def _files(folder: Path, year: int) -> tuple[Path, Path]:
    ruleset, data = folder / f"r{year}.yaml", folder / f"d{year}.csv"
    ruleset.write_text(RULESET.format(year=year) + (FIGURES if year == 2024 else ""))
    data.write_text(DATA.format(year=year))
    return ruleset, data


def _as_an_older_perkin_wrote_it(path: Path) -> None:
    """Schema 2 (no na_kind column), and a part that does not apply without a reason, as the
    Result of a perkin before the no-target change had it (value and reason None)."""
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE figures SET reason = NULL WHERE section = 'indicator'"
            " AND field IN ('target', 'capaian') AND value IS NULL"
        )
        db.execute("ALTER TABLE figures DROP COLUMN na_kind")
        db.execute("PRAGMA user_version = 2")


@pytest.fixture(params=["current", "older"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A results store holding the 2023 result, as the current or an older perkin wrote it."""
    ruleset, data = _files(tmp_path, 2023)
    path = tmp_path / request.param / "perkin.db"
    path.parent.mkdir()
    save(path, evaluate(ruleset, [data], None, ())[1])
    if request.param == "older":
        _as_an_older_perkin_wrote_it(path)
    return path


def _run(*args: str) -> str:
    res = CliRunner().invoke(cli.main, list(args))
    assert res.exit_code == 0, res.stderr
    return res.stdout


def test_prev_reads_the_reason_of_a_part_without_target(store: Path, tmp_path: Path) -> None:
    ruleset, data = _files(tmp_path, 2024)
    report = _run("evaluate", str(ruleset), str(data), "--history", str(store), "--format", "csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(report)) if r["jenis"] == "figur"}
    for part in ("target", "capaian"):
        row = rows[f"{part}_lalu"]
        reason = f"layanan.{part} of gambir was N/A in 2023 (layanan has no target)"
        assert (row["value"], row["na"], row["na_kind"]) == ("", reason, "reported")


def test_explain_reads_the_reason(store: Path, tmp_path: Path) -> None:
    ruleset, data = _files(tmp_path, 2024)
    args = ["--unit", "gambir", "--indicator", "capaian_lalu", "--history", str(store)]
    text = _run("explain", str(ruleset), str(data), *args)
    assert "= N/A (layanan.capaian of gambir was N/A in 2023 (layanan has no target))" in text
    assert "published as N/A" not in text


def test_an_older_store_gives_the_reason_in_the_language_of_the_run(tmp_path: Path) -> None:
    """The reason an older perkin did not store is given now, in the run's language."""
    ruleset, data = _files(tmp_path, 2023)
    older = tmp_path / "perkin.db"
    save(older, evaluate(ruleset, [data], None, ())[1])
    _as_an_older_perkin_wrote_it(older)
    ruleset, data = _files(tmp_path, 2024)
    args = ["--unit", "gambir", "--indicator", "capaian_lalu", "--history", str(older)]
    text = _run("--lang", "id", "explain", str(ruleset), str(data), *args)
    reason = "layanan.capaian unit gambir bernilai N/A pada tahun 2023"
    assert f"= N/A ({reason} (layanan tidak memiliki target))" in text


def test_the_export_gives_the_reason_and_kind(store: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    _run("history", "--store", str(store), "--export", str(export))
    rows = csv.DictReader(io.StringIO(export.read_text(encoding="utf-8")))
    parts = {r["field"]: (r["value"], r["reason"], r["na_kind"]) for r in rows}
    assert parts == {
        "target": ("", "layanan has no target", "no_target"),
        "realisasi": ("81.0", "", ""),
        "capaian": ("", "layanan has no target", "no_target"),
    }
