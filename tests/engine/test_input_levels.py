"""An input reported by units of several levels (`level: [belanja, rincian_belanja, program]`):
completeness and the template expect it there only, not at every unit of the hierarchy."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import main
from engine.api import load
from tests.conftest import ruleset_errors

ROOT = Path(__file__).resolve().parents[2]


def test_the_budget_inputs_are_reported_by_three_levels() -> None:
    spec = load(ROOT / "rulesets" / "2024").inputs["anggaran"]
    assert spec.levels == ("belanja", "rincian_belanja", "program") and spec.level is None
    assert spec.at("program") and not spec.at("kelurahan") and not spec.at(None)


def test_the_bundled_2024_example_misses_only_the_blank_december_cell() -> None:
    """Tabel 70 prints the December RA cell blank (003:2980); nothing else is missing. With the
    budget inputs expected at every one of the 74 units, 130 more were counted missing. (Earlier
    years are not inputs: the history file gives them, and validate counts them apart.)"""
    out = CliRunner().invoke(main, ["validate", "--ruleset", "rulesets/2024", "examples/2024"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[:2] == [
        "ok  265 of 268 values given, 1 missing, 2 reported N/A; 74 units and 5 peers fit"
        " jakpus_pk_2024",
        "  ra_kumulatif: 1 of 12 missing (jakarta_pusat B12)",
    ]


def test_an_unknown_level_in_the_list_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_text(
        "id: x\nyear: 2024\nlevels: {kota: null, program: kota}\ninputs:\n"
        "  anggaran: {kind: currency, level: [kota, progam], period: tahunan,"
        ' source: "003:2909"}\n',
        encoding="utf-8",
    )
    (err,) = ruleset_errors(path)
    assert err.code == "R031" and "unknown level 'progam'" in err.message
    assert err.hint is not None and "program" in err.hint


def test_a_list_of_one_level_is_refused_by_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_text(
        "id: x\nyear: 2024\nlevels: {kota: null, program: kota}\ninputs:\n"
        '  anggaran: {kind: currency, level: [program], period: tahunan, source: "003:2909"}\n',
        encoding="utf-8",
    )
    (err,) = ruleset_errors(path)
    assert err.location.line == 5
