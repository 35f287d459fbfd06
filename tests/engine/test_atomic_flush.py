"""A report is handed to the disk while it is written (engine.atomic._flushing), so the fsync
before the rename finds little left to do; a flush that fails is met by that fsync."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine.atomic as atomic
from engine.atomic import OutputError, write_atomic

SYNC = "fdatasync" if hasattr(os, "fdatasync") else "fsync"


def _chunks_waiting_for(flushed: threading.Event) -> Iterator[bytes]:
    yield b"first part\n"
    # the report's making goes on until the flush has been seen: no timing is assumed
    assert flushed.wait(30), "no flush while the report was being made"
    yield b"second part\n"


def test_the_file_is_flushed_while_the_report_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed = threading.Event()
    real = getattr(os, SYNC)

    def counted(fd: int) -> None:
        real(fd)
        flushed.set()

    monkeypatch.setattr(atomic, "FLUSH_EVERY", 0.01)
    monkeypatch.setattr(os, SYNC, counted)
    target = tmp_path / "report.csv"
    write_atomic(target, _chunks_waiting_for(flushed))
    assert target.read_bytes() == b"first part\nsecond part\n"
    assert not [t for t in threading.enumerate() if t.name == "perkin-flush"]


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_failing_flush_is_reported_by_the_final_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flushed = threading.Event()

    def failing(fd: int) -> None:
        flushed.set()
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(atomic, "FLUSH_EVERY", 0.01)
    monkeypatch.setattr(os, SYNC, failing)
    monkeypatch.setattr(os, "fsync", failing)
    target = tmp_path / "report.csv"
    with pytest.raises(OutputError) as raised:
        write_atomic(target, _chunks_waiting_for(flushed))
    assert raised.value.code == "O001"
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert "Traceback" not in capsys.readouterr().err  # the thread raised nothing of its own
