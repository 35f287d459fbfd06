"""The survey's respondent floor (N007, engine/scoring/respondents.py). The 2023 IKM is surveyed
for 7 services with at least 100 respondents each (001:86), so a quarter's count below
7 × 100 = 700 cannot have given every service its minimum. The example data gives 1450 (TW2)
and 1520 (TW4) respondents and N/A in TW1 and TW3 (no survey): no warning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import ruleset_errors

ROOT = Path(__file__).resolve().parents[2]
TW2_ROW = "jakarta_barat,2023-TW2,ikm_responden,1450,,survei IKM per semester"


def _data(tmp_path: Path, tw2: str = "1450") -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "2023", folder)
    path = folder / "realisasi_2023.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(TW2_ROW) == 1
    path.write_text(text.replace(TW2_ROW, TW2_ROW.replace(",1450,", f",{tw2},")), "utf-8")
    return folder


def _n007(folder: Path, *extra: str) -> list[dict[str, str]]:
    args = ["evaluate", str(ROOT / "rulesets" / "2023"), str(folder), "--format", "json", *extra]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    found: list[dict[str, str]] = [
        d for d in json.loads(res.stdout)["diagnostics"] if d["code"] == "N007"
    ]
    return found


def test_the_example_counts_are_enough(tmp_path: Path) -> None:
    assert _n007(_data(tmp_path)) == []


@pytest.mark.parametrize(("count", "warned"), [("700", False), ("699", True), ("650", True)])
def test_a_count_below_seven_hundred_is_a_located_warning(
    tmp_path: Path, count: str, warned: bool
) -> None:
    found = _n007(_data(tmp_path, count))
    if not warned:
        assert found == []
        return
    assert found == [
        {
            "code": "N007",
            "severity": "warning",
            "unit": "jakarta_barat",
            "name": "ikm",
            "period": "TW2",
            "message": f"{count} respondents in ikm_responden ("
            + str(tmp_path / "data" / "realisasi_2023.csv")
            + ":21:4); 7 layanan with at least 100 each (001:86) need 700: "
            "not every layanan can have had its minimum",
        }
    ]


def test_only_the_periods_scored_are_checked(tmp_path: Path) -> None:
    folder = _data(tmp_path, "650")
    assert _n007(folder, "--period", "2023-TW4") == []
    assert [d["period"] for d in _n007(folder, "--period", "2023-S1")] == ["TW2"]


def test_the_terminal_and_validate_say_it_in_indonesian(tmp_path: Path) -> None:
    folder = _data(tmp_path, "650")
    where = f"{folder / 'realisasi_2023.csv'}:21:4"
    line = (
        f"jakarta_barat ikm TW2: peringatan[N007]: 650 responden pada ikm_responden ({where}); "
        "7 layanan dengan minimal 100 responden masing-masing (001:86) memerlukan 700: tidak "
        "semua layanan dapat memenuhi minimumnya"
    )
    ruleset = str(ROOT / "rulesets" / "2023")
    run = CliRunner().invoke
    evaluated = run(main, ["--lang", "id", "evaluate", ruleset, str(folder)])
    assert evaluated.exit_code == 0 and line in evaluated.stderr.splitlines()
    checked = run(main, ["--lang", "id", "validate", "--ruleset", ruleset, str(folder)])
    assert checked.exit_code == 0 and line in checked.output.splitlines()


SPLIT = """\
id: terbagi
year: 2023
roles:
  walikota: {title: Walikota, source: "001:57"}
  asisten_pem: {title: Asisten Pemerintahan, parent: walikota, source: "001:74"}
inputs:
  x: {kind: number, period: tahunan, source: "001:86"}
  jumlah_responden: {kind: count, period: tahunan, source: "001:86"}
  catatan: {kind: text, period: tahunan, source: "001:86"}
indicators:
  ikm:
    name: Indeks Kepuasan Masyarakat
    realisasi: x
    target: {tahunan: 88.5, source: "001:86"}
    roles: [asisten_pem]
    shares:
      of: layanan
      parts: {ppsu: PPSU}
      roles: {asisten_pem: [ppsu]}
      MINIMUM
      respondents: NAME
      source: "001:86"
    source: "001:86"
"""


@pytest.mark.parametrize(
    ("name", "minimum", "message", "hint"),
    [
        (
            "jumlah_responde",
            "min_respondents: 100",
            "'respondents' of indicator 'ikm' names no input 'jumlah_responde'",
            "did you mean 'jumlah_responden'?",
        ),
        (
            "catatan",
            "min_respondents: 100",
            "'respondents' of indicator 'ikm' names input 'catatan', which is not a count",
            "name an input of kind count: one number of respondents per unit and period",
        ),
        (
            "jumlah_responden",
            "# no minimum",
            "'respondents' of indicator 'ikm' is given without 'min_respondents'",
            "add min_respondents: the respondents each part needs",
        ),
    ],
)
def test_respondents_that_cannot_be_checked_are_refused(
    tmp_path: Path, name: str, minimum: str, message: str, hint: str
) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_text(SPLIT.replace("NAME", name).replace("MINIMUM", minimum), encoding="utf-8")
    (err,) = ruleset_errors(path)
    assert (err.code, err.message, err.hint) == ("R082", message, hint)
    assert (err.location.line, err.location.path) == (17, "indicators.ikm.shares")
