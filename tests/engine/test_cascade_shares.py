"""Split indicators (issue 16, item 3): the roles that carry an indicator together hold its parts
(the IKM by service among the Asisten, 001:86) as data, each part held by exactly one carrying
role (R081); `perkin show --cascade` prints who holds which part."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from engine.ruleset.loader import load_ruleset
from tests.conftest import ruleset_errors

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"

RULESET = """\
id: terbagi
year: 2023
cascade: {{required: true, top: walikota, source: "001:33-39"}}
roles:
  walikota: {{title: Walikota, source: "001:57"}}
  asisten_pem: {{title: Asisten Pemerintahan, parent: walikota, source: "001:74"}}
  asisten_kesra: {{title: Asisten Kesra, parent: walikota, source: "001:74"}}
  asisten_ekbang: {{title: Asisten Ekbang, parent: walikota, source: "001:74"}}
inputs:
  x: {{kind: number, period: tahunan, source: "001:86"}}
indicators:
  ikm:
    name: Indeks Kepuasan Masyarakat
    realisasi: x
    target: {{tahunan: 88.5, source: "001:86"}}
    roles: [asisten_pem, asisten_kesra]
    shares:
      of: layanan
      parts: {{ppsu: PPSU, rptra: RPTRA, tibum: Ketertiban Umum}}
      roles:
        asisten_pem: [{pem}]
        {other}: [{kesra}]
      min_respondents: 100
      source: "001:86"
    source: "001:86"
"""


def _write(tmp_path: Path, pem: str, kesra: str, other: str = "asisten_kesra") -> Path:
    path = tmp_path / "ruleset.yaml"
    path.write_text(RULESET.format(pem=pem, kesra=kesra, other=other), encoding="utf-8")
    return path


def test_shares_that_cover_the_indicator_once_load(tmp_path: Path) -> None:
    shares = load_ruleset(_write(tmp_path, "tibum", "ppsu, rptra")).shares["ikm"]
    assert shares.of == "layanan" and shares.min_respondents == 100
    assert shares.roles == (("asisten_pem", ("tibum",)), ("asisten_kesra", ("ppsu", "rptra")))
    assert shares.holder("rptra") == "asisten_kesra"
    assert shares.part_names("asisten_kesra") == ["PPSU", "RPTRA"]


def test_a_part_held_twice(tmp_path: Path) -> None:
    (err,) = ruleset_errors(_write(tmp_path, "tibum, rptra", "ppsu, rptra"))
    assert err.code == "R081"
    assert err.message == (
        "part 'rptra' (RPTRA) of indicator 'ikm' is held by several roles: "
        "asisten_pem, asisten_kesra"
    )
    assert (err.location.line, err.location.path) == (
        22,
        "indicators.ikm.shares.roles.asisten_kesra",
    )


def test_a_part_held_by_no_role(tmp_path: Path) -> None:
    (err,) = ruleset_errors(_write(tmp_path, "tibum", "ppsu"))
    assert err.code == "R081"
    assert err.message == "part 'rptra' (RPTRA) of indicator 'ikm' is held by no role"
    assert err.location.path == "indicators.ikm.shares"


def test_an_unknown_part_gets_did_you_mean(tmp_path: Path) -> None:
    errors = ruleset_errors(_write(tmp_path, "tibum", "ppsu, rptr"))
    unknown = next(e for e in errors if "no part" in e.message)
    assert unknown.message == "indicator 'ikm' has no part 'rptr' to share"
    assert unknown.hint == "did you mean 'rptra'?"
    assert {e.code for e in errors} == {"R081"}  # and rptra is then held by no role


def test_a_share_for_a_role_that_does_not_carry_the_indicator(tmp_path: Path) -> None:
    (err,) = ruleset_errors(_write(tmp_path, "tibum", "ppsu, rptra", other="asisten_ekbang"))
    assert err.code == "R081"
    assert (
        err.message
        == "role 'asisten_ekbang' holds a share of indicator 'ikm' but does not carry it"
    )
    assert err.location.line == 22


def test_the_2023_ikm_is_split_by_service_among_the_three_asisten() -> None:
    rs = load_ruleset(RULESETS / "2023")
    shares = rs.shares["ikm"]
    held = {role: set(parts) for role, parts in shares.roles}
    assert held == {  # 001:86, the Asisten columns
        "asisten_pem": {"ketertiban_umum", "pengelolaan_kelurahan"},
        "asisten_ekbang": {"ppsu"},
        "asisten_kesra": {"pkk", "jumantik", "posyandu", "rptra"},
    }
    assert len(shares.parts) == 7 and shares.min_respondents == 100


@pytest.mark.parametrize(
    ("lang", "heading", "row"),
    [
        (
            "en",
            ": split by layanan",
            "| PPSU | Asisten Perekonomian dan Pembangunan | 100 |",
        ),
        (
            "id",
            ": dibagi per layanan",
            "| PPSU | Asisten Perekonomian dan Pembangunan | 100 |",
        ),
    ],
)
def test_show_cascade_prints_who_holds_which_service(lang: str, heading: str, row: str) -> None:
    args = ["--lang", lang, "show", str(RULESETS / "2023"), "--cascade", "--format", "md"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    title = next(line for line in lines if line.endswith(heading))
    assert title.startswith("## 2.1 Indeks Kepuasan Masyarakat")
    assert row in lines[lines.index(title) :]
