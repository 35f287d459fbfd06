"""Names that hold a line break in `perkin diff` (trust sweep, third round): diff prints one line
per change, and an indicator name with a line break printed lines of its own, so a renamed
indicator could add a forged change ("~ indicator ikm: weight 10 → 40") to what a reviewer reads.
Each change is now one line, its texts' line breaks shown as spaces."""

from __future__ import annotations

from pathlib import Path

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base" / "ruleset.yaml"


def test_a_name_with_line_breaks_is_one_change_on_one_line(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    forged = r"Indeks\n~ indicator ikm: weight 10 → 40\r\nkepuasan"
    text = BASE.read_text(encoding="utf-8")
    new.write_text(text.replace("name: Indeks kepuasan", f'name: "{forged}"'), encoding="utf-8")
    result = run(["diff", str(BASE), str(new)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "~ indicator ikm: name Indeks kepuasan → Indeks ~ indicator ikm: weight 10 → 40 kepuasan"
    ]


def test_an_added_indicator_named_over_two_lines_is_one_line(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    text = BASE.read_text(encoding="utf-8")
    added = text.replace(
        "  ikm:\n",
        '  ikm2:\n    name: "Dua\\nbaris"\n    level: kelurahan\n'
        "    realisasi: ikm\n    target: {TW1: 1, TW2: 1, TW3: 1, TW4: 1, "
        "tahunan: 1, assumption: test}\n    assumption: test\n  ikm:\n",
        1,
    )
    new.write_text(added, encoding="utf-8")
    result = run(["diff", str(BASE), str(new)])
    assert result.exit_code == 0, result.stderr
    assert "+ indicator ikm2 added: Dua baris" in result.stdout.splitlines()
