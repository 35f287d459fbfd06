"""A ruleset of no year (a standard instrument, rulesets/standar) is scored for the one year its
data names; data naming several years needs --period, never a report for "period 0"."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[2]
IKM = str(ROOT / "rulesets" / "standar" / "ikm_permenpanrb_14_2017.yaml")


def _run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, list(args))
    return out.exit_code, out.output


def test_the_year_of_the_data_is_scored() -> None:
    code, output = _run("evaluate", IKM, str(ROOT / "examples" / "standar" / "ikm"))
    assert code == 0, output
    assert "Period: 2024" in output.splitlines()[2]


def test_data_of_two_years_asks_for_a_period(tmp_path: Path) -> None:
    folder = tmp_path / "ikm"
    shutil.copytree(ROOT / "examples" / "standar" / "ikm", folder)
    mapping = (folder / "perkin-data.yaml").read_text(encoding="utf-8")
    entry = [line for line in mapping.splitlines() if line.startswith("  ")]
    assert "  period: 2024" in entry
    # other units: the same unit twice would be two values for one slot (D104)
    header, *rows = (folder / "survei_ikm.csv").read_text(encoding="utf-8").splitlines()
    later = "\n".join([header, *(f"baru_{row}" for row in rows)]) + "\n"
    (folder / "survei_ikm_2025.csv").write_text(later, encoding="utf-8")
    second = ["survei_ikm_2025.csv:", *(line.replace("2024", "2025") for line in entry)]
    (folder / "perkin-data.yaml").write_text(mapping + "\n".join(second) + "\n", encoding="utf-8")
    code, output = _run("evaluate", IKM, str(folder))
    assert code == 1, output
    assert "error[P001]: the ruleset names no year and the data names 2024, 2025" in output
    assert "--period 2025" in output
    code, output = _run("evaluate", IKM, str(folder), "--period", "2025")
    assert code == 0 and "Period: 2025" in output, output
