"""Whether a results store can be used now: its place (a file, in a folder that exists), its
permissions, and SQLite's errors said as a person acts on them (in use, not writable)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _, number_text

DEFAULT_NAME = "perkin.db"
OTHER_STORE = N_("give --store a results store perkin wrote, or the name of a new file")
_READ_ONLY_HINT = N_("make it writable, or give --store a file in a folder you may write")


class StoreError(PerkinError):
    """A results store that cannot be opened, read or written."""

    code = "H020"


def folder_error(path: Path) -> StoreError:
    """H311: a folder where the store's file should be."""
    return StoreError(
        _("the results store is a folder"),
        Location(file=str(path)),
        _("give --store the name of a file, such as {path}").format(path=path / DEFAULT_NAME),
        "H311",
    )


def in_use(err: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's error says another connection holds the database (busy or locked)."""
    primary = getattr(err, "sqlite_errorcode", 0) & 0xFF  # the extended code's primary part
    return primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def unusable(err: sqlite3.DatabaseError, path: Path, waited: float) -> StoreError:
    """The StoreError for SQLite's error: in use by another program (H310), not writable
    (H311), or no results store perkin can use (H020, with SQLite's own words)."""
    where = Location(file=str(path))
    if in_use(err):
        message = _("the results store is in use by another program (waited {seconds} s)")
        hint = _("wait until the other perkin or program has finished with it, then run again")
        return StoreError(message.format(seconds=number_text(waited)), where, hint, "H310")
    if getattr(err, "sqlite_errorcode", 0) & 0xFF in (
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
    ):
        message = _("the results store cannot be written: the file or its folder is read-only")
        return StoreError(message, where, _(_READ_ONLY_HINT), "H311")
    message = _("cannot use the results store: {error}").format(error=err)
    return StoreError(message, where, _(OTHER_STORE))


def check_place(path: Path) -> None:
    """H311 for a store that is a folder, or whose folder does not exist."""
    if path.is_dir():
        raise folder_error(path)
    if not path.parent.is_dir():
        message = _("the folder {folder} does not exist").format(folder=path.parent)
        hint = _("create the folder first, or give --store a file in an existing folder")
        raise StoreError(message, Location(file=str(path)), hint, "H311")


def check_writable(path: Path) -> None:
    """H311 for a store file, or its folder, that perkin may not write: SQLite writes a journal
    beside the store, so the folder must be writable as well as the file."""
    folder = path.parent
    for target, what in ((path, N_("the file")), (folder, N_("the folder {folder}"))):
        if target.exists() and not os.access(target, os.W_OK | (os.X_OK * target.is_dir())):
            message = _("the results store cannot be written: {what} is read-only")
            what_text = _(what).format(folder=folder)
            where = Location(file=str(path))
            raise StoreError(message.format(what=what_text), where, _(_READ_ONLY_HINT), "H311")
