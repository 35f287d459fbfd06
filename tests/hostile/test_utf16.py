"""CSV in UTF-16 (trust sweep): Excel's "Unicode Text" export is UTF-16 with a byte-order mark,
tab-separated. perkin reads it as the same CSV in UTF-8 would be read; UTF-16 without the mark
is refused with a hint that names it, not only as "control character U+0000"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
TEXT = 'unit;aduan@TW1;ikm@TW1\nKEL1;5;"80,5"\nKEL2;7;81\n'


def _evaluate(path: Path) -> tuple[int, str, str]:
    args = ["evaluate", str(BASE), str(BASE / "units.csv"), str(path), "--format", "json"]
    result = run([*args, "--period", "2024-TW1", "--quiet"])
    return result.exit_code, result.stdout, result.stderr


def _values(stdout: str) -> list[object]:
    document = json.loads(stdout)
    return [(row["unit"], row["indicator"], row.get("realisasi")) for row in document["indicators"]]


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-16", ";"), ("utf-16-be", ";"), ("utf-16", "\t")],
    ids=["utf16_le_bom", "utf16_be_bom", "unicode_text_tabs"],
)
def test_utf16_with_its_mark_reads_as_utf8_does(
    tmp_path: Path, encoding: str, separator: str
) -> None:
    text = TEXT.replace(";", separator)
    plain, wide = tmp_path / "plain.csv", tmp_path / "wide.csv"
    plain.write_bytes(text.encode("utf-8"))
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    wide.write_bytes(data)
    expected, got = _evaluate(plain), _evaluate(wide)
    assert expected[0] == got[0] == 0, got[2]
    assert _values(got[1]) == _values(expected[1])
    realisasi = {(u, i): r["value"] for u, i, r in _values(got[1]) if isinstance(r, dict)}
    assert realisasi[("KEL1", "ikm")] == 80.5 and realisasi[("KEL2", "aduan_selesai")] == 7


def test_utf16_without_its_mark_is_named_in_the_hint(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(TEXT.encode("utf-16-le"))
    code, _stdout, stderr = _evaluate(path)
    assert code == 1 and "Traceback" not in stderr
    assert "data.csv:1:2: error[D022]: the file is not text (control character U+0000)" in stderr
    assert "the file looks like UTF-16 text without its byte-order mark" in stderr


def test_broken_utf16_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(TEXT.encode("utf-16") + b"\x00\xd8")  # a lone high surrogate at the end
    code, _stdout, stderr = _evaluate(path)
    assert code == 1 and "Traceback" not in stderr
    assert "error[D022]: the file is not UTF-16 text, though it starts like it" in stderr
