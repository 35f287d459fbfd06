"""Units files as a careless office writes them (trust sweep): one unit id declared twice with
different levels or names, and ids that differ only in case. Each could mean two things (which
level is scored, which name is printed, one unit or two); perkin says where instead of keeping the
first row in silence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
HEAD = "unit,name,level,parent\nKOTA,Kota,kota,\nKEC1,Kecamatan Satu,kecamatan,KOTA\n"
KEL1 = "KEL1,Kelurahan Satu,kelurahan,KEC1\n"
KEL2 = "KEL2,Kelurahan Dua,kelurahan,KEC1\n"


def validate(tmp_path: Path, units: str, *lang: str) -> str:
    """The stderr of validating the base data with this units file; exit 1 is asserted."""
    path = tmp_path / "units.csv"
    path.write_text(units, encoding="utf-8")
    result = run([*lang, "validate", "--ruleset", str(BASE), str(path), str(BASE / "data.csv")])
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "\n" in result.stderr
    return result.stderr.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    ("second", "said"),
    [
        (
            "KEL1,Kelurahan Satu,kecamatan,KEC1\n",
            "units.csv:5:1: error[D301]: unit 'KEL1' has level 'kecamatan' here but "
            "'kelurahan' at units.csv:4:1",
        ),
        (
            "KEL1,Kel. Satu,kelurahan,KEC1\n",
            "units.csv:5:1: error[D301]: unit 'KEL1' is named 'Kel. Satu' here but "
            "'Kelurahan Satu' at units.csv:4:1",
        ),
        (
            "KEL1\u00a0,Kelurahan Satu (lama),kelurahan,KEC1\n",  # a non-breaking space: same id
            "units.csv:5:1: error[D301]: unit 'KEL1' is named 'Kelurahan Satu (lama)' here",
        ),
        (
            "kel1,Kelurahan Satu,kelurahan,KEC1\n",
            "units.csv:5:1: error[D302]: unit 'kel1' differs from unit 'KEL1' at units.csv:4:1 "
            "only in case",
        ),
    ],
    ids=["level", "name", "name_behind_a_space", "case"],
)
def test_a_unit_that_could_mean_two_things_is_located(
    tmp_path: Path, second: str, said: str
) -> None:
    stderr = validate(tmp_path, HEAD + KEL1 + second + KEL2)
    assert said in stderr
    assert "\nhint: " in stderr


def test_a_repeated_unit_that_only_fills_in_is_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(HEAD + KEL1 + "KEL1,,,\n" + "KEL2,,kelurahan,KEC1\nKEL2,Kelurahan Dua,,\n")
    result = run(["validate", "--ruleset", str(BASE), str(path), str(BASE / "data.csv")])
    assert result.exit_code == 0, result.stderr


def test_two_names_are_said_in_indonesian(tmp_path: Path) -> None:
    stderr = validate(
        tmp_path, HEAD + KEL1 + "KEL1,Kel. Satu,kelurahan,KEC1\n" + KEL2, "--lang", "id"
    )
    assert "units.csv:5:1: galat[D301]: unit 'KEL1' bernama 'Kel. Satu' di sini" in stderr
