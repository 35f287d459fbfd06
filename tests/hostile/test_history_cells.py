"""History files as an office writes them (trust sweep): a value is read as it would be in a data
file, never as a guess. '104,09%' is the capaian 104.09 (it was 1.0409, a hundredth of what the
office wrote); '1.234', a thousands dot or a decimal point, is a located error (it was 1.234).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
EXPLAIN = ["explain", "r.yaml", "units.csv", "data.csv", "--history", "riwayat.csv"]


@pytest.fixture(autouse=True)
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base corpus, its ikm realisasi reading last year's value with PREV."""
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "ruleset.yaml").read_text()
    (tmp_path / "r.yaml").write_text(
        text.replace("realisasi: ikm\n", "realisasi: IFNA(PREV(ikm.realisasi), 0) + ikm\n")
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def history(corpus: Path, name: str, value: str) -> None:
    (corpus / "riwayat.csv").write_text(f'unit,period,name,value\nKEL1,2023,{name},"{value}"\n')


@pytest.mark.parametrize(
    ("value", "shown"), [("104,09%", "104.09"), ("86,75", "86.75"), ("1.234,5", "1234.5")]
)
def test_a_history_value_reads_as_the_office_wrote_it(corpus: Path, value: str, shown: str) -> None:
    history(corpus, "ikm.realisasi", value)
    result = run([*EXPLAIN, "--unit", "KEL1", "--indicator", "ikm"])
    assert result.exit_code == 0, result.stderr
    assert f"PREV(ikm.realisasi) = {shown}   (1 year earlier)" in result.stdout


@pytest.mark.parametrize("name", ["ikm.realisasi", "ikm"])  # an indicator part, a number input
def test_an_ambiguous_history_value_is_located(corpus: Path, name: str) -> None:
    history(corpus, name, "1.234")
    result = run([*EXPLAIN, "--unit", "KEL1", "--indicator", "ikm"])
    assert result.exit_code == 1, result.stdout
    assert "riwayat.csv:2:4: error[D181]" in result.stderr
    assert "\nhint: " in result.stderr


def test_a_count_input_reads_a_thousands_dot_as_in_data(corpus: Path) -> None:
    history(corpus, "aduan", "1.234")  # aduan is a count: 1.234 is 1234, as in a data file
    result = run(
        ["validate", "--ruleset", "r.yaml", "units.csv", "data.csv", "--history", "riwayat.csv"]
    )
    assert result.exit_code == 0, result.stderr
    assert "1 earlier-year value read" in result.stdout
