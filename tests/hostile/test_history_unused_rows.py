"""A history file's rows that no formula reads are said, not counted as read (trust sweep): rows
for the year scored or later (its values come from the data) and rows of units not in the
data. The example's 86 rows are all earlier years of jakarta_pusat."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.test_bad_inputs import run

ROOT = Path(__file__).resolve().parents[2]
EXTRA = (
    "jakarta_pusat;2024;p3dn_tkdn.realisasi;99;not an earlier year\n"
    "jakarta_pusat;2025;p3dn_tkdn.realisasi;98;a later year\n"
    "kota_lain;2023;p3dn_tkdn.realisasi;97;another kota\n"
)


def test_rows_no_formula_reads_are_said(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "2024", data)
    history = data / "riwayat" / "riwayat_2018_2023.csv"
    history.write_text(history.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    result = run(["validate", "--ruleset", str(ROOT / "rulesets" / "2024"), str(data)])
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("history:")]
    assert lines == [
        f"history: 86 earlier-year values read from {history}",
        "history: 2 values for 2024 or later are not read: the year scored takes its values "
        "from the data",
        "history: 1 value of units not in the data is not read (kota_lain)",
    ]
