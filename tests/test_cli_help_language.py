"""`--help` is in the language chosen for the run that shows it, in any order of runs in one
process (a test, a program calling cli.main): the help texts are translated when the page is
made, not when cli.py defines the commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cli
from dsl import catalogue
from dsl.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(cli.main.commands)

# a few texts as the Indonesian catalogue has them, written out by hand
KNOWN = {
    "en": {
        "main": [
            "Show the Python traceback of an internal error.",
            "Show the version and exit.",
            "Show this message and exit.",
            "Evaluate one formula, e.g. perkin calc",  # calc's short help in the list
        ],
        "evaluate": [
            "Score DATA (files or folders) against RULESET (file or year folder).",
            "No progress or summary on stderr.",
            "Write to this file (atomically).",
            "Show this message and exit.",
        ],
        "calc": ["Print the evaluation tree with the value at each node."],
    },
    "id": {
        "main": [
            "Tampilkan traceback Python dari galat internal.",
            "Tampilkan versi lalu keluar.",
            "Tampilkan pesan ini lalu keluar.",
            "Hitung satu rumus, misalnya perkin calc",
        ],
        "evaluate": [
            "Menilai DATA (berkas atau folder) menurut RULESET (berkas atau folder tahun).",
            "Tanpa progres atau ringkasan di stderr.",
            "Tulis ke berkas ini (secara atomik).",
            "Tampilkan pesan ini lalu keluar.",
        ],
        "calc": ["Cetak pohon perhitungan beserta nilai di setiap simpul."],
    },
}


def _page(lang: str, *command: str) -> str:
    res = CliRunner().invoke(cli.main, ["--lang", lang, *command, "--help"])
    assert res.exit_code == 0, res.output
    return " ".join(res.stdout.split())  # click wraps to the terminal's width


def _texts(command: click.Command) -> list[str]:
    """The msgids of a command's help and of its options' help, as cli.py declares them."""
    params = [p for p in command.params if isinstance(p, cli._Option) and p._help]
    return [t for t in [getattr(command, "_help", None), *(p._help for p in params)] if t]


@pytest.fixture(scope="module")
def indonesian() -> dict[str, str]:
    """The Indonesian of every msgid, read from the .po file (not through gettext)."""
    found = {}
    for message in catalogue.read("id"):
        if isinstance(message.id, str) and isinstance(message.string, str) and message.id:
            found[message.id] = message.string
    return found


def _expected(lang: str, msgid: str, indonesian: dict[str, str]) -> str:
    text = msgid if lang == "en" else indonesian[msgid]
    return " ".join(text.replace("\b", "").split())


@pytest.mark.parametrize("order", [("id", "en"), ("en", "id")], ids="-then-".join)
def test_every_help_text_in_the_language_of_the_run(
    order: tuple[str, str], indonesian: dict[str, str]
) -> None:
    for lang in order:
        page = _page(lang)
        missing = [t for t in _texts(cli.main) if _expected(lang, t, indonesian) not in page]
        missing += [t for t in KNOWN[lang]["main"] if t not in page]
        for name in COMMANDS:
            page = _page(lang, name)
            for msgid in _texts(cli.main.commands[name]):
                if _expected(lang, msgid, indonesian) not in page:
                    missing.append(f"{name}: {msgid}")
            missing += [f"{name}: {t}" for t in KNOWN[lang].get(name, []) if t not in page]
            helps = "Show this message and exit." if lang == "en" else "Tampilkan pesan ini"
            if helps not in page:
                missing.append(f"{name}: --help")
        said = f"--lang {lang} (runs in the order {' then '.join(order)}), not in that language:"
        assert not missing, "\n".join([said, *missing])


def test_every_command_and_option_declares_its_help_as_a_msgid() -> None:
    """A command or option made with plain click.option would keep its help in one language."""
    found = [f"{cli.main.name}: {type(cli.main).__name__}"]
    for name, command in cli.main.commands.items():
        if not isinstance(command, cli._Command):
            found.append(f"{name}: {type(command).__name__}")
        for param in command.params:
            if isinstance(param, click.Option) and not isinstance(param, cli._Option):
                found.append(f"{name} {param.opts}: {type(param).__name__}")
    found += [
        f"main {p.opts}" for p in cli.main.params if not isinstance(p, cli._Option | click.Argument)
    ]
    assert found == ["main: _Perkin"]


@pytest.mark.parametrize(
    ("lang", "line"), [("en", "main, version "), ("id", "main, versi "), ("en", "main, version ")]
)
def test_version_in_the_language_of_the_run(lang: str, line: str) -> None:
    res = CliRunner().invoke(cli.main, ["--lang", lang, "--version"])
    assert res.exit_code == 0 and res.stdout.startswith(line)


def test_the_help_of_a_command_without_any_is_empty_not_the_catalogue_header() -> None:
    """gettext("") is the catalogue's header ("Project-Id-Version: …"): no help stays none."""
    command = cli._Command("bare", help="")
    for lang in ("id", "en"):
        set_language(lang)
        assert (command.help, command.epilog, command.short_help) == ("", None, None)


def test_importing_cli_leaves_the_language_alone() -> None:
    """cli.py reads --lang from the command line when main runs, not when a program imports it
    with its own argv."""
    code = (
        "import sys; sys.argv[1:] = ['--lang', 'id']; import cli; "
        "from dsl.i18n import language; print(language())"
    )
    env = {**os.environ, "PERKIN_LANG": "en"}
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert res.stdout.strip() == "en"
