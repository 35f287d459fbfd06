"""Atomic file writing: a report is either complete or not there at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dsl.errors import Location, PerkinError


class OutputError(PerkinError):
    """An output file that cannot be written."""

    code = "O001"


def write_atomic(path: Path, payload: str | bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"folder '{folder}' does not exist", Location(file=str(path)))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        # mkstemp makes the file private (0600); a report gets the mode a new file would get
        # (or keeps the mode of the file it replaces)
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror}", Location(file=str(path))) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
