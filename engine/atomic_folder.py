"""A report of many files written whole or not at all: its pages in a new folder under a
temporary name, swapped for the folder of an earlier run, then its index (engine/atomic.py)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from engine.atomic import (
    OPTION,
    TEMP_STEM,
    OutputTargetError,
    followed,
    output_folder,
    refuse_target,
    terminate_as_exit,
    write_atomic,
    write_error,
)
from engine.pieces import in_two, may_fork

# the list of the pages perkin wrote, kept in the folder: only these are ever replaced
MANIFEST = ".perkin-pages"


class ForeignFilesError(PerkinError):
    """The pages' folder holds files perkin did not write (or is not a folder)."""

    code = "O010"


def write_pages(
    index: Path,
    index_html: str,
    folder_name: str,
    pages: Iterable[tuple[str, Iterable[str]]],
    names: re.Pattern[str],
    inputs: Sequence[Path] = (),
) -> Path:
    """Write `pages` (file name, HTML in parts) into the folder `folder_name` beside `index`,
    then the index; a folder of an earlier run is replaced only when it holds nothing but pages
    perkin wrote (every name matching `names`, listed in its manifest). Returns the folder."""
    refuse_target(index, inputs)
    index = followed(index)  # the pages beside the file a link names, where the index goes
    parent = output_folder(index)
    folder = parent / folder_name
    earlier = _earlier_pages(folder, names, inputs)
    try:
        with terminate_as_exit():
            _write_swap(parent, folder, pages, names, earlier)
    except OSError as exc:
        raise write_error(f"'{folder}'", exc) from None
    write_atomic(index, index_html, inputs)
    return folder


def _earlier_pages(folder: Path, names: re.Pattern[str], inputs: Sequence[Path]) -> list[str]:
    """The pages of an earlier run in `folder` (none if it does not exist); anything else in it
    stops the run, as does a folder that is an input or holds one."""
    if not folder.exists() and not folder.is_symlink():
        return []
    if folder.is_symlink() or not folder.is_dir():
        raise ForeignFilesError(
            _("'{path}' exists and is not a folder of report pages").format(path=folder),
            Location(file=str(folder)),
            _("move it away or choose another name for -o"),
        )
    real = folder.resolve()
    for source in inputs:
        if real == source.resolve() or real in source.resolve().parents:
            raise OutputTargetError(
                _("'{path}' is an input of this command; it was not overwritten").format(
                    path=folder
                ),
                OPTION,
                _("write the output to another file"),
            )
    listed = _manifest(folder)
    entries = sorted(os.listdir(folder))
    foreign = [e for e in entries if e != MANIFEST and (e not in listed or not names.fullmatch(e))]
    if foreign:
        raise ForeignFilesError(
            _("'{path}' holds files perkin did not write ({first} …); nothing was written").format(
                path=folder, first=foreign[0]
            ),
            Location(file=str(folder / foreign[0])),
            _("move them away or choose another name for -o; perkin replaces only its own pages"),
        )
    return [e for e in entries if e != MANIFEST]


def _manifest(folder: Path) -> set[str]:
    """The page names an earlier run listed (none if the folder has no list)."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    return set(text.splitlines())


def _write_swap(
    parent: Path,
    folder: Path,
    pages: Iterable[tuple[str, Iterable[str]]],
    names: re.Pattern[str],
    earlier: list[str],
) -> None:
    """The pages in a new folder under a temporary name, then that folder in place of the old
    one; on every way out but success the new folder is removed and the old one left as it was."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name[:TEMP_STEM]}.", suffix=".part", dir=parent))
    written: list[str] = []
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        listed = list(pages)  # each page's HTML is made only when it is written
        written = [name for name, _parts in listed]
        for name in written:
            if not names.fullmatch(name):  # a page name is made safe before it gets here
                raise ValueError(f"unsafe page name {name!r}")
        if len(set(written)) < len(written):
            raise ValueError("a page name given twice")
        half = len(listed) // 2
        if half and may_fork():  # the second half of the pages made by a copy of this process
            in_two(
                partial(_write_pages, tmp, listed[:half]), partial(_write_pages, tmp, listed[half:])
            )
        else:
            _write_pages(tmp, listed)
        _write_file(tmp / MANIFEST, [f"{n}\n".encode() for n in written])
        if earlier or folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name[:TEMP_STEM]}.", dir=parent))
            os.replace(folder, old)  # onto the empty folder just made: a name nobody else has
            os.replace(tmp, folder)
            _remove(old, earlier)
        else:
            os.replace(tmp, folder)
    except BaseException:
        if tmp.exists():
            _remove(tmp, written)
        raise


def _write_pages(folder: Path, pages: Sequence[tuple[str, Iterable[str]]]) -> None:
    """The pages, each a new file in `folder` (a page a copy of this process began and did not
    finish is made again: see engine/pieces.py in_two)."""
    for name, parts in pages:
        with suppress(FileNotFoundError):
            (folder / name).unlink()
        _write_file(folder / name, (part.encode("utf-8") for part in parts))


def _write_file(path: Path, data: Iterable[bytes]) -> None:
    """A new file, its chunks written as they come, flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as handle:
        for chunk in data:
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())


def _remove(folder: Path, names: Sequence[str]) -> None:
    """The pages perkin wrote in `folder`, its manifest, then the folder if that left it empty."""
    for name in (*names, MANIFEST):
        with suppress(FileNotFoundError):
            (folder / name).unlink()
    with suppress(OSError):
        folder.rmdir()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
