"""The 2024 cascade (issue 16, item 5): the Renaksi's Penanggung Jawab per indicator
(003:1420-1456) as roles, the chain checked although the cascade is not required."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import main
from engine.ruleset.loader import load_ruleset
from tests.conftest import ruleset_errors

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"


def test_each_renaksi_row_gives_its_indicator_the_responsible_bagian() -> None:
    rs = load_ruleset(RULESETS / "2024")
    carriers = {ind.id: set(ind.roles) for ind in rs.indicators.values()}
    assert carriers["komunikasi_publik"] == {"bagian_umum_protokol", "bagian_plh"}  # 003:1430
    assert carriers["sklm"] == {"bagian_pemerintahan"}  # 003:1434
    assert carriers["p3dn_tkdn"] == {  # 003:1441
        "bagian_keuangan",
        "bagian_umum_protokol",
        "bagian_pemerintahan",
        "kecamatan",
        "kelurahan",
    }
    assert carriers["nka_implementasi"] == {"bagian_keuangan"}  # 003:1445
    assert carriers["pengaduan_masyarakat"] == {"bagian_kkpp"}  # 003:1455
    assert carriers["tl_bpk"] == {"bagian_keuangan"}  # 003:1456
    # the IKU have no Renaksi row: nobody below the Walikota carries them, and that is allowed
    assert carriers["iklka"] == carriers["ikm_kec_kel"] == carriers["ek"] == set()
    assert not rs.cascade_required and rs.cascade_top == "walikota"


def test_a_cascade_with_a_top_checks_its_chain_even_when_not_required(tmp_path: Path) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_text(
        """\
id: renaksi
year: 2024
cascade: {required: false, top: walikota}
roles:
  walikota: {title: Walikota, source: "003:3292"}
  kecamatan: {title: Kecamatan, parent: walikota, source: "003:1441"}
  kelurahan: {title: Kelurahan, parent: kecamatan, source: "003:1441"}
inputs:
  x: {kind: percent, period: tahunan, source: "003:1147"}
indicators:
  iku:
    name: IKU tanpa renaksi
    realisasi: x
    source: "003:1139"
  p3dn:
    name: P3DN
    realisasi: x
    roles: [kelurahan]
    source: "003:1147"
""",
        encoding="utf-8",
    )
    (err,) = ruleset_errors(path)  # iku, carried by nobody, is no error
    assert err.code == "R055"
    assert err.message == (
        "indicator 'p3dn' is cascaded to 'kelurahan', but not to its parent role 'kecamatan'"
    )


def test_show_cascade_2024_prints_the_bagian_per_indicator() -> None:
    args = ["show", str(RULESETS / "2024"), "--cascade", "--format", "md"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "## Tier 1: 6 roles" in lines and "## Tier 2: 1 role" in lines
    tier1 = lines[lines.index("## Tier 1: 6 roles") :]
    p3dn = next(line for line in tier1 if line.startswith("| 8 |"))
    cells = [c.strip() for c in p3dn.strip("|").split("|")]
    # Pemerintahan, KKPP, Keuangan, Umum dan Protokol, PLH, Kecamatan
    assert cells[2:] == ["✓", "", "✓", "✓", "", "✓"]
    iklka = next(line for line in tier1 if line.startswith("| 1 |"))
    assert [c.strip() for c in iklka.strip("|").split("|")][2:] == [""] * 6
