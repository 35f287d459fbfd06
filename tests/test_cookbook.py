"""Every command of docs/cookbook.md prints the output shown under it.

The cookbook is read as it is: a ```console block holds commands (`$ perkin …`, a trailing
backslash continues a command) each followed by the output it prints, where a line `…` stands for
any number of lines left out; a fenced block after `<!-- file: PATH -->` is a file the reader
writes before the commands that follow; one after `<!-- excerpt: PATH -->` is quoted from PATH
and must appear in it verbatim. The commands run in a scratch copy of the rulesets, the examples
and the replay cases, so that files the cookbook asks to write never land in the repository.
"""

from __future__ import annotations

import difflib
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli

ROOT = Path(__file__).parent.parent
COOKBOOK = ROOT / "docs" / "cookbook.md"
ELIDED = "…"
FENCE = re.compile(r"^```(\w*)$")
MARKER = re.compile(r"^<!-- (file|excerpt): (\S+) -->$")


@dataclass
class Block:
    """A fenced block of the cookbook: its language, text, line and what the marker says."""

    lang: str
    text: str
    line: int
    marker: tuple[str, str] | None = None


@dataclass
class Command:
    """One `$ perkin …` line (continuations joined) and the lines shown under it."""

    argv: list[str]
    shown: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown text, each with the marker line just before it."""
    found: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if fence is None:
            i += 1
            continue
        end = lines.index("```", i + 1)
        before = lines[i - 1] if i else ""
        marker = MARKER.match(before)
        body = "\n".join(lines[i + 1 : end]) + "\n"
        said = (marker.group(1), marker.group(2)) if marker else None
        found.append(Block(fence.group(1), body, i + 1, said))
        i = end + 1
    return found


def commands(block: Block) -> list[Command]:
    """The commands of a console block with the output shown under each."""
    out: list[Command] = []
    lines = iter(block.text.splitlines())
    for line in lines:
        if line.startswith("$ "):
            text = line[2:]
            while text.endswith("\\"):
                text = text[:-1] + next(lines).strip()
            out.append(Command(shlex.split(text)))
        else:
            assert out, f"cookbook.md:{block.line}: output before any command"
            out[-1].shown.append(line)
    return out


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether the printed lines are the shown ones, `…` standing for any run of lines."""
    parts = [r"(?:[^\n]*\n)*?" if line == ELIDED else re.escape(line) + r"\n" for line in shown]
    return re.fullmatch("".join(parts), "".join(p + "\n" for p in printed)) is not None


ALL = blocks(COOKBOOK.read_text(encoding="utf-8"))
CONSOLES = [b for b in ALL if b.lang == "console"]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of what the cookbook's commands read, as the working folder."""
    for name in ("rulesets", "examples", "schemas"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "tests" / "replay").mkdir(parents=True)
    for case in (ROOT / "tests" / "replay").glob("*.yaml"):
        shutil.copy(case, tmp_path / "tests" / "replay" / case.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("block", CONSOLES, ids=lambda b: f"line{b.line}")
def test_every_command_prints_what_the_cookbook_shows(block: Block, scratch: Path) -> None:
    for earlier in ALL:
        if earlier.line < block.line and earlier.marker and earlier.marker[0] == "file":
            path = scratch / earlier.marker[1]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(earlier.text, encoding="utf-8")
    for command in commands(block):
        assert command.argv[0] == "perkin", command.argv
        result = CliRunner().invoke(cli.main, command.argv[1:], catch_exceptions=False)
        printed = [line.rstrip() for line in result.output.rstrip("\n").splitlines()]
        shown = [line.rstrip() for line in command.shown]
        diff = "\n".join(difflib.unified_diff(shown, printed, "cookbook", "printed", lineterm=""))
        assert result.exit_code == 0, f"{shlex.join(command.argv)}: exit {result.exit_code}"
        assert matches(shown, printed), (
            f"cookbook.md:{block.line}: {shlex.join(command.argv)}\n{diff}"
        )


@pytest.mark.parametrize(
    "block", [b for b in ALL if b.marker and b.marker[0] == "excerpt"], ids=lambda b: b.marker[1]
)
def test_every_excerpt_is_quoted_verbatim(block: Block) -> None:
    assert block.marker is not None
    assert block.text in (ROOT / block.marker[1]).read_text(encoding="utf-8")


def test_the_cookbook_has_four_worked_examples_each_run() -> None:
    sections = re.findall(r"^## (\d)\. ", COOKBOOK.read_text(encoding="utf-8"), re.MULTILINE)
    assert sections == ["1", "2", "3", "4"]
    assert len(CONSOLES) >= 4 and all(commands(b) for b in CONSOLES)


def test_an_elided_line_stands_for_lines_and_nothing_else() -> None:
    assert matches(["a", ELIDED, "d"], ["a", "b", "c", "d"])
    assert matches(["a", ELIDED, "d"], ["a", "d"])
    assert not matches(["a", ELIDED, "d"], ["a", "b", "c"])
    assert not matches(["a", "d"], ["a", "b", "d"])
