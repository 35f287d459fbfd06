"""Ruleset mistakes policy staff make in YAML (trust sweep, second round): each is refused at
its file:line:column with a hint, in Indonesian by default.

Each case edits the small base ruleset (tests/bad_inputs/base/ruleset.yaml) with one
replacement, validates it, and checks the location, the message and the hint perkin prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base" / "ruleset.yaml"
SERAPAN_TARGET = "target: {TW1: 25, TW2: 50, TW3: 75, TW4: 100, tahunan: 100, assumption: test}"

# (case, text replaced, replacement, location line:column, message, hint), in English
CASES = [
    (
        "weight_in_percent",
        "    cap: 100\n",
        "    cap: 100\n    weight: 30%\n",
        "32:13",
        "indicators.serapan.weight should be a mapping of keys, found '30%'",
        "write it as a mapping with 'value' (percent points: 35 for 35%) and a 'source' or an"
        " 'assumption', e.g. {value: 30, assumption: …}",
    ),
    (
        "weight_as_number",
        "    cap: 100\n",
        "    cap: 100\n    weight: 30\n",
        "32:13",
        "indicators.serapan.weight should be a mapping of keys, found 30",
        "write it as a mapping with 'value'",
    ),
    (
        "decimal_comma_in_flow_mapping",
        "    cap: 100\n",
        "    cap: 100\n    weight: {value: 0,3, assumption: x}\n",
        "32:23",
        "unknown key '3'",
        "a comma inside { } separates entries, so 0,3 is read as 0 and a key 3: write decimals"
        " with a dot (0.3)",
    ),
    (
        "no_as_text",
        "id: bad_inputs_base",
        "id: no",
        "3:5",
        "id should be a text, found False",
        'YAML reads no as false: put the text in quotes ("no")',
    ),
    (
        "on_as_text",
        "    level: kelurahan\n    realisasi: serapan",
        "    level: on\n    realisasi: serapan",
        "28:12",
        "indicators.serapan.level should be a text, found True",
        'YAML reads on as true: put the text in quotes ("on")',
    ),
    (
        "date_like_id",
        "  serapan:\n    name: Penyerapan",
        "  2024-01:\n    name: Penyerapan",
        "26:3",
        "indicators: '2024-01' is not well-formed",
        "snake_case identifier",
    ),
    (
        "percent_in_target",
        "TW1: 25,",
        "TW1: 25%,",
        "30:19",
        "indicators.serapan.target.TW1: '25%' is none of the allowed forms",
        "write a plain number: 86.5 (a dot for decimals, no thousands separator); a percentage in"
        " points without '%' (120 for 120%)",
    ),
    (
        "octal_target",
        "TW1: 25,",
        "TW1: 010,",
        "30:19",
        "YAML reads 010 as 8, not as written",
        "write the number in plain decimals (no leading zero, ':', 0x or 0b), or put a text in"
        " quotes",
    ),
    (
        "sexagesimal_target",
        "TW1: 25,",
        "TW1: 1:30,",
        "30:19",
        "YAML reads 1:30 as 90, not as written",
        "write the number in plain decimals",
    ),
    (
        "hexadecimal_weight",
        "    cap: 100\n",
        "    cap: 0x64\n",
        "31:10",
        "YAML reads 0x64 as 100, not as written",
        "write the number in plain decimals",
    ),
    (
        "tab_indentation",
        "  aduan: {kind: count",
        "\taduan: {kind: count",
        "9:1",
        "YAML syntax error: found character that cannot start any token",
        "YAML does not allow tabs for indentation; use spaces",
    ),
    (
        "duplicate_key",
        "cadence: triwulan\n",
        "cadence: triwulan\nyear: 2025\n",
        "8:1",
        "duplicate key 'year' (first at line 5)",
        "YAML keeps only the last value of a repeated key; remove one of them",
    ),
]


def validate(tmp_path: Path, text: str, lang: str = "en") -> tuple[int, str]:
    path = tmp_path / "ruleset.yaml"
    path.write_bytes(text.encode("utf-8"))
    result = run(["--lang", lang, "validate", str(path)])
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    return result.exit_code, result.stderr.replace(str(path), "ruleset.yaml")


@pytest.mark.parametrize(
    ("old", "new", "where", "message", "hint"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_mistake_is_located_with_a_hint(
    tmp_path: Path, old: str, new: str, where: str, message: str, hint: str
) -> None:
    text = BASE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    code, stderr = validate(tmp_path, text.replace(old, new))
    assert code == 1, stderr
    assert f"ruleset.yaml:{where}: error[R0" in stderr, stderr
    assert f"]: {message}\n" in stderr, stderr
    assert f"hint: {hint}" in stderr, stderr


def test_two_ids_that_are_not_ids_are_both_located(tmp_path: Path) -> None:
    text = BASE.read_text(encoding="utf-8")
    text = text.replace("  ikm:\n    name:", "  IKM:\n    name:")
    text = text.replace("  serapan:\n    name:", "  2024-01:\n    name:")
    code, stderr = validate(tmp_path, text)
    assert code == 1
    assert "ruleset.yaml:19:3: error[R010]: indicators: 'IKM' is not well-formed" in stderr
    assert "ruleset.yaml:26:3: error[R010]: indicators: '2024-01' is not well-formed" in stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bom", "\ufeff" + BASE.read_text(encoding="utf-8")),
        ("crlf", BASE.read_text(encoding="utf-8").replace("\n", "\r\n")),
        ("nbsp_in_formula", BASE.read_text().replace("realisasi: aduan", "realisasi: aduan\u00a0")),
        ("yes_as_a_key", BASE.read_text().replace("  serapan:\n    name:", "  yes:\n    name:")),
    ],
)
def test_harmless_forms_read_as_written(tmp_path: Path, name: str, text: str) -> None:
    """A BOM, Windows line ends and a non-breaking space change nothing; a key `yes:` is the
    text yes (perkin reads keys as text), not true."""
    code, stderr = validate(tmp_path, text)
    assert code == 0, stderr


@pytest.mark.parametrize("number", ["0", "0.5", "-3", "+2.5", ".5", "1.5e+3", "120", "1_000"])
def test_plain_numbers_are_read(tmp_path: Path, number: str) -> None:
    text = BASE.read_text(encoding="utf-8").replace("    cap: 100\n", f"    cap: {number}\n")
    code, stderr = validate(tmp_path, text)
    assert code == 0, stderr


def test_a_yaml_boolean_is_explained_in_indonesian(tmp_path: Path) -> None:
    text = BASE.read_text(encoding="utf-8").replace("id: bad_inputs_base", "id: no")
    code, stderr = validate(tmp_path, text, "id")
    assert code == 1
    assert "ruleset.yaml:3:5: galat[R010]: id seharusnya teks, ditemukan False" in stderr
    assert 'saran: YAML membaca no sebagai false: beri tanda kutip pada teks ("no")' in stderr


def test_a_weight_in_percent_is_explained_in_indonesian(tmp_path: Path) -> None:
    text = BASE.read_text(encoding="utf-8").replace(
        "    cap: 100\n", "    cap: 100\n    weight: 30%\n"
    )
    code, stderr = validate(tmp_path, text, "id")
    assert code == 1
    assert "saran: tulis sebagai pemetaan dengan 'value' (poin persen: 35 untuk 35%)" in stderr
