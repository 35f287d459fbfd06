"""The cascade as a checked chain (issue 16, item 3): a role carries or derives (`diturunkan`)
an indicator only when its parent role does too; `perkin show --cascade` prints it per tier."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import main
from engine.ruleset.loader import load_ruleset
from tests.conftest import ruleset_errors

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"

RULESET = """\
id: berjenjang
year: 2023
cascade: {{required: true, top: walikota, source: "001:33-39"}}
roles:
  walikota: {{title: Walikota, source: "001:57"}}
  asisten: {{title: Asisten Pemerintahan, parent: walikota, source: "001:74"}}
  kabag: {{title: Kepala Bagian Pemerintahan, parent: asisten, source: "001:129"}}
  kasubbag: {{title: Kasubbag Tata Usaha, parent: kabag, source: "001:223"}}
inputs:
  aduan: {{kind: percent, period: tahunan, source: "001:111"}}
indicators:
  pengaduan:
    name: Persentase penyelesaian pengaduan
    realisasi: aduan
    target: {{tahunan: 100, source: "001:111"}}
    {cascade}
    source: "001:111"
"""


def _write(tmp_path: Path, cascade: str) -> Path:
    path = tmp_path / "ruleset.yaml"
    path.write_text(RULESET.format(cascade=cascade), encoding="utf-8")
    return path


_errors = ruleset_errors


def test_an_unbroken_chain_loads(tmp_path: Path) -> None:
    rs = load_ruleset(_write(tmp_path, "roles: [asisten, kabag, kasubbag]"))
    assert rs.indicators["pengaduan"].roles == ("asisten", "kabag", "kasubbag")


def test_a_role_whose_parent_does_not_carry_breaks_the_chain(tmp_path: Path) -> None:
    (err,) = _errors(_write(tmp_path, "roles: [asisten, kasubbag]"))
    assert err.code == "R055"
    assert "'kasubbag', but not to its parent role 'kabag'" in err.message
    assert err.location.line == 16 and err.location.path == "indicators.pengaduan.roles"
    assert err.hint is not None and "diturunkan:" in err.hint


def test_a_parent_that_derives_the_indicator_keeps_the_chain(tmp_path: Path) -> None:
    rs = load_ruleset(_write(tmp_path, "roles: [asisten, kasubbag]\n    diturunkan: [kabag]"))
    assert rs.indicators["pengaduan"].diturunkan == ("kabag",)


def test_a_derived_role_needs_its_parent_too(tmp_path: Path) -> None:
    (err,) = _errors(_write(tmp_path, "roles: [asisten]\n    diturunkan: [kasubbag]"))
    assert err.code == "R055" and "its parent role 'kabag'" in err.message


def test_a_role_cannot_both_carry_and_derive(tmp_path: Path) -> None:
    (err,) = _errors(_write(tmp_path, "roles: [asisten, kabag]\n    diturunkan: [kabag]"))
    assert err.code == "R055" and "both carries indicator 'pengaduan' and derives it" in err.message


def test_an_unknown_derived_role_gets_did_you_mean(tmp_path: Path) -> None:
    (err,) = _errors(_write(tmp_path, "roles: [asisten]\n    diturunkan: [kabbag]"))
    assert err.code == "R040" and "'kabbag'" in err.message
    assert err.hint is not None and "kabag" in err.hint


def test_the_2023_cascade_needs_its_diturunkan_marks(tmp_path: Path) -> None:
    """Without the Kabag's D marks of 001:136, IKM reaches the Ketua Subkelompok Pelayanan
    Publik (001:204) through a Kabag that holds nothing: the chain is broken."""
    folder = tmp_path / "2023"
    shutil.copytree(RULESETS / "2023", folder)
    shutil.copytree(RULESETS / "shared", tmp_path / "shared")
    load_ruleset(folder / "ruleset.yaml")  # as bundled: the chain holds
    text = (folder / "ruleset.yaml").read_text(encoding="utf-8")
    assert text.count("    diturunkan: [kabag_pem,") == 4
    broken = text.replace("    diturunkan: [kabag_pem,", "    # diturunkan: [kabag_pem,", 3)
    (folder / "ruleset.yaml").write_text(broken, encoding="utf-8")
    (err,) = _errors(folder / "ruleset.yaml")
    assert err.code == "R055"
    assert "'ikm' is cascaded to 'ketua_subkel_pelayanan_publik'" in err.message


def test_show_cascade_prints_each_tier_with_its_marks() -> None:
    out = CliRunner().invoke(main, ["show", str(RULESETS / "2023"), "--cascade"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "## Tier 1: 3 roles" in lines and "## Tier 3: 8 roles" in lines
    tier2 = lines[lines.index("## Tier 2: 8 roles") :]
    ikm = next(line for line in tier2 if line.startswith("| 2.1 |"))
    assert ikm.count("| D ") == 8  # every Kepala Bagian derives it (001:136)
    opini = next(line for line in tier2 if line.startswith("| 3.1 |"))
    cells = [c.strip() for c in opini.strip("|").split("|")]
    assert cells[2:] == ["", "", "", "", "", "", "✓", ""]  # Kabag PPK only (001:144)
    tier3 = lines[lines.index("## Tier 3: 8 roles") :]
    assert "| 3.1 | Opini laporan Keuangan | Kasubbag Tata Usaha Keuangan |" in tier3


def test_show_cascade_in_indonesian_and_without_roles() -> None:
    out = CliRunner().invoke(main, ["--lang", "id", "show", str(RULESETS / "2023"), "--cascade"])
    assert out.exit_code == 0 and "## Jenjang 2: 8 peran" in out.output, out.output
    assert "diturunkan" in out.output
    out = CliRunner().invoke(main, ["--lang", "id", "show", str(RULESETS / "2020"), "--cascade"])
    assert out.exit_code == 0 and "tidak menyatakan peran" in out.output, out.output
