"""JSON has no NaN or Infinity (RFC 8259), though Python's json reads them (trust sweep): NaN was
read as a missing value without a word. Each is now a located error; a quoted "NaN" is text, as
before, and null or "N/A" say there is no value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
ROW = '{{"unit": "KEL1", "period": "2024-TW1", "variable": "aduan", "value": {value}}}'


def _validate(tmp_path: Path, value: str) -> tuple[int, str]:
    path = tmp_path / "data.json"
    path.write_text('{"values": [' + ROW.format(value=value) + "]}", encoding="utf-8")
    result = run(["validate", "--ruleset", str(BASE), str(BASE / "units.csv"), str(path)])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr + result.stdout


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_constant_json_does_not_have_is_a_located_error(tmp_path: Path, constant: str) -> None:
    code, said = _validate(tmp_path, constant)
    assert code == 1
    column = len('{"values": [') + ROW.format(value="").index(": }") + 3  # 1-based, after ": "
    assert f"data.json:1:{column}: error[D005]: '{constant}' is not a JSON number" in said, said
    assert 'hint: write null or "N/A" where there is no value' in said


@pytest.mark.parametrize("value", ["null", '"N/A"', "5"])
def test_no_value_and_numbers_still_read(tmp_path: Path, value: str) -> None:
    code, said = _validate(tmp_path, value)
    assert code == 0, said
