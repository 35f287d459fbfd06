"""The results store: idempotent saves, refused conflicts, crashes, two writers, migrations."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from dsl.errors import PerkinError
from dsl.i18n import set_language
from engine.api import load
from engine.data.read import read_data
from engine.history.store import MIGRATIONS, SCHEMA_VERSION, export_csv, runs, save
from engine.scoring.result import Result
from engine.scoring.score import score

ROOT = Path(__file__).resolve().parents[2]
SEMANTICS = ROOT / "tests" / "engine" / "semantics"


@cache
def _result(period: str | None = None, units: tuple[str, ...] = ()) -> Result:
    rs = load(SEMANTICS / "ruleset.yaml")
    return score(rs, read_data([SEMANTICS / "data.yaml"]), period, units)


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def test_saving_twice_is_idempotent(tmp_path: Path) -> None:
    store = tmp_path / "perkin.db"
    assert save(store, _result()) == "saved"
    assert save(store, _result()) == "unchanged"
    [run] = runs(store)
    assert (run.ruleset_id, run.period) == (_result().ruleset_id, _result().period)
    assert run.figures > 0


def test_other_figures_under_the_same_key_are_refused_unless_replaced(tmp_path: Path) -> None:
    store = tmp_path / "perkin.db"
    save(store, _result())
    before = export_csv(store)
    other = _result(units=(_result().units[-1].id,))
    with pytest.raises(PerkinError) as err:
        save(store, other)
    assert err.value.code == "H021" and "--replace" in (err.value.hint or "")
    assert export_csv(store) == before, "a refused save changes nothing"
    assert save(store, other, replace=True) == "replaced"
    assert export_csv(store) != before and len(runs(store)) == 1


def test_the_same_figures_in_another_language_are_unchanged(tmp_path: Path) -> None:
    """N/A reasons and notes are words in the run's language: scoring the same data in
    Indonesian after English is the same result, not a conflict."""
    store = tmp_path / "perkin.db"
    assert save(store, _result()) == "saved"
    set_language("id")
    rs = load(SEMANTICS / "ruleset.yaml")
    indonesian = score(rs, read_data([SEMANTICS / "data.yaml"]))
    reasons = {r.realisasi.reason for r in indonesian.indicators} - {None}
    assert "ikm dilaporkan N/A pada TW1" in reasons
    assert save(store, indonesian) == "unchanged"


def test_the_export_gives_each_na_its_kind(tmp_path: Path) -> None:
    """Analysts filter N/A by kind, not by the words of the reason."""
    store = tmp_path / "perkin.db"
    save(store, _result())
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    [ikm] = [
        r
        for r in rows
        if (r["unit"], r["name"], r["period"], r["field"])
        == ("kota", "level_ikm", "TW1", "realisasi")
    ]
    assert (ikm["value"], ikm["reason"], ikm["na_kind"]) == (
        "",
        "ikm reported as N/A in TW1",
        "reported",
    )
    assert all(r["na_kind"] == "" for r in rows if r["value"] != "")


def test_a_run_saved_by_an_older_perkin_is_compared_by_its_figures(tmp_path: Path) -> None:
    """A run whose digest an older perkin computed (over its JSON) is compared by the figures
    the store holds, and its digest brought up to date."""
    store = tmp_path / "perkin.db"
    save(store, _result())
    with sqlite3.connect(store) as db:
        db.execute("UPDATE runs SET result_sha256 = 'e3b0c44298fc1c149afbf4c8996fb924'")
    assert save(store, _result()) == "unchanged"
    with sqlite3.connect(store) as db:
        [(digest,)] = db.execute("SELECT result_sha256 FROM runs").fetchall()
    assert digest.startswith("figures1:")
    other = _result(units=(_result().units[-1].id,))
    with pytest.raises(PerkinError) as err:
        save(store, other)
    assert err.value.code == "H021"


def test_periods_are_kept_apart(tmp_path: Path) -> None:
    store = tmp_path / "perkin.db"
    save(store, _result())
    save(store, _result("TW1"))
    assert [r.period for r in runs(store)] == sorted([_result().period, _result("TW1").period])


def _python(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


PRELUDE = """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from engine.api import load
    from engine.data.read import read_data
    from engine.history import store
    from engine.scoring.score import score
    folder = Path({semantics!r})
    result = score(load(folder / "ruleset.yaml"), read_data([folder / "data.yaml"]), {period!r})
"""


def test_a_killed_save_leaves_the_previous_state(tmp_path: Path) -> None:
    """A process killed (SIGKILL) in the middle of writing figures leaves the stored year whole."""
    db = tmp_path / "perkin.db"
    save(db, _result())
    before = export_csv(db)
    code = (
        PRELUDE
        + """
    rows = store._figure_rows
    def dying(result):
        for n, row in enumerate(rows(result)):
            if n == 5:
                os.kill(os.getpid(), signal.SIGKILL)
            yield row
    store._figure_rows = dying
    store.save(Path({db!r}), result, replace=True)
    """
    )
    proc = _python(code.format(root=str(ROOT), semantics=str(SEMANTICS), period="TW2", db=str(db)))
    proc.communicate(timeout=120)
    assert proc.returncode == -9
    assert export_csv(db) == before
    assert _integrity(db) == "ok"


def test_two_writers_at_once(tmp_path: Path) -> None:
    db = tmp_path / "perkin.db"
    code = PRELUDE + "\n    store.save(Path({db!r}), result)\n"
    procs = [
        _python(code.format(root=str(ROOT), semantics=str(SEMANTICS), period=p, db=str(db)))
        for p in ("TW1", "TW2", "TW3")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert len(runs(db)) == 3
    assert _integrity(db) == "ok"


def test_an_older_schema_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "perkin.db"
    with sqlite3.connect(db) as con:
        for statement in MIGRATIONS[0]:
            con.execute(statement)
        con.execute(
            "INSERT INTO runs (ruleset_id, ruleset_title, ruleset_sha256, input_sha256, period,"
            " perkin, saved_at, result_sha256) VALUES ('old', 'Old', 'a', 'b', '2023', '0.0.1',"
            " '2024-01-01T00:00:00+00:00', 'c')"
        )
        con.execute("PRAGMA user_version = 1")
    assert [r.ruleset_id for r in runs(db)] == ["old"]
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in con.execute("PRAGMA table_info(figures)")}
    assert {"decimals", "mode", "na_kind"} <= columns
    save(db, _result())
    assert len(runs(db)) == 2


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "perkin.db"
    with sqlite3.connect(db) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(PerkinError) as err:
        runs(db)
    assert err.value.code == "H020"


def test_not_a_database_is_a_located_error(tmp_path: Path) -> None:
    db = tmp_path / "perkin.db"
    db.write_text("not sqlite at all\n" * 100)
    with pytest.raises(PerkinError) as err:
        save(db, _result())
    assert err.value.code == "H020" and str(db) in err.value.render()


def test_cli_save_history_and_export(tmp_path: Path) -> None:
    db = tmp_path / "perkin.db"
    args = ["evaluate", str(SEMANTICS / "ruleset.yaml"), str(SEMANTICS / "data.yaml")]
    store = ["--save", "--store", str(db), "--format", "json", "-o", str(tmp_path / "r.json")]
    first = CliRunner().invoke(cli.main, [*args, *store])
    again = CliRunner().invoke(cli.main, [*args, *store])
    assert first.exit_code == 0 and "saved:" in first.stderr
    assert again.exit_code == 0 and "unchanged:" in again.stderr
    listed = CliRunner().invoke(cli.main, ["history", "--store", str(db)])
    assert listed.exit_code == 0 and _result().ruleset_id in listed.stdout
    out = tmp_path / "history.csv"
    exported = CliRunner().invoke(cli.main, ["history", "--store", str(db), "--export", str(out)])
    assert exported.exit_code == 0
    assert out.read_text().splitlines()[0].startswith("ruleset,scored_period,section,unit")
    missing = CliRunner().invoke(cli.main, ["history", "--store", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "error[H020]" in missing.stderr
