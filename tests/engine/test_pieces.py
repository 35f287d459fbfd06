"""A report written in pieces by two processes (engine/pieces.py) is, byte for byte, the report
one process writes; a second process that fails or dies leaves the file whole, and a failure
of the first leaves nothing behind: no temporary file, no child process."""

from __future__ import annotations

import errno
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
import engine.data.csv_columns as csv_columns
import engine.pieces as pieces_module
from benchmarks import generate
from dsl.errors import PerkinErrors
from engine.api import load
from engine.atomic import OutputError, write_atomic
from engine.data.read import read_data
from engine.pieces import Piece, Pieces, in_two, owners, shared_empty
from engine.render.csv_blocks import csv_pieces
from engine.render.json_blocks import json_pieces
from engine.render.tabular import to_csv_by_rows
from engine.scoring.score import score

ROOT = Path(__file__).parents[2]
PARENT = os.getpid()
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="two processes need os.fork")


@pytest.fixture(autouse=True)
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every report here is large enough for two processes, and no child is left behind."""
    monkeypatch.setattr(pieces_module, "PARALLEL_FROM", 1)
    yield
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of the copies forked while the test runs."""
    made: list[int] = []
    real = pieces_module._fork

    def counted() -> int | None:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(pieces_module, "_fork", counted)
    return made


def written(tmp_path: Path, pieces: Pieces) -> bytes:
    path = tmp_path / "report.csv"
    write_atomic(path, pieces)
    return path.read_bytes()


def in_child(action: Callable[[], None], text: str) -> Callable[[], str]:
    """A piece's maker that does `action` in the second process only."""

    def make() -> str:
        if os.getpid() != PARENT:
            action()
        return text

    return make


def test_two_processes_are_used(tmp_path: Path) -> None:
    makers: list[int] = []

    def who(i: int) -> Callable[[], str]:
        def make() -> str:
            with open(tmp_path / f"{i}.pid", "w") as f:
                f.write(str(os.getpid()))
            makers.append(i)
            return f"{i}\n"

        return make

    parts = tuple(Piece(who(i), 10) for i in range(6))
    assert written(tmp_path, Pieces(parts)) == b"0\n1\n2\n3\n4\n5\n"
    pids = {(tmp_path / f"{i}.pid").read_text() for i in range(6)}
    assert len(pids) == 2 and str(PARENT) in pids
    assert makers == [0, 2, 4]  # the others were made in the second process


@pytest.mark.parametrize("year", ["2016", "2020", "2022", "2023", "2024"])
def test_every_example_year_is_the_report_one_process_writes(year: str, tmp_path: Path) -> None:
    result = score(load(ROOT / "rulesets" / year), read_data([ROOT / "examples" / year]))
    assert written(tmp_path, csv_pieces(result)) == to_csv_by_rows(result).encode()
    assert written(tmp_path, json_pieces(result)) == result.to_json().encode()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.text(max_size=300), st.integers(0, 5000)), max_size=30))
def test_any_pieces_in_order(
    tmp_path_factory: pytest.TempPathFactory, parts: list[tuple[str, int]]
) -> None:
    tmp = tmp_path_factory.mktemp("pieces")
    pieces = Pieces(tuple(Piece(lambda t=text: t, rows) for text, rows in parts))
    assert written(tmp, pieces) == "".join(text for text, _ in parts).encode()


def test_turns_keep_the_two_level() -> None:
    parts = [Piece(str, rows) for rows in (1, 100, 100, 100, 100, 5, 5, 300)]
    # loads after each: 1|0, 1|100, 101|100, 101|200, 201|200, 201|205, 206|205, 206|505
    assert owners(parts) == [0, 1, 0, 1, 0, 1, 0, 1]


def test_a_second_process_that_fails_leaves_the_file_whole(tmp_path: Path) -> None:
    def fail() -> None:
        raise RuntimeError("only in the second process")

    parts = tuple(Piece(in_child(fail, f"[{i}]"), 10) for i in range(7))
    assert written(tmp_path, Pieces(parts)) == b"".join(f"[{i}]".encode() for i in range(7))


def test_a_second_process_killed_mid_run_leaves_the_file_whole(tmp_path: Path) -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    parts = [Piece(lambda i=i: f"<{i}>" * 1000, 10) for i in range(9)]
    parts[5] = Piece(in_child(die, "<5>" * 1000), 10)
    assert (
        written(tmp_path, Pieces(tuple(parts)))
        == "".join(f"<{i}>" * 1000 for i in range(9)).encode()
    )


def test_a_second_process_killed_inside_a_long_run_leaves_the_file_whole(tmp_path: Path) -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    # the first piece outweighs the next six: the second process owns them as one run
    rows = (600, 100, 100, 100, 100, 100, 100, 600, 100)
    assert owners([Piece(str, r) for r in rows]) == [0, 1, 1, 1, 1, 1, 1, 0, 1]
    parts = [Piece(lambda i=i: f"<{i}>" * 1000, r) for i, r in enumerate(rows)]
    parts[4] = Piece(in_child(die, "<4>" * 1000), 100)
    expected = "".join(f"<{i}>" * 1000 for i in range(len(rows))).encode()
    assert written(tmp_path, Pieces(tuple(parts))) == expected


def test_a_failure_here_leaves_no_file_and_no_child(tmp_path: Path) -> None:
    def boom() -> str:
        raise KeyboardInterrupt

    parts = [Piece(lambda: "x", 10) for _ in range(6)]
    parts[4] = Piece(boom, 10)
    target = tmp_path / "report.csv"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, Pieces(tuple(parts)))
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_a_full_disk_is_said_as_without_a_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.pwrite

    def full(fd: int, data: bytes, offset: int) -> int:
        if offset > 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", full)
    parts = tuple(Piece(lambda i=i: f"{i}," * 100, 10) for i in range(6))
    with pytest.raises(OutputError) as raised:
        write_atomic(tmp_path / "report.csv", Pieces(parts))
    assert "the disk is full" in str(raised.value.hint)
    assert list(tmp_path.iterdir()) == []


def test_the_cli_report_is_the_same_with_one_or_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["evaluate", str(ROOT / "rulesets" / "2024"), str(ROOT / "examples" / "2024")]
    runner = CliRunner()
    two = runner.invoke(cli.main, [*args, "-o", str(tmp_path / "two.csv"), "--quiet"])
    monkeypatch.setattr(pieces_module, "PARALLEL_FROM", 10**12)
    one = runner.invoke(cli.main, [*args, "-o", str(tmp_path / "one.csv"), "--quiet"])
    assert two.exit_code == one.exit_code == 0, two.output + one.output
    assert (tmp_path / "two.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()


def test_no_fork_beside_another_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden() -> int:
        raise AssertionError("forked beside a running thread")

    monkeypatch.setattr(os, "fork", forbidden)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # not a daemon: a program's worker
    other.start()
    try:
        parts = tuple(Piece(lambda i=i: str(i), 10) for i in range(4))
        assert written(tmp_path, Pieces(parts)) == b"0123"
    finally:
        stop.set()
        other.join()


# work done in two: the reader ------------------------------------------------------------------


def test_in_two_returns_both_values() -> None:
    def there() -> list[int]:
        return [os.getpid(), 2]

    mine, theirs = in_two(lambda: os.getpid(), there)
    assert mine == PARENT and theirs[0] != PARENT and theirs[1] == 2


def test_in_two_does_there_here_when_the_copy_fails() -> None:
    calls: list[int] = []

    def there() -> str:
        calls.append(os.getpid())
        if os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)
        return "made here"

    assert in_two(lambda: 1, there) == (1, "made here")
    assert calls == [PARENT]  # the copy's call was in its own memory


def test_in_two_raises_there_errors_here() -> None:
    def there() -> int:
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        in_two(lambda: 1, there)


def test_shared_arrays_carry_the_copys_writes() -> None:
    shared = shared_empty((4, 3), np.float64, "F")

    def there() -> None:
        shared[2:] = 7.5

    in_two(lambda: None, there)
    assert shared.tolist() == [[0.0] * 3, [0.0] * 3, [7.5] * 3, [7.5] * 3]


def _awkward_register(folder: Path) -> list[Path]:
    """The benchmark's register at 0.2 % (176 kelurahan), its wide file made awkward: blank
    lines, a row without a unit, texts, office numbers and N/A among the numbers."""
    source = folder / "generated"
    generate.generate(source, generate.share(0.2), 1)
    lines = (source / "kelurahan.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split(";")
        if n % 13 == 0:
            out.append("")
        if n % 11 == 0:
            cells[3] = "N/A"
        if n % 7 == 0:
            cells[4] = "1.234,5"
        if n % 5 == 0:
            cells[5] = "banyak"
        if n % 37 == 0:
            cells[0] = ""
        out.append(";".join(cells))
    (folder / "kelurahan.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    for name in ("units.csv", "kecamatan.csv"):
        (folder / name).write_bytes((source / name).read_bytes())
    return [folder / name for name in ("units.csv", "kecamatan.csv", "kelurahan.csv")]


def test_a_file_read_in_two_is_the_file_read_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    files = _awkward_register(tmp_path)
    monkeypatch.setattr(csv_columns, "CHUNK_BYTES", 1 << 13)  # many runs of lines

    def read(shared_from: int) -> tuple[Any, ...]:
        monkeypatch.setattr(csv_columns, "SHARED_FROM", shared_from)
        forks.clear()
        try:
            ds = read_data(files)
        except PerkinErrors as exc:
            return (), (), str(exc), 0, len(forks)
        records = ds.every_record()
        return records, ds.units, [e.render() for e in ds.errors], ds.value_count, len(forks)

    one, two = read(10**12), read(1)
    assert one[-1] == 0 and two[-1] >= 1  # the second read was shared with a copy
    assert one[:-1] == two[:-1] and one[2].count("missing unit") == 4  # the rows without one
    kept = [line for line in files[2].read_text().splitlines() if not line.startswith(";")]
    files[2].write_text("\n".join(kept) + "\n", encoding="utf-8")
    one, two = read(10**12), read(1)
    assert one[-1] == 0 and two[-1] >= 1
    assert one[:-1] == two[:-1] and len(one[0]) > 10_000


def test_no_process_to_be_had_is_work_done_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused() -> int:
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))  # a limit on processes

    monkeypatch.setattr(os, "fork", refused)
    before = len(os.listdir("/proc/self/fd"))
    parts = tuple(Piece(lambda i=i: f"{i};", 10) for i in range(5))
    assert written(tmp_path, Pieces(parts)) == b"0;1;2;3;4;"
    assert in_two(lambda: os.getpid(), lambda: os.getpid()) == (PARENT, PARENT)
    assert len(os.listdir("/proc/self/fd")) == before  # the pipes are closed


def test_a_daemon_thread_beside_is_no_reason_not_to_fork(tmp_path: Path) -> None:
    """The CLI's spinner on stderr runs in a daemon thread while the data are read."""
    stop = threading.Event()
    spinner = threading.Thread(target=stop.wait, daemon=True)
    spinner.start()
    try:
        assert pieces_module.may_fork()
        parts = tuple(Piece(lambda i=i: f"<{i}>", 10) for i in range(6))
        assert written(tmp_path, Pieces(parts)) == b"<0><1><2><3><4><5>"
    finally:
        stop.set()
        spinner.join()


def test_a_report_on_stdout_is_printed_piece_by_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never the whole text at once: `perkin evaluate … --format csv > hasil.csv` of the national
    register held 1.8 GB of text and its bytes before the first was printed."""
    printed: list[str] = []
    monkeypatch.setattr(cli, "_print_payload", printed.append)
    args = ["evaluate", str(ROOT / "rulesets" / "2024"), str(ROOT / "examples" / "2024")]
    for fmt in ("csv", "json"):
        printed.clear()
        assert CliRunner().invoke(cli.main, [*args, "--format", fmt, "--quiet"]).exit_code == 0
        out = tmp_path / f"hasil.{fmt}"
        assert CliRunner().invoke(cli.main, [*args, "-o", str(out), "--quiet"]).exit_code == 0
        assert len(printed) > 10 and "".join(printed) == out.read_text(encoding="utf-8")


# pages of an HTML report made by two processes -------------------------------------------------


def _pages(count: int, die_at: int | None = None) -> Iterator[tuple[str, Iterator[str]]]:
    """Pages 001-u1.html … each of a few parts; the page die_at kills the copy making it."""

    def parts(n: int) -> Iterator[str]:
        yield f"<h1>{n}</h1>"
        if n == die_at and os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)
        yield f"<p>{'x' * n}</p>"

    for n in range(1, count + 1):
        yield f"{n:03d}-u{n}.html", parts(n)


@pytest.mark.parametrize("die_at", [None, 5, 8])
def test_pages_made_by_two_processes_are_the_pages(
    tmp_path: Path, forks: list[int], die_at: int | None
) -> None:
    from engine.atomic_folder import MANIFEST, write_pages
    from engine.render.html_pages import PAGE_NAME

    folder = write_pages(tmp_path / "r.html", "index", "r_files", _pages(8, die_at), PAGE_NAME)
    assert len(forks) == 1  # pages 5–8 were the copy's
    names = [f"{n:03d}-u{n}.html" for n in range(1, 9)]
    assert sorted(os.listdir(folder)) == sorted([MANIFEST, *names])
    for n, name in enumerate(names, start=1):
        assert (folder / name).read_text() == f"<h1>{n}</h1><p>{'x' * n}</p>"
    assert (folder / MANIFEST).read_text().split() == names
    assert sorted(os.listdir(tmp_path)) == ["r.html", "r_files"]  # no temporary folder left
