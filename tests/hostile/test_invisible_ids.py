"""Invisible characters in ids (trust sweep, third round): an id copied from a web page or a Word
document may carry a zero-width space or a soft hyphen, and perkin then said "unknown unit
'KEL1'; did you mean 'KEL1'?", the two looking the same. The hint now names the character."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsl.suggest import did_you_mean
from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"


def test_an_invisible_character_in_a_unit_id_is_named(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("unit,period,variable,value\nKEL1\u200b,TW1,aduan,5\n", encoding="utf-8")
    args = ["evaluate", str(BASE), str(BASE / "units.csv"), str(data), "--quiet"]
    result = run([*args, "--period", "2024-TW1", "--format", "csv"])
    assert result.exit_code == 1
    assert (
        "hint: did you mean 'KEL1'? The text holds the invisible character U+200B "
        "(zero width space), copied with it"
    ) in result.stderr


@pytest.mark.parametrize("char", ["\u00ad", "\ufeff", "\u2060"])
def test_each_kind_of_invisible_character_is_named(char: str) -> None:
    hint = did_you_mean(f"ad{char}uan", ["aduan", "ikm"])
    assert hint is not None and f"U+{ord(char):04X}" in hint


def test_a_plain_misspelling_keeps_the_plain_hint() -> None:
    assert did_you_mean("aduen", ["aduan", "ikm"]) == "did you mean 'aduan'?"


def test_the_character_is_named_in_indonesian(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("unit,period,variable,value\nKEL1\u200b,TW1,aduan,5\n", encoding="utf-8")
    args = ["--lang", "id", "evaluate", str(BASE), str(BASE / "units.csv"), str(data)]
    result = run([*args, "--quiet", "--period", "2024-TW1", "--format", "csv"])
    assert "karakter tak terlihat U+200B" in result.stderr
