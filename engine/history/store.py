"""The results store: scored periods kept in an embedded SQLite database, one transaction each.

A run is keyed by (ruleset id, period). Saving the same result again changes nothing; a
different result under the same key is refused unless the caller asks to replace it. Every save
is one `BEGIN IMMEDIATE` transaction, so a crash, a kill or Ctrl-C leaves the previous state, and
two writers wait for each other (SQLite's lock, with a timeout) instead of corrupting the file.
The schema carries its version (`PRAGMA user_version`); older databases are migrated in place,
newer ones are refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Literal, NamedTuple

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _
from dsl.values import NaKind
from engine.history.read_back import stored_na
from engine.history.store_access import (
    DEFAULT_NAME,
    OTHER_STORE,
    StoreError,
    check_place,
    check_writable,
    folder_error,
    unusable,
)
from engine.safe_text import csv_text
from engine.scoring.result import Presented, Result

DEFAULT_STORE = Path(DEFAULT_NAME)
WAIT_SECONDS = 30.0  # how long a writer waits for another one before giving up

# Each entry takes the schema from the version before it to its own number (1, 2, …).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            ruleset_id TEXT NOT NULL,
            ruleset_title TEXT NOT NULL,
            ruleset_sha256 TEXT NOT NULL,
            input_sha256 TEXT NOT NULL,
            period TEXT NOT NULL,
            perkin TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            result_sha256 TEXT NOT NULL,
            UNIQUE (ruleset_id, period)
        )""",
        """CREATE TABLE figures (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            section TEXT NOT NULL,
            unit TEXT NOT NULL,
            name TEXT NOT NULL,
            period TEXT NOT NULL,
            field TEXT NOT NULL,
            value REAL,
            text TEXT,
            reason TEXT
        )""",
        "CREATE INDEX figures_by_run ON figures (run_id)",
    ),
    # 2: the presentation rounding of each number, so a stored value is shown as it was
    (
        "ALTER TABLE figures ADD COLUMN decimals INTEGER",
        "ALTER TABLE figures ADD COLUMN mode TEXT",
    ),
    # 3: why a figure is N/A for programs (no_data, reported …); the reason beside it is words
    ("ALTER TABLE figures ADD COLUMN na_kind TEXT",),
)
SCHEMA_VERSION = len(MIGRATIONS)
COLUMNS = ("section", "unit", "name", "period", "field", "value", "text", "reason", "na_kind")


class StoreConflictError(PerkinError):
    """A save that would overwrite a different result stored under the same key."""

    code = "H021"


class Run(NamedTuple):
    """One stored scored period."""

    ruleset_id: str
    ruleset_title: str
    period: str
    ruleset_sha256: str
    input_sha256: str
    perkin: str
    saved_at: str
    figures: int


Saved = Literal["saved", "unchanged", "replaced"]


DIGEST = "figures1:"  # marks a digest of the stored figures (older stores hash the JSON)


def result_digest(result: Result) -> str:
    """What identifies a result: its ruleset, data and period and every figure as stored, without
    the N/A reasons and notes, which are words in the language of the run (the same figures, the
    same digest, whichever perkin and whichever language computed them)."""
    head = (result.ruleset_id, result.period, result.ruleset_hash, result.input_hash)
    return _digest(head, (row[:7] + row[8:10] for row in _figure_rows(result)))


def _digest(head: tuple[str, ...], figures: Iterable[Sequence[object]]) -> str:
    """The digest of a run's identity and its figures (each without its reason), in order."""
    rows = [list(head), *([_cell(v) for v in row] for row in figures)]
    text = json.dumps(rows, ensure_ascii=False)
    return DIGEST + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored_digest(db: sqlite3.Connection, run_id: int) -> str:
    """The digest of a run as the store holds it, computed the way result_digest computes it."""
    head = db.execute(
        "SELECT ruleset_id, period, ruleset_sha256, input_sha256 FROM runs WHERE id = ?", (run_id,)
    ).fetchone()
    figures = db.execute(
        "SELECT section, unit, name, period, field, value, text, decimals, mode FROM figures"
        " WHERE run_id = ? ORDER BY rowid",
        (run_id,),
    )
    return _digest(tuple(head), figures)


def save(path: Path, result: Result, replace: bool = False) -> Saved:
    """Record a scored period; idempotent, refused on conflict unless `replace`."""
    digest = result_digest(result)
    with _open(path) as db, _transaction(db, path):
        found = _stored(db, result)
        if found is not None and found[2]:  # saved by an older perkin: its digest, recomputed
            db.execute("UPDATE runs SET result_sha256 = ? WHERE id = ?", (found[1], found[0]))
        if found is not None and found[1] == digest:
            return "unchanged"
        if found is not None and not replace:
            raise _conflict(path, result)
        if found is not None:
            db.execute("DELETE FROM figures WHERE run_id = ?", (found[0],))
            db.execute("DELETE FROM runs WHERE id = ?", (found[0],))
        run_id = _insert_run(db, result, digest)
        db.executemany(
            "INSERT INTO figures (run_id, section, unit, name, period, field, value, text, reason,"
            " decimals, mode, na_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((run_id, *row) for row in _figure_rows(result)),
        )
    return "saved" if found is None else "replaced"


def check_conflict(path: Path, result: Result, replace: bool = False) -> None:
    """StoreConflictError now, before a report is written, for a result the save would refuse:
    other figures under its ruleset id and period, without `replace` (the report would replace
    the one that matches the store, and the command fail after it). Nothing is written."""
    if replace or not path.is_file():
        return
    with _open(path, read_only=True) as db:  # not migrated: an older schema is read as it is
        row = db.execute(
            "SELECT result_sha256 FROM runs WHERE ruleset_id = ? AND period = ?",
            (result.ruleset_id, result.period),
        ).fetchone()
    # a digest of an older perkin is recomputed by the save, after the store is migrated
    if row is not None and row[0].startswith(DIGEST) and row[0] != result_digest(result):
        raise _conflict(path, result)


def _stored(db: sqlite3.Connection, result: Result) -> tuple[int, str, bool] | None:
    """The run stored under the result's key: its id, its digest, and whether the digest was
    recomputed (a run an older perkin saved, whose digest hashed the JSON)."""
    row = db.execute(
        "SELECT id, result_sha256 FROM runs WHERE ruleset_id = ? AND period = ?",
        (result.ruleset_id, result.period),
    ).fetchone()
    if row is None:
        return None
    if not row[1].startswith(DIGEST):
        return row[0], _stored_digest(db, row[0]), True
    return row[0], row[1], False


def _conflict(path: Path, result: Result) -> StoreConflictError:
    return StoreConflictError(
        _("{ruleset} {period} is already stored with other figures").format(
            ruleset=result.ruleset_id, period=result.period
        ),
        Location(file=str(path)),
        _("check the data; pass --replace to record the new figures instead"),
    )


def runs(path: Path) -> list[Run]:
    """What the store holds, oldest ruleset id and period first."""
    _existing(path)
    with _open(path) as db:
        rows = db.execute(
            "SELECT r.ruleset_id, r.ruleset_title, r.period, r.ruleset_sha256, r.input_sha256,"
            " r.perkin, r.saved_at, (SELECT COUNT(*) FROM figures f WHERE f.run_id = r.id)"
            " FROM runs r ORDER BY r.ruleset_id, r.period"
        ).fetchall()
    return [Run(*row) for row in rows]


def export_csv(path: Path) -> str:
    """Every stored figure as one long CSV table for analysts (a row per unit, name and field)."""
    _existing(path)
    rows: list[list[object]] = [["ruleset", "scored_period", *COLUMNS]]
    with _open(path) as db:
        query = (
            "SELECT r.ruleset_id, r.period, f.section, f.unit, f.name, f.period, f.field, f.value,"
            " f.text, f.reason, f.na_kind FROM figures f JOIN runs r ON r.id = f.run_id"
            " ORDER BY r.ruleset_id, r.period, f.rowid"
        )
        for row in db.execute(query):  # an N/A as a fresh result has it (read_back.py)
            why = stored_na(row[2], row[4], row[6], row[7], row[9], row[10])
            rows.append([_cell(v) for v in (*row[:9], *why)])
    return csv_text(rows)


def _cell(value: object) -> object:
    """A CSV cell: full precision for numbers (repr round-trips a float), '' for nothing."""
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else value


_HINT = N_("save a result first: perkin evaluate RULESET DATA --save")


def _existing(path: Path) -> None:
    """StoreError unless the store is a file: a folder of its name (H311), or nothing (H020)."""
    if path.is_dir():
        raise folder_error(path)
    if not path.is_file():
        message = _("no results store at {path}").format(path=path)
        raise StoreError(message, Location(file=str(path)), _(_HINT))


@contextmanager
def _open(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection with the schema migrated to the current version (read-only: only checked)."""
    target = path.resolve().as_uri() + "?mode=ro" if read_only else str(path)
    try:
        with closing(
            sqlite3.connect(target, timeout=WAIT_SECONDS, isolation_level=None, uri=read_only)
        ) as db:
            db.execute("PRAGMA foreign_keys = ON")
            _migrate(db, path, read_only)
            yield db
    except sqlite3.DatabaseError as err:
        raise unusable(err, path, WAIT_SECONDS) from err


def check_store(path: Path) -> None:
    """StoreError now, before a command scores or writes anything, for a store it could not save
    in: a folder, a file that is no SQLite database, another program's database, a newer
    schema, a store locked by another program, a file or folder perkin may not write. Nothing
    is written (the save migrates); a store that does not exist yet is made by the save."""
    check_place(path)
    if path.exists():
        with _open(path, read_only=True):
            pass
    check_writable(path)


@contextmanager
def _transaction(db: sqlite3.Connection, path: Path) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (KeyboardInterrupt included)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _migrate(db: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
    _refuse_foreign(db, path)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            _("the results store has schema version {version}; this perkin knows {known}").format(
                version=version, known=SCHEMA_VERSION
            ),
            Location(file=str(path)),
            _("use a newer perkin, or another --store"),
        )
    if version == SCHEMA_VERSION or read_only:
        return
    with _transaction(db, path):
        version = db.execute("PRAGMA user_version").fetchone()[0]  # another writer may have won
        for step in MIGRATIONS[version:]:
            for statement in step:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _refuse_foreign(db: sqlite3.Connection, path: Path) -> None:
    """StoreError (H300) for another program's database: tables, but not perkin's runs table
    (adding perkin's tables to it, or listing nothing from it, would pass in silence)."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "runs" not in tables:
        raise StoreError(
            _("the file is an SQLite database but not a perkin results store"),
            Location(file=str(path)),
            _(OTHER_STORE),
            "H300",
        )


def _insert_run(db: sqlite3.Connection, result: Result, digest: str) -> int:
    saved_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    cursor = db.execute(
        "INSERT INTO runs (ruleset_id, ruleset_title, ruleset_sha256, input_sha256, period,"
        " perkin, saved_at, result_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            result.ruleset_id,
            result.ruleset_title,
            result.ruleset_hash,
            result.input_hash,
            result.period,
            result.perkin_version,
            saved_at,
            digest,
        ),
    )
    return int(cursor.lastrowid or 0)


FigureRow = tuple[
    str, str, str, str, str, float | None, str | None, str | None, int, str, str | None
]


def _figure_rows(result: Result) -> Iterator[FigureRow]:
    """(section, unit, name, period, field, value, text, reason, decimals, mode, na_kind) of each
    number and label."""
    for r in result.indicators:
        for field, fig in (
            ("target", r.target),
            ("realisasi", r.realisasi),
            ("capaian", r.capaian),
        ):
            yield _number("indicator", r.unit, r.indicator, r.period, field, fig)
        if r.predikat is not None or r.predikat_reason is not None:
            why = (r.predikat_reason, r.predikat_kind)
            yield _label("indicator", r.unit, r.indicator, r.period, r.predikat, *why)
    for section, rows in (("figure", result.figures), ("score", result.scores)):
        for v in rows:
            yield _number(section, v.unit, v.name, v.period, "value", v.value)
            if v.predikat is not None:
                yield _label(section, v.unit, v.name, v.period, v.predikat, None, None)
    for k in result.rankings:
        rank = None if k.rank is None else float(k.rank)
        kind = _kind(k.value.kind) if k.rank is None else None
        yield (
            "ranking",
            k.unit,
            k.ranking,
            result.period,
            "rank",
            rank,
            k.award,
            k.note,
            0,
            "",
            kind,
        )


def _number(
    section: str, unit: str, name: str, period: str, field: str, fig: Presented
) -> FigureRow:
    text = None if fig.value is None else fig.text()
    r = fig.rounding
    why = (fig.reason, r.decimals, r.mode, _kind(fig.kind))
    return (section, unit, name, period, field, fig.value, text, *why)


def _label(
    section: str, unit: str, name: str, period: str, label: str | None, reason: str | None,
    kind: NaKind | None,
) -> FigureRow:  # fmt: skip
    return (section, unit, name, period, "predikat", None, label, reason, 0, "", _kind(kind))


def _kind(kind: NaKind | None) -> str | None:
    return None if kind is None else kind.value
