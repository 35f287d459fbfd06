"""`perkin diff` and `perkin validate --ruleset` read earlier years as evaluate does (the ruleset's
declared history and --history), and a diff across years says which year each ruleset reads as
the previous one.

Expected values by hand: 2023 capaian from examples/2024/riwayat/riwayat_2018_2023.csv (NKA
implementasi 96.93 / 71 = 136.52 %, P3DN 97.11 / 80 = 121.39 %, Tabel 54 and 58); the 2024
P3DN realisasi 92.44 against its target 80 (003:2607) = 115.55 %.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.engine.test_history_values import _data, _history_file, _ruleset

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
RIWAYAT = ROOT / "examples" / "2024" / "riwayat" / "riwayat_2018_2023.csv"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """rulesets/2024 and rulesets/shared with the illustrative 2025 ruleset beside them."""
    root = tmp_path_factory.mktemp("years") / "rulesets"
    for folder in ("2024", "shared"):
        shutil.copytree(ROOT / "rulesets" / folder, root / folder)
    shutil.copytree(HERE / "diff_years" / "2025", root / "2025")
    return root


def _run(*args: str) -> tuple[int, list[str], str]:
    res = CliRunner().invoke(cli.main, list(args))
    return res.exit_code, res.stdout.splitlines(), res.stderr


def _moved(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if line.startswith(f"jakarta_pusat: {name} ")]


def test_history_figures_move_across_years_with_their_values(tree: Path) -> None:
    """The 2024 ruleset reads 2023 from the declared history file, the 2025 one 2024, which
    the file does not have: the 2023 capaian are listed with their values, not hidden."""
    args = ["diff", str(tree / "2024"), str(tree / "2025"), "--data", "examples/2024"]
    code, lines, stderr = _run(*args)
    assert code == 0, stderr
    source = str(Path("examples/2024/riwayat/riwayat_2018_2023.csv"))
    assert [line for line in lines if line.startswith("note:")] == [
        f"note: the old ruleset jakpus_pk_2024 reads 2023 as the previous year from {source}",
        "note: data 2024 scored as 2025 under the new ruleset contoh_pk_2025",
        f"note: the new ruleset contoh_pk_2025 reads 2024 as the previous year from {source}",
    ]
    assert _moved(lines, "capaian_nka_implementasi_2023") == [
        "jakarta_pusat: capaian_nka_implementasi_2023 tahunan figure 136.52 → N/A"
    ]
    assert _moved(lines, "capaian_p3dn_tkdn_2023") == [
        "jakarta_pusat: capaian_p3dn_tkdn_2023 tahunan figure 121.39 → N/A"
    ]
    # HISTORY(x, 2020) reads 2020 under both rulesets: the same value, so no line
    assert _moved(lines, "capaian_tl_bpk_2020") == []


def test_history_given_for_the_new_rulesets_previous_year(tree: Path, tmp_path: Path) -> None:
    """--history with the 2024 P3DN values: the 2025 ruleset's PREV reads them."""
    extra = tmp_path / "riwayat_2024.csv"
    extra.write_text(
        "unit;period;name;value\njakarta_pusat;2024;p3dn_tkdn.target;80\n"
        "jakarta_pusat;2024;p3dn_tkdn.realisasi;92.44\n",
        encoding="utf-8",
    )
    args = ["diff", str(tree / "2024"), str(tree / "2025"), "--data", "examples/2024"]
    code, lines, stderr = _run(*args, "--history", str(extra))
    assert code == 0, stderr
    assert _moved(lines, "capaian_p3dn_tkdn_2023") == [
        "jakarta_pusat: capaian_p3dn_tkdn_2023 tahunan figure 121.39 → 115.55"
    ]
    source = str(Path("examples/2024/riwayat/riwayat_2018_2023.csv"))
    assert (
        f"note: the new ruleset contoh_pk_2025 reads 2024 as the previous year from {source}, "
        f"{extra}"
    ) in lines


def test_a_missing_history_file_is_a_reasoned_na_never_zero(tree: Path, tmp_path: Path) -> None:
    """The data without its riwayat folder: the note says the declared file was not found, and
    no history figure is listed (N/A under both rulesets, nothing read as zero)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "2024", data, ignore=shutil.ignore_patterns("riwayat"))
    code, lines, stderr = _run("diff", str(tree / "2024"), str(tree / "2025"), "--data", str(data))
    assert code == 0, stderr
    assert (
        "note: the new ruleset contoh_pk_2025 reads 2024 as the previous year, but its history "
        "riwayat/riwayat_2018_2023.csv was not found: what it would give is N/A"
    ) in lines
    assert [line for line in lines if re.search(r": capaian_\w+_20\d\d ", line)] == []
    code, _lines, stderr = _run(
        "diff",
        str(tree / "2024"),
        str(tree / "2025"),
        "--data",
        str(data),
        "--history",
        str(tmp_path / "none.csv"),
    )
    assert code == 1
    assert "error[D181]" in stderr


def test_prev_reads_the_year_before_each_rulesets_own(tmp_path: Path) -> None:
    """2024 data under a 2024 and a 2025 ruleset: PREV reads 2023 (80) and 2024 (85) from the
    history; GROWTH (88 - 80) / 80 = 10 % and (88 - 85) / 85 = 3.53 %; tanah_abang has no
    history: N/A under both, not listed. TREND(ikm, 3) needs 2022 under the 2024 ruleset."""
    old, new = _ruleset(tmp_path, 2024), _ruleset(tmp_path, 2025)
    data = _data(tmp_path, 2024, "88", "90")
    history = _history_file(
        tmp_path, "gambir;2023;ikm;80;LKIP 2023\ngambir;2024;ikm;85;LKIP 2024\n"
    )
    code, lines, stderr = _run(
        "diff", str(old), str(new), "--data", str(data), "--history", str(history)
    )
    assert code == 0, stderr
    moved = lines[lines.index("~ ruleset: year 2024 → 2025") + 1 :]
    assert moved == [
        f"note: the old ruleset pk_2024 reads 2023 as the previous year from {history}",
        "note: data 2024 scored as 2025 under the new ruleset pk_2025",
        f"note: the new ruleset pk_2025 reads 2024 as the previous year from {history}",
        "gambir: ikm_lalu tahunan figure 80.00 → 85.00",
        "gambir: tumbuh tahunan figure 10.00 → 3.53",
        "gambir: arah tahunan figure N/A → 4.00",  # TREND over 80, 85, 88: (88 - 80) / 2
    ]
    code, lines, stderr = _run("diff", str(old), str(new), "--data", str(data))
    assert code == 0, stderr
    assert (
        "note: the new ruleset pk_2025 reads 2024 as the previous year, but no history was "
        "given: what it reads is N/A"
    ) in lines
    assert not any(line.startswith(("gambir:", "tanah_abang:")) for line in lines)


def test_the_previous_year_note_in_indonesian(tmp_path: Path) -> None:
    old, new = _ruleset(tmp_path, 2024), _ruleset(tmp_path, 2025)
    data = _data(tmp_path, 2024, "88", "90")
    code, lines, stderr = _run("--lang", "id", "diff", str(old), str(new), "--data", str(data))
    assert code == 0, stderr
    assert (
        "catatan: ruleset baru pk_2025 membaca 2024 sebagai tahun sebelumnya, tetapi riwayat "
        "tidak diberikan: yang dibacanya N/A"
    ) in lines


def test_no_note_when_nothing_crosses_a_year(tmp_path: Path) -> None:
    rs = _ruleset(tmp_path, 2024)
    data = _data(tmp_path, 2024, "88", "90")
    code, lines, stderr = _run("diff", str(rs), str(rs), "--data", str(data))
    assert (code, lines) == (0, []), stderr


def _riwayat_rows() -> int:
    """The distinct unit, period and name of the rows of the 2024 history file, counted here."""
    with RIWAYAT.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    return len({tuple(row[:3]) for row in rows if row and row[0]})


def test_validate_counts_the_history_read() -> None:
    code, lines, stderr = _run("validate", "--ruleset", "rulesets/2024", "examples/2024")
    assert code == 0, stderr
    source = str(Path("examples/2024/riwayat/riwayat_2018_2023.csv"))
    assert f"history: {_riwayat_rows()} earlier-year values read from {source}" in lines
    assert _riwayat_rows() == 86


def test_validate_with_history_given_and_missing(tmp_path: Path) -> None:
    data = _data(tmp_path, 2024, "88", "90")
    rs = _ruleset(tmp_path, 2024, "history: {file: riwayat/lalu.csv}")
    code, lines, stderr = _run("validate", "--ruleset", str(rs), str(data))
    assert code == 0, stderr
    assert "history: riwayat/lalu.csv not found; what it would give is N/A" in lines
    history = _history_file(tmp_path, "gambir;2023;ikm;80;LKIP 2023\ngambir;2022;ikm;75;x\n")
    code, lines, stderr = _run(
        "validate", "--ruleset", str(rs), str(data), "--history", str(history)
    )
    assert code == 0, stderr
    assert f"history: 2 earlier-year values read from {history}" in lines
    args = ["--lang", "id", "validate", "--ruleset", str(rs), str(data), "--history", str(history)]
    code, lines, stderr = _run(*args)
    assert f"riwayat: 2 nilai tahun sebelumnya dibaca dari {history}" in lines
    plain = _ruleset(tmp_path, 2024)
    code, lines, stderr = _run("validate", "--ruleset", str(plain), str(data))
    assert "history: none given; what formulas read of earlier years is N/A" in lines
    code, _lines, stderr = _run("validate", str(plain), "--history", str(history))
    assert code == 2
    assert "--history is read with the data" in stderr


TARGET_FROM_HISTORY = """\
id: kecil
year: 2024
inputs:
  naik: {kind: number, source: "003:1"}
indicators:
  naik:
    name: Naik
    realisasi: naik
    target: {formula: "PREV(naik) + 5", source: "003:1"}
    source: "003:1"
target_check:
  rule: at_least_previous_realisasi
  source: "003:3339"
  previous:
    naik: {source: "003:1"}
"""


def test_validate_checks_a_target_read_from_history(tmp_path: Path) -> None:
    """A target of last year's value in the history + 5: 70 + 5 = 75 is below the previous
    realisasi 85 (the history's naik.realisasi of 2023), which validate says only when it reads
    the history (without it the target is N/A and nothing is checked)."""
    rules = tmp_path / "kecil.yaml"
    rules.write_text(TARGET_FROM_HISTORY, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("unit,period,variable,item,value\nu,2024,naik,,90\n", "utf-8")
    history = tmp_path / "riwayat.csv"
    history.write_text(
        "unit;period;name;value\nu;2023;naik;70\nu;2023;naik.realisasi;85\n", encoding="utf-8"
    )
    code, lines, stderr = _run("validate", "--ruleset", str(rules), str(data))
    assert code == 0, stderr
    assert not [line for line in lines if "warning[N003]" in line]
    code, lines, stderr = _run(
        "validate", "--ruleset", str(rules), str(data), "--history", str(history)
    )
    assert code == 0, stderr
    assert [line for line in lines if "warning[N003]" in line] == [
        "u naik: warning[N003]: target 75.00 is below the previous realisasi 85.00 "
        f"({history}:3:4); a target is at least the previous realisasi (003:3339)"
    ]
