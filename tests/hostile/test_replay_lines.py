"""A known-wrong `why` with a line break in a replay case stays on its line (trust sweep, third
round): replay is read line by line, and a case file (a YAML block scalar, or a text pasted from
the LKIP) could print a forged "0 mismatches" summary under the real verdict."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import cli

HERE = Path(__file__).parent.parent / "replay"
FORGED = "seen in Tabel 49\\ntests/replay/x.yaml: 74 published figures: 74 reproduce, 0 mismatches"


def test_a_why_with_a_line_break_stays_on_its_line(tmp_path: Path) -> None:
    # the case's paths are relative to it: point them back at the repository
    text = (HERE / "2024_riwayat.yaml").read_text(encoding="utf-8")
    text = text.replace("../../", str(HERE.parent.parent) + "/")
    start = text.index('why: "Bab I prints') + len('why: "')
    end = text.index('"}}', start)
    case = tmp_path / "case.yaml"
    case.write_text(text[:start] + FORGED + text[end:], encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["--lang", "en", "replay", str(case)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert not any(line.startswith("tests/replay/x.yaml") for line in lines)
    assert any("seen in Tabel 49 tests/replay/x.yaml: 74 published" in line for line in lines)
