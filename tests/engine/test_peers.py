"""Peers: units outside the scored hierarchy compared and ranked with the scored units of their
level (rulesets/2024/peers.yaml, Tabel 23, 29 and 40 of seed 003), and the errors of a peers
declaration or of peer data, each at its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cli
from engine.api import evaluate, load

ROOT = Path(__file__).resolve().parents[2]
RULESET, DATA = ROOT / "rulesets" / "2024", ROOT / "examples" / "2024"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def _ranks(result_rankings: object, ranking: str) -> list[tuple[str, int | None, str]]:
    return [
        (r.unit, r.rank, r.value.text())
        for r in result_rankings  # type: ignore[attr-defined]
        if r.ranking == ranking
    ]


def test_tabel_23_iklka_ranked_with_the_other_kota() -> None:
    """Tabel 23 (003:1739): Jakarta Pusat 97.77 (computed), the others as printed."""
    _, result, _ = evaluate(RULESET, [DATA], None, (), False)
    assert _ranks(result.rankings, "peringkat_iklka") == [
        ("jakarta_pusat", 1, "97.77"),
        ("jakarta_utara", 2, "96.95"),
        ("jakarta_timur", 3, "96.66"),
        ("jakarta_barat", 4, "95.99"),
        ("jakarta_selatan", 5, "95.61"),
        ("kepulauan_seribu", 6, "93.32"),
    ]


def test_tabel_40_ek_ranked_with_the_other_kota() -> None:
    """Tabel 40 (003:2131): Jakarta Pusat first (its EK computed 96.57, printed 96.55, D04),
    Jakarta Selatan last of the kota, Kepulauan Seribu last overall (003:2135)."""
    _, result, _ = evaluate(RULESET, [DATA], None, (), False)
    assert [(u, r) for u, r, _v in _ranks(result.rankings, "peringkat_ek")] == [
        ("jakarta_pusat", 1),
        ("jakarta_utara", 2),
        ("jakarta_barat", 3),
        ("jakarta_timur", 4),
        ("jakarta_selatan", 5),
        ("kepulauan_seribu", 6),
    ]


def test_peers_are_not_scored_units_of_the_result() -> None:
    _, result, _ = evaluate(RULESET, [DATA], None, (), False)
    peers = {"jakarta_barat", "jakarta_selatan", "jakarta_timur", "jakarta_utara"}
    peers.add("kepulauan_seribu")
    assert not peers & {u.id for u in result.units}
    assert not peers & {r.unit for r in (*result.indicators, *result.figures, *result.scores)}
    assert [u.id for u in result.units if u.level == "kota"] == ["jakarta_pusat"]


SMALL = """\
id: kecil
year: 2024
levels: {kota: null, kecamatan: kota}
inputs:
  nilai: {kind: number, level: kecamatan, source: "003:1"}
indicators:
  ikm:
    name: IKM kecamatan
    level: kecamatan
    realisasi: nilai
    rollup: mean
    target: {tahunan: 90, source: "003:1"}
    source: "003:1"
peers:
  level: kecamatan
  units: {kec_lain: Kecamatan Lain}
  compare:
    ikm: {source: "003:1"}
  source: "003:1"
"""
UNITS = "unit,name,level,parent\nk1,Kota,kota,\na,A,kecamatan,k1\nb,B,kecamatan,k1\n"
VALUES = "unit,period,variable,value\na,2024,nilai,80\nb,2024,nilai,90\nkec_lain,2024,nilai,100\n"


def _small(tmp_path: Path, rules: str = SMALL, units: str = UNITS, values: str = VALUES) -> Path:
    (tmp_path / "kecil.yaml").write_text(rules, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.csv").write_text(units, encoding="utf-8")
    (data / "nilai.csv").write_text(values, encoding="utf-8")
    return data


def test_a_peer_is_scored_by_the_formulas_and_never_rolled_up(tmp_path: Path) -> None:
    """The kota's IKM is the mean of its own kecamatan, (80 + 90) / 2 = 85, not of the peer's 100
    too (90); the peer, scored by the same formula, ranks first among the kecamatan."""
    data = _small(tmp_path)
    _, result, _ = evaluate(tmp_path / "kecil.yaml", [data], None, (), False)
    kota = [r for r in result.indicators if r.unit == "k1"]
    assert [r.realisasi.text() for r in kota] == ["85.00"]
    assert _ranks(result.rankings, "peringkat_ikm") == [
        ("kec_lain", 1, "100.00"),
        ("b", 2, "90.00"),
        ("a", 3, "80.00"),
    ]
    assert "kec_lain" not in {u.id for u in result.units}


def test_a_value_of_an_unknown_peer_unit_is_located(tmp_path: Path) -> None:
    data = _small(tmp_path, values=VALUES.replace("kec_lain", "kec_lian"))
    res = run("evaluate", str(tmp_path / "kecil.yaml"), str(data))
    assert res.exit_code != 0
    assert res.stderr.splitlines()[:2] == [
        f"{data / 'nilai.csv'}:4:4: error[D102]: unknown unit 'kec_lian'",
        "hint: did you mean 'kec_lain'?",
    ]


def test_a_units_file_may_not_put_a_peer_inside_the_hierarchy(tmp_path: Path) -> None:
    data = _small(tmp_path, units=UNITS + "kec_lain,Lain,kecamatan,k1\n")
    res = run("evaluate", str(tmp_path / "kecil.yaml"), str(data))
    assert res.exit_code != 0
    assert res.stderr.splitlines()[:2] == [
        f"{data / 'units.csv'}:5:1: error[D175]: peer unit 'kec_lain' has a parent 'k1'",
        "hint: a peer stands outside the scored hierarchy: leave its parent empty",
    ]


def test_a_units_file_may_list_a_peer_as_the_ruleset_places_it(tmp_path: Path) -> None:
    data = _small(tmp_path, units=UNITS + "kec_lain,Lain,kecamatan,\n")
    _, result, _ = evaluate(tmp_path / "kecil.yaml", [data], None, (), False)
    assert _ranks(result.rankings, "peringkat_ikm")[0] == ("kec_lain", 1, "100.00")


@pytest.mark.parametrize(
    ("old", "new", "where", "message", "hint"),
    [
        ("  level: kecamatan\n  units", "  level: kecamatn\n  units", "15:10",
         "unknown level 'kecamatn'", "did you mean 'kecamatan'?"),
        ("    ikm: {source", "    ikmm: {source", "18:5",
         "unknown indicator or figure 'ikmm'", "did you mean 'ikm'?"),
        ("    ikm: {source", "    ikm: {carried: {of: nilaii}, source", "18:25",
         "unknown input 'nilaii'", "did you mean 'nilai'?"),
        ("    ikm: {source", "    ikm: {carried: {of: nilai, item: x}, source", "18:25",
         "'nilai' is a single value, but an item 'x' was given", "drop 'item'"),
    ],
)  # fmt: skip
def test_errors_of_a_peers_declaration(
    tmp_path: Path, old: str, new: str, where: str, message: str, hint: str
) -> None:
    assert old in SMALL
    _small(tmp_path, rules=SMALL.replace(old, new))
    res = run("validate", str(tmp_path / "kecil.yaml"))
    assert res.exit_code != 0
    path = tmp_path / "kecil.yaml"
    lines = res.stderr.splitlines()
    assert lines[0] == f"{path}:{where}: error[R090]: {message}"
    assert f"hint: {hint}" in lines[1:5]
    assert lines[-1] == "1 error"  # the comparison figures do not repeat it


def test_a_name_the_peer_comparison_takes_is_refused(tmp_path: Path) -> None:
    rules = SMALL + "figures:\n  banding_ikm: {formula: '1', source: \"003:1\"}\n"
    _small(tmp_path, rules=rules)
    res = run("validate", str(tmp_path / "kecil.yaml"))
    lines = res.stderr.splitlines()
    assert lines[0] == (
        f"{tmp_path / 'kecil.yaml'}:21:3: error[R090]: 'banding_ikm' is the name of a peer "
        "comparison"
    )
    assert "hint: rename it: peers.compare.ikm makes it" in lines


def test_the_2024_peers_as_declared() -> None:
    peers = load(RULESET).comparisons.peers
    assert peers is not None
    assert peers.level == "kota"
    assert [u for u, _name in peers.units] == [
        "jakarta_barat", "jakarta_selatan", "jakarta_timur", "jakarta_utara", "kepulauan_seribu",
    ]  # fmt: skip
    assert [c.name for c in peers.compared] == ["iklka", "ikm_kec_kel", "ek"]


def test_lower_is_better_ranks_the_lowest_first(tmp_path: Path) -> None:
    data = _small(
        tmp_path,
        rules=SMALL.replace(
            "    realisasi: nilai\n", "    realisasi: nilai\n    polarity: lower\n"
        ),
    )
    _, result, _ = evaluate(tmp_path / "kecil.yaml", [data], None, (), False)
    assert [(u, r) for u, r, _v in _ranks(result.rankings, "peringkat_ikm")] == [
        ("a", 1),
        ("b", 2),
        ("kec_lain", 3),
    ]


def test_a_peers_error_in_indonesian(tmp_path: Path) -> None:
    _small(tmp_path, rules=SMALL.replace("    ikm: {source", "    ikmm: {source"))
    res = run("--lang", "id", "validate", str(tmp_path / "kecil.yaml"))
    lines = res.stderr.splitlines()
    assert lines[0] == (
        f"{tmp_path / 'kecil.yaml'}:18:5: galat[R090]: indikator atau figur 'ikmm' tidak dikenal"
    )
    assert "saran: mungkin maksud Anda 'ikm'?" in lines
