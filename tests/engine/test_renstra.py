"""The Renstra's targets per year as figures, and the check that a target is at least the
previous realisasi (003:3339), on rulesets/2024 and on small rulesets written here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cli
from dsl.errors import PerkinErrors
from engine.api import evaluate, load
from engine.ruleset.loader import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
RULESET, DATA = ROOT / "rulesets" / "2024", ROOT / "examples" / "2024"
HISTORY = DATA / "riwayat" / "riwayat_2018_2023.csv"
# the 2023 realisasi are cells of the history file (line 47: P3DN, line 17: NKA implementasi)
P3DN = (
    "jakarta_pusat p3dn_tkdn: warning[N003]: target 80.00 is below the previous realisasi 97.11 "
    f"({HISTORY}:47:4); a target is at least the previous realisasi (instruksi_sekda_19_2024: "
    "KESATU huruf b; 003:3339)"
)
NKA = (
    "jakarta_pusat nka_implementasi: warning[N003]: target 71.00 is below the previous realisasi "
    f"96.93 ({HISTORY}:17:4); a target is at least the previous realisasi "
    "(instruksi_sekda_19_2024: KESATU huruf b; 003:3339)"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def test_the_2024_renstra_targets_by_year() -> None:
    """Tabel 11 (003:1114-1116), every year of the plan."""
    renstra = load(RULESET).renstra
    assert {k: v.targets for k, v in renstra.items()} == {
        "iklka": ((2023, 86.75), (2024, 87.3), (2025, 87.85), (2026, 89.5)),
        "ikm_kec_kel": ((2023, 88.5), (2024, 88.6), (2025, 88.7), (2026, 88.8)),
        "ek": ((2023, 85.0), (2024, 86.0), (2025, 87.0), (2026, 88.5)),
    }
    assert renstra["ek"].source == "003:1112, 003:1116, 003:2118, 003:939"


def test_the_figures_of_the_ruleset_year() -> None:
    _, result, _ = evaluate(RULESET, [DATA], None, (), False)
    figures = {f.name: f.value.text() for f in result.figures if "renstra" in f.name}
    assert figures["renstra_iklka"] == "87.30"
    assert figures["renstra_ek"] == "86.00"
    # capaian against the Renstra = realisasi / Renstra target × 100, by hand: IKM 98.9806 / 88.6,
    # IKLKA 97.7733 / 87.3 (tests/replay/2024_renstra.yaml)
    assert figures["capaian_renstra_ikm_kec_kel"] == "111.72"
    assert figures["capaian_renstra_iklka"] == "112.00"


def test_explain_shows_the_renstra_target_and_its_place() -> None:
    res = run("explain", str(RULESET), str(DATA), "--unit", "jakarta_pusat", "--indicator",
              "capaian_renstra_ek")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    first = res.stdout.splitlines()[0]
    assert first == (
        "capaian_renstra_ek = ek.realisasi / renstra_ek * 100   [rulesets/2024/renstra.yaml:42:13]"
    )
    assert "renstra_ek = 86" in res.stdout


def _next_year(tmp_path: Path) -> Path:
    """rulesets/2024 and shared with a 2025 ruleset extending 2024 beside them."""
    root = tmp_path / "rulesets"
    for folder in ("2024", "shared"):
        shutil.copytree(ROOT / "rulesets" / folder, root / folder)
    (root / "2025").mkdir()
    (root / "2025" / "ruleset.yaml").write_text(
        "id: contoh_2025\nyear: 2025\nextends: ../2024/ruleset.yaml\n", encoding="utf-8"
    )
    return root / "2025"


def test_a_ruleset_of_the_next_year_takes_that_year_s_targets(tmp_path: Path) -> None:
    rs = load(_next_year(tmp_path))
    formulas = {k: f.formula.text for k, f in rs.figures.items() if "renstra" in k and f.formula}
    assert formulas["renstra_iklka"] == "87.85"
    assert formulas["renstra_ek"] == "87.0"
    assert formulas["capaian_renstra_ek"] == "ek.realisasi / renstra_ek * 100"


def test_the_target_check_flags_p3dn_and_nka_in_evaluate(tmp_path: Path) -> None:
    """Instruksi Sekda 19/2024: target 2024 ≥ realisasi 2023. IKLKA, IKM and EK have targets equal
    to their 2023 realisasi (93.93, 97.52, 90.35: no warning); P3DN 80 < 97.11 (Tabel 54,
    003:2614) and NKA implementasi 71 < 96.93 (Tabel 58, 003:2738) are flagged."""
    res = run("evaluate", str(RULESET), str(DATA), "-o", str(tmp_path / "hasil.json"))
    assert res.exit_code == 0, res.stderr
    assert [line for line in res.stderr.splitlines() if "warning[N003]" in line] == [P3DN, NKA]


def test_the_target_check_in_validate() -> None:
    res = run("validate", "--ruleset", str(RULESET), str(DATA))
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines()[-2:] == [P3DN, NKA]


def test_the_target_check_in_indonesian() -> None:
    res = run("--lang", "id", "validate", "--ruleset", str(RULESET), str(DATA))
    assert (
        "jakarta_pusat p3dn_tkdn: peringatan[N003]: target 80,00 lebih rendah dari realisasi tahun "
        f"sebelumnya 97,11 ({HISTORY}:47:4); target sekurang-kurangnya sama dengan realisasi "
        "tahun sebelumnya (instruksi_sekda_19_2024: KESATU huruf b; 003:3339)"
    ) in res.stdout.splitlines()


def test_the_warnings_are_in_the_result() -> None:
    _, result, _ = evaluate(RULESET, [DATA], None, (), False)
    found = [(d.severity, d.unit, d.name, d.period) for d in result.diagnostics if d.code == "N003"]
    assert found == [
        ("warning", "jakarta_pusat", "p3dn_tkdn", "tahunan"),
        ("warning", "jakarta_pusat", "nka_implementasi", "tahunan"),
    ]


SMALL = """\
id: kecil
year: 2024
history: {file: riwayat.csv}
inputs:
  naik: {kind: number, source: "003:1"}
  turun: {kind: number, source: "003:1"}
indicators:
  naik:
    name: Naik
    realisasi: naik
    target: {tahunan: 80, source: "003:1"}
    source: "003:1"
  turun:
    name: Turun
    polarity: lower
    realisasi: turun
    target: {tahunan: 20, source: "003:1"}
    source: "003:1"
renstra:
  targets:
    naik: {2024: 80, source: "003:1"}
    turun: {2024: 20, source: "003:1"}
target_check:
  rule: at_least_previous_realisasi
  source: "003:3339"
  previous:
    naik: {source: "003:1"}
    turun: {source: "003:1"}
"""


def _small(
    tmp_path: Path,
    text: str = SMALL,
    values: tuple[float, float, float] = (90, 25, 85),
    history: str | None = None,
) -> tuple[Path, Path]:
    """The small ruleset, its 2024 data (naik, turun) and its history file: the 2023 realisasi
    of both indicators is the third value (or the history given)."""
    rules = tmp_path / "kecil.yaml"
    rules.write_text(text, encoding="utf-8")
    data = tmp_path / "data.csv"
    naik, turun, lalu = values
    data.write_text(
        f"unit,period,variable,item,value\nu,2024,naik,,{naik}\nu,2024,turun,,{turun}\n",
        encoding="utf-8",
    )
    if history is None:
        history = f"u,2023,naik.realisasi,{lalu}\nu,2023,turun.realisasi,{lalu}\n"
    (tmp_path / "riwayat.csv").write_text("unit,period,name,value\n" + history, encoding="utf-8")
    return rules, data


@pytest.mark.parametrize("values", [(90, 25, 85), (70, 15, 10), (80, 20, 20)])
def test_capaian_against_the_renstra_follows_the_capaian_rule(
    tmp_path: Path, values: tuple[float, float, float]
) -> None:
    """With the Renstra target equal to the PK target, the two capaian agree for both polarities
    (lower is better: (2 × target − realisasi) / target × 100)."""
    rules, data = _small(tmp_path, values=values)
    _, result, _ = evaluate(rules, [data], None, (), False)
    figures = {f.name: f.value.value for f in result.figures}
    capaian = {r.indicator: r.capaian.value for r in result.indicators}
    assert figures["capaian_renstra_naik"] == pytest.approx(capaian["naik"])
    assert figures["capaian_renstra_turun"] == pytest.approx(capaian["turun"])


def test_the_check_of_a_lower_is_better_indicator(tmp_path: Path) -> None:
    """naik: target 80 < previous 85 (flagged); turun: target 20 ≤ 85 is fine where lower is
    better; with the previous 10, turun's target 20 is above it (flagged) and naik's is not."""
    rules, data = _small(tmp_path)
    res = run("validate", "--ruleset", str(rules), str(data))
    assert [line.split(": ", 2)[0] for line in res.stdout.splitlines() if "N003" in line] == [
        "u naik"
    ]
    rules, data = _small(tmp_path, values=(90, 25, 10))
    res = run("validate", "--ruleset", str(rules), str(data))
    warned = [line for line in res.stdout.splitlines() if "N003" in line]
    assert warned == [
        "u turun: warning[N003]: target 20.00 is above the previous realisasi 10.00 "
        f"({tmp_path / 'riwayat.csv'}:3:4); where lower is better, a target is at most the "
        "previous realisasi (003:3339)"
    ]


def test_a_unit_without_a_previous_realisasi_is_named(tmp_path: Path) -> None:
    """The history gives naik's 2023 realisasi but not turun's: turun's target is not checked,
    and a note says so (in validate, in evaluate and in the result)."""
    rules, data = _small(tmp_path, history="u,2023,naik.realisasi,85\n")
    note = (
        "turun: info[N004]: target check: no previous realisasi of turun for 1 unit (u), so its "
        "target is not checked; no 2023 result of turun.realisasi for u"
    )
    res = run("validate", "--ruleset", str(rules), str(data))
    assert res.exit_code == 0, res.stderr
    assert [line for line in res.stdout.splitlines() if "N00" in line][-1:] == [note]
    res = run("evaluate", str(rules), str(data), "-o", str(tmp_path / "hasil.json"))
    assert res.exit_code == 0, res.stderr
    assert note in res.stderr.splitlines()
    _, result, _ = evaluate(rules, [data], None, (), False)
    found = [(d.severity, d.unit, d.name) for d in result.diagnostics if d.code == "N004"]
    assert found == [("info", None, "turun")]


def test_the_note_in_indonesian(tmp_path: Path) -> None:
    rules, data = _small(tmp_path, history="u,2023,naik.realisasi,85\n")
    res = run("--lang", "id", "validate", "--ruleset", str(rules), str(data))
    assert res.exit_code == 0, res.stderr
    assert (
        "turun: info[N004]: pemeriksaan target: tidak ada realisasi tahun sebelumnya untuk turun "
        "pada 1 unit (u), sehingga targetnya tidak diperiksa; tidak ada hasil 2023 untuk "
        "turun.realisasi unit u"
    ) in res.stdout.splitlines()


def test_without_the_history_file_no_target_is_checked_and_the_note_says_why(
    tmp_path: Path,
) -> None:
    rules, data = _small(tmp_path)
    (tmp_path / "riwayat.csv").unlink()
    res = run("validate", "--ruleset", str(rules), str(data))
    assert res.exit_code == 0, res.stderr
    notes = [line for line in res.stdout.splitlines() if "N00" in line]
    assert notes == [
        f"{name}: info[N004]: target check: no previous realisasi of {name} for 1 unit (u), so "
        f"its target is not checked; no 2023 result of {name}.realisasi for u (riwayat.csv not "
        "found)"
        for name in ("naik", "turun")
    ]


def test_the_note_counts_the_units_beyond_five(tmp_path: Path) -> None:
    units = [f"u{i}" for i in range(7)]
    rules, data = _small(tmp_path, history="u0,2023,turun.realisasi,85\n")
    data.write_text(
        "unit,period,variable,item,value\n" + "".join(f"{u},2024,naik,,90\n" for u in units),
        encoding="utf-8",
    )
    _, result, _ = evaluate(rules, [data], None, (), False)
    (note,) = [d.message for d in result.diagnostics if d.code == "N004" and d.name == "naik"]
    assert note.startswith(
        "target check: no previous realisasi of naik for 7 units (u0, u1, u2, u3, u4 and 2 more), "
        "so their targets are not checked; "
    )


def test_the_check_reads_the_previous_realisasi_of_the_history_only(tmp_path: Path) -> None:
    """`of:` (an input holding the previous realisasi) is no longer part of a target check."""
    rules, _ = _small(tmp_path, SMALL.replace('naik: {source: "003:1"}', "naik: {of: naik}"))
    with pytest.raises(PerkinErrors) as caught:
        load_ruleset(rules)
    (err,) = caught.value.errors
    assert err.location.line == 27 and "of" in err.message


@pytest.mark.parametrize(
    ("old", "new", "where", "message", "hint"),
    [
        ("    naik: {2024: 80,", "    naikk: {2024: 80,", "21:5", "unknown indicator 'naikk'",
         "did you mean 'naik'?"),
        ("    naik: {source:", "    nai: {source:", "27:5", "unknown indicator 'nai'",
         "did you mean 'naik'?"),
        ("    realisasi: naik\n", "    realisasi: naik\n    capaian: realisasi\n", "22:5",
         "indicator 'naik' has its own capaian formula", "default rule only"),
        ("renstra:\n", "figures:\n  renstra_naik: {formula: '1', source: '003:1'}\nrenstra:\n",
         "20:3", "figure 'renstra_naik' is the name of a Renstra figure",
         "renstra.targets.naik makes it"),
    ],
)  # fmt: skip
def test_what_the_renstra_and_the_check_may_not_name(
    tmp_path: Path, old: str, new: str, where: str, message: str, hint: str
) -> None:
    assert old in SMALL
    rules, _ = _small(tmp_path, SMALL.replace(old, new, 1))
    with pytest.raises(PerkinErrors) as caught:
        load_ruleset(rules)
    (err,) = caught.value.errors
    assert (err.code, f"{err.location.line}:{err.location.column}") == ("R060", where)
    assert err.message == message and hint in (err.hint or "")
