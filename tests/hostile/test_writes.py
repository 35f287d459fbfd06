"""Confined reads and safe writes: `extends` stays inside the ruleset tree, `-o` never replaces
an input or a special file, and every failure is a located error (exit 1), never exit 3.

Each test copies tests/hostile/writes/ into a temporary folder and runs perkin there, in-process,
so a failing test cannot overwrite a file of the repository.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cli

HERE = Path(__file__).parent / "writes"
EVALUATE = ["evaluate", "rulesets/2024", "data", "--format", "json", "--quiet"]
SECRET = "hunter2"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# As root, a regression would replace a device node itself; a link to the device is as good a
# test (its target is what counts) and a regression replaces only the link.
AS_ROOT = "as root a regression would replace the device node; the link_to_ cases cover it"


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the corpus as the working folder."""
    shutil.copytree(HERE, tmp_path, dirs_exist_ok=True, symlinks=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: Sequence[str], charset: str = "utf-8") -> Result:
    """perkin with these arguments, in-process."""
    return CliRunner(charset=charset).invoke(cli.main, list(args))


def assert_error(result: Result, code: str, location: str) -> None:
    """Exit 1 with the code at the location, and no traceback or internal error."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert result.exit_code == 1, f"exit {result.exit_code}: {output}"
    assert f"{location}: error[{code}]" in result.stderr, result.stderr
    assert "hint: " in result.stderr, result.stderr


def leftovers(folder: Path) -> list[str]:
    """Temporary files write_atomic left behind."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


# confined reads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nul_byte", "NUL byte"),
        ("not_yaml", "is not a ruleset file"),
        ("folder", "is not a ruleset file"),
        ("symlink_loop", "symbolic link loop"),
        ("symlink_escape", "outside the ruleset directories"),
        ("symlink_to_notes", "is not a ruleset file"),
        ("fifo_parent", "not a regular file"),
    ],
)
def test_extends_refusal_is_located_and_shows_nothing_of_the_file(
    corpus: Path, case: str, message: str
) -> None:
    hostile = corpus / "rulesets" / "hostile"
    outside = corpus / "outside.yaml"
    outside.write_text(f"db_password: {SECRET}\n")
    (hostile / "loop.yaml").symlink_to("loop.yaml")
    (hostile / "escape.yaml").symlink_to(outside)
    (hostile / "notes.yaml").symlink_to(corpus / "rulesets" / "shared" / "notes.txt")
    os.mkfifo(hostile / "pipe.yaml")
    result = run(["validate", f"rulesets/hostile/{case}.yaml"])
    assert_error(result, "R002", f"rulesets/hostile/{case}.yaml:2:10")
    assert message in result.stderr
    assert SECRET not in result.stderr


def test_a_parent_that_does_not_parse_is_located_without_its_lines() -> None:
    result = run(["validate", "rulesets/hostile/broken_parent.yaml"])
    assert_error(result, "R001", "rulesets/shared/broken.yaml:2:21")
    assert SECRET not in result.stderr


def test_extends_inside_the_tree_still_works() -> None:
    result = run(["validate", "rulesets/2024"])
    assert result.exit_code == 0, result.stderr
    assert "writes_2024" in result.stdout


# -o: inputs and special files ----------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "data/data.csv",  # a data file inside a data folder given on the command line
        "./data/../data/units.csv",  # the same, spelled another way
        "rulesets/2024/ruleset.yaml",  # the ruleset
        "rulesets/shared/base.yaml",  # a file the ruleset extends
    ],
)
def test_output_onto_an_input_is_refused_and_leaves_it_intact(corpus: Path, target: str) -> None:
    before = (corpus / target).read_bytes()
    fmt = "csv" if target.endswith(".csv") else "json"  # --format may not contradict the name
    result = run([*EVALUATE[:3], "--format", fmt, "--quiet", "-o", target])
    assert_error(result, "O002", "-o")
    assert "is an input of this command" in result.stderr
    assert (corpus / target).read_bytes() == before
    assert not leftovers((corpus / target).parent)


def test_output_onto_a_hard_link_or_symlink_to_an_input_is_refused(corpus: Path) -> None:
    before = (corpus / "data" / "data.csv").read_bytes()
    os.link(corpus / "data" / "data.csv", corpus / "hard.json")
    (corpus / "soft.json").symlink_to(corpus / "rulesets" / "shared" / "base.yaml")
    for target in ("hard.json", "soft.json"):
        assert_error(run([*EVALUATE, "-o", target]), "O002", "-o")
    assert (corpus / "data" / "data.csv").read_bytes() == before


def test_template_output_onto_its_units_file_or_ruleset_is_refused(corpus: Path) -> None:
    before = (corpus / "data" / "units.csv").read_bytes()
    for target in ("data/units.csv", "rulesets/shared/base.yaml"):
        args = ["template", "rulesets/2024", "--units", "data/units.csv", "--format", "csv"]
        assert_error(run([*args, "-o", target]), "O002", "-o")
    assert (corpus / "data" / "units.csv").read_bytes() == before


@pytest.mark.parametrize(
    "special", ["fifo", "folder", "link_to_fifo", "link_to_null", "link_to_full"]
)
def test_output_onto_a_special_file_is_refused(corpus: Path, special: str) -> None:
    device = {"link_to_null": Path("/dev/null"), "link_to_full": Path("/dev/full")}.get(special)
    if device is not None and not device.exists():
        pytest.skip(f"this system has no {device}")
    os.mkfifo(corpus / "fifo")
    (corpus / "folder").mkdir()
    (corpus / "link_to_fifo").symlink_to(corpus / "fifo")
    if device is not None:
        (corpus / special).symlink_to(device)
    result = run([*EVALUATE, "-o", special])
    assert_error(result, "O002", "-o")
    assert "not a regular file" in result.stderr
    assert (corpus / special).is_symlink() or not (corpus / special).is_file()


@pytest.mark.skipif(ROOT, reason=AS_ROOT)
@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_output_onto_a_device_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"this system has no {device}")
    result = run([*EVALUATE, "-o", device])
    assert_error(result, "O002", "-o")
    assert stat.S_ISCHR(os.stat(device).st_mode)


# -o: OS errors -------------------------------------------------------------------------------


def test_a_full_disk_is_located_and_leaves_no_temporary_file(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = run([*EVALUATE, "-o", "out.json"])
    assert_error(result, "O001", "-o")
    assert "disk is full" in result.stderr
    assert not (corpus / "out.json").exists() and not leftovers(corpus)


def test_a_full_disk_behind_stdout_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:  # perkin … > /dev/full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("click.echo", full)
    result = run(EVALUATE)
    assert_error(result, "O001", "stdout")
    assert "disk is full" in result.stderr


def test_a_file_name_too_long_is_located(corpus: Path) -> None:
    result = run([*EVALUATE, "-o", "x" * 300 + ".json"])
    assert_error(result, "O001", "-o")
    assert "shorter file name" in result.stderr
    assert not leftovers(corpus)


def test_a_long_name_the_system_allows_is_written(corpus: Path) -> None:
    name = "x" * 240 + ".json"  # the temporary name beside it would pass 255 bytes if not cut
    result = run([*EVALUATE, "-o", name])
    assert result.exit_code == 0, result.stderr
    assert (corpus / name).is_file() and not leftovers(corpus)


def test_a_missing_folder_is_located() -> None:
    result = run([*EVALUATE, "-o", "no_such_folder/out.json"])
    assert_error(result, "O001", "-o")
    assert "folder 'no_such_folder' does not exist" in result.stderr


@pytest.mark.skipif(
    ROOT, reason="root writes into a read-only folder anyway, so there is no error to test"
)
def test_a_read_only_folder_is_located(corpus: Path) -> None:
    folder = corpus / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run([*EVALUATE, "-o", "readonly/out.json"])
    finally:
        folder.chmod(0o755)
    assert_error(result, "O001", "-o")
    assert not list(folder.iterdir())


def test_permission_denied_is_located_for_root_too(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("tempfile.mkstemp", denied)
    result = run([*EVALUATE, "-o", "out.json"])
    assert_error(result, "O001", "-o")
    assert "folder you may write to" in result.stderr


def test_the_written_file_keeps_the_mode_of_the_file_it_replaces(corpus: Path) -> None:
    (corpus / "out.json").write_text("old")
    (corpus / "out.json").chmod(0o640)
    assert run([*EVALUATE, "-o", "out.json"]).exit_code == 0
    assert stat.S_IMODE((corpus / "out.json").stat().st_mode) == 0o640
    assert (corpus / "out.json").read_text() != "old"


# interruption --------------------------------------------------------------------------------


def test_ctrl_c_while_rendering_exits_130(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> Iterator[bytes]:
        yield b"{"  # the report is made while it is written: the interrupt comes mid-file
        raise KeyboardInterrupt

    monkeypatch.setattr("engine.render.render_payload", interrupted)
    result = run([*EVALUATE, "-o", "out.json"])
    assert result.exit_code == 130, result.stderr
    assert result.stderr.strip() == "interrupted"
    assert not (corpus / "out.json").exists() and not leftovers(corpus)


def test_ctrl_c_while_writing_leaves_no_temporary_file(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = run([*EVALUATE, "-o", "out.json"])
    assert result.exit_code == 130, result.stderr
    assert not (corpus / "out.json").exists() and not leftovers(corpus)


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"),
    reason="a SIGTERM handler can be set only in the main thread of a POSIX process",
)
def test_sigterm_while_writing_exits_143_and_leaves_no_temporary_file(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def escaped(signum: int, frame: object) -> None:
        raise AssertionError("SIGTERM reached the handler outside the write")

    def terminated(fd: int) -> None:
        signal.raise_signal(signal.SIGTERM)

    # without perkin's handler the test's own one fails the test (rather than killing pytest)
    before = signal.signal(signal.SIGTERM, escaped)
    try:
        monkeypatch.setattr(os, "fsync", terminated)
        result = run([*EVALUATE, "-o", "out.json"])
        assert signal.getsignal(signal.SIGTERM) is escaped
    finally:
        signal.signal(signal.SIGTERM, before)
    assert result.exit_code == 128 + signal.SIGTERM, result.stderr
    assert not (corpus / "out.json").exists() and not leftovers(corpus)


# encoding ------------------------------------------------------------------------------------


def test_an_output_encoding_without_the_characters_does_not_fail() -> None:
    result = run(["calc", '"—é"'], charset="latin-1")  # PYTHONIOENCODING=latin-1
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == "?é\n".encode("latin-1")
    result = run(["--help"], charset="latin-1")  # printed before any command runs
    assert result.exit_code == 0, result.output
    assert "perkin … | head" not in result.stdout and "perkin ? | head" in result.stdout


# -o through a symbolic link: the file the link names is written, the link stays a link -------
# (replacing the link broke it; `-o /dev/stdout` with stdout on a file replaced /dev/stdout)


def test_a_link_to_a_file_writes_that_file(corpus: Path) -> None:
    (corpus / "laporan").mkdir()
    real = corpus / "laporan" / "hasil.json"
    real.write_text("old")
    (corpus / "hasil.json").symlink_to("laporan/hasil.json")  # relative, as people make them
    result = run([*EVALUATE, "-o", "hasil.json"])
    assert result.exit_code == 0, result.output
    assert (corpus / "hasil.json").is_symlink()
    assert json.loads(real.read_text())["indicators"]
    assert [p.name for p in (corpus / "laporan").iterdir()] == ["hasil.json"]


def test_a_chain_of_links_writes_the_last_file(corpus: Path) -> None:
    real = corpus / "final.json"
    real.write_text("old")
    (corpus / "middle.json").symlink_to(real)
    (corpus / "first.json").symlink_to(corpus / "middle.json")
    result = run([*EVALUATE, "-o", "first.json"])
    assert result.exit_code == 0, result.output
    assert (corpus / "first.json").is_symlink() and (corpus / "middle.json").is_symlink()
    assert json.loads(real.read_text())["indicators"]


def test_a_link_to_an_input_is_still_refused(corpus: Path) -> None:
    ruleset = corpus / "rulesets" / "2024" / "ruleset.yaml"
    (corpus / "out.json").symlink_to(ruleset)
    before = ruleset.read_bytes()
    result = run([*EVALUATE, "-o", "out.json"])
    assert_error(result, "O002", "-o")
    assert ruleset.read_bytes() == before and (corpus / "out.json").is_symlink()
