"""A peer that is really a scored unit is a located error, never a silent change of that unit
into a peer: one the ruleset scores (required_units, R095), one declared twice (R001), one the
data's hierarchy hangs units under (D191); and `validate` counts peers apart from the units."""

from __future__ import annotations

from pathlib import Path

from tests.engine.test_peers import SMALL, UNITS, VALUES, _small, run

PEERS = "  level: kecamatan\n  units: {kec_lain: Kecamatan Lain}\n"


def test_a_peer_the_ruleset_scores_is_refused_at_the_peer(tmp_path: Path) -> None:
    rules = SMALL + 'required_units:\n  kecamatan: {units: [a, b, kec_lain], source: "003:1"}\n'
    _small(tmp_path, rules=rules)
    res = run("validate", str(tmp_path / "kecil.yaml"))
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[0] == (
        f"{tmp_path / 'kecil.yaml'}:16:11: error[R095]: peer unit 'kec_lain' is a scored unit"
        " of the ruleset"
    )
    assert (
        "hint: required_units.kecamatan lists it; a peer stands outside the scored hierarchy:"
        " remove it from peers.units or from required_units"
    ) in lines
    assert lines[-1] == "1 error"


def test_a_required_unit_that_is_not_a_peer_is_fine(tmp_path: Path) -> None:
    rules = SMALL + 'required_units:\n  kecamatan: {units: [a, b], source: "003:1"}\n'
    _small(tmp_path, rules=rules)
    res = run("validate", str(tmp_path / "kecil.yaml"))
    assert res.exit_code == 0, res.output


def test_a_peer_declared_twice_is_refused(tmp_path: Path) -> None:
    twice = "  level: kecamatan\n  units: {kec_lain: Kecamatan Lain, kec_lain: Lagi}\n"
    _small(tmp_path, rules=SMALL.replace(PEERS, twice))
    res = run("validate", str(tmp_path / "kecil.yaml"))
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == (
        f"{tmp_path / 'kecil.yaml'}:16:37: error[R001]: duplicate key 'kec_lain' (first at line 16)"
    )


def test_a_peer_that_is_a_parent_in_the_data_is_refused_at_its_child(tmp_path: Path) -> None:
    """k1 is the kota the data's kecamatan a and b roll up into: declared a peer, it would have
    dropped out of the scored units with the roll-up of a and b."""
    rules = SMALL.replace(PEERS, "  level: kota\n  units: {k1: Kota Satu}\n")
    data = _small(tmp_path, rules=rules, values=VALUES.replace("kec_lain,2024,nilai,100\n", ""))
    res = run("validate", "--ruleset", str(tmp_path / "kecil.yaml"), str(data))
    assert res.exit_code == 1
    assert res.stderr.splitlines()[:2] == [
        f"{data / 'units.csv'}:3:1: error[D191]: peer unit 'k1' is the parent of 'a' in the"
        " data's hierarchy",
        "hint: a peer stands outside the scored hierarchy: if 'k1' is a unit the data scores,"
        " remove it from the ruleset's peers.units",
    ]
    assert res.stderr.splitlines()[-1] == "1 error", "one error per peer, at its first child"


def test_validate_counts_the_peers_apart_from_the_units(tmp_path: Path) -> None:
    """units.csv holds k1, a and b; the ruleset adds the peer kec_lain."""
    data = _small(tmp_path)
    res = run("validate", "--ruleset", str(tmp_path / "kecil.yaml"), str(data))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].endswith("; 3 units and 1 peer fit kecil")
    res = run("--lang", "id", "validate", "--ruleset", str(tmp_path / "kecil.yaml"), str(data))
    assert res.stdout.splitlines()[0].endswith("; 3 unit dan 1 unit pembanding sesuai dengan kecil")
    assert UNITS.count("\n") == 4  # the header and the three units counted above


def test_validate_without_peers_counts_only_units(tmp_path: Path) -> None:
    values = VALUES.replace("kec_lain,2024,nilai,100\n", "")
    data = _small(tmp_path, rules=SMALL[: SMALL.index("peers:")], values=values)
    res = run("validate", "--ruleset", str(tmp_path / "kecil.yaml"), str(data))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].endswith("; 3 units fit kecil")
