"""--history naming another program's SQLite database (trust sweep): it said only "cannot read
the results store: no such table: figures"; it now says what the file is and what to give."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.test_bad_inputs import run

ROOT = Path(__file__).resolve().parents[2]


def test_another_database_as_history_is_named_with_a_hint(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE pegawai (nip TEXT)")
        db.commit()
    before = other.read_bytes()
    out = tmp_path / "hasil.json"
    args = ["evaluate", str(ROOT / "rulesets" / "2024"), str(ROOT / "examples" / "2024")]
    result = run([*args, "--history", str(other), "-o", str(out), "--quiet"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert (
        f"{other}: error[D182]: the file is an SQLite database but not a perkin results store"
        in (result.stderr)
    )
    assert "hint: give --history a results store perkin wrote (evaluate --save)" in result.stderr
    assert not out.exists() and other.read_bytes() == before
