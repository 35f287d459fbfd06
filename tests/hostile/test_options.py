"""Command-line options as a careless hand types them (trust sweep): a --period perkin cannot read
is located at the option, in every command that takes one (it was '<input>').
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
RULESET, UNITS, DATA = str(BASE / "ruleset.yaml"), str(BASE / "units.csv"), str(BASE / "data.csv")
COMMANDS = {
    "evaluate": ["evaluate", RULESET, UNITS, DATA, "--quiet", "--format", "csv"],
    "explain": ["explain", RULESET, UNITS, DATA, "--unit", "KEL1", "--indicator", "ikm"],
    "template": ["template", RULESET, "--format", "csv"],
    "diff": ["diff", RULESET, RULESET, "--data", UNITS, "--data", DATA],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("period", "code"), [("2024-TW5", "D011"), ("TW 9", "D011"), ("", "D010"), ("２０２４", "D010")]
)
def test_a_period_that_does_not_read_is_located_at_the_option(
    command: str, period: str, code: str
) -> None:
    result = run([*COMMANDS[command], "--period", period])
    assert result.exit_code == 1, result.stdout + result.stderr
    assert f"--period: error[{code}]" in result.stderr
    assert "<input>" not in result.stderr and "Traceback" not in result.stderr
