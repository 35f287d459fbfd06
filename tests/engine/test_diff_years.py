"""`perkin diff` across years: the data's year is read as each ruleset's year, and said so.

The expected figures are computed by hand from the printed inputs (seed 003): P3DN realisasi
92.44 (003:2607) against targets 80 and 110; penyerapan anggaran 746,367,815,588 /
779,977,900,621 (Tabel 67, 003:2909-2910) = 95.69% at weights 9.7% and 12%.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import cli
from dsl.errors import PerkinErrors
from engine.api import load
from engine.data.read import read_data
from engine.data.years import data_years, dataset_in_year
from engine.history.past import load_history
from engine.periods import Period
from engine.scoring.diff import diff_rulesets

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
FIXTURES = HERE / "render_fixtures"

RIWAYAT = str(Path("examples/2024/riwayat/riwayat_2018_2023.csv"))
MOVED_2025 = [
    f"note: the old ruleset jakpus_pk_2024 reads 2023 as the previous year from {RIWAYAT}",
    "note: data 2024 scored as 2025 under the new ruleset contoh_pk_2025",
    f"note: the new ruleset contoh_pk_2025 reads 2024 as the previous year from {RIWAYAT}",
    "jakarta_pusat: p3dn_tkdn TW4 target 80.00 → 110.00",
    "jakarta_pusat: p3dn_tkdn tahunan target 80.00 → 110.00",
    "jakarta_pusat: p3dn_tkdn tahunan capaian 115.55 → 84.04",
    "jakarta_pusat: p3dn_tkdn tahunan predikat Sangat Tinggi → Tinggi",
    "jakarta_pusat: penyerapan_tertimbang tahunan figure 9.28 → 11.48",
    # the 2023 capaian read with PREV from the history file (Tabel 21, 27, 38, 49-64, 2023 rows):
    # 2023 under the 2024 ruleset, 2024 (not in the file) under the 2025 one; NKA 96.93 / 71,
    # P3DN 97.11 / 80, IKLKA 93.93 / 86.75, IKM 97.52 / 88.5, EK 90.35 / 85
    "jakarta_pusat: capaian_komunikasi_publik_2023 tahunan figure 100.00 → N/A",
    "jakarta_pusat: capaian_tl_arahan_gubernur_2023 tahunan figure 100.00 → N/A",
    "jakarta_pusat: capaian_pengaduan_masyarakat_2023 tahunan figure 100.00 → N/A",
    "jakarta_pusat: capaian_tl_bpk_2023 tahunan figure 100.00 → N/A",
    "jakarta_pusat: capaian_kompetensi_40jp_2023 tahunan figure 100.00 → N/A",
    "jakarta_pusat: capaian_manajemen_pengetahuan_2023 tahunan figure 100.00 → N/A",
    "jakarta_pusat: capaian_manajemen_risiko_2023 tahunan figure 100.00 → N/A",
    "jakarta_pusat: capaian_nka_implementasi_2023 tahunan figure 136.52 → N/A",
    "jakarta_pusat: capaian_p3dn_tkdn_2023 tahunan figure 121.39 → N/A",
    "jakarta_pusat: capaian_iklka_2023 tahunan figure 108.28 → N/A",
    "jakarta_pusat: capaian_ikm_kec_kel_2023 tahunan figure 110.19 → N/A",
    "jakarta_pusat: capaian_ek_2023 tahunan figure 106.29 → N/A",
    # the Renstra target of the ruleset's year (Tabel 11, 003:1114-1116) and the capaian against
    # it: IKLKA 97.7733 / 87.85, IKM 98.9806 / 88.7, EK 96.5660 / 87 (× 100)
    "jakarta_pusat: renstra_iklka tahunan figure 87.30 → 87.85",
    "jakarta_pusat: capaian_renstra_iklka tahunan figure 112.00 → 111.30",
    "jakarta_pusat: renstra_ikm_kec_kel tahunan figure 88.60 → 88.70",
    "jakarta_pusat: capaian_renstra_ikm_kec_kel tahunan figure 111.72 → 111.59",
    "jakarta_pusat: renstra_ek tahunan figure 86.00 → 87.00",
    "jakarta_pusat: capaian_renstra_ek tahunan figure 112.29 → 111.00",
    "jakarta_pusat: sasaran_07 tahunan score 115.55 → 84.04",
    "jakarta_pusat: sasaran_07 tahunan predikat Sangat Tinggi → Tinggi",
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """rulesets/2024 and rulesets/shared with the illustrative 2025 ruleset beside them."""
    root = tmp_path_factory.mktemp("years") / "rulesets"
    for folder in ("2024", "shared"):
        shutil.copytree(ROOT / "rulesets" / folder, root / folder)
    shutil.copytree(HERE / "diff_years" / "2025", root / "2025")
    return root


def _diff(*args: str) -> tuple[int, list[str], str]:
    res = CliRunner().invoke(cli.main, ["diff", *args])
    return res.exit_code, res.stdout.splitlines(), res.stderr


def test_2024_data_under_a_2025_ruleset(tree: Path) -> None:
    code, lines, stderr = _diff(str(tree / "2024"), str(tree / "2025"), "--data", "examples/2024")
    assert code == 0, stderr
    assert "~ indicator p3dn_tkdn: target tahunan 80 → 110" in lines
    start = lines.index(MOVED_2025[0])
    assert lines[start:] == MOVED_2025


def test_the_note_in_indonesian(tree: Path) -> None:
    args = ["--lang", "id", "diff", str(tree / "2024"), str(tree / "2025")]
    res = CliRunner().invoke(cli.main, [*args, "--data", "examples/2024"])
    assert res.exit_code == 0, res.stderr
    assert "catatan: data 2024 dinilai sebagai 2025 dalam ruleset baru contoh_pk_2025" in (
        res.stdout.splitlines()
    )
    assert "jakarta_pusat: p3dn_tkdn tahunan capaian 115,55 → 84,04" in res.stdout


def test_one_period_is_read_in_each_year(tree: Path) -> None:
    """--period 2024-TW4 is TW4 of 2025 under the 2025 ruleset."""
    args = [str(tree / "2024"), str(tree / "2025"), "--data", "examples/2024"]
    code, lines, stderr = _diff(*args, "--period", "2024-TW4")
    assert code == 0, stderr
    assert "jakarta_pusat: p3dn_tkdn TW4 target 80.00 → 110.00" in lines
    assert not any(" tahunan " in line for line in lines if line.startswith("jakarta_pusat:"))


def _in_2025(tmp_path: Path, name: str) -> Path:
    """A render fixture ruleset moved to 2025."""
    text = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    text["year"] = 2025
    path = tmp_path / name
    path.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    return path


def test_ranks_move_across_years(tmp_path: Path) -> None:
    """The same units move under a 2025 copy of the new ruleset as under the 2024 one."""
    old, data = load(FIXTURES / "ruleset_old.yaml"), read_data([FIXTURES / "data.yaml"])
    same_year = diff_rulesets(old, load(FIXTURES / "ruleset_new.yaml"), data)
    next_year = diff_rulesets(old, load(_in_2025(tmp_path, "ruleset_new.yaml")), data)
    assert next_year.error is None
    note = "note: data 2024 scored as 2025 under the new ruleset render_fixture"
    assert "~ ruleset: year 2024 → 2025" in next_year.lines
    assert note not in same_year.lines
    moved = [line for line in same_year.lines if line.startswith("kec_")]
    assert "kec_selatan: peringkat rank 1 → 2" in moved
    assert "kec_utara: peringkat award Peringkat II → Peringkat I" in moved
    start = next_year.lines.index(note) + 1
    assert next_year.lines[start:] == moved


def test_both_rulesets_of_another_year(tmp_path: Path) -> None:
    """Each ruleset gets its own note; nothing moves when the rulesets differ only in year."""
    data = read_data([FIXTURES / "data.yaml"])
    a = load(_in_2025(tmp_path, "ruleset_old.yaml"))
    lines, error = diff_rulesets(a, a, dataset_in_year(data, 2024, 2023))
    assert error is None
    assert lines == [
        "note: data 2023 scored as 2025 under the old ruleset render_fixture",
        "note: data 2023 scored as 2025 under the new ruleset render_fixture",
    ]


def test_data_of_several_years_is_not_mapped(tmp_path: Path) -> None:
    """No single year to read as the ruleset's: said, and the command fails."""
    data = tmp_path / "data.yaml"
    text = (FIXTURES / "data.yaml").read_text(encoding="utf-8")
    data.write_text(text.replace("period: 2024-TW4", "period: 2023-TW4"), encoding="utf-8")
    args = [
        str(_in_2025(tmp_path, "ruleset_old.yaml")),
        str(_in_2025(tmp_path, "ruleset_new.yaml")),
    ]
    code, lines, stderr = _diff(*args, "--data", str(data))
    assert code == 1
    assert lines[-2:] == [
        "note: the data names the years 2023, 2024, none of them the old ruleset "
        "render_fixture's year 2025: read as it is",
        "! cannot score the data with the old ruleset render_fixture",
    ]
    assert "error[D105]" in stderr


def test_years_of_a_dataset_and_the_same_data_in_another_year() -> None:
    data = read_data([ROOT / "examples" / "2024"])
    assert data_years(data) == {2024}
    moved = dataset_in_year(data, 2024, 2025)
    assert data_years(moved) == {2025}
    assert moved.value_count == data.value_count
    before = [r for r in data.every_record() if r.period == Period(2024, "triwulan", 2)]
    after = [r for r in moved.every_record() if r.period == Period(2025, "triwulan", 2)]
    assert [(r.unit, r.variable, r.raw) for r in after] == [
        (r.unit, r.variable, r.raw) for r in before
    ]
    assert before, "examples/2024 has values for 2024-TW2"


def test_an_added_indicator_lists_its_values(tree: Path) -> None:
    """An indicator only the new ruleset has is listed with its values, never left out: EK
    96.5660 (as above) against a target of 90 gives a capaian of 107.2956."""
    added = tree / "2025_added"
    added.mkdir()
    (added / "ruleset.yaml").write_text(
        "perkin: 1\nid: contoh_tambah\ntitle: Contoh\nyear: 2025\n"
        "extends: ../2024/ruleset.yaml\nindicators:\n  ek_baru:\n    name: EK baru\n"
        "    level: kota\n    realisasi: ek.realisasi\n"
        "    target: {tahunan: 90, assumption: test}\n    assumption: test\n",
        encoding="utf-8",
    )
    code, lines, stderr = _diff(str(tree / "2024"), str(added), "--data", "examples/2024")
    assert code == 0, stderr
    assert "+ indicator ek_baru added: EK baru" in lines
    new = [line for line in lines if line.startswith("jakarta_pusat: ek_baru")]
    assert new == [
        "jakarta_pusat: ek_baru tahunan target (not in the old ruleset) → 90.00",
        "jakarta_pusat: ek_baru tahunan realisasi (not in the old ruleset) → 96.57",
        "jakarta_pusat: ek_baru tahunan capaian (not in the old ruleset) → 107.30",
    ]  # no predikat: the indicator has no bands, and an empty value is not listed
    code, lines, stderr = _diff(str(added), str(tree / "2024"), "--data", "examples/2024")
    assert "jakarta_pusat: ek_baru tahunan capaian 107.30 → (not in the new ruleset)" in lines


def _without_rb(tree: Path) -> Path:
    """A 2025 ruleset extending 2024 without the Indeks Reformasi Birokrasi figures, which the
    2024 history file names (rb_target, rb_realisasi: Tabel 21, 2021-2022)."""
    folder = tree / "2025_tanpa_rb"
    folder.mkdir(exist_ok=True)
    (folder / "ruleset.yaml").write_text(
        "id: tanpa_rb_2025\nyear: 2025\nextends: ../2024/ruleset.yaml\nremove:\n"
        "  figures: [rb_target, rb_realisasi, capaian_rb_2021, capaian_rb_2022]\n",
        encoding="utf-8",
    )
    return folder


def test_a_history_name_the_new_ruleset_dropped_is_a_warning_in_diff(tree: Path) -> None:
    """The history file belongs to the old ruleset: a name the new one does not know is one
    located warning per name (N005), its rows skipped, and the diff goes on."""
    new = _without_rb(tree)
    res = CliRunner().invoke(
        cli.main, ["diff", str(tree / "2024"), str(new), "--data", "examples/2024"]
    )
    assert res.exit_code == 0, res.stderr
    warnings = [line for line in res.stderr.splitlines() if "warning[N005]" in line]
    assert warnings == [
        f"{RIWAYAT}:68:3: warning[N005]: 'rb_target' in the history file is not a name of the "
        "new ruleset tanpa_rb_2025",
        f"{RIWAYAT}:69:3: warning[N005]: 'rb_realisasi' in the history file is not a name of the "
        "new ruleset tanpa_rb_2025",
    ]
    assert "- figure rb_target removed" in res.stdout.splitlines()
    # the rest of the history is read: PREV reads 2023 under the old ruleset, 2024 under the new
    assert (
        "jakarta_pusat: capaian_iklka_2023 tahunan figure 108.28 → N/A" in res.stdout.splitlines()
    )


def test_the_history_name_warning_in_indonesian(tree: Path) -> None:
    args = ["--lang", "id", "diff", str(tree / "2024"), str(_without_rb(tree))]
    res = CliRunner().invoke(cli.main, [*args, "--data", "examples/2024"])
    assert res.exit_code == 0, res.stderr
    assert (
        f"{RIWAYAT}:68:3: peringatan[N005]: 'rb_target' dalam berkas riwayat bukan nama dalam "
        "ruleset baru tanpa_rb_2025"
    ) in res.stderr.splitlines()
    assert "saran: barisnya dilewati: berkas riwayat ini milik ruleset lama" in res.stderr


def test_a_history_name_the_old_ruleset_lacks_still_stops_diff_and_evaluate(tree: Path) -> None:
    new = _without_rb(tree)
    res = CliRunner().invoke(
        cli.main, ["diff", str(new), str(tree / "2024"), "--data", "examples/2024"]
    )
    assert res.exit_code == 1
    assert f"{RIWAYAT}:68:3: error[D181]: unknown name 'rb_target' in a history file" in res.stderr
    # evaluate and validate read the history as the ruleset's own: the name is an error there
    with pytest.raises(PerkinErrors) as caught:
        load_history(load(new), (), [ROOT / "examples" / "2024"])
    assert [(e.code, e.message) for e in caught.value.errors] == [
        ("D181", "unknown name 'rb_target' in a history file"),
        ("D181", "unknown name 'rb_realisasi' in a history file"),
        ("D181", "unknown name 'rb_target' in a history file"),
        ("D181", "unknown name 'rb_realisasi' in a history file"),
    ]
