"""The numbers of a results store as earlier-year values: read-only, every stored run."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from engine.history import store
from engine.history.read_back import stored_na
from engine.history.store import SCHEMA_VERSION
from engine.history.store_access import in_use, unusable

_QUERY = (
    "SELECT r.ruleset_id, r.period, r.ruleset_sha256, r.saved_at, f.section, f.unit, f.name,"
    " f.period, f.field, f.value, f.reason FROM figures f JOIN runs r ON r.id = f.run_id"
    " WHERE f.section IN ('indicator', 'figure', 'score')"
    " AND f.field IN ('target', 'realisasi', 'capaian', 'value')"
    " ORDER BY r.ruleset_id, r.period, f.rowid"
)


class StoreRow(NamedTuple):
    """One stored number with the run it belongs to."""

    store: str
    ruleset_id: str
    run_period: str
    ruleset_sha256: str
    saved_at: str
    section: str
    unit: str
    name: str
    period: str
    field: str
    value: float | None
    reason: str | None


class StoreReadError(PerkinError):
    """A results store that cannot be read as history."""

    code = "D182"


def read_store(path: Path) -> list[StoreRow]:
    """Every stored number, oldest ruleset id and period first; the store is opened read-only
    (reading history never migrates or locks it for writing)."""
    where = Location(file=str(path))
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=store.WAIT_SECONDS)) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                message = _(
                    "the results store has schema version {version}; this perkin knows {known}"
                ).format(version=version, known=SCHEMA_VERSION)
                raise StoreReadError(message, where, _("use a newer perkin, or another --history"))
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "runs" not in tables or "figures" not in tables:
                message = _("the file is an SQLite database but not a perkin results store")
                hint = _(
                    "give --history a results store perkin wrote (evaluate --save), or a "
                    "history file of published figures (.csv)"
                )
                raise StoreReadError(message, where, hint)
            rows = db.execute(_QUERY).fetchall()
    except sqlite3.DatabaseError as err:
        if in_use(err):
            raise unusable(err, path, store.WAIT_SECONDS) from err
        message = _("cannot read the results store: {error}").format(error=err)
        hint = _("give --history a results store perkin wrote, or a history file (.csv)")
        raise StoreReadError(message, where, hint) from err
    return [_read_back(StoreRow(str(path), *row)) for row in rows]


def _read_back(row: StoreRow) -> StoreRow:
    """The row with the reason of its N/A as a fresh result has it (see read_back.py)."""
    reason, _kind = stored_na(row.section, row.name, row.field, row.value, row.reason, None)
    return row._replace(reason=reason)
