"""Reading an input file with bounds: regular files only, size and line length capped (dsl.limits).

A folder, device, FIFO or socket is refused as an OSError before it is opened, so each caller
reports it as it reports any file it cannot read (R001 for a ruleset, D020 for a data file).

Imported by engine.ruleset and engine.data; imports only dsl.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _, number_text

_CHUNK = 4 << 20  # read four megabytes at a time, checking each line's length as it comes


class InputLimitError(PerkinError):
    """An input refused before it costs too much: not a regular file, or over a bound of
    dsl.limits (R045 in a ruleset, D046 in a data file)."""

    code = "D046"


def read_bounded(path: Path, name: str, max_bytes: int, max_line: int | None, code: str) -> bytes:
    """The bytes of a regular file of at most max_bytes and lines of at most max_line bytes;
    InputLimitError otherwise, raised before reading (size) or at the first long line; OSError
    for a file that cannot be read or is not a regular file."""
    size = regular_size(path)
    if size > max_bytes:
        message = _("the file is too large ({size} bytes; the limit is {limit})").format(
            size=number_text(size), limit=number_text(max_bytes)
        )
        hint = _RULESET_HINT if code == "R045" else _SPLIT_HINT
        raise InputLimitError(message, Location(file=name), _(hint), code)
    chunks: list[bytes] = []
    lines, open_line, total = 0, 0, 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if total > max_bytes:  # the file grew while being read
                message = _("the file is larger than {limit} bytes").format(
                    limit=number_text(max_bytes)
                )
                raise InputLimitError(message, Location(file=name), None, code)
            if max_line is not None:
                lines, open_line = _check_lines(chunk, lines, open_line, max_line, name, code)
            chunks.append(chunk)
    return b"".join(chunks)


_SPLIT_HINT = N_("split the data into several files, or check that this is the file you meant")
_RULESET_HINT = N_(
    "check that this is the ruleset you meant (the largest bundled one is 210 KB); a large "
    "ruleset can be split into files joined with extends"
)


def regular_size(path: Path) -> int:
    """The file's size, read before opening it (opening a FIFO would wait for a writer);
    OSError, as reading would raise, for a folder, a device, a FIFO or a socket."""
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, _("it is a folder, not a file"))
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, _("not a regular file (a device, pipe or socket)"))
    return info.st_size


def _check_lines(
    chunk: bytes, lines: int, open_line: int, max_line: int, name: str, code: str
) -> tuple[int, int]:
    """Lines and open-line length after the chunk; InputLimitError at a line over max_line."""
    breaks = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
    if not len(breaks):
        lengths = np.array([open_line + len(chunk)])
    else:
        lengths = np.concatenate(([open_line + breaks[0]], np.diff(breaks) - 1))
        lengths = np.concatenate((lengths, [len(chunk) - breaks[-1] - 1]))
    over = np.flatnonzero(lengths > max_line)
    if len(over):
        line = lines + int(over[0]) + 1
        message = _("line {line} is longer than {limit} bytes").format(
            line=number_text(line), limit=number_text(max_line)
        )
        hint = _("a line of data is a row of values; check that this is a data file")
        raise InputLimitError(message, Location(file=name, line=line), hint, code)
    return lines + len(breaks), int(lengths[-1])
