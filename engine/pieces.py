"""A report made in pieces, written by two processes at once where the machine has the cores.

Rendering the national CSV report is 4 s of one core (benchmarks/README.md). Its pieces (a block
of rows each) are made independently of one another, so a forked copy of the process makes every
other run of pieces while this one makes the rest. Each piece is written at its place in the file
with pwrite: the place is the end of the piece before it, which the process that wrote that piece
passes on through a pipe. The file is the one a single process writes, byte for byte.

If the second process dies (killed, out of memory, an error), this one makes its pieces again from
the last place it was given, so a failure is met, and said, exactly as without a second process:
making a piece is deterministic, and rewriting a piece writes the same bytes at the same place.
"""

from __future__ import annotations

import gc
import mmap
import os
import pickle
import signal
import struct
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np

# a second process is worth its fork for a report of this many rows or more (a fork of a national
# run costs about 0.05 s; its report takes 4 s to make)
PARALLEL_FROM = 200_000
_OFFSET = struct.Struct("<q")
A = TypeVar("A")
B = TypeVar("B")


@dataclass(frozen=True, slots=True)
class Piece:
    """A part of a report: its text made when called, `rows` telling how much work that is."""

    make: Callable[[], str]
    rows: int


@dataclass(frozen=True, slots=True)
class Pieces:
    """A report as pieces in order: the report is their texts one after another."""

    parts: tuple[Piece, ...]

    def texts(self) -> Iterator[str]:
        """Each piece's text, in order, made as it is asked for."""
        return (piece.make() for piece in self.parts)

    @property
    def rows(self) -> int:
        return sum(piece.rows for piece in self.parts)


def write_pieces(fd: int, pieces: Pieces) -> int:
    """Write the pieces' UTF-8 texts one after another from the start of the open file `fd`;
    return the number of bytes written."""
    parts = pieces.parts
    if not _two_processes(pieces):
        return _run(fd, parts, range(len(parts)), 0)
    return _shared(fd, parts, owners(parts))


def owners(parts: Sequence[Piece]) -> list[int]:
    """Which process makes each piece (0: this one, 1: the second): each piece goes to the one
    with less work so far, so they take turns over pieces of like size and stay level."""
    load, owner = [0, 0], []
    for piece in parts:
        who = 0 if load[0] <= load[1] else 1
        owner.append(who)
        load[who] += max(piece.rows, 1)
    return owner


def _two_processes(pieces: Pieces) -> bool:
    """Whether to share the writing: a large report, and a second process to share it with."""
    return len(pieces.parts) > 1 and pieces.rows >= PARALLEL_FROM and may_fork()


def may_fork() -> bool:
    """Whether work may be shared with a forked process: Linux, a second core, and no other
    Python thread but daemon ones. A fork copies the locks other threads hold, held; the copy
    runs only perkin's own code (numpy, texts, pickle, writes to its own file descriptors), which
    takes no lock a daemon thread such as the CLI's spinner on stderr holds. A program's own
    worker threads could be doing anything: beside them everything runs in this process."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    others = [t for t in threading.enumerate() if t is not threading.current_thread()]
    if any(not t.daemon for t in others):
        return False
    return len(os.sched_getaffinity(0)) >= 2


def in_two(here: Callable[[], A], there: Callable[[], B]) -> tuple[A, B]:
    """here() in this process while there() runs in a forked copy of it; there()'s value comes
    back pickled, its effects on memory only through arrays made by shared_empty. If the copy
    fails or dies, there() is called here, so an error is raised as without it."""
    inbox, outbox = os.pipe()
    pid = _fork()
    if pid is None:  # no process to be had: both here
        os.close(inbox)
        os.close(outbox)
        return here(), there()
    if pid == 0:  # the copy: never returns, never runs this one's clean-up
        status = 1
        try:
            gc.disable()
            os.close(inbox)
            data = pickle.dumps(there(), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(outbox, view) :]
            status = 0
        except BaseException:  # this process calls there() itself
            status = 1
        finally:
            os._exit(status)
    os.close(outbox)
    finished = False
    try:
        mine = here()
        data = _read_all(inbox)
        _pid, status = os.waitpid(pid, 0)
        finished = True
        if os.waitstatus_to_exitcode(status) != 0:
            return mine, there()
        theirs: B = pickle.loads(data)  # written by this process's own copy
        return mine, theirs
    finally:
        os.close(inbox)
        if not finished:
            _stop(pid, False)


def shared_empty(shape: tuple[int, int], dtype: type, order: Literal["C", "F"] = "C") -> np.ndarray:
    """A zeroed array in memory shared with the processes forked after it is made."""
    size = max(int(np.prod(shape)) * np.dtype(dtype).itemsize, 1)
    buffer = mmap.mmap(-1, size)  # anonymous and shared; its pages are zero
    return np.ndarray(shape, dtype=dtype, buffer=buffer, order=order)


def _fork() -> int | None:
    """os.fork(), or None when the system has no process to give (a limit on processes or
    memory): the work is then done here alone."""
    with warnings.catch_warnings():  # numpy's idle BLAS threads hold no lock the child needs
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return os.fork()
        except OSError:
            return None


def _read_all(inbox: int) -> bytes:
    parts = []
    while more := os.read(inbox, 1 << 20):
        parts.append(more)
    return b"".join(parts)


def _run(fd: int, parts: Sequence[Piece], indices: Sequence[int], offset: int) -> int:
    """Make and write the pieces at `indices` one after another from `offset`; return the end."""
    for i in indices:
        offset = _write_at(fd, parts[i].make().encode("utf-8"), offset)
    return offset


def _write_at(fd: int, data: bytes, offset: int) -> int:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written
    return offset


def _runs(owner: Sequence[int]) -> list[tuple[int, int, int]]:
    """The runs of consecutive pieces one process makes, as (process, first, past the last)."""
    runs: list[tuple[int, int, int]] = []
    for i, who in enumerate(owner):
        if runs and runs[-1][0] == who:
            runs[-1] = (who, runs[-1][1], i + 1)
        else:
            runs.append((who, i, i + 1))
    return runs


def _shared(fd: int, parts: Sequence[Piece], owner: list[int]) -> int:
    """Write the pieces with a forked second process making those it owns."""
    to_child_r, to_child_w = os.pipe()
    to_parent_r, to_parent_w = os.pipe()
    pid = _fork()
    if pid is None:  # no process to be had: all here
        for end in (to_child_r, to_child_w, to_parent_r, to_parent_w):
            os.close(end)
        return _run(fd, parts, range(len(parts)), 0)
    if pid == 0:  # the second process: never returns, never runs this one's clean-up
        status = 1
        try:
            gc.disable()  # a collection would touch, and so copy, every page of the parent's
            os.close(to_child_w)
            os.close(to_parent_r)
            _second(fd, parts, owner, to_child_r, to_parent_w)
            status = 0
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(to_child_r)
    os.close(to_parent_w)
    finished = False
    try:
        end = _first(fd, parts, owner, to_parent_r, to_child_w)
        finished = True
        return end
    finally:
        os.close(to_child_w)  # a second process waiting for a place reads the end and stops
        os.close(to_parent_r)
        _stop(pid, finished)


def _second(fd: int, parts: Sequence[Piece], owner: list[int], inbox: int, outbox: int) -> None:
    """The second process's turns: make a run's pieces, wait for their place, write them, pass
    the end on."""
    for who, first, last in _runs(owner):
        if who == 0:
            continue
        made = _made(parts, first, last)
        offset = _receive(inbox)
        if offset is None:
            return  # the first process has stopped
        os.write(outbox, _OFFSET.pack(_write_all(fd, made, offset)))


def _first(fd: int, parts: Sequence[Piece], owner: list[int], inbox: int, outbox: int) -> int:
    """This process's turns, and the second's too from the first of its runs not finished.

    Each process makes a run's pieces before it waits for their place, so both make pieces all
    the time and only the writes wait their turn."""
    offset, alone = 0, False
    theirs: tuple[int, int] | None = None  # the second's run being written, whose end is awaited
    for who, first, last in _runs(owner):
        if who == 1 and not alone:
            with suppress(BrokenPipeError):
                os.write(outbox, _OFFSET.pack(offset))
                theirs = (first, last)
                continue
            alone = True  # the second process has gone: its runs are made here
        made = _made(parts, first, last)
        if theirs is not None:
            offset, alone = _after(fd, parts, theirs, inbox, offset)
            theirs = None
        offset = _write_all(fd, made, offset)
    return offset if theirs is None else _after(fd, parts, theirs, inbox, offset)[0]


def _after(
    fd: int, parts: Sequence[Piece], theirs: tuple[int, int], inbox: int, offset: int
) -> tuple[int, bool]:
    """The end of the second process's run, which it writes from `offset`, and whether that
    process has gone: if it died before it wrote its end, the run is made here."""
    end = _receive(inbox)
    if end is None:
        return _run(fd, parts, range(*theirs), offset), True
    return end, False


def _made(parts: Sequence[Piece], first: int, last: int) -> list[bytes]:
    return [parts[i].make().encode("utf-8") for i in range(first, last)]


def _write_all(fd: int, made: Sequence[bytes], offset: int) -> int:
    for data in made:
        offset = _write_at(fd, data, offset)
    return offset


def _receive(inbox: int) -> int | None:
    """An offset from the other process, or None if it has gone."""
    data = b""
    while len(data) < _OFFSET.size:
        more = os.read(inbox, _OFFSET.size - len(data))
        if not more:
            return None
        data += more
    offset: int = _OFFSET.unpack(data)[0]
    return offset


def _stop(pid: int, finished: bool) -> None:
    """The second process ended: waited for when the report is written (it has written its last
    piece, or stops at the end of its pipe), killed when this one failed."""
    if not finished:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)
