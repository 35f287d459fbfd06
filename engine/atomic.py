"""Atomic file writing: a report is either complete or not there at all, and never an input."""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _
from engine.pieces import Pieces, write_pieces

# Every output problem is located at the option that named the file.
OPTION = Location(file="-o")
# The temporary file's name is the target's, shortened: a name near the 255-byte limit must not
# fail only because of the temporary name around it.
TEMP_STEM = 64
_HINTS = {
    errno.EACCES: N_("choose a folder you may write to"),
    errno.EPERM: N_("choose a folder you may write to"),
    errno.EROFS: N_("the file system is read-only; choose another folder"),
    errno.ENOSPC: N_("the disk is full; free some space or write elsewhere"),
    errno.ENAMETOOLONG: N_("use a shorter file name"),
}
_HINT = N_("check the path, its folder and the free disk space")


class OutputError(PerkinError):
    """An output file that cannot be written."""

    code = "O001"


class OutputTargetError(PerkinError):
    """An output file that would replace an input of the command, or is not a regular file."""

    code = "O002"


def write_atomic(
    path: Path, payload: str | bytes | Iterable[bytes] | Pieces, inputs: Sequence[Path] = ()
) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place.

    `inputs` are the files and folders the command read; `path` may be none of them. A payload
    of chunks or pieces is written as they come (a report made while it is written); if making
    them fails, the temporary file is removed and the target left as it was.
    """
    refuse_target(path, inputs)
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    target = followed(path)
    folder = output_folder(target)
    try:
        with terminate_as_exit():
            _write_replace(target, folder, data)
    except OSError as exc:
        raise write_error(f"'{path}'", exc) from None


def followed(path: Path) -> Path:
    """The file a symbolic link names, which a write replaces: the link stays a link. Replacing
    the link itself broke it, and `-o /dev/stdout` (stdout on a file) replaced the system's
    /dev/stdout with a file."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def output_folder(path: Path) -> Path:
    """The folder an output is written in (its parent, or the working folder), which must exist."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        message = _("folder '{folder}' does not exist").format(folder=folder)
        raise OutputError(message, OPTION, _("create the folder first"))
    return folder


def _write_replace(path: Path, folder: Path, data: bytes | Iterable[bytes] | Pieces) -> None:
    """The write itself; the temporary file is removed on every way out but success."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:TEMP_STEM]}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file private (0600); a report gets the mode a new file would
            # get (or keeps the mode of the file it replaces)
            os.fchmod(handle.fileno(), _mode_for(path))
            with _flushing(handle.fileno()):
                if isinstance(data, Pieces):
                    write_pieces(handle.fileno(), data)
                else:
                    for chunk in (data,) if isinstance(data, bytes) else data:
                        handle.write(chunk)
                handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
        raise


# how often the data written so far is handed to the disk while a report is being written
FLUSH_EVERY = 0.25


@contextmanager
def _flushing(fd: int) -> Iterator[None]:
    """Hand what is written to the disk every FLUSH_EVERY seconds while the block runs, in a
    thread, so the fsync that must precede the rename finds little left to do: for the national
    CSV report (1.8 GB) it took 0.5-0.7 s at the end, and the report's making now hides it.
    A flush that fails stops the flushing and nothing else: the fsync after the block meets the
    same failure and reports it."""
    stop = threading.Event()
    sync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync

    def flush() -> None:
        with suppress(OSError):
            while not stop.wait(FLUSH_EVERY):
                sync(fd)

    thread = threading.Thread(target=flush, name="perkin-flush", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def refuse_target(path: Path, inputs: Sequence[Path]) -> None:
    """Refuse a target that exists but is no regular file, or is one of the inputs."""
    try:
        mode = path.stat().st_mode  # follows a symlink: the link's target is what is replaced
    except FileNotFoundError:
        return  # a new file (or a dangling link) replaces nothing
    except OSError as exc:
        raise write_error(f"'{path}'", exc) from None
    if not stat.S_ISREG(mode):
        raise OutputTargetError(
            _("'{path}' is {kind}, not a regular file").format(path=path, kind=_kind(mode)),
            OPTION,
            _("write the output to a new file or a regular one"),
        )
    if _sqlite_database(path):
        raise OutputTargetError(
            _("'{path}' is an SQLite database (a results store?); it was not overwritten").format(
                path=path
            ),
            OPTION,
            _("write the output to another file, or delete the database first if it may go"),
            "O300",
        )
    for source in _files_of(inputs):
        if _same(path, source):
            if str(source) != str(path):
                message = _(
                    "'{path}' is an input of this command ({input}); it was not overwritten"
                )
            else:
                message = _("'{path}' is an input of this command; it was not overwritten")
            raise OutputTargetError(
                message.format(path=path, input=source),
                OPTION,
                _("write the output to another file"),
            )


def _sqlite_database(path: Path) -> bool:
    """Whether the file starts as every SQLite database does: a report never replaces a results
    store (`-o perkin.db` for `--store perkin.db`), whose figures exist nowhere else."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False  # unreadable: the write itself reports what is wrong


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _files_of(inputs: Sequence[Path]) -> Iterator[Path]:
    """The inputs, a folder standing for itself and the files in it."""
    for path in inputs:
        yield path
        if path.is_dir():
            with suppress(OSError):
                yield from path.iterdir()


def _same(a: Path, b: Path) -> bool:
    """The same file, by real path or by device and inode (a hard link)."""
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop before Python 3.13
        return False


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("a special file")


def write_error(what: str, exc: OSError, where: Location = OPTION) -> OutputError:
    """An OS error on writing `what` as a located error, with a hint for the usual causes."""
    hint = _(_HINTS.get(exc.errno or 0, _HINT))
    message = _("cannot write {what}: {reason}").format(what=what, reason=exc.strerror or exc)
    return OutputError(message, where, hint)


@contextmanager
def terminate_as_exit() -> Iterator[None]:
    """SIGTERM while writing exits 143 through the cleanup, as the default action would without
    it (only the main thread may set a signal handler; elsewhere SIGTERM keeps its action)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
